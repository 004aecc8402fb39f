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

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String key = dotKey(request.getRequestURI().substring(request.getContextPath().length()));
        if (key == null || request.getAttribute(KEY_ATTRIBUTE) != null) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(KEY_ATTRIBUTE, key);
        request.getRequestDispatcher("/images").forward(request, response);
    }

    /** "." or ".." when the raw path is {@code /images/} followed by one or two dots, else null. */
    static String dotKey(String rawPath) {
        if (!rawPath.startsWith("/images/")) {
            return null;
        }
        String segment = rawPath.substring("/images/".length()).toLowerCase(Locale.ROOT).replace("%2e", ".");
        return segment.equals(".") || segment.equals("..") ? segment : null;
    }
}
