package imagecache.cache.grid;

import imagecache.cache.HandedOffEntry;
import imagecache.memcache.protocol.HandoffAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;

/**
 * Sends items to another cache node of the pool ({@code PUT entries} there), which keeps those of
 * the keys it owns now, so that the keys stay hits: a partition's items when the grid moved it, or
 * every item of a node that left. Whatever it cannot send is simply lost: those keys are misses at
 * their owner, as without a handoff.
 */
final class PartitionHandoff {

    private static final Logger LOG = Logger.getLogger(PartitionHandoff.class.getName());
    /** Well within the window in which the new owner refuses items of keys written since (Memcache.HANDOFF_WINDOW_NANOS). */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Items go in batches of about this many bytes, so that no batch outgrows a small node's capacity. */
    private static final long BATCH_BYTES = 4L << 20;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Optional<String> token;

    PartitionHandoff(Optional<String> token) {
        this.token = token;
    }

    /** Sends {@code entries} to the cache WAR at {@code url}; returns how many it stored. */
    int send(String url, List<HandedOffEntry> entries) {
        int stored = 0;
        int from = 0;
        while (from < entries.size()) {
            int to = from;
            long bytes = 0;
            while (to < entries.size() && (to == from || bytes + entries.get(to).value().length <= BATCH_BYTES)) {
                bytes += entries.get(to).value().length;
                to++;
            }
            stored += sendBatch(url, entries.subList(from, to));
            from = to;
        }
        return stored;
    }

    private int sendBatch(String url, List<HandedOffEntry> entries) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            HandedOffEntry.write(entries, body);
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create(url + "/" + MemcacheProtocol.API + "/" + MemcacheProtocol.ENTRIES))
                    .timeout(TIMEOUT)
                    .header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
            token.ifPresent(secret -> request.header("Authorization", "Bearer " + secret));
            HttpResponse<String> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 200) {
                LOG.warning("Handoff of " + entries.size() + " items to " + url + " refused: " + answer.statusCode()
                        + " " + answer.body());
                return 0;
            }
            return HandoffAnswer.parse(answer.body()).stored();
        } catch (IOException e) {
            LOG.warning("Handoff of " + entries.size() + " items to " + url + " failed: " + e.getMessage());
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }
}
