package imagecache.cache.api;

import imagecache.cache.MemcacheLookup;
import imagecache.cache.service.MemcacheService;
import jakarta.ejb.EJB;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The cached items, {@code /api/entries/{base64url key}}. A miss answers 204 (no value) with a
 * {@code Cache-Lease} header; sending the value back with {@code PUT ?lease=} stores it only if the key has not been
 * written or dropped since. A hit carries the value's tag ({@code Cache-Tag}); a GET whose
 * {@code If-None-Match} names that tag gets a 304 without the bytes.
 *
 * <p>A plain servlet rather than a JAX-RS resource: this is the path of every image read, and a
 * resource method costs several times the work of the lookup and the copy (see bench/README.md).
 */
@WebServlet("/api/entries/*")
public class EntriesServlet extends HttpServlet {

    private static final String LEASE_HEADER = "Cache-Lease";
    /** A short text stored with the value and returned with it on a hit (the front end's content hash). */
    private static final String TAG_HEADER = "Cache-Tag";
    /** On a delete: settle the put of the value with this tag instead of dropping the key. */
    private static final String SETTLE_HEADER = "Cache-Settle";

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
        String key = key(request, response);
        if (key == null) {
            return;
        }
        Long lease;
        try {
            String leaseParameter = request.getParameter("lease");
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
        Answers.send(response, HttpServletResponse.SC_OK, stored ? "{\"stored\":true}" : "{\"stored\":false}");
    }

    /**
     * Drops one key, or every key when none is given. With a {@code Cache-Settle: <tag>} header the
     * key's put is settled instead ({@link imagecache.cache.Memcache#settle}).
     */
    @Override
    protected void doDelete(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (isCollection(request)) {
            memcache.clear();
        } else {
            String key = key(request, response);
            if (key == null) {
                return;
            }
            String settledTag = request.getHeader(SETTLE_HEADER);
            if (settledTag == null) {
                memcache.invalidate(key);
            } else {
                memcache.settle(key, settledTag);
            }
        }
        response.setStatus(HttpServletResponse.SC_NO_CONTENT);
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
        try {
            return KeyCodec.decode(request.getPathInfo().substring(1));
        } catch (IllegalArgumentException e) {
            Answers.sendError(response, HttpServletResponse.SC_BAD_REQUEST, e.getMessage());
            return null;
        }
    }
}
