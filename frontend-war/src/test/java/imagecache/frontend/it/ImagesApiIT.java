package imagecache.frontend.it;

import static imagecache.frontend.it.ApiChecks.assertRefused;
import static imagecache.frontend.it.ApiChecks.content;
import static imagecache.frontend.it.ApiChecks.database;
import static imagecache.frontend.it.ApiChecks.filesNamed;
import static imagecache.frontend.it.TestImages.sha256;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ImageInspector;
import imagecache.frontend.domain.ThumbnailMaker;
import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The images of the JSON API (CONTRACT.md): upload, find, list, delete, raw images and
 * thumbnails, key suggestions; black-box over HTTP, with what each call leaves in the image
 * folder and the database. Every test uses keys of its own, so the order does not matter.
 */
class ImagesApiIT extends ApiTest {

    @Test
    void uploadThenRetrieveReturnsTheSameBytesForEveryFormat() {
        Map<String, byte[]> images = Map.of(
                "png",
                TestImages.png(30, 20, 1),
                "jpeg",
                TestImages.jpeg(2),
                "gif",
                TestImages.gif(3),
                "bmp",
                TestImages.bmp(4),
                "webp",
                TestImages.webp());
        Map<String, String> types = Map.of(
                "png", "image/png", "jpeg", "image/jpeg", "gif", "image/gif", "bmp", "image/bmp", "webp", "image/webp");
        images.forEach((format, bytes) -> {
            String key = "formats-" + format;
            Answer upload = api.upload(key, bytes);
            assertTrue(upload.succeeded(), format + ": " + new String(upload.body(), StandardCharsets.UTF_8));
            assertEquals(key, upload.json().getString("key"));

            Answer read = api.post("/api/key/" + key);
            assertTrue(read.succeeded());
            assertArrayEquals(bytes, Base64.getDecoder().decode(read.json().getString("content")), format);
            assertEquals(types.get(format), read.json().getString("contentType"));
            assertArrayEquals(
                    bytes,
                    api.get("/api/key/" + key).json().getString("content").transform(Base64.getDecoder()::decode));
        });
    }

    @Test
    void reuploadReplacesTheImage_oneRow_oldFileRemoved_noStaleRead() throws Exception {
        String key = "replace-me";
        byte[] first = TestImages.png(10, 10, 10);
        byte[] second = TestImages.png(11, 11, 11);
        assertFalse(api.upload(key, first).json().getBoolean("replaced"));
        assertArrayEquals(first, content(api, key)); // now in the memcache
        assertTrue(api.upload(key, second).json().getBoolean("replaced"));

        assertArrayEquals(second, content(api, key));
        assertArrayEquals(second, api.get("/images/" + key).body());
        assertFalse(Files.exists(imagesDir.resolve(sha256(first) + ".png")), "the replaced file is removed");
        assertTrue(Files.exists(imagesDir.resolve(sha256(second) + ".png")));
        assertEquals(
                1,
                api.get("/api/list_keys").json().getJsonArray("keys").stream()
                        .filter(k -> ((JsonString) k).getString().equals(key))
                        .count());
        try (Connection db = database();
                PreparedStatement row = db.prepareStatement(
                        "SELECT path, bytes, sha256, content_type FROM image WHERE image_key = ?")) {
            row.setString(1, key);
            ResultSet rows = row.executeQuery();
            assertTrue(rows.next());
            assertEquals(sha256(second) + ".png", rows.getString("path"));
            assertEquals(second.length, rows.getLong("bytes"));
            assertEquals(sha256(second), rows.getString("sha256"));
            assertEquals("image/png", rows.getString("content_type"));
            assertFalse(rows.next());
        }
    }

    @Test
    void readsRacingWithUploadsNeverSeeAnOlderImageAfterAnUploadAnswered() throws Exception {
        String key = "race";
        assertTrue(api.upload(key, TestImages.png(5, 5, 0)).succeeded());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService readers = Executors.newFixedThreadPool(4);
        List<Future<?>> loops = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            loops.add(readers.submit(() -> {
                while (running.get()) {
                    assertEquals(200, api.get("/images/" + key).status());
                }
            }));
        }
        try {
            for (int round = 1; round <= 25; round++) {
                byte[] image = TestImages.png(5, 5, round);
                assertTrue(api.upload(key, image).succeeded());
                assertArrayEquals(image, api.get("/images/" + key).body(), "round " + round + ": stale image");
                if (round % 5 == 0) {
                    api.post("/api/cache/clear"); // forces reads from disk, which race with the next upload
                }
            }
        } finally {
            running.set(false);
            readers.shutdown();
            assertTrue(readers.awaitTermination(30, TimeUnit.SECONDS));
        }
        for (Future<?> loop : loops) {
            loop.get();
        }
    }

    @Test
    void identicalImagesShareOneFileUntilTheLastKeyIsDeleted() {
        byte[] image = TestImages.png(12, 12, 99);
        Path file = imagesDir.resolve(sha256(image) + ".png");
        assertTrue(api.upload("shared-1", image).succeeded());
        assertTrue(api.upload("shared-2", image).succeeded());
        assertEquals(2, filesNamed(imagesDir, sha256(image)), "one file and one thumbnail");
        assertTrue(api.delete("/api/key/shared-1").succeeded());
        assertTrue(Files.exists(file), "still used by shared-2");
        assertArrayEquals(image, content(api, "shared-2"));
        assertTrue(api.delete("/api/key/shared-2").succeeded());
        assertFalse(Files.exists(file));
        assertEquals(0, filesNamed(imagesDir, sha256(image)), "the thumbnail went with the file");
    }

    @Test
    void deleteRemovesImageRowAndCacheEntry() {
        byte[] image = TestImages.png(8, 8, 8);
        assertTrue(api.upload("doomed", image).succeeded());
        assertArrayEquals(image, content(api, "doomed"));
        Answer delete = api.delete("/api/key/doomed");
        assertTrue(delete.succeeded());
        Answer after = api.get("/api/key/doomed");
        assertEquals(404, after.status());
        assertEquals("No image for key 'doomed'", after.errorMessage());
        assertEquals(404, api.get("/images/doomed").status());
        assertEquals(404, api.delete("/api/key/doomed").status());
        assertFalse(Files.exists(imagesDir.resolve(sha256(image) + ".png")));
    }

    @Test
    void deleteAllEmptiesImagesRowsAndCache() throws Exception {
        assertTrue(api.upload("all-1", TestImages.png(6, 6, 61)).succeeded());
        assertTrue(api.upload("all-2", TestImages.png(6, 6, 62)).succeeded());
        assertTrue(api.post("/api/delete_all").succeeded());
        assertEquals(0, api.get("/api/list_keys").json().getJsonArray("keys").size());
        assertEquals(0, api.get("/api/images").json().getJsonArray("images").size());
        assertEquals(
                0, api.get("/api/cache/stats").json().getJsonObject("stats").getInt("items"));
        assertEquals(0, filesNamed(imagesDir, ""));
        assertEquals(404, api.get("/api/key/all-1").status());
        try (Connection db = database();
                ResultSet count = db.createStatement().executeQuery("SELECT COUNT(*) FROM image")) {
            count.next();
            assertEquals(0, count.getInt(1));
        }
    }

    @Test
    void anImageWhoseFileWasLostIsAServerFailureNotAnUnknownKey() throws IOException {
        byte[] lost = TestImages.png(9, 9, 91);
        byte[] kept = TestImages.png(9, 9, 92);
        assertTrue(api.upload("lost-file", lost).succeeded());
        assertTrue(api.upload("kept-file", kept).succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded(), "reads go to the image store");
        Files.delete(imagesDir.resolve(sha256(lost) + ".png"));
        String message = "The file of the image for key 'lost-file' is missing";
        assertRefused(500, message, api.get("/api/key/lost-file"));
        Answer raw = api.get("/images/lost-file");
        assertEquals(500, raw.status());
        assertEquals(message, raw.errorMessage());
        assertArrayEquals(kept, content(api, "kept-file"), "other keys are served as before");
        assertTrue(api.upload("lost-file", lost).succeeded());
        assertArrayEquals(lost, content(api, "lost-file"), "uploading it again mends it");
    }

    @Test
    void listsShowEveryKeyOnceWithItsPathAndSize() {
        byte[] a = TestImages.png(7, 7, 71);
        byte[] b = TestImages.gif(72);
        assertTrue(api.upload("list-a", a).succeeded());
        assertTrue(api.upload("list-b", b).succeeded());
        assertTrue(api.upload("list-a", a).succeeded());
        List<String> keys =
                api.post("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
        assertEquals(1, keys.stream().filter("list-a"::equals).count());
        assertTrue(keys.contains("list-b"));
        JsonObject entry = api.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("key").equals("list-b"))
                .findFirst()
                .orElseThrow();
        assertEquals(sha256(b) + ".gif", entry.getString("path"));
        assertEquals(b.length, entry.getJsonNumber("bytes").longValue());
        assertEquals("image/gif", entry.getString("contentType"));
        assertTrue(Instant.parse(entry.getString("updatedAt"))
                .isAfter(Instant.now().minus(Duration.ofMinutes(5))));
    }

    @Test
    void hostileKeysStayLiteralEndToEnd() {
        String longKey = "語".repeat(250);
        List<String> keys = List.of(
                "<script>alert(1)",
                "<img src=x onerror=alert(1)>",
                "' OR '1'='1",
                ".",
                "..",
                "%2e%2e",
                "a\"b",
                "emoji 😀 key",
                "\u202Eevil",
                longKey,
                "Key",
                "key");
        for (String key : keys) {
            byte[] image = TestImages.png(4, 4, key.hashCode());
            Answer upload = api.upload(key, image);
            assertTrue(upload.succeeded(), key + ": " + new String(upload.body(), StandardCharsets.UTF_8));
            assertEquals(key, upload.json().getString("key"));
            Answer read = api.get("/api/key/" + ApiClient.encode(key));
            assertEquals(200, read.status(), key);
            assertEquals(key, read.json().getString("key"));
            assertArrayEquals(image, Base64.getDecoder().decode(read.json().getString("content")), key);
            assertArrayEquals(image, api.get("/images/" + ApiClient.encode(key)).body(), key);
            assertArrayEquals(
                    image, api.get("/images?key=" + ApiClient.encode(key)).body(), key);
        }
        // the container normalises dot segments before it maps a path: the raw URL of "." and ".." still finds them
        assertArrayEquals(content(api, ".."), api.get("/images/%2E%2E").body());
        assertArrayEquals(content(api, "."), api.get("/images/%2e").body());
        assertFalse(Arrays.equals(content(api, "Key"), content(api, "key")), "keys are case-sensitive");
        List<String> listed =
                api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
        assertTrue(listed.containsAll(keys));
        try (Stream<Path> files = Files.list(imagesDir)) {
            assertTrue(files.allMatch(f -> f.getFileName()
                    .toString()
                    .matches("[0-9a-f]{64}\\.(png|jpg|gif|webp|bmp|thumb)|\\.tmp|\\.uploaders")));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void keysAreTrimmed() {
        byte[] image = TestImages.png(4, 4, 4242);
        assertEquals("trimmed", api.upload("  trimmed\t", image).json().getString("key"));
        assertArrayEquals(image, content(api, "trimmed"));
    }

    @Test
    void rawImageHasItsTypeLengthEtagAndAnswers304() {
        byte[] image = TestImages.jpeg(5);
        assertTrue(api.upload("raw", image).succeeded());
        Answer raw = api.get("/images/raw");
        assertEquals(200, raw.status());
        assertArrayEquals(image, raw.body());
        assertEquals("image/jpeg", raw.header("Content-Type"));
        assertEquals(String.valueOf(image.length), raw.header("Content-Length"));
        assertEquals("nosniff", raw.header("X-Content-Type-Options"));
        assertNotNull(raw.header("Cache-Control"));
        String etag = raw.header("ETag");
        assertEquals("\"" + sha256(image) + "\"", etag);
        Answer revalidated = api.get("/images/raw", "If-None-Match", etag);
        assertEquals(304, revalidated.status());
        assertEquals(0, revalidated.body().length);
        assertEquals(200, api.get("/images/raw", "If-None-Match", "\"other\"").status());
        Answer unknown = api.get("/images/never-uploaded");
        assertEquals(404, unknown.status());
        assertEquals("false", unknown.json().getString("success"));
    }

    @Test
    void thumbnailsAreServedLikeImagesWithTagsOfTheirOwn() throws Exception {
        byte[] image = TestImages.png(600, 400, 31);
        assertTrue(api.upload("thumbed", image).succeeded());
        Answer thumb = api.get("/images/thumbed?size=thumb");
        assertEquals(200, thumb.status());
        assertTrue(
                List.of("image/jpeg", "image/png").contains(thumb.header("Content-Type")),
                thumb.header("Content-Type"));
        assertEquals(String.valueOf(thumb.body().length), thumb.header("Content-Length"));
        assertEquals("nosniff", thumb.header("X-Content-Type-Options"));
        assertDecodesTo(thumb.body(), ThumbnailMaker.fit(600, 400, ThumbnailMaker.LONG_SIDE));
        assertTrue(thumb.body().length < image.length, "smaller than the image");
        String etag = thumb.header("ETag");
        assertEquals("\"" + sha256(image) + "-thumb\"", etag, "a tag of its own, not the image's");
        assertEquals("no-cache", thumb.header("Cache-Control"), "revalidated when the URL does not name the content");
        assertEquals(
                304,
                api.get("/images/thumbed?size=thumb", "If-None-Match", etag).status());
        assertEquals(200, api.get("/images/thumbed", "If-None-Match", etag).status(), "the image is not the thumbnail");
        Answer pinned = api.get("/images?key=thumbed&size=thumb&v=" + sha256(image));
        assertArrayEquals(thumb.body(), pinned.body());
        assertTrue(pinned.header("Cache-Control").contains("immutable"), pinned.header("Cache-Control"));

        JsonObject listed = api.get("/api/images").json().getJsonArray("images").getValuesAs(JsonObject.class).stream()
                .filter(i -> i.getString("key").equals("thumbed"))
                .findFirst()
                .orElseThrow();
        assertEquals(600, listed.getInt("width"));
        assertEquals(400, listed.getInt("height"));

        // replaced: another thumbnail, another tag, never the old one
        byte[] portrait = TestImages.jpeg(32);
        assertTrue(api.upload("thumbed", portrait).succeeded());
        Answer replaced = api.get("/images/thumbed?size=thumb", "If-None-Match", etag);
        assertEquals(200, replaced.status());
        assertEquals("\"" + sha256(portrait) + "-thumb\"", replaced.header("ETag"));
        assertDecodesTo(replaced.body(), ThumbnailMaker.fit(64, 48, ThumbnailMaker.LONG_SIDE));

        // a thumbnail that went missing is made again on the first request
        Path thumbnailFile = imagesDir.resolve(sha256(portrait) + ".thumb");
        assertTrue(Files.deleteIfExists(thumbnailFile));
        assertDecodesTo(
                api.get("/images/thumbed?size=thumb").body(), ThumbnailMaker.fit(64, 48, ThumbnailMaker.LONG_SIDE));
        assertTrue(Files.exists(thumbnailFile), "and stored again");

        Answer badSize = api.get("/images/thumbed?size=huge");
        assertEquals(400, badSize.status());
        assertTrue(badSize.errorMessage().contains("thumb"), badSize.errorMessage());
        assertEquals(404, api.get("/images/never-uploaded?size=thumb").status());
    }

    @Test
    void anImageNoThumbnailCanBeMadeOfIsKeptAndShowsAPlaceholder() {
        // a JPEG whose header and end are right, with nothing decodable between them
        byte[] undecodable = HexFormat.of()
                .parseHex("ffd8ffc0000b080010001001011100ffda0008010100003f00" + "55".repeat(64) + "ffd9");
        Answer upload = api.upload("undecodable", undecodable);
        assertTrue(upload.succeeded(), upload.toString());
        assertArrayEquals(undecodable, api.get("/images/undecodable").body(), "the image itself is kept");
        Answer thumb = api.get("/images/undecodable?size=thumb");
        assertEquals(200, thumb.status());
        assertEquals("image/svg+xml", thumb.header("Content-Type"));
        assertEquals("no-cache", thumb.header("Cache-Control"), "asked for again: a later version may decode it");
    }

    @Test
    void suggestionsCompleteAPrefixIgnoringCaseWithWildcardsTakenLiterally() {
        for (String key : List.of("ZQ-Alpha", "zq-beta", "zq_gamma", "zqx", "a-zq")) {
            assertTrue(api.upload(key, TestImages.png(4, 4, key.hashCode())).succeeded(), key);
        }
        assertEquals(List.of("ZQ-Alpha", "zq-beta", "zq_gamma", "zqx"), suggestions("zq", null));
        assertEquals(List.of("ZQ-Alpha", "zq-beta", "zq_gamma", "zqx"), suggestions("ZQ", null));
        assertEquals(List.of("zq_gamma"), suggestions("zq_", null));
        assertEquals(List.of(), suggestions("zq%", null));
        assertEquals(List.of("ZQ-Alpha", "zq-beta"), suggestions("zq", 2));
        assertEquals(400, api.get("/api/suggest?prefix=zq&limit=11").status());
        assertEquals(400, api.get("/api/suggest").status());
    }

    private List<String> suggestions(String prefix, Integer limit) {
        Answer answer =
                api.get("/api/suggest?prefix=" + ApiClient.encode(prefix) + (limit == null ? "" : "&limit=" + limit));
        assertTrue(answer.succeeded(), answer.toString());
        return answer.json().getJsonArray("keys").getValuesAs(JsonString::getString);
    }

    private static void assertDecodesTo(byte[] thumbnail, ImageInspector.Dimensions expected) throws Exception {
        java.awt.image.BufferedImage decoded = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(thumbnail));
        assertNotNull(decoded, "a decodable thumbnail");
        assertEquals(expected.width(), decoded.getWidth());
        assertEquals(expected.height(), decoded.getHeight());
    }
}
