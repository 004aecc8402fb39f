package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageKey;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.client.Entity;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.client.WebTarget;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The front end's connection to the memcache: the cache WAR of each key's node ({@link
 * MemcacheNodes}: the one cache WAR, or the pool node that owns the key). Owns a single JAX-RS client
 * (pooled keep-alive connections to every node) and turns every transport failure into
 * {@link Reason#CACHE_UNAVAILABLE}; a node that failed is skipped until it answers again
 * ({@link NodeHealth}).
 *
 * <p>A write that could not be delivered (the node was unreachable) would leave an old image in that
 * node when it comes back. So such keys are remembered per node, and every later call to the node
 * first drops them (or clears it, if a clear was missed or too many are pending); until that has
 * worked, the node counts as unavailable. A key whose owner changed meanwhile needs nothing: a node
 * drops the keys the grid gives away.
 */
@ApplicationScoped
public class MemcacheClient {

    private static final String LEASE_HEADER = "Cache-Lease";
    private static final String TAG_HEADER = "Cache-Tag";
    private static final String SETTLE_HEADER = "Cache-Settle";
    /** The first line of a cache WAR's trace: its keys are percent-encoded. */
    static final String TRACE_HEADER = "# keys: percent-encoded";

    @Inject
    @ConfigProperty(name = "cache.timeout.ms", defaultValue = "3000")
    int timeoutMs;

    /** Sent with every call when set: the cache WAR then answers no one else (see its TokenFilter). */
    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> adminToken;

    @Inject
    MemcacheNodes nodes;

    @Inject
    NodeHealth health;

    private Client client;
    private final Map<String, WebTarget> apis = new ConcurrentHashMap<>();
    private final Map<String, UndeliveredWrites> undelivered = new ConcurrentHashMap<>();

    @PostConstruct
    void open() {
        client = ClientBuilder.newBuilder()
                .connectTimeout(Math.min(timeoutMs, 1000), TimeUnit.MILLISECONDS)
                .readTimeout(timeoutMs, TimeUnit.MILLISECONDS)
                .build();
        adminToken
                .filter(token -> !token.isBlank())
                .ifPresent(token -> client.register((ClientRequestFilter)
                        request -> request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + token)));
    }

    @PreDestroy
    void close() {
        client.close();
    }

    /**
     * Reads a key; with {@code knownSha256} (null: none), a hit of that same content comes back without its value
     * ({@link MemcacheLookup.Unchanged}), which is how a browser's revalidation costs no image transfer.
     * A hit's value is streamed off the connection: the caller copies it on and closes the lookup.
     */
    public MemcacheLookup get(ImageKey key, String knownSha256) {
        MemcacheNode node = nodes.ownerOf(key);
        deliverPending(node);
        return call(node, entry(node, key), target -> {
            Invocation.Builder request = target.request(MediaType.APPLICATION_OCTET_STREAM);
            if (knownSha256 != null) {
                request.header(HttpHeaders.IF_NONE_MATCH, "\"" + knownSha256 + "\"");
            }
            Response response = request.get();
            String tag = response.getHeaderString(TAG_HEADER);
            // every value is stored with its hash: a hit without one (or without a length) is not ours to serve
            if (response.getStatus() == 200 && response.getLength() >= 0 && tag != null) {
                return new MemcacheLookup.Hit(response.readEntity(InputStream.class), response.getLength(), tag);
            }
            try (response) {
                return switch (response.getStatus()) {
                    case 304 -> new MemcacheLookup.Unchanged(tag);
                    case 204 -> new MemcacheLookup.Miss(lease(response.getHeaderString(LEASE_HEADER)));
                    default -> throw failure(response);
                };
            }
        });
    }

    /** Whether the key is cached now; asks without counting a request. */
    public boolean contains(ImageKey key) {
        MemcacheNode node = nodes.ownerOf(key);
        deliverPending(node);
        return call(node, entry(node, key), target -> {
            try (Response response = target.request().head()) {
                return response.getStatus() == 200;
            }
        });
    }

    /** Stores the key's current image and its content hash, replacing whatever the memcache had for it. */
    public boolean put(ImageKey key, byte[] image, String sha256) {
        return remembering(key, node -> store(node, entry(node, key), image, sha256));
    }

    /** Stores an image read from disk after a miss, unless the key changed since (see {@link MemcacheLookup}). */
    public boolean fill(ImageKey key, byte[] image, String sha256, long lease) {
        MemcacheNode node = nodes.ownerOf(key);
        deliverPending(node);
        return store(node, entry(node, key).queryParam("lease", lease), image, sha256);
    }

    /**
     * Settles a {@link #put} made before the write was final, once it is: a read that missed in
     * between cannot leave an older image (see the cache WAR's {@code Memcache.settle}).
     */
    public void settle(ImageKey key, String sha256) {
        remembering(
                key,
                node -> call(
                        node,
                        entry(node, key),
                        target -> expectSuccess(
                                target.request().header(SETTLE_HEADER, sha256).delete())));
    }

    public void invalidate(ImageKey key) {
        remembering(key, node -> drop(node, key));
    }

    /** Clears every node; one that cannot be reached now is cleared as soon as it answers again. */
    public void clear() {
        ImageCacheException failed = null;
        for (MemcacheNode node : nodes.all()) {
            try {
                clear(node);
            } catch (ImageCacheException e) {
                failed = e;
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    private void clear(MemcacheNode node) {
        UndeliveredWrites pending = pendingOf(node);
        try {
            call(
                    node,
                    api(node).path("entries"),
                    target -> expectSuccess(target.request().delete()));
            pending.cleared();
        } catch (ImageCacheException e) {
            pending.missedClear();
            throw e;
        }
    }

    private Void drop(MemcacheNode node, ImageKey key) {
        return call(
                node, entry(node, key), target -> expectSuccess(target.request().delete()));
    }

    /** Runs a write of one key at its node; if it fails, the key is dropped there as soon as the node is back. */
    private <T> T remembering(ImageKey key, Function<MemcacheNode, T> write) {
        MemcacheNode node = nodes.ownerOf(key);
        try {
            deliverPending(node);
            return write.apply(node);
        } catch (ImageCacheException e) {
            if (e.reason() == Reason.CACHE_UNAVAILABLE) {
                pendingOf(node).missed(key);
            }
            throw e;
        }
    }

    /** Drops what missed writes left behind at the node; throws (node unavailable) until that has worked. */
    private void deliverPending(MemcacheNode node) {
        UndeliveredWrites pending = undelivered.get(node.url());
        if (pending != null && !pending.isEmpty()) {
            pending.deliver(key -> drop(node, key), () -> clear(node));
        }
    }

    private UndeliveredWrites pendingOf(MemcacheNode node) {
        return undelivered.computeIfAbsent(node.url(), url -> new UndeliveredWrites());
    }

    /** The pool's configuration, as the first node that answers has it (every node applies the stored one). */
    public MemcacheConfig config() {
        return first(node -> call(
                node,
                api(node).path("config"),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), MemcacheConfig.class)));
    }

    /**
     * Sets the configuration of every node. The first node validates and stores it (a refusal comes
     * back as it is); the others apply it now, and any node that misses it reads it from the
     * database within seconds.
     */
    public MemcacheConfig configure(MemcacheConfig config) {
        return everyNode(node -> call(
                node,
                api(node).path("config"),
                target -> read(
                        target.request(MediaType.APPLICATION_JSON).put(Entity.json(config)), MemcacheConfig.class)));
    }

    public MemcacheConfig refresh() {
        return everyNode(node -> call(
                node,
                api(node).path("config/refresh"),
                target -> read(target.request(MediaType.APPLICATION_JSON).post(null), MemcacheConfig.class)));
    }

    /** Each node's statistics, and the pool's sums and history ({@link PoolStats}). */
    public MemcacheStats stats() {
        List<PoolStats.NodeAnswer> answers = new ArrayList<>();
        ImageCacheException failed = null;
        for (MemcacheNode node : nodes.all()) {
            try {
                answers.add(new PoolStats.NodeAnswer(
                        node,
                        call(
                                node,
                                api(node).path("stats"),
                                target -> read(
                                        target.request(MediaType.APPLICATION_JSON)
                                                .get(),
                                        NodeStatsBody.class))));
            } catch (ImageCacheException e) {
                if (e.reason() != Reason.CACHE_UNAVAILABLE) {
                    throw e;
                }
                failed = e;
                answers.add(new PoolStats.NodeAnswer(node, null));
            }
        }
        if (failed != null && answers.stream().allMatch(answer -> answer.answer() == null)) {
            throw failed;
        }
        return PoolStats.of(answers);
    }

    /**
     * The reads each node sampled for its hit-rate curve, as one trace for the simulator: the header,
     * then per node a {@code # node <id>} line and its reads (in a pool, each node's own keys). A node
     * that does not answer is named in a comment; 404 when the curve is off.
     */
    public String trace() {
        StringBuilder trace = new StringBuilder();
        ImageCacheException failed = null;
        boolean answered = false;
        for (MemcacheNode node : nodes.all()) {
            try {
                String nodeTrace = call(
                        node,
                        api(node).path("trace"),
                        target -> read(target.request(MediaType.TEXT_PLAIN).get(), String.class));
                answered = true;
                trace.append("# node ").append(node.id()).append('\n');
                nodeTrace
                        .lines()
                        .filter(line -> !line.equals(TRACE_HEADER))
                        .forEach(line -> trace.append(line).append('\n'));
            } catch (ImageCacheException e) {
                if (e.reason() != Reason.CACHE_UNAVAILABLE) {
                    throw e;
                }
                failed = e;
                trace.append("# node ").append(node.id()).append(": not answering\n");
            }
        }
        if (!answered) {
            throw failed != null ? failed : new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node yet");
        }
        return TRACE_HEADER + '\n' + trace;
    }

    /** What a cache WAR answers for its statistics. */
    public record NodeStatsBody(
            String node, MemcacheStats.Now stats, List<MemcacheStats.Sample> history, MemcacheStats.Curve curve) {}

    private <T> T first(Function<MemcacheNode, T> call) {
        ImageCacheException failed = null;
        for (MemcacheNode node : nodes.all()) {
            try {
                return call.apply(node);
            } catch (ImageCacheException e) {
                if (e.reason() != Reason.CACHE_UNAVAILABLE) {
                    throw e;
                }
                failed = e;
            }
        }
        throw failed != null ? failed : new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node yet");
    }

    private <T> T everyNode(Function<MemcacheNode, T> call) {
        T answer = null;
        ImageCacheException failed = null;
        for (MemcacheNode node : nodes.all()) {
            try {
                T nodeAnswer = call.apply(node);
                answer = answer == null ? nodeAnswer : answer;
            } catch (ImageCacheException e) {
                if (e.reason() != Reason.CACHE_UNAVAILABLE) {
                    throw e;
                }
                failed = e;
            }
        }
        if (answer == null) {
            throw failed != null ? failed : new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node yet");
        }
        return answer;
    }

    private boolean store(MemcacheNode node, WebTarget target, byte[] image, String sha256) {
        return call(
                node,
                target,
                t -> read(
                                t.request(MediaType.APPLICATION_JSON)
                                        .header(TAG_HEADER, sha256)
                                        .put(Entity.entity(image, MediaType.APPLICATION_OCTET_STREAM)),
                                JsonObject.class)
                        .getBoolean("stored", false));
    }

    private WebTarget entry(MemcacheNode node, ImageKey key) {
        String encoded = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.value().getBytes(StandardCharsets.UTF_8));
        return api(node).path("entries").path(encoded);
    }

    private WebTarget api(MemcacheNode node) {
        return apis.computeIfAbsent(node.url(), url -> client.target(url).path("api"));
    }

    private <T> T call(MemcacheNode node, WebTarget target, Function<WebTarget, T> request) {
        if (health.isDown(node)) {
            throw new ImageCacheException(
                    Reason.CACHE_UNAVAILABLE, "Memcache node " + node.url() + " is not answering (skipped)");
        }
        try {
            return request.apply(target);
        } catch (ProcessingException e) {
            // a node that made the call wait out its timeout is skipped until it answers again; one
            // that refuses at once costs nothing to try, and is used again as soon as it is back
            if (Causes.chain(e).anyMatch(cause -> cause instanceof SocketTimeoutException)) {
                health.failed(node, Causes.rootMessage(e));
            }
            throw new ImageCacheException(
                    Reason.CACHE_UNAVAILABLE,
                    "Memcache unavailable at " + node.url() + ": " + Causes.rootMessage(e),
                    e);
        }
    }

    private static <T> T read(Response response, Class<T> type) {
        try (response) {
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                throw failure(response);
            }
            return response.readEntity(type);
        }
    }

    /** A miss's lease; none (0: the image is read but not filled in) when it is missing or malformed. */
    static long lease(String header) {
        if (header == null) {
            return 0;
        }
        try {
            return Long.parseLong(header.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Void expectSuccess(Response response) {
        try (response) {
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                throw failure(response);
            }
            return null;
        }
    }

    /** The cache WAR's own errors: 400 for a bad value, 503 when its database failed. */
    private static ImageCacheException failure(Response response) {
        String message = "HTTP " + response.getStatus();
        if (MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())) {
            message = response.readEntity(JsonObject.class).getString("error", message);
        }
        return switch (response.getStatus()) {
            case 400 -> ImageCacheException.invalid(message);
            case 404 -> new ImageCacheException(Reason.NOT_FOUND, message);
            case 503 -> new ImageCacheException(Reason.DATABASE_UNAVAILABLE, message);
            default -> new ImageCacheException(Reason.CACHE_UNAVAILABLE, "Memcache failed: " + message);
        };
    }
}
