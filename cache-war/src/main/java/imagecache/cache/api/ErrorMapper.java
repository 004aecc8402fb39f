package imagecache.cache.api;

import jakarta.json.Json;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure as {@code {"error": message}} with its status; unexpected ones as 503 with the cause. */
@Provider
public class ErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ErrorMapper.class.getName());

    @Override
    public Response toResponse(Throwable failure) {
        int status;
        String message;
        if (failure instanceof WebApplicationException web) {
            status = web.getResponse().getStatus();
            message = failure.getMessage();
        } else {
            // the memcache itself cannot fail; what does is the database behind the configuration and history
            LOG.log(Level.WARNING, "Request failed", failure);
            status = 503;
            message = "Database unavailable: " + rootCause(failure).getMessage();
        }
        String body = Json.createObjectBuilder().add("error", String.valueOf(message)).build().toString();
        return Response.status(status).type(MediaType.APPLICATION_JSON).entity(body).build();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }
}
