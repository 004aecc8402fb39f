package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A pool started as anyone exposing it would: with ADMIN_TOKEN set. start.sh brings it up (it waits
 * for each cache node with the token the node now needs), the front end reaches its cache node with
 * the token, and the cache node answers no one without it.
 */
class SecuredPoolIT {

    private static final String TOKEN = "a pool's own secret";
    private static final String DATABASE = "imagecache_test_secured_pool";

    @RegisterExtension
    static final StartedServers servers = StartedServers.own();

    @Test
    void aPoolWithAnAdminTokenStartsServesFromItsMemcacheAndKeepsItsCacheNodesClosed() throws Exception {
        try (ScratchDatabase database = ScratchDatabase.create(DATABASE)) {
            int port = PayaraServer.freePorts(3);
            int gridPort = PayaraServer.freePorts(2);
            PayaraServer pool = servers.startPool(
                    Map.of(
                            "CACHE_NODES",
                            "1",
                            "FRONT_ENDS",
                            "1",
                            "GRID_PORT",
                            String.valueOf(gridPort),
                            "CLUSTER_NAME",
                            "secured-pool-it-" + port,
                            "JAVA_OPTS",
                            "-Xmx256m",
                            "ADMIN_TOKEN",
                            TOKEN,
                            "DB_URL",
                            database.url(),
                            "DB_USER",
                            ItConfig.dbUser(),
                            "DB_PASSWORD",
                            ItConfig.dbPassword()),
                    port);
            ApiClient admin = pool.api().withToken(TOKEN);

            byte[] image = TestImages.png(8, 8, 88);
            assertTrue(admin.upload("secured", image).succeeded());
            assertTrue(admin.post("/api/cache/clear").succeeded());
            Answer first = admin.get("/images/secured");
            assertEquals("MISS", first.header("X-Cache"));
            assertArrayEquals(image, first.body());
            // the node drops a fill made before it read the upload's row in the write log (at most
            // 250 ms after the upload): a later read fills again
            await("the front end reaches its cache node with the token: a hit")
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        Answer again = admin.get("/images/secured");
                        assertArrayEquals(image, again.body());
                        return "HIT".equals(again.header("X-Cache"));
                    });

            // the pool's front end describes the JSON API at /openapi too, through nginx
            Answer openApi = pool.api().get("/openapi", "Accept", "application/json");
            assertEquals(200, openApi.status(), openApi.text());
            assertTrue(openApi.json().getJsonObject("paths").containsKey("/api/upload"), openApi.text());

            ApiClient cacheNode = new ApiClient("http://127.0.0.1:" + (port + 1));
            for (String path : List.of("/cache/api/stats", "/cache/api/config", "/cache/api/entries")) {
                assertEquals(401, cacheNode.get(path).status(), path + " without the token");
            }
            assertEquals(200, cacheNode.withToken(TOKEN).get("/cache/api/stats").status());
            assertEquals(
                    1,
                    admin.get("/api/cache/stats").json().getJsonArray("nodes").size(),
                    "one cache node, and the front end reads its figures");
        }
    }
}
