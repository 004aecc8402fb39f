package imagecache.frontend.api;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The JSON API (docs/api.md), under {@code /api}. */
@ApplicationPath("api")
public class ApiApplication extends Application {}
