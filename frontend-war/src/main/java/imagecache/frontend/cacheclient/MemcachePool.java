package imagecache.frontend.cacheclient;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageCacheException.Reason;
import imagecache.frontend.domain.ImageKey;
import imagecache.memcache.protocol.History;
import imagecache.memcache.protocol.LeaveAnswer;
import imagecache.memcache.protocol.MemcacheConfig;
import imagecache.memcache.protocol.NodeStats;
import imagecache.memcache.protocol.TraceKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The memcache as a whole: which node serves a key ({@link MemcacheNodes}), the one loop that asks
 * every node, and the pool's figures summed from its nodes' ({@link PoolStats}). Without a pool it
 * is a pool of one. A node that cannot be reached is tolerated wherever another one answers.
 */
@ApplicationScoped
public class MemcachePool {

    @Inject
    MemcacheNodes nodes;

    @Inject
    MemcacheNodeClient node;

    /** The node that serves the key now; unavailable while no node owns it. */
    public MemcacheNode ownerOf(ImageKey key) {
        return nodes.ownerOf(key);
    }

    /** See {@link MemcacheNodes#isPool()}. */
    public boolean isPool() {
        return nodes.isPool();
    }

    /** See {@link MemcacheNodes#seesWholePool()}. */
    public boolean seesWholePool() {
        return nodes.seesWholePool();
    }

    /** The pool's configuration, as the first node that answers has it (every node applies the stored one). */
    public MemcacheConfig config() {
        return first(node::config);
    }

    /**
     * Sets the configuration of every node. Each validates it, stores it and applies it; a node that
     * misses it reads it from the database within seconds.
     */
    public MemcacheConfig configure(MemcacheConfig config) {
        return firstAnswer(askEach(n -> node.configure(n, config)));
    }

    public MemcacheConfig refresh() {
        return firstAnswer(askEach(node::refresh));
    }

    /** Each node's statistics, the pool's sums and the pool's history. */
    public MemcacheStats stats() {
        List<Answer<NodeStats>> answers = askEach(node::stats);
        firstAnswer(answers);
        return PoolStats.of(
                answers, first(n -> node.history(n, History.DEFAULT_MINUTES)).samples());
    }

    /**
     * The pool's figures per minute over the last {@code minutes} (at most {@link
     * History#MOST_MINUTES}), oldest first, from every node's samples: one node answers for all, as
     * they share the database.
     */
    public List<MemcacheStats.Minute> perMinute(int minutes) {
        return PoolStats.perMinute(first(n -> node.history(n, minutes)).samples());
    }

    /**
     * Asks the pool node at {@code url} to leave the pool and hand its items to the nodes that own
     * their keys from then on, before its process is stopped; waits up to {@code waitMs}.
     */
    public LeaveAnswer leave(String url, int waitMs) {
        MemcacheNode leaving = nodes.all().stream()
                .filter(n -> n.url().equals(url))
                .findFirst()
                .orElseThrow(
                        () -> new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No cache node of the pool at " + url));
        return node.leave(leaving, waitMs);
    }

    /**
     * The reads each node sampled for its hit-rate curve, as one trace for the simulator: the header,
     * then per node a {@code # node <id>} line and its reads. A node that does not answer is named
     * in a comment; {@link Reason#NOT_FOUND} when the curve is off.
     */
    public String trace() {
        List<Answer<String>> answers = askEach(node::trace);
        firstAnswer(answers);
        StringBuilder trace = new StringBuilder(TraceKeys.HEADER).append('\n');
        for (Answer<String> answer : answers) {
            trace.append("# node ").append(answer.node().id());
            if (answer.value().isEmpty()) {
                trace.append(": not answering\n");
                continue;
            }
            trace.append('\n');
            answer.value()
                    .get()
                    .lines()
                    .filter(line -> !line.equals(TraceKeys.HEADER))
                    .forEach(line -> trace.append(line).append('\n'));
        }
        return trace.toString();
    }

    /** What a node answered; empty when it could not be reached. */
    public record Answer<T>(MemcacheNode node, Optional<T> value, Optional<ImageCacheException> failure) {}

    /**
     * Asks every node in turn. A node that cannot be reached gives an empty answer; any other
     * failure (a refusal, a bug) is thrown at once.
     */
    public <T> List<Answer<T>> askEach(Function<MemcacheNode, T> call) {
        return ask(call).toList();
    }

    /** The first node's answer, asking the next one only while a node cannot be reached. */
    private <T> T first(Function<MemcacheNode, T> call) {
        return firstAnswer(ask(call)::iterator);
    }

    /** The one loop over the nodes; lazy, so that {@link #first} stops at the first answer. */
    private <T> Stream<Answer<T>> ask(Function<MemcacheNode, T> call) {
        return nodes.all().stream().map(n -> {
            try {
                return new Answer<>(n, Optional.of(call.apply(n)), Optional.<ImageCacheException>empty());
            } catch (ImageCacheException e) {
                if (e.reason() != Reason.CACHE_UNAVAILABLE) {
                    throw e;
                }
                return new Answer<>(n, Optional.<T>empty(), Optional.of(e));
            }
        });
    }

    /** The first answer among {@code answers}; the last failure when no node answered. */
    static <T> T firstAnswer(Iterable<Answer<T>> answers) {
        ImageCacheException failed = noNode();
        for (Answer<T> answer : answers) {
            if (answer.value().isPresent()) {
                return answer.value().get();
            }
            failed = answer.failure().orElse(failed);
        }
        throw failed;
    }

    private static ImageCacheException noNode() {
        return new ImageCacheException(Reason.CACHE_UNAVAILABLE, "No memcache node yet");
    }
}
