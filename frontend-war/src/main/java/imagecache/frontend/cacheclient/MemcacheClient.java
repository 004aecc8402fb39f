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
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The front end's one connection to the memcache in the cache WAR. Owns a single JAX-RS client
 * (pooled keep-alive connections) and turns every transport failure into
 * {@link Reason#CACHE_UNAVAILABLE}.
 *
 * <p>A write that could not be delivered (the memcache was unreachable) would leave an old image in
 * the memcache when it comes back. So such keys are remembered, and every later call first drops
 * them (or clears everything, if a clear was missed or too many are pending); until that has
 * worked, the memcache counts as unavailable.
 */
@ApplicationScoped
public class MemcacheClient {

    private static final String LEASE_HEADER = "Cache-Lease";
    private static final String TAG_HEADER = "Cache-Tag";

    @Inject
    @ConfigProperty(name = "cache.url")
    Optional<String> configuredUrl;

    @Inject
    @ConfigProperty(name = "cache.timeout.ms", defaultValue = "3000")
    int timeoutMs;

    /** Sent with every call when set: the cache WAR then answers no one else (see its TokenFilter). */
    @Inject
    @ConfigProperty(name = "admin.token")
    Optional<String> adminToken;

    @Inject
    LocalServer localServer;

    private Client client;
    private volatile WebTarget api;
    private volatile WebTarget entries;
    private final UndeliveredWrites undelivered = new UndeliveredWrites();

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

    /** Where the cache WAR is: CACHE_URL, or the cache WAR on this same server. */
    public String baseUrl() {
        return configuredUrl.orElseGet(() -> "http://127.0.0.1:" + localServer.cachePort() + "/cache");
    }

    /**
     * Reads a key; with {@code knownSha256} (null: none), a hit of that same content comes back without its value
     * ({@link MemcacheLookup.Unchanged}), which is how a browser's revalidation costs no image transfer.
     * A hit's value is streamed off the connection: the caller copies it on and closes the lookup.
     */
    public MemcacheLookup get(ImageKey key, String knownSha256) {
        deliverPending();
        return call(entry(key), target -> {
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
        deliverPending();
        return call(entry(key), target -> {
            try (Response response = target.request().head()) {
                return response.getStatus() == 200;
            }
        });
    }

    /** Stores the key's current image and its content hash, replacing whatever the memcache had for it. */
    public boolean put(ImageKey key, byte[] image, String sha256) {
        return remembering(key, () -> store(entry(key), image, sha256));
    }

    /** Stores an image read from disk after a miss, unless the key changed since (see {@link MemcacheLookup}). */
    public boolean fill(ImageKey key, byte[] image, String sha256, long lease) {
        deliverPending();
        return store(entry(key).queryParam("lease", lease), image, sha256);
    }

    public void invalidate(ImageKey key) {
        remembering(
                key,
                () -> call(entry(key), target -> expectSuccess(target.request().delete())));
    }

    public void clear() {
        try {
            call(entries(), target -> expectSuccess(target.request().delete()));
            undelivered.cleared();
        } catch (ImageCacheException e) {
            undelivered.missedClear();
            throw e;
        }
    }

    /** Runs a write of one key; if it fails, the key is dropped from the memcache as soon as it is back. */
    private <T> T remembering(ImageKey key, Supplier<T> write) {
        try {
            deliverPending();
            return write.get();
        } catch (ImageCacheException e) {
            if (e.reason() == Reason.CACHE_UNAVAILABLE) {
                undelivered.missed(key);
            }
            throw e;
        }
    }

    /** Drops what missed writes left behind; throws (memcache unavailable) until that has worked. */
    private void deliverPending() {
        if (!undelivered.isEmpty()) {
            undelivered.deliver(
                    key -> call(
                            entry(key), target -> expectSuccess(target.request().delete())),
                    this::clear);
        }
    }

    public MemcacheConfig config() {
        return call(
                api().path("config"),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), MemcacheConfig.class));
    }

    public MemcacheConfig configure(MemcacheConfig config) {
        return call(
                api().path("config"),
                target -> read(
                        target.request(MediaType.APPLICATION_JSON).put(Entity.json(config)), MemcacheConfig.class));
    }

    public MemcacheConfig refresh() {
        return call(
                api().path("config/refresh"),
                target -> read(target.request(MediaType.APPLICATION_JSON).post(null), MemcacheConfig.class));
    }

    public MemcacheStats stats() {
        return call(
                api().path("stats"),
                target -> read(target.request(MediaType.APPLICATION_JSON).get(), MemcacheStats.class));
    }

    private boolean store(WebTarget target, byte[] image, String sha256) {
        return call(
                target,
                t -> read(
                                t.request(MediaType.APPLICATION_JSON)
                                        .header(TAG_HEADER, sha256)
                                        .put(Entity.entity(image, MediaType.APPLICATION_OCTET_STREAM)),
                                JsonObject.class)
                        .getBoolean("stored", false));
    }

    private WebTarget entry(ImageKey key) {
        String encoded = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(key.value().getBytes(StandardCharsets.UTF_8));
        return entries().path(encoded);
    }

    private WebTarget entries() {
        WebTarget target = entries;
        if (target == null) {
            target = api().path("entries");
            entries = target;
        }
        return target;
    }

    private WebTarget api() {
        WebTarget target = api;
        if (target == null) {
            target = client.target(baseUrl()).path("api");
            api = target;
        }
        return target;
    }

    private <T> T call(WebTarget target, Function<WebTarget, T> request) {
        try {
            return request.apply(target);
        } catch (ProcessingException e) {
            throw new ImageCacheException(
                    Reason.CACHE_UNAVAILABLE, "Memcache unavailable at " + baseUrl() + ": " + Causes.rootMessage(e), e);
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
            case 503 -> new ImageCacheException(Reason.DATABASE_UNAVAILABLE, message);
            default -> new ImageCacheException(Reason.CACHE_UNAVAILABLE, "Memcache failed: " + message);
        };
    }
}
