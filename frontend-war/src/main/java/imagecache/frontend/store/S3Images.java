package imagecache.frontend.store;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The images in an S3-compatible bucket ({@code IMAGE_STORE=s3}), through the AWS SDK: the one
 * adapter to the object store. Objects are named like the files of IMAGES_DIR (the content's
 * SHA-256 and the format's extension), so identical images share one object; an object becomes
 * visible only once it is whole (a PUT is atomic), so "complete before visible" holds as with the
 * files' atomic link. Uploads are still staged in IMAGES_DIR's temp folder first.
 */
@ApplicationScoped
public class S3Images implements ImageStore {

    private static final Logger LOG = Logger.getLogger(S3Images.class.getName());

    @Inject
    @ConfigProperty(name = "image.store", defaultValue = "files")
    String store;

    @Inject
    @ConfigProperty(name = "s3.endpoint")
    Optional<String> endpoint;

    @Inject
    @ConfigProperty(name = "s3.region", defaultValue = "us-east-1")
    String region;

    @Inject
    @ConfigProperty(name = "s3.bucket")
    Optional<String> bucket;

    @Inject
    @ConfigProperty(name = "s3.access.key")
    Optional<String> accessKey;

    @Inject
    @ConfigProperty(name = "s3.secret.key")
    Optional<String> secretKey;

    /** Bucket in the path (S3-compatible servers) rather than in the host name (AWS); default: with an endpoint. */
    @Inject
    @ConfigProperty(name = "s3.path.style")
    Optional<Boolean> pathStyle;

    private S3Client s3;

    @PostConstruct
    void open() {
        String kind = store.strip().toLowerCase(Locale.ROOT);
        if (!kind.equals("s3") && !kind.equals("files")) {
            throw new IllegalStateException("IMAGE_STORE is files or s3, not '" + store + "'");
        }
        if (!isEnabled()) {
            return;
        }
        if (bucket.isEmpty()) {
            throw new IllegalStateException("IMAGE_STORE=s3 needs S3_BUCKET");
        }
        S3ClientBuilder builder = S3Client.builder()
                .region(Region.of(region))
                // checksums only where S3 requires them: S3-compatible servers (MinIO, S3Proxy, Ceph)
                // refuse the trailing checksums the SDK adds by default
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(2))
                        .socketTimeout(Duration.ofSeconds(30)));
        endpoint.ifPresent(url -> builder.endpointOverride(URI.create(url)));
        builder.forcePathStyle(pathStyle.orElse(endpoint.isPresent()));
        if (accessKey.isPresent() && secretKey.isPresent()) {
            builder.credentialsProvider(
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey.get(), secretKey.get())));
        }
        s3 = builder.build();
        LOG.info("Images are stored in bucket " + bucket.get()
                + endpoint.map(url -> " at " + url).orElse(""));
    }

    @PreDestroy
    void close() {
        if (s3 != null) {
            s3.close();
        }
    }

    /** Whether IMAGE_STORE names the bucket as the image store. */
    public boolean isEnabled() {
        return store.strip().equalsIgnoreCase("s3");
    }

    /** The bucket has no free space to report. */
    @Override
    public StoreHealth health() {
        return new StoreHealth(-1, problem());
    }

    /**
     * Uploads a staged image under its content-addressed name, unless an object of that name is
     * there: it holds the same bytes.
     *
     * @return true if the object was created now
     */
    @Override
    public boolean publish(StagedImage staged) {
        return call("store " + staged.fileName(), () -> {
            if (exists(staged.fileName())) {
                return false;
            }
            s3.putObject(
                    put -> put.bucket(bucket.get())
                            .key(staged.fileName())
                            .contentType(staged.format().contentType())
                            .contentLength(staged.size()),
                    RequestBody.fromFile(staged.tempFile()));
            return true;
        });
    }

    /** Stores small bytes (a thumbnail) under a name; an object of that name is replaced. */
    @Override
    public void put(String name, byte[] bytes, String contentType) {
        call(
                "store " + name,
                () -> s3.putObject(
                        put -> put.bucket(bucket.get()).key(name).contentType(contentType),
                        RequestBody.fromBytes(bytes)));
    }

    /** The object's bytes, or null when there is no such object (any more). */
    @Override
    public byte[] readIfPresent(String name) {
        return call("read " + name, () -> {
            try {
                return s3.getObjectAsBytes(get -> get.bucket(bucket.get()).key(name))
                        .asByteArray();
            } catch (NoSuchKeyException e) {
                return null;
            }
        });
    }

    @Override
    public void delete(String name) {
        call(
                "delete " + name,
                () -> s3.deleteObject(delete -> delete.bucket(bucket.get()).key(name)));
    }

    /** Objects are not files here: they are read with {@link #readIfPresent}. */
    @Override
    public Optional<Path> localFile(String name) {
        return Optional.empty();
    }

    /** Null when the bucket answers, else why not. */
    public String problem() {
        try {
            s3.headBucket(head -> head.bucket(bucket.get()));
            return null;
        } catch (SdkException e) {
            return "The image bucket " + bucket.get() + " is not reachable: " + e.getMessage();
        }
    }

    private boolean exists(String name) {
        try {
            s3.headObject(head -> head.bucket(bucket.get()).key(name));
            return true;
        } catch (S3Exception e) {
            // a HEAD answer has no body to name the error: a missing object is a plain 404
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
    }

    private static <T> T call(String action, Supplier<T> request) {
        try {
            return request.get();
        } catch (SdkException e) {
            throw new ImageCacheException(
                    Reason.BUCKET_UNAVAILABLE, "The image bucket failed to " + action + ": " + e.getMessage(), e);
        }
    }
}
