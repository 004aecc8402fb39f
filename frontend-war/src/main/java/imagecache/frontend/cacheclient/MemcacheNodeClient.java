package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.Causes;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageKey;
import imagecache.memcache.protocol.EntryKeys;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheConfig;
import imagecache.memcache.protocol.MemcacheProtocol;
import imagecache.memcache.protocol.NodeStats;
import imagecache.memcache.protocol.StoreAnswer;
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
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Calls to one cache WAR, typed as {@link MemcacheProtocol} describes them. Owns the one JAX-RS
 * client (pooled keep-alive connections to every node), sends the admin token when one is set, and
 * turns every transport failure into {@link Reason#CACHE_UNAVAILABLE}; a node that made a call
 * wait out its timeout is skipped until it answers again ({@link NodeHealth}).
 */
@ApplicationScoped
public class MemcacheNodeClient {

    @Inject
    @ConfigProperty(name = "cache.timeout.ms", defaultValue = "3000")
    int timeoutMs;

    /** Sent with every call when set: the cache WAR then answers no one else (see its TokenFilter). */
    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> adminToken;

    @Inject
    NodeHealth health;

    private Client client;
    private final Map<String, WebTarget> apis = new ConcurrentHashMap<>();

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
     * Reads a key; with {@code knownSha256} (null: none), a hit of that same content comes back without
     * its value ({@link MemcacheLookup.Unchanged}). A hit's value is streamed off the connection: the
     * caller copies it on and closes the lookup.
     */
    public MemcacheLookup get(MemcacheNode node, ImageKey key, String knownSha256) {
        return call(node, entry(node, key), target -> {
            Invocation.Builder request = target.request(MediaType.APPLICATION_OCTET_STREAM);
            if (knownSha256 != null) {
                request.header(HttpHeaders.IF_NONE_MATCH, "\"" + knownSha256 + "\"");
            }
            Response response = request.get();
            String tag = response.getHeaderString(MemcacheProtocol.TAG_HEADER);
            // every value is stored with its hash: a hit without one (or without a length) is not ours to serve
            if (response.getStatus() == 200 && response.getLength() >= 0 && tag != null) {
                return new MemcacheLookup.Hit(response.readEntity(InputStream.class), response.getLength(), tag);
            }
            try (response) {
                return switch (response.getStatus()) {
                    case 304 -> new MemcacheLookup.Unchanged(tag);
                    case 204 -> new MemcacheLookup.Miss(lease(response.getHeaderString(MemcacheProtocol.LEASE_HEADER)));
                    default -> throw failure(response);
                };
            }
        });
    }

    /** Whether the key is cached now; asks without counting a request. */
    public boolean contains(MemcacheNode node, ImageKey key) {
        return call(node, entry(node, key), target -> {
            try (Response response = target.request().head()) {
                return response.getStatus() == 200;
            }
        });
    }

    /** Stores the key's image and its content hash, replacing what the node had; false if it did not keep it. */
    public boolean put(MemcacheNode node, ImageKey key, byte[] image, String sha256) {
        return store(node, entry(node, key), image, sha256);
    }

    /** Stores an image read after a miss, unless the key was written or dropped since the lease was given. */
    public boolean fill(MemcacheNode node, ImageKey key, byte[] image, String sha256, long lease) {
        return store(node, entry(node, key).queryParam(MemcacheProtocol.LEASE_PARAMETER, lease), image, sha256);
    }

    /**
     * Settles the put of the content with this hash, made before its write was final; {@code logSeq}
     * is the write's row in the pool's write log (0: none). False when the node answered that it
     * does not own the key.
     */
    public boolean settle(MemcacheNode node, ImageKey key, String sha256, long logSeq) {
        return call(
                node,
                withLogSeq(entry(node, key).path(MemcacheProtocol.SETTLE), logSeq),
                target -> ownerAnswered(target.request()
                        .header(MemcacheProtocol.TAG_HEADER, sha256)
                        .post(null)));
    }

    /** Drops the key; false when the node answered that it does not own the key. */
    public boolean drop(MemcacheNode node, ImageKey key) {
        return drop(node, key, 0);
    }

    /** Drops the key after a write whose row in the pool's write log is {@code logSeq} (0: none). */
    public boolean drop(MemcacheNode node, ImageKey key, long logSeq) {
        return call(
                node,
                withLogSeq(entry(node, key), logSeq),
                target -> ownerAnswered(target.request().delete()));
    }

    private static WebTarget withLogSeq(WebTarget target, long logSeq) {
        return logSeq > 0 ? target.queryParam(MemcacheProtocol.LOG_SEQ_PARAMETER, logSeq) : target;
    }

    /** Drops every key; {@code logSeq}: the row of the delete of every image in the pool's write log (0: none). */
    public void clear(MemcacheNode node, long logSeq) {
        call(
                node,
                withLogSeq(api(node).path(MemcacheProtocol.ENTRIES), logSeq),
                target -> expectSuccess(target.request().delete()));
    }

    public MemcacheConfig config(MemcacheNode node) {
        return call(
                node,
                api(node).path(MemcacheProtocol.CONFIG),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), MemcacheConfig.class));
    }

    /** Validates, stores and applies a configuration; a refusal comes back as {@link Reason#INVALID_INPUT}. */
    public MemcacheConfig configure(MemcacheNode node, MemcacheConfig config) {
        return call(
                node,
                api(node).path(MemcacheProtocol.CONFIG),
                target -> read(
                        target.request(MediaType.APPLICATION_JSON).put(Entity.json(config)), MemcacheConfig.class));
    }

    public MemcacheConfig refresh(MemcacheNode node) {
        return call(
                node,
                api(node).path(MemcacheProtocol.CONFIG).path(MemcacheProtocol.REFRESH),
                target -> read(target.request(MediaType.APPLICATION_JSON).post(null), MemcacheConfig.class));
    }

    public NodeStats stats(MemcacheNode node) {
        return call(
                node,
                api(node).path(MemcacheProtocol.STATS),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), NodeStats.class));
    }

    /** Every node's samples of the last {@code minutes}, as the node's database has them. */
    public History history(MemcacheNode node, int minutes) {
        return call(
                node,
                api(node).path(MemcacheProtocol.HISTORY).queryParam(History.MINUTES_PARAMETER, minutes),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), History.class));
    }

    /** The reads the node sampled for its hit-rate curve; {@link Reason#NOT_FOUND} when the curve is off. */
    public String trace(MemcacheNode node) {
        return call(
                node,
                api(node).path(MemcacheProtocol.TRACE),
                target -> read(target.request(MediaType.TEXT_PLAIN).get(), String.class));
    }

    /**
     * Asks a pool node to leave the pool and hand its items on ({@link MemcacheProtocol#LEAVE}); waits
     * up to {@code waitMs} for it, as the grid moves the node's partitions meanwhile. A refusal (the
     * node cannot leave now) comes back as {@link Reason#CONFLICT}.
     */
    public LeaveAnswer leave(MemcacheNode node, int waitMs) {
        return call(
                node,
                api(node).path(MemcacheProtocol.LEAVE),
                target -> read(
                        target.request(MediaType.APPLICATION_JSON)
                                // Jersey's name for a per-request read timeout: a leave outlasts every other call
                                .property("jersey.config.client.readTimeout", waitMs)
                                .post(null),
                        LeaveAnswer.class));
    }

    private boolean store(MemcacheNode node, WebTarget target, byte[] image, String sha256) {
        return call(
                node,
                target,
                t -> read(
                                t.request(MediaType.APPLICATION_JSON)
                                        .header(MemcacheProtocol.TAG_HEADER, sha256)
                                        .put(Entity.entity(image, MediaType.APPLICATION_OCTET_STREAM)),
                                StoreAnswer.class)
                        .stored());
    }

    private WebTarget entry(MemcacheNode node, ImageKey key) {
        return api(node).path(MemcacheProtocol.ENTRIES).path(EntryKeys.encode(key.value()));
    }

    private WebTarget api(MemcacheNode node) {
        return apis.computeIfAbsent(node.url(), url -> client.target(url).path(MemcacheProtocol.API));
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

    /** A success, and whether the node owns the key ({@link MemcacheProtocol#OWNER_HEADER}). */
    private static boolean ownerAnswered(Response response) {
        expectSuccess(response);
        return !"false".equals(response.getHeaderString(MemcacheProtocol.OWNER_HEADER));
    }

    private static Void expectSuccess(Response response) {
        try (response) {
            if (response.getStatusInfo().getFamily() != Response.Status.Family.SUCCESSFUL) {
                throw failure(response);
            }
            return null;
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

    /**
     * The cache WAR's own errors: 400 for a bad value, 404 for what is not there, 409 for what its
     * state refuses, 503 when its database failed.
     */
    private static ImageCacheException failure(Response response) {
        String message = "HTTP " + response.getStatus();
        if (MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())) {
            message = response.readEntity(JsonObject.class).getString("error", message);
        }
        return switch (response.getStatus()) {
            case 400 -> ImageCacheException.invalid(message);
            case 404 -> new ImageCacheException(Reason.NOT_FOUND, message);
            case 409 -> new ImageCacheException(Reason.CONFLICT, message);
            case 503 -> new ImageCacheException(Reason.DATABASE_UNAVAILABLE, message);
            default -> new ImageCacheException(Reason.CACHE_UNAVAILABLE, "Memcache failed: " + message);
        };
    }
}
