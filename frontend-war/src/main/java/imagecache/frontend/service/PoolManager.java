package imagecache.frontend.service;

import static imagecache.frontend.store.DatabaseFailures.call;

import imagecache.frontend.cacheclient.MemcacheStats;
import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ScalingMode;
import imagecache.frontend.domain.ScalingRule;
import imagecache.frontend.domain.ScalingSettings;
import imagecache.frontend.service.PoolResizer.PoolState;
import imagecache.frontend.store.ScalingSettingsStore;
import imagecache.memcache.protocol.MemcacheConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/**
 * The pool manager's calls (the course's second assignment): configure the pool in one call (how it
 * is sized, how many nodes, each node's capacity and policy), and read how many nodes serve and the
 * pool's hit or miss rate over the last minute. A call with a bad value changes nothing.
 */
@ApplicationScoped
public class PoolManager {

    /** The window of {@link #rate}: the course's "last minute". */
    static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    @Inject
    PoolResizer pool;

    @Inject
    MemcacheAdmin memcache;

    @Inject
    ScalingSettingsStore settings;

    Clock clock = Clock.systemUTC();

    /** What {@code configure_cache} typed; each field null when left out. */
    public record Configuration(
            String mode,
            String numNodes,
            String cacheSize,
            String policy,
            String expRatio,
            String shrinkRatio,
            String maxMiss,
            String minMiss,
            String scaler,
            String targetHit) {}

    /** What is in force after a {@code configure_cache}, with the policy named as the caller named it. */
    public record Configured(ScalingSettings scaling, int numNodes, MemcacheConfig memcache, String policyAsNamed) {}

    /**
     * Checks every value first, then changes what was given: the nodes' capacity and policy, how the
     * pool is sized, then its size ({@code numNodes}, in either mode: in auto mode the auto-scaler
     * goes on from there).
     */
    public Configured configure(Configuration typed) {
        ScalingSettings before = call(settings::read);
        ScalingSettings scaling = new ScalingSettings(
                given(typed.mode()).map(ScalingMode::parse).orElse(before.mode()),
                number("expRatio", typed.expRatio()).orElse(before.expRatio()),
                number("shrinkRatio", typed.shrinkRatio()).orElse(before.shrinkRatio()),
                number("maxMiss", typed.maxMiss()).orElse(before.maxMiss()),
                number("minMiss", typed.minMiss()).orElse(before.minMiss()),
                given(typed.scaler()).map(ScalingRule::parse).orElse(before.rule()),
                number("targetHit", typed.targetHit()).orElse(before.targetHit()));
        Optional<Integer> nodes = given(typed.numNodes()).map(text -> wholeNumber("numNodes", text));
        // the cache WAR knows the course's RR as RANDOM
        Optional<String> policy = given(typed.policy()).map(String::strip);
        Optional<String> capacity = given(typed.cacheSize()).map(text -> {
            int megabytes = wholeNumber("cacheSize", text);
            if (megabytes < 1) {
                throw ImageCacheException.invalid("cacheSize must be at least 1 (MB per node), not " + megabytes);
            }
            return String.valueOf(megabytes);
        });
        PoolState state = pool.state();
        boolean resizes = nodes.isPresent() && nodes.get() != state.target();
        if (resizes) {
            if (nodes.get() < 1 || nodes.get() > state.maxNodes()) {
                throw ImageCacheException.invalid(
                        "numNodes must be from 1 to " + state.maxNodes() + " (POOL_MAX_NODES), not " + nodes.get());
            }
            pool.checkResize(nodes.get());
        }
        MemcacheConfig config = capacity.isPresent() || policy.isPresent()
                ? memcache.configure(capacity.orElse(null), policy.orElse(null))
                : memcache.config();
        if (!scaling.equals(before)) {
            call(() -> {
                settings.write(scaling);
                return scaling;
            });
        }
        int target = resizes ? pool.resizeTo(nodes.get()).target() : state.target();
        return new Configured(
                scaling,
                target,
                config,
                given(typed.policy()).map(String::strip).orElse(config.policy()));
    }

    /** How the pool is sized now: the mode and the auto-scaler's thresholds. */
    public ScalingSettings settings() {
        return call(settings::read);
    }

    /** The cache nodes that answer now. */
    public int nodesServing() {
        return pool.state().nodesUp();
    }

    /** The reads of the pool over the last minute, and of those the hits and the misses. */
    public record ReadWindow(long requests, long hits, long misses) {

        public double missRate() {
            return requests == 0 ? 0.0 : (double) misses / requests;
        }
    }

    /** A rate by its name ({@code hit} or {@code miss}). */
    public record Rate(String name, double value) {}

    /**
     * The pool's hit or miss rate ({@code which}: {@code hit} or {@code miss}, in any case) over the
     * last minute, from every node's 5-second samples; 0 when nothing was read.
     */
    public Rate rate(String which) {
        String name = which == null ? "" : which.strip().toLowerCase(Locale.ROOT);
        ReadWindow window = switch (name) {
            case "hit", "miss" -> lastMinute();
            default ->
                throw ImageCacheException.invalid(
                        "rate must be miss or hit, not '" + (which == null ? "" : which) + "'");
        };
        long counted = name.equals("hit") ? window.hits() : window.misses();
        return new Rate(name, window.requests() == 0 ? 0.0 : (double) counted / window.requests());
    }

    /** The pool's reads over the last minute, from every node's 5-second samples. */
    public ReadWindow lastMinute() {
        return lastMinute(memcache.stats());
    }

    /** The pool's reads over the last minute, from the 5-second samples of {@code stats}. */
    public ReadWindow lastMinute(MemcacheStats stats) {
        Instant since = clock.instant().minus(RATE_WINDOW);
        long requests = 0;
        long hits = 0;
        long misses = 0;
        for (MemcacheStats.Sample sample : stats.history()) {
            if (Instant.parse(sample.at()).isAfter(since)) {
                requests += sample.requests();
                hits += sample.hits();
                misses += sample.misses();
            }
        }
        return new ReadWindow(requests, hits, misses);
    }

    private static Optional<String> given(String typed) {
        return Optional.ofNullable(typed).filter(text -> !text.isBlank());
    }

    private static Optional<Double> number(String name, String typed) {
        return given(typed).map(text -> {
            String digits = text.strip();
            // ASCII digits and one point: no sign, exponent, NaN or Infinity
            if (!digits.matches("[0-9]{1,9}(\\.[0-9]{0,9})?|\\.[0-9]{1,9}")) {
                throw ImageCacheException.invalid(name + " must be a number, not '" + text + "'");
            }
            return Double.parseDouble(digits);
        });
    }

    private static int wholeNumber(String name, String typed) {
        String digits = typed.strip();
        if (!digits.matches("[0-9]{1,4}")) {
            throw ImageCacheException.invalid(name + " must be a whole number, not '" + typed + "'");
        }
        return Integer.parseInt(digits);
    }
}
