package imagecache.frontend.domain;

import java.util.Locale;

/** Who sizes the memcache pool: an administrator ({@code manual}) or the auto-scaler ({@code auto}). */
public enum ScalingMode {
    MANUAL,
    AUTO;

    /** The mode as the course's calls name it, in any case. */
    public static ScalingMode parse(String typed) {
        String name = typed.strip().toUpperCase(Locale.ROOT);
        for (ScalingMode mode : values()) {
            if (mode.name().equals(name)) {
                return mode;
            }
        }
        throw ImageCacheException.invalid("mode must be manual or auto, not '" + typed + "'");
    }

    /** The name the course's calls use. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
