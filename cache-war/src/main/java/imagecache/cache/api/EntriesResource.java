package imagecache.cache.api;

import imagecache.cache.Lookup;
import imagecache.cache.service.MemcacheService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HEAD;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * The cached items. A miss answers 404 with a {@code Cache-Lease} header; sending the value back
 * with {@code ?lease=} stores it only if the key has not been written or dropped since.
 */
@ApplicationScoped
@Path("entries")
public class EntriesResource {

    public static final String LEASE_HEADER = "Cache-Lease";
    /** A short text stored with the value and returned with it on a hit (the front end's content hash). */
    public static final String TAG_HEADER = "Cache-Tag";

    @Inject
    MemcacheService memcache;

    @GET
    @Path("{key}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Response get(@PathParam("key") String encodedKey) {
        Lookup lookup = memcache.get(KeyCodec.decode(encodedKey));
        if (lookup.isHit()) {
            // a known length instead of chunking: the front end reads it in one go and keeps the connection
            return Response.ok(lookup.value()).header(TAG_HEADER, lookup.tag())
                    .header(HttpHeaders.CONTENT_LENGTH, lookup.value().length).build();
        }
        return Response.status(Response.Status.NOT_FOUND).header(LEASE_HEADER, lookup.lease()).build();
    }

    /** Whether the key is cached, without counting a request or touching its recency. */
    @HEAD
    @Path("{key}")
    public Response contains(@PathParam("key") String encodedKey) {
        return memcache.contains(KeyCodec.decode(encodedKey)) ? Response.ok().build() : Response.status(404).build();
    }

    @PUT
    @Path("{key}")
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Produces(MediaType.APPLICATION_JSON)
    public Stored put(@PathParam("key") String encodedKey, @QueryParam("lease") Long lease,
            @HeaderParam(TAG_HEADER) String tag, byte[] value) {
        String key = KeyCodec.decode(encodedKey);
        boolean stored = lease == null ? memcache.put(key, value, tag) : memcache.fill(key, value, tag, lease);
        return new Stored(stored);
    }

    @DELETE
    @Path("{key}")
    public void invalidate(@PathParam("key") String encodedKey) {
        memcache.invalidate(KeyCodec.decode(encodedKey));
    }

    @DELETE
    public void clear() {
        memcache.clear();
    }

    /** Whether a value was stored: false when it is larger than the capacity or its lease expired. */
    public record Stored(boolean stored) {}
}
