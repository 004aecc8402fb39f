package imagecache.frontend.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;

/**
 * Routes {@code /images/.} and {@code /images/..} (also percent-encoded) to {@link RawImageServlet}.
 * "." and ".." are legal keys, but the container normalises such a path to {@code /} or
 * {@code /images} before it maps it to a servlet, so without this their raw URL would show the
 * home page. Only the request URI still holds the path as sent.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class DotKeyFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    static final String KEY_ATTRIBUTE = DotKeyFilter.class.getName() + ".key";
    private static final String PREFIX = "/images/";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        int path = request.getContextPath().length();
        // on every request: nothing is allocated unless the path is an image's
        String key = uri.startsWith(PREFIX, path) ? dotKey(uri.substring(path + PREFIX.length())) : null;
        if (key == null || request.getAttribute(KEY_ATTRIBUTE) != null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(KEY_ATTRIBUTE, key);
        request.getRequestDispatcher("/images").forward(request, response);
    }

    /** "." or ".." when the raw segment after {@code /images/} is one or two dots (also as %2E), else null. */
    static String dotKey(String rawSegment) {
        String segment = rawSegment.toLowerCase(Locale.ROOT).replace("%2e", ".");
        return segment.equals(".") || segment.equals("..") ? segment : null;
    }
}
