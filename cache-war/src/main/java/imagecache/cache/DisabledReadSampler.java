package imagecache.cache;

import java.util.List;

/** The hit-rate curve switched off: records nothing, has no points and no trace. */
enum DisabledReadSampler implements ReadSampler {
    INSTANCE;

    @Override
    public void record(String key, long sizeBytes) {}

    @Override
    public void recordStore(String key, long sizeBytes) {}

    @Override
    public List<HitRateCurve.Point> curve(long capacityBytes) {
        return List.of();
    }

    @Override
    public double samplingRate() {
        return 0;
    }

    @Override
    public long reads() {
        return 0;
    }

    @Override
    public long sampledReads() {
        return 0;
    }

    @Override
    public void reset() {}

    @Override
    public boolean writeLog(Appendable out) {
        return false;
    }
}
