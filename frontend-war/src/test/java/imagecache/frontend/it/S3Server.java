package imagecache.frontend.it;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStore;
import org.jclouds.blobstore.BlobStoreContext;
import org.jclouds.blobstore.domain.StorageMetadata;

/**
 * A real S3-API server (S3Proxy) in the test's JVM, keeping its objects in a folder, with one
 * bucket and AWS signature checks: what the product's S3 client talks to over HTTP in the tests.
 */
public final class S3Server implements AutoCloseable {

    public static final String BUCKET = "images";
    public static final String ACCESS_KEY = "test-access";
    public static final String SECRET_KEY = "test-secret-key";

    private final BlobStoreContext context;
    private final S3Proxy proxy;
    private boolean closed;

    private S3Server(BlobStoreContext context, S3Proxy proxy) {
        this.context = context;
        this.proxy = proxy;
    }

    /** Starts on {@code port} (0: any free one), keeping objects under {@code folder}. */
    public static S3Server start(Path folder, int port) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("jclouds.filesystem.basedir", folder.toString());
        BlobStoreContext context = ContextBuilder.newBuilder("filesystem")
                .credentials(ACCESS_KEY, SECRET_KEY)
                .overrides(properties)
                .build(BlobStoreContext.class);
        context.getBlobStore().createContainerInLocation(null, BUCKET);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        while (!"STARTED".equals(proxy.getState())) {
            Thread.sleep(10);
        }
        return new S3Server(context, proxy);
    }

    public String endpoint() {
        return "http://127.0.0.1:" + proxy.getPort();
    }

    public int port() {
        return proxy.getPort();
    }

    /** The names of the bucket's objects, read behind the S3 API's back. */
    public List<String> objects() {
        BlobStore store = context.getBlobStore();
        return store.list(BUCKET).stream()
                .map(StorageMetadata::getName)
                .sorted()
                .toList();
    }

    /** Removes an object behind the S3 API's back, as if it had been lost. */
    public void remove(String name) {
        context.getBlobStore().removeBlob(BUCKET, name);
    }

    @Override
    public void close() throws Exception {
        if (!closed) {
            closed = true;
            proxy.stop();
            context.close();
        }
    }
}
