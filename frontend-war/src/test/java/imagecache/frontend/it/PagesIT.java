package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriverException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Every page function done as a person would, in headless Chromium against the real server
 * (started like start.sh, embedded database). Screenshots of each state go to target/screenshots.
 */
class PagesIT {

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    private static Browser browser;
    private static Path files;

    @BeforeAll
    static void openBrowser() throws Exception {
        browser = new Browser(Path.of(ItConfig.property("it.screenshotDir")));
        files = Files.createDirectories(ItConfig.workDir().resolve("pages-files"));
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.close();
        }
    }

    @BeforeEach
    void emptyStoreAndDefaultMemcache() {
        if (browser.driver().getCurrentUrl().startsWith("http")) {
            browser.driver().manage().deleteAllCookies(); // each test starts as a first visit (table view)
            // and leaves the last page: its poll, now without a session, must not answer with an error page
            browser.open("about:blank");
        }
        assertTrue(server.api().post("/api/delete_all").succeeded());
        assertTrue(server.api().post("/api/cache/refresh").succeeded());
        browser.resize(1280, 1600);
    }

    @Test
    void formsWorkWithoutJavaScript() throws Exception {
        HttpClient plain =
                HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        String page = plain.send(
                        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
        String settings = page.substring(page.indexOf("<form id=\"settings\""));
        settings = settings.substring(0, settings.indexOf("</form>"));
        Map<String, String> form = new LinkedHashMap<>();
        form.put("settings", "settings");
        form.put("settings:capacity", "7");
        form.put("settings:policy", "RANDOM");
        form.put("settings:apply", "");
        form.put("jakarta.faces.ViewState", hiddenValue(settings, "jakarta.faces.ViewState"));
        form.put("primefaces.nonce", hiddenValue(settings, "primefaces.nonce"));
        String body = ApiClient.formBody(form);
        // what a browser without JavaScript sends when Apply is pressed: a plain form post
        HttpResponse<String> answer = plain.send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/index.xhtml"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.body().contains("Memcache set to 7 MB, RANDOM."), answer.body());
        JsonObject config = server.api().get("/api/cache/config").json();
        assertEquals(7, config.getInt("capacityMB"));
        assertEquals("RANDOM", config.getString("policy"));
    }

    /** The value of a form's hidden field, as the page rendered it. */
    private static String hiddenValue(String form, String name) {
        Matcher field = Pattern.compile(
                        "<input type=\"hidden\" name=\"" + Pattern.quote(name) + "\"[^>]*? value=\"([^\"]*)\"")
                .matcher(form);
        assertTrue(field.find(), name + " in " + form);
        return field.group(1);
    }

    @Test
    void uploadFindReplaceAndDeleteByClicking() throws Exception {
        home();
        assertTrue(
                text(By.id("upload")).contains("PNG, JPEG, GIF, WebP or BMP, up to 2 MB"), "limit and formats shown");
        browser.screenshot("home-empty");

        upload("sunset", file("sunset.png", TestImages.png(240, 160, 1)));
        assertMessage("Uploaded 'sunset'.");
        assertTrue(keysInTable().contains("sunset"));
        browser.screenshot("uploaded");

        upload("sunset", file("sunset2.png", TestImages.png(160, 240, 2)));
        assertMessage("Replaced the image under 'sunset'.");
        assertEquals(1, keysInTable().stream().filter("sunset"::equals).count());

        // search by typing: the image is read from disk the first time... (the upload put it into the memcache)
        WebElement search = browser.find(By.id("find:key_input"));
        search.sendKeys("sunset");
        browser.waitFor().until(d -> suggestions().equals(List.of("sunset")));
        search.sendKeys(Keys.ENTER); // the first suggestion is highlighted
        browser.waitFor().until(ExpectedConditions.urlContains("image.xhtml"));
        assertEquals("sunset", text(By.id("foundKey")));
        assertEquals("image/png", text(By.id("foundType")));
        assertTrue(text(By.id("foundSource")).contains("from the memcache (hit)"));
        assertImageShownWithin300(160, 240);
        browser.screenshot("found");

        server.api().post("/api/cache/clear");
        browser.driver().navigate().refresh();
        assertTrue(text(By.id("foundSource")).contains("from disk (miss"));
        assertImageShownWithin300(160, 240);

        browser.find(By.id("back")).click();
        browser.find(By.id("upload"));
        clickKey("sunset");
        assertEquals("sunset", text(By.id("foundKey")));
        browser.find(By.id("back")).click();

        WebElement row = rowOf("sunset");
        row.findElement(By.cssSelector("button.delete")).click();
        WebElement dialog = browser.find(By.cssSelector(".ui-confirm-dialog"));
        assertTrue(dialog.getText().contains("Delete the image under 'sunset'?"));
        browser.screenshot("confirm-delete");
        browser.find(By.id("confirmForm:confirmYes")).click();
        assertMessage("Deleted the image under 'sunset'.");
        assertFalse(keysInTable().contains("sunset"));
        assertEquals(404, server.api().get("/images/sunset").status());
    }

    @Test
    void refusalsAreExplainedAndStoreNothing() throws Exception {
        home();
        upload("   ", file("ok.png", TestImages.png(8, 8, 3)));
        assertMessage("Not uploaded: Key must not be blank");

        upload("fake", file("fake.png", "<html>not an image</html>".getBytes(StandardCharsets.UTF_8)));
        assertMessage("Not uploaded: Not an image: accepted formats are PNG, JPEG, GIF, WebP and BMP");
        browser.screenshot("refused-not-an-image");

        upload("empty", file("empty.png", new byte[0]));
        assertMessage("Not uploaded: File is empty");

        // too big: refused in the browser before anything is sent
        chooseFile(file("big.png", TestImages.noisyPng(2_300_000, 4)));
        browser.waitFor().until(d -> d.findElement(By.tagName("main")).getText().contains("Invalid file size"));
        browser.screenshot("refused-too-big");
        assertEquals(
                0,
                server.api().get("/api/list_keys").json().getJsonArray("keys").size());

        openImage("nobody-here");
        assertTrue(text(By.id("problem")).contains("No image is stored under this key."));
        assertEquals("nobody-here", text(By.id("missingKey")));
        browser.screenshot("unknown-key");
        browser.find(By.id("back")).click();
        browser.find(By.id("upload"));
    }

    @Test
    void hostileKeysAreShownAsText() throws Exception {
        String hostile = "<script>alert('x')</script>";
        String quotes = "' OR '1'='1";
        assertTrue(server.api()
                .upload(hostile.replace("/", ""), TestImages.png(20, 20, 5))
                .succeeded());
        home();
        upload(quotes, file("q.png", TestImages.png(20, 20, 6)));
        assertMessage("Uploaded '" + quotes + "'.");
        List<String> keys = keysInTable();
        assertTrue(keys.contains("<script>alert('x')<script>"), keys.toString());
        assertTrue(keys.contains(quotes));
        assertThrows(
                NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
        browser.screenshot("hostile-keys");
        clickKey("<script>alert('x')<script>");
        assertEquals("<script>alert('x')<script>", text(By.id("foundKey")));
        assertImageShownWithin300(20, 20);
        assertThrows(
                NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
    }

    @Test
    void keyListFiltersSortsAndPages() throws Exception {
        for (int i = 0; i < 23; i++) {
            assertTrue(server.api()
                    .upload(String.format(Locale.ROOT, "item-%02d", i), TestImages.png(4, 4, 100 + i))
                    .succeeded());
        }
        assertTrue(server.api().upload("other", TestImages.png(4, 4, 99)).succeeded());
        home();
        assertTrue(text(By.id("keys")).contains("Keys stored: 24"));
        assertEquals(10, keysInTable().size());
        WebElement filter = browser.find(By.id("keys:filter"));
        filter.sendKeys("ITEM-1");
        browser.waitFor()
                .until(d -> keysInTable().size() == 10 && keysInTable().get(0).equals("item-10"));
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), "m-2");
        browser.waitFor().until(d -> keysInTable().equals(List.of("item-20", "item-21", "item-22")));
        browser.screenshot("filtered");
        filter.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.BACK_SPACE);
        browser.waitFor().until(d -> text(By.id("keys")).contains("Keys stored: 24"));
        browser.waitFor().until(d -> keysInTable().get(0).equals("item-00"));
        chooseOrder("Key, Z to A");
        browser.waitFor().until(d -> keysInTable().get(0).equals("other"));
        browser.find(By.cssSelector("#keys .ui-paginator-next")).click();
        browser.waitFor().until(d -> keysInTable().get(0).equals("item-13"));

        browser.find(By.id("keys:deleteAll")).click();
        assertTrue(browser.find(By.cssSelector(".ui-confirm-dialog")).getText().contains("Delete every stored image"));
        browser.find(By.id("confirmForm:confirmYes")).click();
        assertMessage("Deleted every image.");
        browser.waitFor().until(d -> text(By.id("keys")).contains("Keys stored: 0"));
        assertEquals(
                0,
                server.api().get("/api/list_keys").json().getJsonArray("keys").size());
    }

    @Test
    void memcacheIsWatchedAndTuned() throws Exception {
        home();
        String before = text(By.id("stat-requests"));
        assertTrue(server.api().upload("watched", TestImages.png(30, 30, 7)).succeeded());
        server.api().get("/images/watched");
        // the numbers refresh by themselves every 5 s
        browser.waitFor()
                .until(d -> text(By.id("stat-items")).equals("1")
                        && !text(By.id("stat-requests")).equals(before));
        // counters are cumulative since the server started: the page shows the API's figures
        JsonObject stats = server.api().get("/api/cache/stats").json().getJsonObject("stats");
        assertEquals(
                String.format(Locale.ROOT, "%.1f %%", 100.0 * stats.getInt("hits") / stats.getInt("requests")),
                text(By.id("stat-hitrate")));
        assertEquals(String.valueOf(stats.getInt("requests")), text(By.id("stat-requests")));
        home();
        assertTrue(keysInTable().contains("watched"));
        browser.find(By.id("cache:rates"));
        // the hit-rate curve, drawn from the reads the API counts too
        long curveReads = server.api()
                .get("/api/cache/stats")
                .json()
                .getJsonNumber("curveReads")
                .longValue();
        assertTrue(curveReads > 0);
        browser.find(By.cssSelector("[id='cache:curve'] canvas"));
        browser.waitFor().until(d -> text(By.id("curve-reads")).contains("from the " + curveReads + " reads"));
        server.api().get("/images/watched");
        browser.waitFor().until(d -> text(By.id("curve-reads")).contains("from the " + (curveReads + 1) + " reads"));
        browser.screenshot("home-with-data");

        WebElement capacity = browser.find(By.id("settings:capacity"));
        capacity.clear();
        capacity.sendKeys("abc");
        browser.find(By.id("settings:apply")).click();
        assertMessage("Not changed: capacityMB must be a positive integer, not 'abc'");
        browser.screenshot("bad-capacity");
        assertEquals(
                "10",
                server.api().get("/api/cache/config").json().get("capacityMB").toString());

        capacity = browser.find(By.id("settings:capacity"));
        capacity.clear();
        capacity.sendKeys("5");
        browser.find(By.xpath("//label[text()='Random']")).click();
        browser.find(By.id("settings:apply")).click();
        assertMessage("Memcache set to 5 MB, RANDOM.");
        browser.waitFor()
                .until(d -> text(By.id("stat-policy")).equals("RANDOM")
                        && text(By.id("stat-size")).endsWith("of 5.00 MB"));

        browser.find(By.xpath("//label[text()='TinyLFU']")).click();
        browser.find(By.id("settings:apply")).click();
        assertMessage("Memcache set to 5 MB, TINYLFU.");
        browser.waitFor().until(d -> text(By.id("stat-policy")).equals("TINYLFU"));

        browser.find(By.id("settings:refresh")).click();
        assertMessage("Memcache configuration back to its defaults: 10 MB, LRU.");
        browser.waitFor().until(d -> text(By.id("stat-policy")).equals("LRU"));
        assertEquals("10", browser.find(By.id("settings:capacity")).getDomProperty("value"));

        browser.find(By.id("settings:clear")).click();
        browser.find(By.id("confirmForm:confirmYes")).click();
        assertMessage("Memcache cleared.");
        browser.waitFor().until(d -> text(By.id("stat-items")).equals("0"));
        browser.waitFor().until(d -> text(By.id("curve-reads")).contains("from the 0 reads"));
        assertEquals(
                0,
                server.api()
                        .get("/api/cache/stats")
                        .json()
                        .getJsonObject("stats")
                        .getInt("items"));
    }

    @Test
    void phoneWidthKeepsEveryFunctionReachable() throws Exception {
        assertTrue(server.api().upload("on a phone", TestImages.png(50, 50, 8)).succeeded());
        browser.resize(390, 1800);
        home();
        for (String id : List.of("upload:key", "find:key_input", "settings:apply", "keys")) {
            assertTrue(browser.find(By.id(id)).isDisplayed(), id);
        }
        long overflow = (Long) browser.driver()
                .executeScript("return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertTrue(overflow <= 0, "no sideways scrolling: " + overflow + " px");
        browser.screenshot("phone");
    }

    @Test
    void thumbnailsGalleryAndCompletionLetPeopleFindImagesByLookingAndTyping() throws Exception {
        String hostile = "<img src=x onerror=alert(1)>";
        assertTrue(server.api()
                .upload("beach-sunrise", TestImages.png(800, 600, 21))
                .succeeded());
        assertTrue(server.api().upload("Beach-sunset", TestImages.jpeg(22)).succeeded());
        assertTrue(server.api().upload("beacon", TestImages.gif(23)).succeeded());
        assertTrue(server.api().upload("forest", TestImages.bmp(24)).succeeded());
        assertTrue(server.api().upload(hostile, TestImages.png(300, 100, 25)).succeeded());
        List<String> landscapes = List.of("canyon", "dunes", "glacier", "harbour", "lagoon", "meadow", "valley");
        for (int i = 0; i < landscapes.size(); i++) {
            assertTrue(server.api()
                    .upload(landscapes.get(i), TestImages.photo(i % 3 == 0 ? 600 : 900, 600, 40 + i))
                    .succeeded());
        }
        home();

        // the table leads with thumbnails, sized before they load so the page does not jump
        WebElement thumb = thumbnailOf("beach-sunrise");
        assertEquals("lazy", thumb.getDomAttribute("loading"));
        assertEquals("48", thumb.getDomAttribute("width"));
        assertEquals("36", thumb.getDomAttribute("height"));
        assertThumbnailLoaded(thumb, 256, 192);
        assertTrue(text(By.id("keys")).contains("800 \u00d7 600"), "pixels shown in the list");
        browser.screenshot("table-with-thumbnails");

        // the gallery: the same images, filtered the same way, and remembered
        chooseView("Gallery");
        browser.waitFor()
                .until(d -> d.findElements(By.cssSelector("#keys figure.tile")).size() == 12);
        for (WebElement tile : browser.driver().findElements(By.cssSelector("#keys figure.tile img.thumb"))) {
            assertThumbnailLoaded(tile, -1, -1);
        }
        assertTrue(keysInTable().contains(hostile), "a hostile key is a caption, as text");
        browser.screenshot("gallery");
        browser.find(By.id("keys:filter")).sendKeys("BEA");
        // key order compares exactly: capitals first
        browser.waitFor().until(d -> keysInTable().equals(List.of("Beach-sunset", "beach-sunrise", "beacon")));
        browser.screenshot("gallery-filtered");
        home();
        browser.waitFor()
                .until(d -> !d.findElements(By.cssSelector("#keys figure.tile")).isEmpty());
        assertTrue(browser.driver().findElements(By.cssSelector("#keys table")).isEmpty(), "still the gallery");
        chooseView("Table");
        browser.waitFor()
                .until(d -> !d.findElements(By.cssSelector("#keys tbody tr")).isEmpty());
        home();
        browser.find(By.cssSelector("#keys tbody tr img.thumb"));

        // the find box completes keys, ignoring case; the keyboard picks one and Enter opens it
        WebElement find = browser.find(By.id("find:key_input"));
        find.sendKeys("bea");
        browser.waitFor().until(d -> suggestions().equals(List.of("beach-sunrise", "Beach-sunset", "beacon")));
        browser.screenshot("autocomplete");
        find.sendKeys(Keys.ARROW_DOWN, Keys.ENTER); // the first is highlighted: down picks the second
        browser.waitFor().until(ExpectedConditions.urlContains("image.xhtml"));
        assertEquals("Beach-sunset", text(By.id("foundKey")));
        assertEquals("64 \u00d7 48", text(By.id("foundPixels")));

        // hostile keys stay text among the suggestions
        home();
        find = browser.find(By.id("find:key_input"));
        find.sendKeys("<im");
        browser.waitFor().until(d -> suggestions().equals(List.of(hostile)));
        assertThrows(
                NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
        browser.screenshot("autocomplete-hostile");
        find.sendKeys(Keys.ENTER);
        browser.waitFor().until(ExpectedConditions.urlContains("image.xhtml"));
        assertEquals(hostile, text(By.id("foundKey")));
        assertEquals("300 \u00d7 100", text(By.id("foundPixels")));
        assertThrows(
                NoAlertPresentException.class, () -> browser.driver().switchTo().alert());
    }

    // ---- what a person does ----

    /**
     * Picks an order in the menu until the menu shows it: a click can land beside the item when the
     * page above it is re-rendered by the 5-second poll between finding the item and clicking it.
     */
    private void chooseOrder(String label) {
        By item = By.xpath("//li[contains(@class,'ui-selectonemenu-item')][text()='" + label + "']");
        browser.waitFor().until(d -> {
            try {
                if (label.equals(d.findElement(By.id("keys:order_label")).getText())) {
                    return true;
                }
                List<WebElement> shown = d.findElements(item).stream()
                        .filter(WebElement::isDisplayed)
                        .toList();
                if (shown.isEmpty()) {
                    d.findElement(By.id("keys:order")).click();
                } else {
                    shown.get(0).click();
                }
            } catch (WebDriverException retried) {
                // stale or covered while the page changed: try again
            }
            return false;
        });
    }

    private void chooseView(String label) {
        browser.find(By.xpath("//div[@id='keys:view']//span[text()='" + label + "']/.."))
                .click();
    }

    private List<String> suggestions() {
        return browser.driver().findElements(By.cssSelector("#find\\:key_panel li.ui-autocomplete-item")).stream()
                .filter(WebElement::isDisplayed)
                .map(WebElement::getText)
                .toList();
    }

    private WebElement thumbnailOf(String key) {
        return rowOf(key).findElement(By.cssSelector("img.thumb"));
    }

    /** Waits for a lazily loaded thumbnail to arrive (scrolled into view), and checks its size when given. */
    private void assertThumbnailLoaded(WebElement image, int width, int height) {
        browser.driver().executeScript("arguments[0].scrollIntoView({block: 'center'});", image);
        browser.waitFor()
                .until(d -> ((Number) browser.driver()
                                        .executeScript(
                                                "return arguments[0].complete ? arguments[0].naturalWidth : 0;", image))
                                .intValue()
                        > 0);
        assertTrue(image.getDomAttribute("src").contains("size=thumb"), image.getDomAttribute("src"));
        if (width > 0) {
            assertEquals(
                    width,
                    ((Number) browser.driver().executeScript("return arguments[0].naturalWidth;", image)).intValue());
            assertEquals(
                    height,
                    ((Number) browser.driver().executeScript("return arguments[0].naturalHeight;", image)).intValue());
        }
    }

    private void home() {
        browser.open(server.baseUrl() + "/");
        browser.find(By.id("upload"));
    }

    private void openImage(String key) {
        browser.open(server.baseUrl() + "/image.xhtml?key=" + ApiClient.encode(key));
    }

    private void chooseFile(Path file) {
        browser.driver().findElement(By.id("upload:file_input")).sendKeys(file.toString());
    }

    private void upload(String key, Path file) {
        WebElement keyField = browser.find(By.id("upload:key"));
        keyField.clear();
        keyField.sendKeys(key);
        chooseFile(file);
        browser.find(By.cssSelector("#upload .ui-fileupload-upload")).click();
    }

    private void clickKey(String key) {
        rowOf(key).findElement(By.cssSelector("a.key-link")).click();
        browser.waitFor().until(ExpectedConditions.urlContains("image.xhtml"));
    }

    private WebElement rowOf(String key) {
        return browser.waitFor()
                .until(d -> d.findElements(By.cssSelector("#keys tbody tr")).stream()
                        .filter(r ->
                                !r.findElements(By.cssSelector("a.key-link")).isEmpty())
                        .filter(r -> r.findElement(By.cssSelector("a.key-link"))
                                .getText()
                                .equals(key))
                        .findFirst()
                        .orElse(null));
    }

    private List<String> keysInTable() {
        return browser.driver().findElements(By.cssSelector("#keys a.key-link")).stream()
                .map(WebElement::getText)
                .toList();
    }

    private void assertMessage(String expected) {
        try {
            browser.waitFor()
                    .until(d -> d.findElements(By.cssSelector("#messages li")).stream()
                            .anyMatch(m -> m.getText().equals(expected)));
        } catch (TimeoutException e) {
            browser.screenshot("missing-message");
            throw new AssertionError(
                    "Expected the message '" + expected + "'; the page says: "
                            + browser.driver().findElement(By.tagName("main")).getText(),
                    e);
        }
    }

    private void assertImageShownWithin300(int width, int height) {
        WebElement picture = browser.find(By.id("picture"));
        browser.waitFor()
                .until(d -> ((Number) browser.driver()
                                        .executeScript(
                                                "return arguments[0].complete ? arguments[0].naturalWidth : 0;",
                                                picture))
                                .intValue()
                        == width);
        assertEquals(
                height,
                ((Number) browser.driver().executeScript("return arguments[0].naturalHeight;", picture)).intValue());
        assertTrue(
                picture.getSize().getWidth() <= 300 && picture.getSize().getHeight() <= 300,
                picture.getSize().toString());
    }

    private static String text(By by) {
        return browser.find(by).getText();
    }

    private static Path file(String name, byte[] content) throws Exception {
        return Files.write(files.resolve(name), content);
    }
}
