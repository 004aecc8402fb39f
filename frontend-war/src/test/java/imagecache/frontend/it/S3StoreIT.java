package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IMAGE_STORE=s3: the started server keeps its images in a bucket of a real S3-API server (S3Proxy,
 * in this JVM) and nothing but uploads in progress on its disk; what a bucket that goes away does.
 */
class S3StoreIT {

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void imagesLiveInTheBucketOneObjectPerContentAndABucketThatGoesAwayAnswers503() throws Exception {
        Path objects = servers.folder().resolve("s3");
        S3Server s3 = S3Server.start(objects, 0);
        int s3Port = s3.port();
        try {
            PayaraServer server = servers.start(Map.of(
                    "IMAGE_STORE", "s3",
                    "S3_ENDPOINT", s3.endpoint(),
                    "S3_BUCKET", S3Server.BUCKET,
                    "S3_ACCESS_KEY", S3Server.ACCESS_KEY,
                    "S3_SECRET_KEY", S3Server.SECRET_KEY));
            ApiClient api = server.api();
            byte[] cat = TestImages.png(16, 16, 1);
            byte[] dog = TestImages.jpeg(2);
            assertTrue(api.upload("cat", cat).succeeded());
            assertTrue(api.upload("also-cat", cat).succeeded());
            assertTrue(api.upload("dog", dog).succeeded());
            assertEquals(
                    Stream.of(
                                    TestImages.sha256(dog) + ".jpg",
                                    TestImages.sha256(dog) + ".thumb",
                                    TestImages.sha256(cat) + ".png",
                                    TestImages.sha256(cat) + ".thumb")
                            .sorted()
                            .toList(),
                    s3.objects(),
                    "one object and one thumbnail per content");
            assertTrue(api.post("/api/cache/clear").succeeded());
            assertArrayEquals(cat, api.get("/images/cat").body(), "a miss reads the bucket");
            assertArrayEquals(cat, api.get("/images/also-cat").body(), "then a hit");
            Path images = servers.folder().resolve("data/images");
            try (Stream<Path> files = Files.list(images)) {
                assertEquals(
                        List.of(".tmp", ".uploaders"),
                        files.map(f -> f.getFileName().toString()).sorted().toList(),
                        "no image on the server's disk");
            }

            // a lost thumbnail is made again from a local copy of the image's object
            s3.remove(TestImages.sha256(dog) + ".thumb");
            ApiClient.Answer thumbnail = api.get("/images/dog?size=thumb");
            assertEquals(200, thumbnail.status());
            assertEquals("image/jpeg", thumbnail.header("Content-Type"), "a thumbnail, not the placeholder");
            assertTrue(s3.objects().contains(TestImages.sha256(dog) + ".thumb"), "and stored again");

            assertTrue(api.upload("dog", cat).succeeded(), "replaced");
            assertEquals(
                    List.of(TestImages.sha256(cat) + ".png", TestImages.sha256(cat) + ".thumb"),
                    s3.objects(),
                    "the old object and its thumbnail went with its last key");
            assertTrue(api.delete("/api/key/cat").succeeded());
            assertTrue(api.delete("/api/key/also-cat").succeeded());
            assertEquals(2, s3.objects().size(), "still used by dog");
            assertTrue(api.delete("/api/key/dog").succeeded());
            assertEquals(List.of(), s3.objects());
            assertEquals(200, api.get("/health/ready").status());

            s3.close();
            ApiClient.Answer refused = api.upload("away", dog);
            assertEquals(503, refused.status());
            assertTrue(refused.errorMessage().contains("image bucket"), refused.errorMessage());
            assertEquals(503, api.get("/health/ready").status());
            JsonObject keys = api.get("/api/list_keys").json();
            assertEquals(0, keys.getJsonArray("keys").size(), "the refused upload left no row");

            s3 = S3Server.start(objects, s3Port);
            assertTrue(api.upload("back", dog).succeeded(), "works again without a restart");
            assertArrayEquals(dog, api.get("/images/back").body());
        } finally {
            s3.close();
        }
    }
}
