package imagecache.frontend.api;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageContent;
import imagecache.frontend.service.ImageService;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /images/{key}} (or {@code /images?key=}): the stored bytes with their sniffed type and a strong ETag (the
 * content hash), so that a browser revalidates with {@code If-None-Match} and gets a 304.
 */
@WebServlet({"/images", "/images/*"})
public class RawImageServlet extends HttpServlet {

    @Inject
    ImageService images;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // /images/{key}, or /images?key=... (a convenience for scripts and forms)
        String path = request.getPathInfo();
        String typed = request.getAttribute(DotKeyFilter.KEY_ATTRIBUTE) instanceof String dots
                ? dots
                : path == null || path.equals("/") ? queryKey(request.getQueryString()) : path.substring(1);
        String ifNoneMatch = request.getHeader("If-None-Match");
        ImageContent image;
        try {
            // the memcache compares the browser's tag itself, so a revalidated hit moves no image bytes
            image = images.find(ImageKey.of(typed), singleTag(ifNoneMatch));
        } catch (ImageCacheException e) {
            Answers.sendError(response, e.reason().status(), e.getMessage());
            return;
        }
        try (image) {
            String etag = "\"" + image.sha256() + "\"";
            response.setHeader("ETag", etag);
            response.setHeader("Cache-Control", "no-cache");
            response.setHeader("X-Cache", image.fromCache() ? "HIT" : "MISS");
            if (image.isUnchanged() || matches(ifNoneMatch, etag)) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
            response.setContentType(image.contentType());
            response.setContentLengthLong(image.length());
            image.writeTo(response.getOutputStream());
        }
    }

    /** The {@code key} query parameter, decoded as UTF-8 whatever the container's default. */
    private static String queryKey(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            if (pair.startsWith("key=")) {
                return URLDecoder.decode(pair.substring(4), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    /** The hash named by an {@code If-None-Match} of one strong tag, else null. */
    private static String singleTag(String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return null;
        }
        String tag = ifNoneMatch.strip();
        return tag.length() > 2 && tag.startsWith("\"") && tag.endsWith("\"") && tag.indexOf('"', 1) == tag.length() - 1
                ? tag.substring(1, tag.length() - 1)
                : null;
    }

    private static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }
}
