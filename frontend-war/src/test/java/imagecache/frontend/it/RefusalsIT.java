package imagecache.frontend.it;

import static imagecache.frontend.it.ApiChecks.MB;
import static imagecache.frontend.it.ApiChecks.assertRefused;
import static imagecache.frontend.it.ApiChecks.content;
import static imagecache.frontend.it.ApiChecks.countFiles;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonString;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What the JSON API refuses, and how: bad keys, bad files, broken images and image bombs, unknown
 * keys, wrong methods and content types; each answer with its status, code and message, and
 * nothing stored.
 */
class RefusalsIT extends ApiTest {

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
        assertArrayEquals(kept, content(api, "keep"));
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
        assertArrayEquals(kept, content(api, "guarded"));
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
}
