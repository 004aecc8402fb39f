package imagecache.memcache.protocol;

/** The answer to a put or fill: false when the value was larger than the capacity or its lease had expired. */
public record StoreAnswer(boolean stored) {

    /** This answer in JSON, written without a JSON binding: it is on the path of every put. */
    public String json() {
        return stored ? "{\"stored\":true}" : "{\"stored\":false}";
    }
}
