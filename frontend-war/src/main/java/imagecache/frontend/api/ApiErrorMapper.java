package imagecache.frontend.api;

import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import jakarta.ws.rs.NotAllowedException;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.logging.Level;
import java.util.logging.Logger;

/** Every failure as the API's JSON error (docs/api.md), with the matching status; never a page or a stack trace. */
@Provider
public class ApiErrorMapper implements ExceptionMapper<Throwable> {

    private static final Logger LOG = Logger.getLogger(ApiErrorMapper.class.getName());

    @Context
    Request request;

    @Override
    public Response toResponse(Throwable failure) {
        ImageCacheException known = find(failure);
        if (known != null) {
            Response.ResponseBuilder answer = answer(known.reason().status(), known.getMessage());
            if (known.reason() == ImageCacheException.Reason.TOO_SLOW
                    || known.reason() == ImageCacheException.Reason.TOO_LARGE) {
                // the rest of the body is dropped unread: the connection is closed after it, not reused
                answer.header("Connection", "close");
            }
            return answer.build();
        }
        if (failure instanceof NotAllowedException) {
            return answer(405, "Method " + request.getMethod() + " is not allowed here")
                    .build();
        }
        if (failure instanceof NotFoundException) {
            return answer(404, "No such API call").build();
        }
        if (failure instanceof NotSupportedException) {
            return answer(415, "Unsupported request content type").build();
        }
        if (failure instanceof WebApplicationException web) {
            int status = web.getResponse().getStatus();
            return answer(status, status == 400 ? "Malformed request" : String.valueOf(web.getMessage()))
                    .build();
        }
        LOG.log(Level.SEVERE, "Unexpected failure", failure);
        return answer(500, "Internal error").build();
    }

    private static ImageCacheException find(Throwable failure) {
        return Causes.chain(failure)
                .filter(ImageCacheException.class::isInstance)
                .map(ImageCacheException.class::cast)
                .findFirst()
                .orElse(null);
    }

    static Response.ResponseBuilder answer(int status, String message) {
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(Answers.error(status, message));
    }
}
