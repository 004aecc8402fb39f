package imagecache.frontend.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * The JSON API (docs/api.md), under {@code /api}, described at {@code /openapi} by MicroProfile
 * OpenAPI: the annotations on the resources, merged with {@code META-INF/openapi.yaml}, which holds
 * what belongs to no single call (info, the admin token's scheme, the shared error answers, the
 * shapes of requests and answers), and tidied by {@link OpenApiFilter}. The names below are that
 * file's, for the annotations to refer to.
 */
@ApplicationPath("api")
public class ApiApplication extends Application {

    /** The security scheme of the admin token ({@link AdminOnly} calls). */
    static final String ADMIN_TOKEN = "adminToken";

    static final String IMAGES = "images";
    static final String MEMCACHE = "memcache";
    static final String POOL = "pool";
    static final String POOL_MANAGER = "pool manager";

    /** The schema of every error answer, {@code {"success":"false","error":{"code","message"}}}. */
    static final String ERROR = "Error";

    // the shared error answers (components/responses)
    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String CONFLICT = "Conflict";
    static final String INTERNAL_ERROR = "InternalError";
    static final String UNAVAILABLE = "Unavailable";
}
