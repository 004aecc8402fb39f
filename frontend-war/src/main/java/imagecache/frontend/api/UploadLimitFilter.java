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
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Bounds an upload's body before it is parsed. Size: refused at once when its Content-Length says
 * it is too large, else as soon as more than the limit (plus room for the form's other fields) has
 * been read; the exact limit on the file itself is applied while it is stored. Speed: refused (408)
 * when fewer than UPLOAD_MIN_RATE_KIB KiB a second arrive over a window of UPLOAD_RATE_WINDOW_SECONDS,
 * so that a client trickling its upload cannot keep a request thread (and an upload slot) for long.
 * A client that sends nothing at all is ended by the listener's read timeout (server-config).
 */
@Provider
@UploadLimited
public class UploadLimitFilter implements ContainerRequestFilter {

    /** Multipart boundaries, part headers and the key field. */
    static final long FORM_OVERHEAD_BYTES = 64 * 1024;

    @Inject
    ImageService images;

    @Inject
    @ConfigProperty(name = "upload.min.rate.kib", defaultValue = "1")
    int minRateKiB;

    @Inject
    @ConfigProperty(name = "upload.rate.window.seconds", defaultValue = "10")
    int rateWindowSeconds;

    @Override
    public void filter(ContainerRequestContext request) {
        long limit = images.maxUploadBytes() + FORM_OVERHEAD_BYTES;
        if (request.getLength() > limit) {
            throw tooLarge();
        }
        request.setEntityStream(new GuardedInputStream(request.getEntityStream(), limit));
    }

    private ImageCacheException tooLarge() {
        return new ImageCacheException(
                Reason.TOO_LARGE,
                "Upload is larger than the limit of " + images.maxUploadBytes() / (1024 * 1024) + " MB");
    }

    /** Counts what is read against the size limit and the minimum rate. */
    private final class GuardedInputStream extends FilterInputStream {
        private final MinimumRate rate = new MinimumRate(
                minRateKiB * 1024L, TimeUnit.SECONDS.toNanos(Math.max(1, rateWindowSeconds)), System.nanoTime());
        private long remaining;

        GuardedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b == -1 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) {
            if ((remaining -= n) < 0) {
                throw tooLarge();
            }
            String tooSlow = rate.record(n, System.nanoTime());
            if (tooSlow != null) {
                throw new ImageCacheException(
                        Reason.TOO_SLOW,
                        "Upload too slow: " + tooSlow + ", less than the minimum of " + minRateKiB + " KiB/s");
            }
        }
    }
}
