package imagecache.frontend.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ContentHash;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageFormat;
import imagecache.frontend.domain.ImageInspector.Dimensions;
import imagecache.frontend.it.S3Server;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bucket adapter against a real S3-API server over HTTP, with signed requests. */
class S3ImagesTest {

    private static final byte[] PNG = {
        (byte) 0x89,
        'P',
        'N',
        'G',
        '\r',
        '\n',
        0x1a,
        '\n',
        0,
        0,
        0,
        13,
        'I',
        'H',
        'D',
        'R',
        0,
        0,
        0,
        1,
        0,
        0,
        0,
        1,
        8,
        2
    };

    @TempDir
    Path dir;

    private S3Server server;
    private S3Images bucket;

    @BeforeEach
    void start() throws Exception {
        server = S3Server.start(dir.resolve("s3"), 0);
        bucket = bucket(server.endpoint(), S3Server.SECRET_KEY);
    }

    @AfterEach
    void stop() throws Exception {
        bucket.close();
        server.close();
    }

    private static S3Images bucket(String endpoint, String secret) {
        S3Images images = new S3Images();
        images.store = "s3";
        images.endpoint = Optional.of(endpoint);
        images.region = "us-east-1";
        images.bucket = Optional.of(S3Server.BUCKET);
        images.accessKey = Optional.of(S3Server.ACCESS_KEY);
        images.secretKey = Optional.of(secret);
        images.pathStyle = Optional.empty();
        images.open();
        return images;
    }

    private StagedImage staged(byte[] bytes) throws Exception {
        Path file = Files.write(Files.createTempFile(dir, "staged", ".part"), bytes);
        return new StagedImage(file, ContentHash.sha256Hex(bytes), bytes.length, ImageFormat.PNG, new Dimensions(1, 1));
    }

    @Test
    void aPublishedImageIsOneObjectNamedByItsHashAndReadBackWhole() throws Exception {
        StagedImage image = staged(PNG);
        assertTrue(bucket.publish(image));
        assertEquals(List.of(image.fileName()), server.objects());
        assertArrayEquals(PNG, bucket.readIfPresent(image.fileName()));
        assertFalse(bucket.publish(staged(PNG)), "identical content shares the object");
        assertEquals(1, server.objects().size());
        assertNull(bucket.problem(), "the bucket answers");
    }

    @Test
    void aDeletedObjectIsGoneAndAMissingOneReadsAsNone() throws Exception {
        StagedImage image = staged(PNG);
        bucket.publish(image);
        bucket.delete(image.fileName());
        assertEquals(List.of(), server.objects());
        assertNull(bucket.readIfPresent(image.fileName()));
    }

    @Test
    void wrongCredentialsAndAnUnreachableServerAreTheBucketsFailureNotAnyOther() throws Exception {
        S3Images refused = bucket(server.endpoint(), "not-the-secret");
        try {
            ImageCacheException failure = assertThrows(ImageCacheException.class, () -> refused.publish(staged(PNG)));
            assertEquals(ImageCacheException.Reason.BUCKET_UNAVAILABLE, failure.reason());
            assertNotNull(refused.problem());
        } finally {
            refused.close();
        }
        String endpoint = server.endpoint();
        server.close();
        S3Images away = bucket(endpoint, S3Server.SECRET_KEY);
        try {
            assertEquals(
                    ImageCacheException.Reason.BUCKET_UNAVAILABLE,
                    assertThrows(ImageCacheException.class, () -> away.readIfPresent("x.png"))
                            .reason());
            assertTrue(away.problem().contains("not reachable"), away.problem());
        } finally {
            away.close();
            server = S3Server.start(dir.resolve("s3"), 0); // for stop()
        }
    }
}
