package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.domain.ImageInspector;
import imagecache.frontend.domain.ThumbnailMaker;
import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
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
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JSON API of CONTRACT.md, black-box over HTTP, against both WARs in one Payara Micro and a
 * real MariaDB over TCP. Every test uses keys of its own, so the order does not matter.
 */
@ExtendWith(ArquillianExtension.class)
class ApiIT {

    private static final long MB = 1024 * 1024;

    /** The front end at "/", as start.sh deploys it; the cache WAR is added by arquillian.xml. */
    @Deployment(testable = false)
    static WebArchive frontEnd() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(ItConfig.property("it.frontendWar")))
                .as(WebArchive.class);
    }

    private final ApiClient api = new ApiClient("http://127.0.0.1:" + ItConfig.httpPort());
    private final Path imagesDir = ItConfig.workDir().resolve("arquillian/images");

    @BeforeEach
    void defaultConfiguration() {
        assertTrue(api.post("/api/cache/refresh").succeeded());
    }

    // ---- upload and retrieve ----

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
        assertArrayEquals(first, content(key)); // now in the memcache
        assertTrue(api.upload(key, second).json().getBoolean("replaced"));

        assertArrayEquals(second, content(key));
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
        assertEquals(2, filesNamed(sha256(image)), "one file and one thumbnail");
        assertTrue(api.delete("/api/key/shared-1").succeeded());
        assertTrue(Files.exists(file), "still used by shared-2");
        assertArrayEquals(image, content("shared-2"));
        assertTrue(api.delete("/api/key/shared-2").succeeded());
        assertFalse(Files.exists(file));
        assertEquals(0, filesNamed(sha256(image)), "the thumbnail went with the file");
    }

    @Test
    void deleteRemovesImageRowAndCacheEntry() {
        byte[] image = TestImages.png(8, 8, 8);
        assertTrue(api.upload("doomed", image).succeeded());
        assertArrayEquals(image, content("doomed"));
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
        assertEquals(0, filesNamed(""));
        assertEquals(404, api.get("/api/key/all-1").status());
        try (Connection db = database();
                ResultSet count = db.createStatement().executeQuery("SELECT COUNT(*) FROM image")) {
            count.next();
            assertEquals(0, count.getInt(1));
        }
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
        assertArrayEquals(content(".."), api.get("/images/%2E%2E").body());
        assertArrayEquals(content("."), api.get("/images/%2e").body());
        assertFalse(Arrays.equals(content("Key"), content("key")), "keys are case-sensitive");
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
        assertArrayEquals(image, content("trimmed"));
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

    @Test
    void revalidationIsAnsweredByTheMemcacheAgainstTheCurrentImage() {
        byte[] first = TestImages.png(6, 6, 606);
        byte[] second = TestImages.png(7, 7, 707);
        assertTrue(api.upload("revalidated", first).succeeded());
        String firstTag = api.get("/images/revalidated").header("ETag");
        JsonObject before = stats();
        Answer unchanged = api.get("/images/revalidated", "If-None-Match", firstTag);
        assertEquals(304, unchanged.status());
        assertEquals("HIT", unchanged.header("X-Cache"));
        assertEquals(before.getInt("hits") + 1, stats().getInt("hits"), "a revalidation is a memcache hit");
        assertTrue(api.upload("revalidated", second).succeeded());
        Answer replaced = api.get("/images/revalidated", "If-None-Match", firstTag);
        assertEquals(200, replaced.status(), "the old tag no longer matches");
        assertArrayEquals(second, replaced.body());
        assertEquals("\"" + sha256(second) + "\"", replaced.header("ETag"));
    }

    @Test
    void aReplacementLargerThanTheCapacityDropsTheCachedOldImage() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
        byte[] small = TestImages.png(8, 8, 808);
        assertTrue(api.upload("outgrown", small).succeeded());
        assertTrue(api.get("/api/key/outgrown").json().getBoolean("cached"));
        byte[] large = TestImages.noisyPng(1_200_000, 809);
        assertTrue(api.upload("outgrown", large).succeeded());
        assertEquals(0, stats().getInt("items"), "neither the new image (too big) nor the old one is cached");
        Answer read = api.get("/images/outgrown");
        assertEquals("MISS", read.header("X-Cache"));
        assertArrayEquals(large, read.body());
    }

    @Test
    void theCacheWarsEntriesAnswerMissesWithNoContentAndALeaseAndRefuseBadInput() {
        String entries = "/cache/api/entries/";
        String unknown =
                Base64.getUrlEncoder().withoutPadding().encodeToString("never-cached".getBytes(StandardCharsets.UTF_8));
        Answer miss = api.get(entries + unknown);
        assertEquals(204, miss.status());
        assertTrue(Long.parseLong(miss.header("Cache-Lease")) > 0, "a miss hands out a lease");
        assertEquals(404, api.method("HEAD", entries + unknown).status());
        Answer badKey = api.get(entries + "not*base64");
        assertEquals(400, badKey.status());
        assertEquals("Key is not base64url: not*base64", badKey.json().getString("error"));
        Answer badLease = api.method("PUT", entries + unknown + "?lease=soon");
        assertEquals(400, badLease.status());
        assertEquals("Lease is not a number", badLease.json().getString("error"));
        assertEquals(400, api.get(entries).status(), "no key");
    }

    // ---- refusals ----

    @Test
    void badKeysAreRefusedWith400AndNothingIsStored() {
        byte[] image = TestImages.png(3, 3, 3);
        assertRefused(400, "Missing key", api.upload((String) null, image));
        assertRefused(400, "Key must not be blank", api.upload("   ", image));
        assertRefused(400, "Key is too long: 251 characters, at most 250", api.upload("x".repeat(251), image));
        assertRefused(400, "Key must not contain '/'", api.upload("a/b", image));
        // a backslash could be stored but never read through a URL path: the server refuses %5C there
        assertRefused(400, "Key must not contain '\\'", api.upload("a\\b", image));
        assertRefused(400, "Key must not contain '\\'", api.upload("..\\..\\etc", image));
        assertRefused(400, "Key must not contain '\\'", api.get("/api/key?key=a%5Cb"));
        assertRefused(400, "Key must not contain '\\'", api.get("/images?key=a%5Cb"));
        assertRefused(400, "Key must not contain control characters", api.upload("a\u0001b", image));
        assertRefused(400, "Key must not contain '/'", api.get("/api/key/a%2Fb"));
        assertRefused(400, "Key must not be blank", api.get("/api/key/%20"));
        List<String> keys =
                api.get("/api/list_keys").json().getJsonArray("keys").getValuesAs(JsonString::getString);
        assertFalse(keys.contains("a/b")
                || keys.contains("a\\b")
                || keys.contains("a\u0001b")
                || keys.contains("x".repeat(251)));
    }

    @Test
    void badFilesAreRefusedAndTheStoredImageIsKept() {
        byte[] kept = TestImages.png(9, 9, 9);
        assertTrue(api.upload("keep", kept).succeeded());
        assertRefused(400, "Missing file", api.upload("keep", (byte[]) null));
        assertRefused(400, "File is empty", api.upload("keep", new byte[0]));
        assertRefused(
                415,
                "Not an image: accepted formats are PNG, JPEG, GIF, WebP and BMP",
                api.upload("keep", "<html><body>hi</body></html>".getBytes(StandardCharsets.UTF_8)));
        assertRefused(
                415,
                "Not an image: accepted formats are PNG, JPEG, GIF, WebP and BMP",
                api.upload("keep", "<svg xmlns='http://www.w3.org/2000/svg'/>".getBytes(StandardCharsets.UTF_8)));
        byte[] tooBig = new byte[(int) (2 * MB) + 1];
        System.arraycopy(kept, 0, tooBig, 0, kept.length);
        assertRefused(413, "File is larger than the upload limit of 2 MB", api.upload("keep", tooBig));
        byte[] wayTooBig = new byte[(int) (3 * MB)];
        assertRefused(413, "Upload is larger than the limit of 2 MB", api.upload("keep", wayTooBig));
        assertArrayEquals(kept, content("keep"));
        assertEquals(0, countFiles(imagesDir.resolve(".tmp")), "no temp file is left behind");
    }

    @Test
    void brokenImagesAndImageBombsAreRefusedWithoutDecodingThem() {
        byte[] kept = TestImages.png(9, 9, 19);
        assertTrue(api.upload("guarded", kept).succeeded());
        byte[] png = TestImages.png(10, 10, 20);
        byte[] truncated = Arrays.copyOf(png, png.length - 16);
        assertRefused(
                415,
                "Not a valid PNG image: it is truncated or has data after its end",
                api.upload("guarded", truncated));
        byte[] polyglot = Arrays.copyOf(png, png.length + 40);
        System.arraycopy(
                "<html><script>alert(1)</script></html>".getBytes(StandardCharsets.UTF_8), 0, polyglot, png.length, 38);
        assertRefused(
                415,
                "Not a valid PNG image: it is truncated or has data after its end",
                api.upload("guarded", polyglot));
        byte[] bomb = png.clone();
        java.nio.ByteBuffer.wrap(bomb).putInt(16, 60_000).putInt(20, 60_000); // 3.6 gigapixels in the header
        assertRefused(
                413, "Image is too large: 60000 x 60000 pixels, at most 50 megapixels", api.upload("guarded", bomb));
        byte[] magicOnly = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
        assertEquals(415, api.upload("guarded", magicOnly).status());
        assertArrayEquals(kept, content("guarded"));
        assertEquals(0, countFiles(imagesDir.resolve(".tmp")));
    }

    @Test
    void unknownKeysAnswer404() {
        assertRefused(404, "No image for key 'nobody'", api.get("/api/key/nobody"));
        assertRefused(404, "No image for key 'nobody'", api.post("/api/key/nobody"));
        assertRefused(404, "No image for key 'nobody'", api.delete("/api/key/nobody"));
        assertRefused(404, "No image for key 'nobody'", api.get("/api/key?key=nobody"));
        assertRefused(400, "Missing key", api.get("/api/key"));
    }

    @Test
    void wrongMethodsAnswer405AsJson() {
        assertRefused(405, "Method GET is not allowed here", api.get("/api/upload"));
        assertRefused(405, "Method GET is not allowed here", api.get("/api/delete_all"));
        assertRefused(405, "Method PUT is not allowed here", api.method("PUT", "/api/key/x"));
        assertRefused(405, "Method DELETE is not allowed here", api.delete("/api/cache/clear"));
        assertRefused(405, "Method GET is not allowed here", api.get("/api/cache/refresh"));
    }

    @Test
    void uploadThatIsNotMultipartAnswers415() {
        assertRefused(415, "Unsupported request content type", api.postForm("/api/upload", Map.of("key", "x")));
    }

    // ---- the memcache ----

    @Test
    void readsAreHitsAfterUploadAndMissesAfterClear() {
        byte[] image = TestImages.png(6, 6, 66);
        assertTrue(api.upload("hits", image).succeeded());
        JsonObject before = stats();
        assertTrue(api.get("/api/key/hits").json().getBoolean("cached"), "an upload puts the image into the memcache");
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertEquals(0, stats().getInt("items"));
        assertFalse(api.get("/api/key/hits").json().getBoolean("cached"), "a read after clear comes from disk");
        assertTrue(api.get("/api/key/hits").json().getBoolean("cached"), "and puts the image back");
        JsonObject after = stats();
        assertEquals(before.getInt("requests") + 3, after.getInt("requests"));
        assertEquals(before.getInt("hits") + 2, after.getInt("hits"));
        assertEquals(before.getInt("misses") + 1, after.getInt("misses"));
        assertEquals(
                (double) after.getInt("hits") / after.getInt("requests"),
                after.getJsonNumber("hitRate").doubleValue(),
                1e-9);
        assertEquals(
                (double) after.getInt("misses") / after.getInt("requests"),
                after.getJsonNumber("missRate").doubleValue(),
                1e-9);
        assertEquals(1, after.getInt("items"));
        assertEquals(image.length, after.getJsonNumber("bytes").longValue());
    }

    @Test
    void capacityBoundsTheMemcacheAndLruEvictsTheLeastRecentlyRead() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        assertEquals(
                1,
                api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "LRU"))
                        .json()
                        .getInt("capacityMB"));
        List<byte[]> images = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            images.add(TestImages.noisyPng(300_000, 300 + i));
            assertTrue(api.upload("lru-" + i, images.get(i)).succeeded());
        }
        // 4 x ~300 KB do not fit in 1 MB: lru-0 was evicted when lru-3 came in
        JsonObject stats = stats();
        assertEquals(3, stats.getInt("items"));
        assertTrue(stats.getJsonNumber("bytes").longValue() <= MB);
        assertEquals(MB, stats.getJsonNumber("capacityBytes").longValue());
        assertFalse(api.get("/api/key/lru-0").json().getBoolean("cached"));
        // reading lru-0 brought it back and evicted lru-1, the least recently used
        assertFalse(api.get("/api/key/lru-1").json().getBoolean("cached"));
        assertTrue(api.get("/api/key/lru-0").json().getBoolean("cached"));
        assertArrayEquals(images.get(0), content("lru-0"));
    }

    @Test
    void randomPolicyNeverExceedsTheCapacity() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        JsonObject config = api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "random"))
                .json();
        assertEquals("RANDOM", config.getString("policy"));
        long evictionsBefore = stats().getJsonNumber("evictions").longValue();
        for (int i = 0; i < 8; i++) {
            byte[] image = TestImages.noisyPng(200_000, 800 + i);
            assertTrue(api.upload("random-" + i, image).succeeded());
            JsonObject stats = stats();
            assertTrue(stats.getJsonNumber("bytes").longValue() <= MB, "over capacity after upload " + i);
            assertEquals("RANDOM", stats.getString("policy"));
        }
        JsonObject stats = stats();
        assertTrue(stats.getInt("items") >= 4 && stats.getInt("items") <= 5, "items: " + stats.getInt("items"));
        assertTrue(stats.getJsonNumber("evictions").longValue() - evictionsBefore >= 3);
    }

    @Test
    void shrinkingTheCapacityEvictsAndAnImageLargerThanTheCapacityIsNotCached() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        byte[] large = TestImages.noisyPng(1_200_000, 12);
        assertTrue(api.upload("larger-than-1mb", large).succeeded());
        assertEquals(1, stats().getInt("items"));
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1")).succeeded());
        assertEquals(0, stats().getInt("items"), "shrinking evicted it");
        Answer read = api.get("/api/key/larger-than-1mb");
        assertArrayEquals(large, Base64.getDecoder().decode(read.json().getString("content")));
        assertFalse(read.json().getBoolean("cached"));
        assertEquals(0, stats().getInt("items"), "too big to be cached");
    }

    @Test
    void badConfigurationIsRefusedAndNothingChanges() throws Exception {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "7", "policy", "RANDOM"))
                .succeeded());
        for (Map<String, String> bad : List.of(
                Map.of("capacityMB", "abc"),
                Map.of("capacityMB", "0"),
                Map.of("capacityMB", "-3"),
                Map.of("capacityMB", "1.5"),
                Map.of("policy", "LFU"),
                Map.of("capacityMB", "5", "policy", "FIFO"),
                Map.<String, String>of())) {
            Answer answer = api.postForm("/api/cache/config", bad);
            assertEquals(400, answer.status(), bad.toString());
            assertEquals(400, answer.errorCode());
        }
        assertEquals(
                "policy must be one of LRU, RANDOM (or RR), TINYLFU, not 'LFU'",
                api.postForm("/api/cache/config", Map.of("policy", "LFU")).errorMessage());
        JsonObject config = api.get("/api/cache/config").json();
        assertEquals(7, config.getInt("capacityMB"));
        assertEquals("RANDOM", config.getString("policy"));
        try (Connection db = database();
                ResultSet row = db.createStatement().executeQuery("SELECT capacity_mb, policy FROM cache_config")) {
            assertTrue(row.next());
            assertEquals(7, row.getInt(1));
            assertEquals("RANDOM", row.getString(2));
        }
    }

    @Test
    void theCoursesPolicyNameRrMeansRandom() {
        JsonObject config = api.postForm("/api/cache/config", Map.of("capacityMB", "4", "policy", "rr"))
                .json();
        assertEquals("RANDOM", config.getString("policy"));
        assertEquals("RANDOM", stats().getString("policy"));
    }

    @Test
    void tinyLfuKeepsTheImagesReadOftenThroughAScanThatFlushesLru() {
        assertEquals(0, hotHitsAfterAScan("LRU"), "LRU: the scan flushed every image read often");
        int kept = hotHitsAfterAScan("tinylfu");
        assertTrue(kept >= 7, "TINYLFU kept " + kept + " of 8");
        assertEquals("TINYLFU", api.get("/api/cache/config").json().getString("policy"));
    }

    /** With room for 20 images: 8 read 5 times each, then 60 others uploaded and read once; how many of the 8 hit. */
    private int hotHitsAfterAScan(String policy) {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", policy))
                .succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        for (int i = 0; i < 8; i++) {
            assertTrue(
                    api.upload("hot-" + i, TestImages.noisyPng(50_000, 700 + i)).succeeded());
        }
        for (int round = 0; round < 5; round++) {
            for (int i = 0; i < 8; i++) {
                assertEquals(200, api.get("/images/hot-" + i).status());
            }
        }
        for (int i = 0; i < 60; i++) {
            assertTrue(api.upload("scan-" + i, TestImages.noisyPng(50_000, 800 + i))
                    .succeeded());
            assertEquals(200, api.get("/images/scan-" + i).status());
        }
        int hits = 0;
        for (int i = 0; i < 8; i++) {
            hits += "HIT".equals(api.get("/images/hot-" + i).header("X-Cache")) ? 1 : 0;
        }
        return hits;
    }

    @Test
    void theCurveGivesLrusHitRateAtOtherCapacitiesAndStartsAgainAfterClear() {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "1", "policy", "LRU"))
                .succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        JsonObject cleared = api.get("/api/cache/stats").json();
        assertEquals(0, cleared.getJsonNumber("curveReads").longValue());
        // 12 images of about 110 KB: 1 MB holds 9 of them, 2 MB all
        for (int i = 0; i < 12; i++) {
            assertTrue(api.upload("curve-" + i, TestImages.noisyPng(110_000, 900 + i))
                    .succeeded());
        }
        long hitsBefore = stats().getJsonNumber("hits").longValue();
        // reading them in turn, each read comes after 11 other images: LRU misses them all in 1 MB
        for (int round = 0; round < 4; round++) {
            for (int i = 0; i < 12; i++) {
                assertEquals("MISS", api.get("/images/curve-" + i).header("X-Cache"));
            }
        }
        assertEquals(hitsBefore, stats().getJsonNumber("hits").longValue());

        JsonObject answer = api.get("/api/cache/stats").json();
        assertEquals(48, answer.getJsonNumber("curveReads").longValue());
        List<JsonObject> curve = answer.getJsonArray("curve").getValuesAs(JsonObject.class);
        assertEquals(
                List.of(0.25, 0.5, 1.0, 2.0, 4.0, 8.0),
                curve.stream()
                        .map(p -> p.getJsonNumber("capacityMB").doubleValue())
                        .toList());
        double[] rates = curve.stream()
                .mapToDouble(p -> p.getJsonNumber("hitRate").doubleValue())
                .toArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(0.0, rates[i], 0.01, "at " + curve.get(i) + ", as measured at 1 MB");
        }
        for (int i = 3; i < 6; i++) {
            assertEquals(1.0, rates[i], 0.01, "at " + curve.get(i) + " all 12 fit");
        }

        assertTrue(api.post("/api/cache/clear").succeeded());
        answer = api.get("/api/cache/stats").json();
        assertEquals(0, answer.getJsonNumber("curveReads").longValue());
        assertTrue(answer.getJsonArray("curve").getValuesAs(JsonObject.class).stream()
                .allMatch(p -> p.getJsonNumber("hitRate").doubleValue() == 0));
    }

    @Test
    void theSampledReadsCanBeExportedAsATraceForTheSimulator() {
        assertTrue(api.post("/api/cache/clear").succeeded());
        String key = "trace \"é\" ..<b>%";
        byte[] image = TestImages.png(7, 7, 77);
        assertTrue(api.upload(key, image).succeeded());
        assertEquals(200, api.get("/images/" + ApiClient.encode(key)).status());
        assertEquals(200, api.get("/images/" + ApiClient.encode(key)).status());
        Answer trace = api.get("/api/cache/trace");
        assertEquals(200, trace.status());
        assertTrue(trace.header("Content-Type").startsWith("text/plain"));
        List<String> lines =
                new String(trace.body(), StandardCharsets.UTF_8).lines().toList();
        assertEquals("# keys: percent-encoded", lines.get(0));
        // percent-encoded: space, '%' and non-ASCII bytes; quotes, dots and '<' as they are
        String line = "trace%20\"%C3%A9\"%20..<b>%25\t" + image.length;
        assertEquals(2, lines.stream().filter(line::equals).count(), String.join("\n", lines));
    }

    @Test
    void refreshRestoresTheDefaults() {
        assertTrue(api.postForm("/api/cache/config", Map.of("capacityMB", "3", "policy", "random"))
                .succeeded());
        JsonObject refreshed = api.post("/api/cache/refresh").json();
        assertEquals("true", refreshed.getString("success"));
        assertEquals(10, refreshed.getInt("capacityMB"));
        assertEquals("LRU", refreshed.getString("policy"));
        assertEquals(10 * MB, stats().getJsonNumber("capacityBytes").longValue());
        assertEquals("LRU", stats().getString("policy"));
    }

    @Test
    void statsAreSampledIntoTheDatabaseEveryFiveSecondsAndShownAsHistory() throws Exception {
        Timestamp start = Timestamp.from(Instant.now().minusSeconds(1));
        List<Instant> samples = await("three samples since the test began")
                .atMost(Duration.ofSeconds(25))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> samplesSince(start), sampled -> sampled.size() >= 3);
        for (int i = 1; i < samples.size(); i++) {
            long gapMillis =
                    Duration.between(samples.get(i - 1), samples.get(i)).toMillis();
            assertTrue(gapMillis >= 4_000 && gapMillis <= 6_000, "samples 5 s apart: " + samples);
        }
        JsonArray history = api.get("/api/cache/stats").json().getJsonArray("history");
        List<Instant> shown = history.getValuesAs(JsonObject.class).stream()
                .map(h -> Instant.parse(h.getString("at")))
                .toList();
        assertTrue(shown.containsAll(samples), "history " + shown + " lacks " + samples);
        assertTrue(shown.stream()
                .allMatch(at ->
                        at.isAfter(Instant.now().minus(Duration.ofMinutes(10).plusSeconds(5)))));
        JsonObject point = history.getJsonObject(history.size() - 1);
        for (String field : List.of("at", "items", "bytes", "requests", "hits", "misses", "hitRate", "missRate")) {
            assertTrue(point.containsKey(field), field);
        }
    }

    private static List<Instant> samplesSince(Timestamp start) throws SQLException {
        List<Instant> samples = new ArrayList<>();
        try (Connection db = database();
                PreparedStatement query = db.prepareStatement(
                        "SELECT sampled_at FROM cache_stats WHERE sampled_at >= ? ORDER BY sampled_at")) {
            query.setTimestamp(1, start);
            ResultSet rows = query.executeQuery();
            while (rows.next()) {
                samples.add(rows.getTimestamp(1).toInstant());
            }
        }
        return samples;
    }

    // ---- helpers ----

    private JsonObject stats() {
        Answer answer = api.get("/api/cache/stats");
        assertTrue(answer.succeeded());
        return answer.json().getJsonObject("stats");
    }

    private byte[] content(String key) {
        Answer answer = api.get("/api/key/" + ApiClient.encode(key));
        assertEquals(200, answer.status(), key);
        return Base64.getDecoder().decode(answer.json().getString("content"));
    }

    private static void assertRefused(int status, String message, Answer answer) {
        assertEquals(status, answer.status(), new String(answer.body(), StandardCharsets.UTF_8));
        assertEquals("false", answer.json().getString("success"));
        assertEquals(status, answer.errorCode());
        assertEquals(message, answer.errorMessage());
    }

    private long filesNamed(String prefix) {
        try (Stream<Path> files = Files.list(imagesDir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> f.getFileName().toString().startsWith(prefix))
                    .count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long countFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(ItConfig.dbUrl(), ItConfig.dbUser(), ItConfig.dbPassword());
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
