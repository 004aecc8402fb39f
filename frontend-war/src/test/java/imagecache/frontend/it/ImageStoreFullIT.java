package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * IMAGES_DIR on a real 2 MB tmpfs: when it is full, or mounted read-only, uploads answer 507 with
 * a message saying so, readiness reports the image store, nothing half-written is left, what was
 * stored stays readable, and uploads work again as soon as space is freed or the mount is writable,
 * without a restart. Mounting needs root, as CI and the developers' machines run.
 */
class ImageStoreFullIT {

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    private static final int IMAGE_BYTES = 100 * 1024;

    @Test
    void aFullOrReadOnlyImageStoreAnswers507AndRecoversWithoutARestart() throws Exception {
        Path images = servers.folder().resolve("small-disk");
        Files.createDirectories(images);
        run("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", images.toString());
        try (PayaraServer server = servers.start(Map.of("IMAGES_DIR", images.toString()))) {
            ApiClient api = server.api();
            assertEquals(200, api.get("/health/ready").status());

            List<byte[]> stored = new ArrayList<>();
            Answer full = null;
            for (int i = 0; i < 40 && full == null; i++) {
                byte[] image = TestImages.noisyPng(IMAGE_BYTES, i);
                Answer upload = api.upload("img-" + i, image);
                if (upload.succeeded()) {
                    stored.add(image);
                } else {
                    full = upload;
                }
            }
            assertTrue(full != null, "a 2 MB store fills up with 100 KiB images");
            // each upload takes its image and its thumbnail (of random pixels, about as big as the image)
            assertTrue(stored.size() >= 6, "uploads were stored until it was full: " + stored.size());
            assertEquals(507, full.status(), new String(full.body(), StandardCharsets.UTF_8));
            assertEquals(507, full.errorCode());
            assertEquals("The image store is full: no space left to store the image", full.errorMessage());
            assertTemporaryFolderEmpty(images);

            JsonObject ready = api.get("/health/ready").json();
            assertEquals("DOWN", ready.getString("status"));
            assertEquals("DOWN", check(ready, "image-store").getString("status"));
            assertTrue(check(ready, "image-store")
                    .getJsonObject("data")
                    .getString("error")
                    .startsWith("The image store is full"));
            // what is stored is whole and still served
            for (int i = 0; i < stored.size(); i++) {
                assertArrayEquals(stored.get(i), api.get("/images/img-" + i).body(), "img-" + i);
            }
            assertEquals(
                    stored.size(),
                    api.get("/api/list_keys").json().getJsonArray("keys").size());

            // space freed: uploads work again, ready again
            assertTrue(api.delete("/api/key/img-0").succeeded());
            assertTrue(api.delete("/api/key/img-1").succeeded());
            assertEquals(200, api.get("/health/ready").status(), "ready once space is freed");
            byte[] again = TestImages.noisyPng(IMAGE_BYTES, 1000);
            assertTrue(api.upload("after-freeing", again).succeeded());
            assertArrayEquals(again, api.get("/images/after-freeing").body());

            // a store that cannot be written at all
            run("mount", "-o", "remount,ro", images.toString());
            Answer readOnly = api.upload("read-only", TestImages.png(8, 8, 8));
            assertEquals(507, readOnly.status());
            assertTrue(readOnly.errorMessage().startsWith("The image store is not writable"), readOnly.errorMessage());
            assertEquals(
                    "DOWN",
                    check(api.get("/health/ready").json(), "image-store").getString("status"));
            assertArrayEquals(again, api.get("/images/after-freeing").body(), "reads go on");
            run("mount", "-o", "remount,rw", images.toString());
            assertTrue(api.upload("read-only", TestImages.png(8, 8, 8)).succeeded(), "writable again, no restart");
            assertEquals(200, api.get("/health/ready").status());
            assertTemporaryFolderEmpty(images);
        } finally {
            run("umount", "-l", images.toString());
        }
    }

    private static JsonObject check(JsonObject health, String name) {
        return health.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(c -> c.getString("name").equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no check " + name + " in " + health));
    }

    private static void assertTemporaryFolderEmpty(Path images) throws IOException {
        try (Stream<Path> temp = Files.list(images.resolve(".tmp"))) {
            assertEquals(0, temp.count(), "no temp file is left behind");
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", command) + " failed (it needs root): " + output);
        }
    }
}
