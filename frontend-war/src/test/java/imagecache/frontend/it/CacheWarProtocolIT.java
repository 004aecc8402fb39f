package imagecache.frontend.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import imagecache.frontend.it.ApiClient.Answer;
import imagecache.memcache.protocol.EntryKeys;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.MemcacheProtocol;
import jakarta.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cache WAR's own protocol, called directly as the front end calls it and in the contract's
 * terms: misses with a lease, fills under it, puts settled after their write, bad keys and leases
 * refused.
 */
class CacheWarProtocolIT extends ApiTest {

    private static final String ENTRIES = "/cache/" + MemcacheProtocol.API + "/" + MemcacheProtocol.ENTRIES + "/";
    private static final byte[] OLD = "old image".getBytes(StandardCharsets.UTF_8);
    private static final byte[] NEW = "new image".getBytes(StandardCharsets.UTF_8);

    @Test
    void theCacheWarsEntriesAnswerMissesWithNoContentAndALeaseAndRefuseBadInput() {
        String unknown = EntryKeys.encode("never-cached");
        Answer miss = api.get(ENTRIES + unknown);
        assertEquals(204, miss.status());
        assertTrue(Long.parseLong(miss.header(MemcacheProtocol.LEASE_HEADER)) > 0, "a miss hands out a lease");
        assertEquals(404, api.method("HEAD", ENTRIES + unknown).status());
        Answer badKey = api.get(ENTRIES + "not*base64");
        assertEquals(400, badKey.status());
        assertEquals("Key is not base64url: not*base64", badKey.json().getString("error"));
        Answer badLease = api.method("PUT", ENTRIES + unknown + "?lease=soon");
        assertEquals(400, badLease.status());
        assertEquals("Lease is not a number", badLease.json().getString("error"));
        assertEquals(400, api.get(ENTRIES).status(), "no key");
    }

    @Test
    void aSettleDropsAnOlderImageThatAReadFilledMeanwhileAndEndsTheLeasesOfReadsInFlight() {
        String key = EntryKeys.encode("settled key/with ..%");
        // a read missed and is about to fill the older image; the writer's put was evicted or not made
        long lease = lease(key);
        Answer filled = put(key + "?" + MemcacheProtocol.LEASE_PARAMETER + "=" + lease, OLD, "sha-old");
        assertEquals("{\"stored\":true}", filled.text());
        assertEquals(200, api.get(ENTRIES + key).status());
        // the writer's transaction commits: its settle drops the older image
        assertEquals(204, settle(key, "sha-new").status());
        assertEquals(204, api.get(ENTRIES + key).status(), "the older image is gone");

        long inFlight = lease(key);
        assertEquals(204, settle(key, "sha-new").status());
        Answer late = put(key + "?" + MemcacheProtocol.LEASE_PARAMETER + "=" + inFlight, OLD, "sha-old");
        assertEquals("{\"stored\":false}", late.text(), "a read in flight before the settle cannot fill");
    }

    /**
     * What another node of a pool hands over when the grid moves a partition: the node stores an
     * item it knows nothing of, and never one whose key was written there lately (a late handoff
     * must not undo that write).
     */
    @Test
    void aHandoffStoresWhatTheNodeKnowsNothingOfAndNeverAKeyWrittenLately() throws IOException {
        // a clear (another test's, or a delete_all) keeps every handoff out for 30 s
        AtomicInteger probe = new AtomicInteger();
        await("30 s after the last clear of the shared server")
                .atMost(Duration.ofSeconds(40))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> handOff(batch(List.of("probe " + probe.incrementAndGet()), List.of(NEW)))
                        .text()
                        .equals("{\"stored\":1}"));
        String deleted = "deleted lately";
        assertEquals(
                204, api.method("DELETE", ENTRIES + EntryKeys.encode(deleted)).status());
        Answer handed = handOff(batch(List.of("handed over", deleted), List.of(NEW, OLD)));
        assertEquals("{\"stored\":1}", handed.text());
        Answer hit = api.get(ENTRIES + EntryKeys.encode("handed over"));
        assertEquals(200, hit.status());
        assertArrayEquals(NEW, hit.body());
        assertEquals("sha-handed over", hit.header(MemcacheProtocol.TAG_HEADER));
        assertEquals(204, api.get(ENTRIES + EntryKeys.encode(deleted)).status(), "the delete stands");
        assertEquals(400, handOff(new byte[] {0, 0, 0, 2, 0}).status(), "a batch cut short");
    }

    private Answer handOff(byte[] batch) {
        return api.send("PUT", ENTRIES, batch, "Content-Type", "application/octet-stream");
    }

    /** A handoff batch as the wire has it: a count, then per item key, tag, length and value. */
    private static byte[] batch(List<String> keys, List<byte[]> values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(keys.size());
        for (int i = 0; i < keys.size(); i++) {
            out.writeUTF(keys.get(i));
            out.writeUTF("sha-" + keys.get(i));
            out.writeInt(values.get(i).length);
            out.write(values.get(i));
        }
        return bytes.toByteArray();
    }

    @Test
    void aSettleKeepsThePutOfItsOwnWrite() {
        String key = EntryKeys.encode("kept");
        assertEquals("{\"stored\":true}", put(key, NEW, "sha-new").text());
        assertEquals(204, settle(key, "sha-new").status());
        Answer hit = api.get(ENTRIES + key);
        assertEquals(200, hit.status());
        assertEquals("sha-new", hit.header(MemcacheProtocol.TAG_HEADER));
        assertArrayEquals(NEW, hit.body());
    }

    @Test
    void aSettleNeedsItsTagAndItsPath() {
        String key = EntryKeys.encode("kept");
        Answer noTag = api.method("POST", ENTRIES + key + "/" + MemcacheProtocol.SETTLE);
        assertEquals(400, noTag.status());
        assertEquals(
                "Only POST entries/{key}/settle with a Cache-Tag header",
                noTag.json().getString("error"));
        assertEquals(
                400,
                api.send("POST", ENTRIES + key, null, MemcacheProtocol.TAG_HEADER, "t")
                        .status());
        Answer badKey = settle("not*base64", "t");
        assertEquals(400, badKey.status());
        assertEquals("Key is not base64url: not*base64", badKey.json().getString("error"));
        for (String seq : new String[] {"x", "-1"}) {
            Answer badSeq = api.send(
                    "POST",
                    ENTRIES + key + "/" + MemcacheProtocol.SETTLE + "?" + MemcacheProtocol.LOG_SEQ_PARAMETER + "="
                            + seq,
                    null,
                    MemcacheProtocol.TAG_HEADER,
                    "t");
            assertEquals(400, badSeq.status(), seq);
            assertEquals("seq is a write log seq, not " + seq, badSeq.json().getString("error"));
            Answer badDrop = api.method("DELETE", ENTRIES + key + "?" + MemcacheProtocol.LOG_SEQ_PARAMETER + "=" + seq);
            assertEquals(400, badDrop.status(), seq);
        }
    }

    @Test
    void theServersOnlyMemcacheRefusesToLeaveAndServesOn() {
        Answer leave = api.method("POST", "/cache/" + MemcacheProtocol.API + "/" + MemcacheProtocol.LEAVE);
        assertEquals(409, leave.status(), leave.text());
        String why = leave.json().getString("error");
        assertTrue(
                why.equals("This is the last cache node that holds keys: the pool would lose them all")
                        || why.equals("This cache WAR is not a node of a pool"),
                why);
        lease(EntryKeys.encode("still served"));
    }

    @Test
    void theHistoryAnswersUpToAnHourOfSamples() {
        String history = "/cache/" + MemcacheProtocol.API + "/" + MemcacheProtocol.HISTORY;
        Instant asked = Instant.now();
        Answer thirty = api.get(history + "?" + History.MINUTES_PARAMETER + "=30");
        assertEquals(200, thirty.status(), thirty.text());
        List<JsonObject> samples = thirty.json().getJsonArray("samples").getValuesAs(JsonObject.class);
        assertTrue(!samples.isEmpty(), "the server has sampled since it started: " + thirty.text());
        assertTrue(
                samples.stream()
                        .map(sample -> Instant.parse(sample.getString("at")))
                        .allMatch(at -> at.isAfter(asked.minus(Duration.ofMinutes(31)))),
                thirty.text());
        for (String minutes : List.of("0", "61", "half")) {
            Answer refused = api.get(history + "?" + History.MINUTES_PARAMETER + "=" + minutes);
            assertEquals(400, refused.status(), minutes);
            assertEquals(
                    "minutes must be a whole number from 1 to 60, not '" + minutes + "'",
                    refused.json().getString("error"));
        }
    }

    private long lease(String key) {
        Answer miss = api.get(ENTRIES + key);
        assertEquals(204, miss.status());
        return Long.parseLong(miss.header(MemcacheProtocol.LEASE_HEADER));
    }

    private Answer put(String keyAndQuery, byte[] value, String tag) {
        Answer answer = api.send("PUT", ENTRIES + keyAndQuery, value, MemcacheProtocol.TAG_HEADER, tag);
        assertEquals(200, answer.status());
        return answer;
    }

    private Answer settle(String key, String tag) {
        return api.send("POST", ENTRIES + key + "/" + MemcacheProtocol.SETTLE, null, MemcacheProtocol.TAG_HEADER, tag);
    }
}
