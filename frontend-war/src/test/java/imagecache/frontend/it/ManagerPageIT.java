package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestInstance.Lifecycle;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The pool manager page in headless Chromium, as an administrator uses it, on the shared plain server
 * (a pool of one that starts cache nodes itself), in named steps: the page shows the pool and its
 * last minutes after some reads; sizing with a bad value changes nothing, then auto mode with
 * thresholds that never resize; grown by hand to two nodes and shrunk back; capacity and policy of
 * every node; clear; the auto-scaler's decision in the log; delete all after a confirmation. The
 * server is left as it was found: one node, manual mode, the default thresholds.
 */
@TestInstance(Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class ManagerPageIT {

    private static final Logger LOG = Logger.getLogger(ManagerPageIT.class.getName());
    private static final Duration RESIZED_WITHIN = Duration.ofSeconds(150);
    /** The plain server's auto-scaler decides every AUTOSCALE_INTERVAL_S, 60 s. */
    private static final Duration DECIDED_WITHIN = Duration.ofSeconds(100);

    private static final int KEYS = 4;
    private static final int READS = 40;

    @RegisterExtension
    static final StartedServers server = StartedServers.shared("plain", StartedServers.PLAIN);

    private Browser browser;
    private String failedStep;

    @RegisterExtension
    final TestWatcher stepsStopAtAFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            failedStep = context.getDisplayName();
        }
    };

    @BeforeAll
    void openBrowser() {
        browser = new Browser(Path.of(ItConfig.property("it.screenshotDir")).resolve("manager"));
    }

    @AfterAll
    void closeBrowserAndPutTheSizingBack() {
        try {
            if (browser != null) {
                browser.close();
            }
        } finally {
            ApiClient.Answer back = server.api()
                    .post("/api/configure_cache?mode=manual&expRatio=2.0&shrinkRatio=0.5&maxMiss=0.5&minMiss=0.2");
            assertEquals(200, back.status(), back.text());
        }
    }

    @BeforeEach
    void theStepsBeforeHavePassed() {
        assumeTrue(failedStep == null, () -> "skipped: the step " + failedStep + " failed");
    }

    @Test
    @Order(1)
    void theHomePageLeadsToThePoolAndItsLastMinutesAfterSomeReads() {
        for (int i = 0; i < KEYS; i++) {
            assertTrue(server.api()
                    .upload("managed-" + i, TestImages.png(40, 40, i))
                    .succeeded());
        }
        for (int i = 0; i < READS; i++) {
            assertEquals(200, server.api().get("/images/managed-" + i % KEYS).status());
        }
        browser.open(server.baseUrl() + "/");
        browser.find(By.id("managerLink")).click();
        browser.waitFor().until(d -> d.getCurrentUrl().contains("manager.xhtml"));
        assertEquals("Pool manager", browser.find(By.tagName("h1")).getText());
        assertEquals("1", text("pool-nodes-up"));
        assertEquals("1", text("pool-target"));
        assertEquals(List.of("up"), column("pool:nodes", 2));

        // the reads reach the per-minute figures with the next 5-second sample
        awaitOnReload("the last minutes count the reads", () -> {
            List<List<String>> minutes = rows("history:minutes");
            if (minutes.size() < 1) {
                return false;
            }
            List<List<String>> lastTwo = minutes.subList(Math.max(0, minutes.size() - 2), minutes.size());
            long requests = lastTwo.stream()
                    .mapToLong(row -> Long.parseLong(row.get(2)))
                    .sum();
            // the last row is the current minute once a node has sampled in it
            List<String> last = minutes.get(minutes.size() - 1);
            return requests >= READS
                    && last.get(0).endsWith("(so far)")
                    && last.get(1).equals("1")
                    && Integer.parseInt(last.get(5)) >= KEYS;
        });
        for (String chart : List.of("nodesChart", "ratesChart", "contentChart", "requestsChart")) {
            WebElement canvas = browser.find(By.cssSelector("[id='history:" + chart + "'] canvas"));
            assertTrue(canvas.getSize().getHeight() > 100, chart + " is drawn: " + canvas.getSize());
        }
        assertTrue(browser.find(By.id("decisionsForm:log")).isDisplayed());
        browser.screenshot("manager-one-node");

        // a pool of one refuses to shrink (the API's 400), and says why
        browser.find(By.id("pool:shrink")).click();
        assertMessage("Not shrunk: A pool has 1 to 8 cache nodes (POOL_MAX_NODES); 0 is outside");
        assertEquals(1, server.api().get("/api/cache/pool").json().getInt("target"));
    }

    @Test
    @Order(2)
    void aBadSizingValueShowsItsMessageAndChangesNothingAndAGoodOneApplies() {
        chooseMode("auto");
        type("sizing:maxMiss", "0.1");
        browser.find(By.id("sizing:apply")).click();
        assertMessage("Not changed: minMiss must be less than maxMiss, not 0.2 against 0.1");
        browser.screenshot("manager-bad-sizing");
        reload();
        assertEquals("0.5", value("sizing:maxMiss"), "the stored value, not the refused one");
        assertEquals(
                "0 to 1, over the last minute",
                browser.find(By.id(browser.find(By.id("sizing:maxMiss")).getDomAttribute("aria-describedby")))
                        .getText(),
                "each field's hint is its description");
        assertTrue(modeChosen("manual"), "the mode did not change with the refused value");

        type("sizing:expRatio", "abc");
        browser.find(By.id("sizing:apply")).click();
        assertMessage("Not changed: expRatio must be a number, not 'abc'");

        // auto mode with thresholds no miss rate crosses: the auto-scaler decides, and never resizes
        type("sizing:expRatio", "2");
        chooseMode("auto");
        type("sizing:maxMiss", "1");
        type("sizing:minMiss", "0");
        browser.find(By.id("sizing:apply")).click();
        assertMessage("Pool sizing set: auto, expand ratio 2.0, shrink ratio 0.5, grow above a miss rate of 1.0,"
                + " shrink below 0.0; rule threshold, target hit rate 0.8.");
        reload();
        assertTrue(modeChosen("auto"));
        assertEquals("1.0", value("sizing:maxMiss"));
    }

    @Test
    @Order(3)
    void growByHandTurnsOneNodeIntoTwo() {
        browser.find(By.id("pool:grow")).click();
        assertMessage("Growing the pool to 2 cache nodes: the new node serves within a minute or so.");
        browser.find(By.id("pool:grow")).click();
        assertMessageStarting("Not grown: A resize is under way");
        long start = System.nanoTime();
        // the page polls the pool every 5 s
        awaitOnPage(
                "two nodes serving, the resize over",
                RESIZED_WITHIN,
                () -> text("pool-nodes-up").equals("2") && text("pool-changing").equals("none under way"));
        LOG.info("Grown to 2 cache nodes in "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        assertEquals(List.of("up", "up"), column("pool:nodes", 2));
        assertEquals(2, server.api().post("/api/getNumNodes").json().getInt("numNodes"));
        awaitOnReload("a minute with both nodes", () -> {
            List<List<String>> minutes = rows("history:minutes");
            return !minutes.isEmpty() && minutes.get(minutes.size() - 1).get(1).equals("2");
        });
        browser.screenshot("manager-two-nodes");
    }

    @Test
    @Order(4)
    void capacityAndPolicyChangeOnEveryNode() {
        type("settings:capacity", "abc");
        browser.find(By.id("settings:apply")).click();
        assertMessage("Not changed: capacityMB must be a positive integer, not 'abc'");
        assertEquals(10, server.api().get("/api/cache/config").json().getInt("capacityMB"));

        type("settings:capacity", "4");
        browser.find(By.xpath("//*[@id='settings:policy']//label[text()='Random']"))
                .click();
        browser.find(By.id("settings:apply")).click();
        assertMessage("Memcache set to 4 MB, RANDOM.");
        awaitOnPage(
                "both nodes at 4 MB with RANDOM",
                Duration.ofSeconds(20),
                () -> column("pool:nodes", 5).equals(List.of("4.00 MB", "4.00 MB"))
                        && column("pool:nodes", 6).equals(List.of("RANDOM", "RANDOM")));
    }

    @Test
    @Order(5)
    void clearEmptiesEveryNode() {
        for (int i = 0; i < 2 * KEYS; i++) {
            assertEquals(200, server.api().get("/images/managed-" + i % KEYS).status());
        }
        awaitOnPage(
                "the nodes hold the images read",
                Duration.ofSeconds(20),
                () -> column("pool:nodes", 3).stream().anyMatch(items -> !items.isEmpty() && !items.equals("0")));
        browser.find(By.id("settings:clear")).click();
        assertTrue(browser.find(By.cssSelector(".ui-confirm-dialog"))
                .getText()
                .contains("Drop every cached image on every node?"));
        browser.find(By.id("confirmForm:confirmYes")).click();
        assertMessage("Memcache cleared.");
        awaitOnPage(
                "no items on any node",
                Duration.ofSeconds(20),
                () -> column("pool:nodes", 3).equals(List.of("0", "0")));
        assertEquals(
                0,
                server.api()
                        .get("/api/cache/stats")
                        .json()
                        .getJsonObject("stats")
                        .getInt("items"));
    }

    @Test
    @Order(6)
    void shrinkByHandTurnsTwoNodesBackIntoOne() {
        browser.find(By.id("pool:shrink")).click();
        assertMessage("Shrinking the pool to 1 cache node: the node holding the fewest keys hands them on and stops.");
        long start = System.nanoTime();
        awaitOnPage(
                "one node serving, the resize over",
                RESIZED_WITHIN,
                () -> text("pool-nodes-up").equals("1") && text("pool-changing").equals("none under way"));
        LOG.info("Shrunk to 1 cache node in "
                + Duration.ofNanos(System.nanoTime() - start).toSeconds() + " s");
        assertEquals(1, server.api().post("/api/getNumNodes").json().getInt("numNodes"));
    }

    @Test
    @Order(7)
    void theDecisionsLogListsTheAutoScalersDecisions() {
        // auto mode since step 2: the auto-scaler has decided at least once, or will within its interval
        awaitOnReload(
                "a decision in the log",
                DECIDED_WITHIN,
                () -> !rows("decisionsForm:decisions").isEmpty());
        List<String> newest = rows("decisionsForm:decisions").get(0);
        List<JsonObject> stored = server.api()
                .get("/api/cache/pool/decisions")
                .json()
                .getJsonArray("decisions")
                .getValuesAs(JsonObject.class);
        assertTrue(
                stored.stream()
                        .anyMatch(decision -> decision.getString("scaler").equals(newest.get(1))
                                && String.valueOf(decision.getInt("from")).equals(newest.get(2))
                                && String.valueOf(decision.getInt("to")).equals(newest.get(3))
                                && decision.getString("reason").equals(newest.get(7))),
                "the page shows a decision the API has: " + newest + " among " + stored);
        assertEquals(newest.get(2), newest.get(3), "thresholds no miss rate crosses resize nothing: " + newest);
        // the whole page, as docs/screenshots/manager.png shows it
        browser.resize(1280, 2300);
        reload();
        browser.screenshot("manager-decisions");
        browser.resize(1280, 1600);
    }

    @Test
    @Order(8)
    void deleteAllAsksAndDeletesEveryImage() {
        assertEquals(
                KEYS,
                server.api().get("/api/list_keys").json().getJsonArray("keys").size());
        browser.find(By.id("data:deleteAll")).click();
        assertTrue(browser.find(By.cssSelector(".ui-confirm-dialog")).getText().contains("Delete every stored image"));
        browser.screenshot("manager-delete-all");
        browser.find(By.id("confirmForm:confirmNo")).click();
        assertEquals(
                KEYS,
                server.api().get("/api/list_keys").json().getJsonArray("keys").size(),
                "No deletes nothing");

        browser.find(By.id("data:deleteAll")).click();
        browser.find(By.id("confirmForm:confirmYes")).click();
        assertMessage("Deleted every image.");
        assertEquals(
                0,
                server.api().get("/api/list_keys").json().getJsonArray("keys").size());
        assertEquals(404, server.api().get("/images/managed-0").status());
    }

    // ---- what a person does and sees ----

    private void reload() {
        browser.open(server.baseUrl() + "/manager.xhtml");
        browser.find(By.id("pool:state"));
    }

    private void type(String id, String value) {
        WebElement field = browser.find(By.id(id));
        field.clear();
        field.sendKeys(value);
    }

    private String value(String id) {
        return browser.find(By.id(id)).getDomProperty("value");
    }

    private void chooseMode(String mode) {
        browser.find(By.xpath("//*[@id='sizing:mode']//label[text()='" + mode + "']"))
                .click();
    }

    private boolean modeChosen(String mode) {
        return browser.driver().findElements(By.cssSelector("[id='sizing:mode'] input[type='radio']")).stream()
                .anyMatch(radio -> radio.isSelected() && mode.equals(radio.getDomProperty("value")));
    }

    private String text(String id) {
        return browser.find(By.id(id)).getText();
    }

    /** The cells of a table's body rows, as shown. */
    private List<List<String>> rows(String tableId) {
        return browser.driver().findElements(By.cssSelector("[id='" + tableId + "'] tbody tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream()
                        .map(WebElement::getText)
                        .toList())
                .filter(cells -> !cells.isEmpty())
                .toList();
    }

    private List<String> column(String tableId, int index) {
        return rows(tableId).stream().map(row -> row.get(index)).toList();
    }

    /** Waits for what the page shows by itself (its polls), looking every second. */
    private void awaitOnPage(String what, Duration within, BooleanSupplier shown) {
        await(what, within, false, shown);
    }

    private void awaitOnReload(String what, BooleanSupplier shown) {
        awaitOnReload(what, Duration.ofSeconds(30), shown);
    }

    /** Waits for what the page shows when opened again, opening it every 2 s. */
    private void awaitOnReload(String what, Duration within, BooleanSupplier shown) {
        await(what, within, true, shown);
    }

    private void await(String what, Duration within, boolean reloading, BooleanSupplier shown) {
        WebDriverWait wait = new WebDriverWait(browser.driver(), within, Duration.ofSeconds(reloading ? 2 : 1));
        wait.ignoring(StaleElementReferenceException.class);
        try {
            wait.until(d -> {
                if (reloading) {
                    reload();
                }
                return shown.getAsBoolean();
            });
        } catch (TimeoutException e) {
            browser.screenshot("timed-out");
            throw new AssertionError(
                    "Waited " + within.toSeconds() + " s for " + what + "; the page says: "
                            + browser.driver().findElement(By.tagName("main")).getText(),
                    e);
        }
    }

    private void assertMessage(String expected) {
        awaitMessage(expected, expected::equals);
    }

    private void assertMessageStarting(String start) {
        awaitMessage(start + "...", text -> text.startsWith(start));
    }

    private void awaitMessage(String expected, Predicate<String> matches) {
        try {
            browser.waitFor()
                    .until(d -> d.findElements(By.cssSelector("#messages li")).stream()
                            .anyMatch(m -> matches.test(m.getText())));
        } catch (TimeoutException e) {
            browser.screenshot("missing-message");
            throw new AssertionError(
                    "Expected the message '" + expected + "'; the page says: "
                            + browser.driver().findElement(By.tagName("main")).getText(),
                    e);
        }
    }
}
