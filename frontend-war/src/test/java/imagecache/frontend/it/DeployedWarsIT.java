package imagecache.frontend.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import jakarta.json.JsonObject;
import java.io.File;
import java.nio.file.Path;
import java.util.Map;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The front-end WAR as the build made it, deployed by Arquillian on the Payara Micro start.sh
 * starts (its own options, {@link ArquillianLaunch}) beside the cache WAR, on MariaDB over TCP:
 * the front end finds its cache WAR on the cache listener, and an upload is served from the
 * memcache. The other integration tests start the same server with start.sh itself.
 */
@ExtendWith({ArquillianLaunch.class, ArquillianExtension.class})
class DeployedWarsIT {

    private static final int PORT = PayaraServer.freePort();

    static {
        ArquillianLaunch.likeStartSh(
                PORT,
                Map.of(
                        "DB_URL", ItConfig.dbUrl(),
                        "DB_USER", ItConfig.dbUser(),
                        "DB_PASSWORD", ItConfig.dbPassword(),
                        "DATA_DIR", dataDir().toString()),
                ItConfig.workDir().resolve("arquillian"));
    }

    /** The front end at "/", as start.sh deploys it. */
    @Deployment(testable = false)
    static WebArchive frontEnd() {
        return ShrinkWrap.create(ZipImporter.class, "ROOT.war")
                .importFrom(new File(ItConfig.property("it.frontendWar")))
                .as(WebArchive.class);
    }

    private final ApiClient api = new ApiClient("http://127.0.0.1:" + PORT);

    private static Path dataDir() {
        return ItConfig.workDir().resolve("arquillian").resolve("data-" + PORT);
    }

    @Test
    void bothWarsAreReadyAndTheFrontEndReachesItsMemcache() {
        Answer ready = api.get("/health/ready");
        assertEquals(200, ready.status(), ready.text());
        JsonObject memcache = ready.json().getJsonArray("checks").getValuesAs(JsonObject.class).stream()
                .filter(check -> check.getString("name").equals("memcache"))
                .findFirst()
                .orElseThrow();
        assertEquals("UP", memcache.getString("status"));
        assertEquals("LRU", memcache.getJsonObject("data").getString("policy"));
    }

    @Test
    void anUploadIsServedFromDiskThenFromTheMemcache() {
        byte[] image = TestImages.png(12, 12, 121);
        assertTrue(api.upload("deployed", image).succeeded());
        assertTrue(api.post("/api/cache/clear").succeeded());
        Answer first = api.get("/images/deployed");
        assertEquals("MISS", first.header("X-Cache"));
        assertArrayEquals(image, first.body());
        Answer second = api.get("/images/deployed");
        assertEquals("HIT", second.header("X-Cache"));
        assertArrayEquals(image, second.body());
        assertTrue(api.delete("/api/key/deployed").succeeded());
    }
}
