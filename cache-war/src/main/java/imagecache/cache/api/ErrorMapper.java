package imagecache.cache.api;

import imagecache.cache.service.PoolNode;
import imagecache.db.Failures;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Every failure as {@code {"error": message}} with its status: what the node's state refuses (a pool
 * ask, {@link PoolNode.Refused}) as 409, a failed database (the configuration and the history live
 * there) as 503 with its cause, anything else unexpected as 500, so that a bug does not read as an
 * outage.
 */
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
        } else if (failure instanceof PoolNode.Refused) {
            status = 409;
            message = failure.getMessage();
        } else if (Failures.isDatabaseFailure(failure)) {
            LOG.log(Level.WARNING, "Database call failed", failure);
            status = 503;
            message = "Database unavailable: " + Failures.rootMessage(failure);
        } else {
            LOG.log(Level.SEVERE, "Unexpected failure", failure);
            status = 500;
            message = "Internal error";
        }
        return Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(Answers.error(message))
                .build();
    }
}
