package imagecache.cache.sim;

/** What one policy achieved over one trace at one capacity; ratios are 0 for an empty trace. */
record Result(long reads, long hits, long bytesRead, long bytesHit) {

    double hitRatio() {
        return reads == 0 ? 0.0 : (double) hits / reads;
    }

    double byteHitRatio() {
        return bytesRead == 0 ? 0.0 : (double) bytesHit / bytesRead;
    }
}
