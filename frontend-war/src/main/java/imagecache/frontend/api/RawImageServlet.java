package imagecache.frontend.api;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageContent;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.ImageThumbnails;
import imagecache.frontend.service.ThumbnailContent;
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
 * content hash), so that a browser revalidates with {@code If-None-Match} and gets a 304. With {@code size=thumb}: the
 * image's thumbnail (a placeholder when none can be made), with a tag of its own; a request that names the image's
 * hash ({@code v=}, as the pages do) may be kept by the browser for good, since that URL never shows anything else.
 */
@WebServlet({"/images", "/images/*"})
public class RawImageServlet extends HttpServlet {

    /** A neutral picture for an image whose thumbnail cannot be made. */
    private static final byte[] PLACEHOLDER = ("<svg xmlns='http://www.w3.org/2000/svg' width='256' height='256'"
                    + " viewBox='0 0 256 256'><rect width='256' height='256' fill='#e5e7eb'/>"
                    + "<path d='M64 184l44-56 32 40 24-28 28 44z' fill='#9ca3af'/>"
                    + "<circle cx='168' cy='92' r='16' fill='#9ca3af'/></svg>")
            .getBytes(StandardCharsets.US_ASCII);

    private static final String KEEP_FOR_GOOD = "public, max-age=31536000, immutable";

    @Inject
    ImageService images;

    @Inject
    ImageThumbnails thumbnails;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // /images/{key}, or /images?key=... (a convenience for scripts and forms)
        String path = request.getPathInfo();
        String typed = request.getAttribute(DotKeyFilter.KEY_ATTRIBUTE) instanceof String dots
                ? dots
                : path == null || path.equals("/") ? queryKey(request.getQueryString()) : path.substring(1);
        String ifNoneMatch = request.getHeader("If-None-Match");
        String size = request.getParameter("size");
        if (size != null) {
            if (!size.equals("thumb")) {
                Answers.sendError(response, 400, "Unknown size '" + size + "': the one size there is is 'thumb'");
                return;
            }
            sendThumbnail(typed, request.getParameter("v"), ifNoneMatch, response);
            return;
        }
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

    private void sendThumbnail(String typed, String version, String ifNoneMatch, HttpServletResponse response)
            throws IOException {
        ThumbnailContent thumbnail;
        try {
            thumbnail = thumbnails.find(ImageKey.of(typed));
        } catch (ImageCacheException e) {
            Answers.sendError(response, e.reason().status(), e.getMessage());
            return;
        }
        boolean made = thumbnail.bytes().isPresent();
        String etag = "\"" + thumbnail.imageSha256() + (made ? "-thumb" : "-placeholder") + "\"";
        response.setHeader("ETag", etag);
        // a placeholder may give way to a thumbnail once the image can be decoded: always asked again
        response.setHeader(
                "Cache-Control", made && thumbnail.imageSha256().equals(version) ? KEEP_FOR_GOOD : "no-cache");
        if (matches(ifNoneMatch, etag)) {
            response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
            return;
        }
        byte[] bytes = thumbnail.bytes().orElse(PLACEHOLDER);
        response.setContentType(made ? thumbnail.contentType() : "image/svg+xml");
        response.setContentLength(bytes.length);
        response.getOutputStream().write(bytes);
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
