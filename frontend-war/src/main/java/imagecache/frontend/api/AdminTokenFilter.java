package imagecache.frontend.api;

import imagecache.frontend.service.AdminAccess;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/** Admin calls need {@code Authorization: Bearer <ADMIN_TOKEN>} when a token is configured: 401 without, 403 with a wrong one. */
@Provider
@AdminOnly
@Priority(Priorities.AUTHENTICATION)
public class AdminTokenFilter implements ContainerRequestFilter {

    private static final String BEARER = "Bearer ";

    @Inject
    AdminAccess admin;

    @Override
    public void filter(ContainerRequestContext request) {
        if (!admin.required()) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            request.abortWith(
                    ApiErrorMapper.answer(401, "This call needs the admin token: Authorization: Bearer <token>")
                            .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"imagecache\"")
                            .build());
            return;
        }
        if (!admin.accepts(authorization.substring(BEARER.length()).strip())) {
            request.abortWith(
                    ApiErrorMapper.answer(403, "The admin token is wrong").build());
        }
    }
}
