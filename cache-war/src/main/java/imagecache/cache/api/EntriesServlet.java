package imagecache.cache.api;

import imagecache.cache.HandedOffEntry;
import imagecache.cache.MemcacheLookup;
import imagecache.cache.service.MemcacheService;
import imagecache.memcache.protocol.EntryKeys;
import imagecache.memcache.protocol.HandoffAnswer;
import imagecache.memcache.protocol.MemcacheProtocol;
import imagecache.memcache.protocol.StoreAnswer;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;

/**
 * The cached items, {@code /api/entries/{key}} as {@link MemcacheProtocol} describes them: a miss
 * answers 204 with a lease, which a fill sends back so that it stores only if the key has not been
 * written or dropped since; a hit carries the value's tag, and a GET whose {@code If-None-Match}
 * names that tag gets a 304 without the bytes.
 *
 * <p>A plain servlet rather than a JAX-RS resource: this is the path of every image read, and a
 * resource method costs several times the work of the lookup and the copy (see bench/README.md).
 */
@WebServlet("/" + MemcacheProtocol.API + "/" + MemcacheProtocol.ENTRIES + "/*")
public class EntriesServlet extends HttpServlet {

    private static final String LEASE_HEADER = MemcacheProtocol.LEASE_HEADER;
    private static final String TAG_HEADER = MemcacheProtocol.TAG_HEADER;
    private static final String SETTLE_SUFFIX = "/" + MemcacheProtocol.SETTLE;

    private static final String OCTETS = "application/octet-stream";
    /** The largest array the JVM allocates. */
    private static final long MAX_VALUE_BYTES = Integer.MAX_VALUE - 8;

    @EJB
    transient MemcacheService memcache;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = key(request, response);
        if (key == null) {
            return;
        }
        MemcacheLookup lookup = memcache.get(key);
        if (!lookup.isHit()) {
            // 204, not 404: the front end's HttpURLConnection builds an exception, stack trace and all,
            // for every 4xx it reads (1.7 % of the server's CPU with most reads missing, bench/README.md)
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
            response.setHeader(LEASE_HEADER, Long.toString(lookup.lease()));
            response.setContentLength(0);
            return;
        }
        if (lookup.tag() != null) {
            response.setHeader(TAG_HEADER, lookup.tag());
            String ifNoneMatch = request.getHeader("If-None-Match");
            if (ifNoneMatch != null && ifNoneMatch.equals('"' + lookup.tag() + '"')) {
                response.setStatus(HttpServletResponse.SC_NOT_MODIFIED);
                return;
            }
        }
        byte[] value = lookup.value();
        response.setContentType(OCTETS);
        // a known length instead of chunking: the front end reads it in one go and keeps the connection
        response.setContentLength(value.length);
        response.getOutputStream().write(value);
    }

    /** Whether the key is cached, without counting a request or touching its recency. */
    @Override
    protected void doHead(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String key = key(request, response);
        if (key != null) {
            response.setStatus(memcache.contains(key) ? HttpServletResponse.SC_OK : HttpServletResponse.SC_NOT_FOUND);
            response.setContentLength(0);
        }
    }

    /**
     * Stores a value ({@code ?lease=} after a miss) and answers {@code {"stored": true|false}}: false
     * when it is larger than the capacity or its lease expired.
     */
    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isCollection(request)) {
            takeHandoff(request, response);
            return;
        }
        String key = key(request, response);
        if (key == null) {
            return;
        }
        Long lease;
        try {
            String leaseParameter = request.getParameter(MemcacheProtocol.LEASE_PARAMETER);
            lease = leaseParameter == null ? null : Long.valueOf(leaseParameter);
        } catch (NumberFormatException e) {
            Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, "Lease is not a number");
            return;
        }
        String tag = request.getHeader(TAG_HEADER);
        long length = request.getContentLengthLong();
        boolean stored;
        if (length > memcache.settings().capacityBytes() || length > MAX_VALUE_BYTES) {
            // never held, so not read into memory either; the key's old value must not outlive the write
            memcache.invalidate(key);
            stored = false;
        } else {
            byte[] value = length >= 0
                    ? request.getInputStream().readNBytes((int) length)
                    : request.getInputStream().readAllBytes();
            stored = lease == null ? memcache.put(key, value, tag) : memcache.fill(key, value, tag, lease);
        }
        Answers.send(response, HttpServletResponse.SC_OK, new StoreAnswer(stored).json());
    }

    /** Stores what another cache node handed over ({@link HandedOffEntry}) and answers how many items it kept. */
    private void takeHandoff(HttpServletRequest request, HttpServletResponse response) throws IOException {
        List<HandedOffEntry> entries;
        try {
            entries = HandedOffEntry.read(
                    request.getInputStream(), memcache.settings().capacityBytes());
        } catch (IOException e) {
            Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, "Not a handoff: " + e.getMessage());
            return;
        }
        Answers.send(response, HttpServletResponse.SC_OK, new HandoffAnswer(memcache.handOver(entries)).json());
    }

    /** Tells the front end that a write went to a node that does not own the key. */
    private void markUnlessOwner(String key, HttpServletResponse response) {
        if (!memcache.owns(key)) {
            response.setHeader(MemcacheProtocol.OWNER_HEADER, "false");
        }
    }

    /** Drops one key, or every key when none is given. */
    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isCollection(request)) {
            Long logSeq = logSeq(request, response);
            if (logSeq == null) {
                return;
            }
            memcache.clear(logSeq);
        } else {
            String key = key(request, response);
            if (key == null) {
                return;
            }
            Long logSeq = logSeq(request, response);
            if (logSeq == null) {
                return;
            }
            memcache.invalidate(key, logSeq);
            markUnlessOwner(key, response);
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /**
     * {@code POST entries/{key}/settle} with the tag of a put made before its write was final: settles
     * it ({@link imagecache.cache.Memcache#settle}), so that a read that missed meanwhile cannot fill
     * an older value.
     */
    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo();
        String tag = request.getHeader(TAG_HEADER);
        if (path == null || !path.endsWith(SETTLE_SUFFIX) || tag == null) {
            Answers.sendError(
                    response,
                    HttpServletResponse.SC_BAD_REQUEST,
                    "Only POST entries/{key}/settle with a " + TAG_HEADER + " header");
            return;
        }
        String key = decode(path.substring(1, path.length() - SETTLE_SUFFIX.length()), response);
        Long logSeq = key == null ? null : logSeq(request, response);
        if (logSeq != null) {
            memcache.settle(key, tag, logSeq);
            markUnlessOwner(key, response);
            response.setStatus(HttpServletResponse.SC_NO_CONTENT);
        }
    }

    /** The write log seq a settle or drop names (0: none), or null after answering 400. */
    private static Long logSeq(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String given = request.getParameter(MemcacheProtocol.LOG_SEQ_PARAMETER);
        try {
            long seq = given == null ? 0 : Long.parseLong(given);
            if (seq >= 0) {
                return seq;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, "seq is a write log seq, not " + given);
        return null;
    }

    private static boolean isCollection(HttpServletRequest request) {
        String path = request.getPathInfo();
        return path == null || path.equals("/");
    }

    /** The decoded key of the path, or null after answering 400. */
    private static String key(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isCollection(request)) {
            Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, "No key in the path");
            return null;
        }
        return decode(request.getPathInfo().substring(1), response);
    }

    private static String decode(String encoded, HttpServletResponse response) throws IOException {
        try {
            return EntryKeys.decode(encoded);
        } catch (IllegalArgumentException e) {
            Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
    }
}
