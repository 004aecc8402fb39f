package imagecache.cache.api;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * With ADMIN_TOKEN set, every call of the cache WAR needs {@code Authorization: Bearer <token>}: the
 * front end sends it; anyone else reaching {@code /cache/api} on the shared port could otherwise
 * read the memcache or put a forged image into it. Unset, the cache WAR is as open as the rest.
 */
@WebFilter("/api/*")
public class TokenFilter extends HttpFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    @ConfigProperty(name = "admin.token")
    transient Optional<String> token;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Optional<String> required = token.filter(t -> !t.isBlank());
        if (required.isEmpty() || accepts(required.get(), request.getHeader("Authorization"))) {
            chain.doFilter(request, response);
            return;
        }
        response.setHeader("WWW-Authenticate", "Bearer realm=\"imagecache-cache\"");
        Answers.sendError(
                response,
                HttpServletResponse.SC_UNAUTHORIZED,
                "The cache WAR needs the admin token: Authorization: Bearer <token>");
    }

    private static boolean accepts(String token, String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return false;
        }
        byte[] presented = authorization.substring(BEARER.length()).strip().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(token.getBytes(StandardCharsets.UTF_8), presented);
    }
}
