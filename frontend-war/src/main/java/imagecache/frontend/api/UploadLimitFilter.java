package imagecache.frontend.api;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.service.ImageService;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.ext.Provider;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Refuses an oversized upload before its body is parsed: at once when its Content-Length says so,
 * else as soon as more than the limit (plus room for the form's other fields) has been read.
 * The exact limit on the file itself is applied while it is stored.
 */
@Provider
@UploadLimited
public class UploadLimitFilter implements ContainerRequestFilter {

    /** Multipart boundaries, part headers and the key field. */
    static final long FORM_OVERHEAD_BYTES = 64 * 1024;

    @Inject
    ImageService images;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = images.maxUploadBytes() + FORM_OVERHEAD_BYTES;
        if (request.getLength() > limit) {
            throw tooLarge();
        }
        request.setEntityStream(new BoundedInputStream(request.getEntityStream(), limit));
    }

    private ImageCacheException tooLarge() {
        return new ImageCacheException(Reason.TOO_LARGE,
                "Upload is larger than the limit of " + images.maxUploadBytes() / (1024 * 1024) + " MB");
    }

    private final class BoundedInputStream extends FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b != -1 && --remaining < 0) {
                throw tooLarge();
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0 && (remaining -= n) < 0) {
                throw tooLarge();
            }
            return n;
        }
    }
}
