package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/**
 * Who may do what, with ADMIN_TOKEN set: admin calls need the token (API: bearer, pages: sign-in),
 * every response carries the protective headers, and the health endpoints report readiness.
 */
class SecurityIT {

    private static final String TOKEN = "correct horse battery staple";

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("secured", Map.of("ADMIN_TOKEN", TOKEN));

    @Test
    void adminCallsNeedTheBearerToken() throws Exception {
        ApiClient api = server.api();
        assertTrue(api.upload("protected", TestImages.png(5, 5, 5)).succeeded(), "uploads stay open");
        List<String[]> adminCalls = List.of(
                new String[] {"POST", "/api/cache/clear"},
                new String[] {"POST", "/api/cache/refresh"},
                new String[] {"GET", "/api/cache/trace"},
                new String[] {"DELETE", "/api/key/protected"},
                new String[] {"DELETE", "/api/key?key=protected"},
                new String[] {"POST", "/api/delete_all"},
                new String[] {"POST", "/api/configure_cache?cacheSize=1"});
        for (String[] call : adminCalls) {
            Answer anonymous = send(call[0], call[1], null, null);
            assertEquals(401, anonymous.status(), call[1]);
            assertEquals("This call needs the admin token: Authorization: Bearer <token>", anonymous.errorMessage());
            assertTrue(anonymous.header("WWW-Authenticate").startsWith("Bearer"));
            Answer wrong = send(call[0], call[1], "Bearer not-it", null);
            assertEquals(403, wrong.status(), call[1]);
            assertEquals("The admin token is wrong", wrong.errorMessage());
        }
        assertEquals(
                401, send("POST", "/api/cache/config", null, "capacityMB=1").status());
        assertEquals(10, api.get("/api/cache/config").json().getInt("capacityMB"), "nothing changed");
        assertEquals(200, api.get("/api/key/protected").status(), "reads stay open; nothing was deleted");

        assertEquals(
                1,
                send("POST", "/api/cache/config", "Bearer " + TOKEN, "capacityMB=1")
                        .json()
                        .getInt("capacityMB"));
        assertEquals(
                200, send("POST", "/api/cache/refresh", "Bearer " + TOKEN, null).status());
        Answer trace = send("GET", "/api/cache/trace", "Bearer " + TOKEN, null);
        assertEquals(200, trace.status());
        assertTrue(
                new String(trace.body(), StandardCharsets.UTF_8).contains("\nprotected\t"),
                "the trace holds the read of 'protected' with its size");
        assertEquals(
                200,
                send("DELETE", "/api/key/protected", "Bearer " + TOKEN, null).status());
        assertEquals(404, api.get("/api/key/protected").status());
    }

    @Test
    void theCacheWarAnswersOnlyTheFrontEnd() {
        ApiClient api = server.api();
        byte[] image = TestImages.png(5, 5, 7);
        assertTrue(api.upload("guarded", image).succeeded());
        String entry = "/cache/api/entries/"
                + Base64.getUrlEncoder().withoutPadding().encodeToString("guarded".getBytes(StandardCharsets.UTF_8));
        assertEquals(401, send("GET", entry, null, null).status(), "no reading the memcache around the front end");
        assertEquals(401, send("PUT", entry, null, "forged").status(), "no forging an image");
        assertEquals(401, send("DELETE", "/cache/api/entries", null, null).status());
        assertEquals(
                401, send("GET", "/cache/api/config", "Bearer not-it", null).status());
        Answer read = api.get("/images/guarded");
        assertEquals("HIT", read.header("X-Cache"), "the front end still reads the memcache");
        assertArrayEquals(image, read.body());
    }

    @Test
    void everyKindOfResponseCarriesTheProtectiveHeaders() {
        ApiClient api = server.api();
        assertTrue(api.upload("headers", TestImages.png(5, 5, 6)).succeeded());
        for (String path : List.of(
                "/",
                "/image.xhtml?key=headers",
                "/api/list_keys",
                "/api/key/nobody",
                "/images/headers",
                "/error.html")) {
            Answer answer = api.get(path);
            String policy = answer.header("Content-Security-Policy");
            assertTrue(
                    policy != null
                            && policy.contains("frame-ancestors 'none'")
                            && policy.contains("default-src 'self'"),
                    path);
            assertEquals("nosniff", answer.header("X-Content-Type-Options"), path);
            assertEquals("DENY", answer.header("X-Frame-Options"), path);
            assertEquals("same-origin", answer.header("Referrer-Policy"), path);
        }
        assertEquals(
                "image/png",
                api.get("/images/headers").header("Content-Type"),
                "the sniffed type, whatever was declared");
    }

    /**
     * Signed in, the settings form is posted the way the page's Apply button posts it, but with the
     * view state left out or forged: nothing changes. The same post with the page's own view state
     * does change the settings, so the refusals are the view state's doing, not the post's shape.
     */
    @Test
    void signedInFormPostsWithAMissingOrForgedViewStateChangeNothing() {
        try (Browser browser =
                new Browser(Path.of(ItConfig.property("it.screenshotDir")).resolve("security-viewstate"))) {
            browser.open(server.baseUrl() + "/");
            browser.find(By.id("admin:token")).sendKeys(TOKEN);
            browser.find(By.id("admin:signIn")).click();
            waitForMessage(browser, "Signed in as admin.");
            // hidden, so not through find(), which waits for a visible element
            String viewState = browser.driver()
                    .findElement(By.cssSelector("#settings input[name='jakarta.faces.ViewState']"))
                    .getAttribute("value");

            postSettings(browser, null, 2);
            postSettings(browser, "-1234567890:987654321", 2);
            postSettings(browser, withOneCharacterChanged(viewState), 2);
            JsonObject config = server.api().get("/api/cache/config").json();
            assertEquals(10, config.getInt("capacityMB"), "missing or forged view state");
            assertEquals("LRU", config.getString("policy"));

            postSettings(browser, viewState, 3);
            assertEquals(
                    3, server.api().get("/api/cache/config").json().getInt("capacityMB"), "the page's own view state");
            assertEquals(
                    200,
                    send("POST", "/api/cache/refresh", "Bearer " + TOKEN, null).status());
        }
    }

    /** The view state with its middle character replaced by a different one (never the same text). */
    private static String withOneCharacterChanged(String viewState) {
        int middle = viewState.length() / 2;
        char replacement = viewState.charAt(middle) == '0' ? '1' : '0';
        return viewState.substring(0, middle) + replacement + viewState.substring(middle + 1);
    }

    /** Posts the settings form from the signed-in page as its Apply button's request does; null: no view state. */
    private static void postSettings(Browser browser, String viewState, int capacityMB) {
        String status = String.valueOf(browser.driver().executeAsyncScript("""
                const [viewState, capacity, done] = arguments;
                const form = new URLSearchParams({
                  'jakarta.faces.partial.ajax': 'true', 'jakarta.faces.source': 'settings:apply',
                  'jakarta.faces.partial.execute': 'settings', 'jakarta.faces.partial.render': 'settings messages',
                  'settings:apply': 'settings:apply', 'settings': 'settings',
                  'settings:capacity': String(capacity), 'settings:policy': 'RANDOM'});
                if (viewState !== null) form.append('jakarta.faces.ViewState', viewState);
                fetch('index.xhtml', {method: 'POST', body: form, headers: {'Faces-Request': 'partial/ajax'}})
                  .then(r => r.text().then(body => done(r.status + ' ' + body)), e => done('failed ' + e));
                """, viewState, capacityMB));
        assertTrue(!status.startsWith("failed"), status);
        assertTrue(!status.contains("at jakarta.") && !status.contains("at org."), "no stack trace: " + status);
    }

    @Test
    void healthReportsLivenessAndReadinessOfDatabaseAndMemcache() {
        JsonObject live = server.api().get("/health/live").json();
        assertEquals("UP", live.getString("status"));
        Answer ready = server.api().get("/health/ready");
        assertEquals(200, ready.status());
        JsonObject readiness = ready.json();
        assertEquals("UP", readiness.getString("status"));
        List<String> checks = readiness.getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .map(c -> c.getString("name") + "=" + c.getString("status"))
                .toList();
        assertTrue(checks.containsAll(List.of("database=UP", "memcache=UP")), checks.toString());
    }

    @Test
    void pagesAskForASignInBeforeAdminActions() {
        try (Browser browser =
                new Browser(Path.of(ItConfig.property("it.screenshotDir")).resolve("security"))) {
            browser.open(server.baseUrl() + "/");
            browser.find(By.id("settings:clear")).click();
            browser.find(By.id("confirmForm:confirmYes")).click();
            waitForMessage(browser, "Sign in as admin to do this.");
            browser.screenshot("sign-in-needed");

            browser.find(By.id("admin:token")).sendKeys("guess");
            browser.find(By.id("admin:signIn")).click();
            waitForMessage(browser, "That is not the admin token.");

            WebElement token = browser.find(By.id("admin:token"));
            token.clear();
            token.sendKeys(TOKEN);
            browser.find(By.id("admin:signIn")).click();
            waitForMessage(browser, "Signed in as admin.");
            browser.find(By.id("signedIn"));

            WebElement capacity = browser.find(By.id("settings:capacity"));
            capacity.clear();
            capacity.sendKeys("4");
            browser.find(By.id("settings:apply")).click();
            waitForMessage(browser, "Memcache set to 4 MB, LRU.");
            browser.screenshot("signed-in");
            assertEquals(4, server.api().get("/api/cache/config").json().getInt("capacityMB"));
            assertEquals(
                    200,
                    send("POST", "/api/cache/refresh", "Bearer " + TOKEN, null).status());
        }
    }

    @Test
    void thePoolManagerPageAsksForTheTokenBeforeActing() {
        try (Browser browser =
                new Browser(Path.of(ItConfig.property("it.screenshotDir")).resolve("security-manager"))) {
            browser.open(server.baseUrl() + "/manager.xhtml");
            browser.find(By.id("pool:grow")).click();
            waitForMessage(browser, "Sign in as admin to do this.");
            browser.find(By.id("sizing:maxMiss")).clear();
            browser.find(By.id("sizing:maxMiss")).sendKeys("0.9");
            browser.find(By.id("sizing:apply")).click();
            waitForMessage(browser, "Sign in as admin to do this.");
            browser.screenshot("manager-sign-in-needed");
            JsonObject pool = server.api().get("/api/cache/pool").json();
            assertEquals(1, pool.getInt("target"), "not grown: " + pool);
            assertEquals(false, pool.getBoolean("changing"), pool.toString());

            browser.find(By.id("admin:token")).sendKeys(TOKEN);
            browser.find(By.id("admin:signIn")).click();
            waitForMessage(browser, "Signed in as admin.");
            // signed in, the action reaches the pool, which refuses a pool of none as the API does
            browser.find(By.id("pool:shrink")).click();
            waitForMessage(browser, "Not shrunk: A pool has 1 to 8 cache nodes (POOL_MAX_NODES); 0 is outside");
        }
    }

    private static void waitForMessage(Browser browser, String expected) {
        browser.waitFor()
                .until(d -> d.findElements(By.cssSelector("#messages li")).stream()
                        .anyMatch(m -> m.getText().equals(expected)));
    }

    private static Answer send(String method, String path, String authorization, String form) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                    .method(method, form == null ? BodyPublishers.noBody() : BodyPublishers.ofString(form));
            if (form != null) {
                request.header("Content-Type", "application/x-www-form-urlencoded");
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            var response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(request.build(), BodyHandlers.ofByteArray());
            return new Answer(response.statusCode(), response.body(), response);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
