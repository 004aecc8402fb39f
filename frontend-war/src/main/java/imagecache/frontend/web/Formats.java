package imagecache.frontend.web;

import imagecache.frontend.domain.ImageInspector.Dimensions;
import imagecache.frontend.domain.ThumbnailMaker;
import imagecache.frontend.service.StoredImage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

/** How pages write sizes, rates and times. */
@Named
@ApplicationScoped
public class Formats {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    public String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        if (bytes < 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        }
        return String.format(Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024.0));
    }

    public String percent(double fraction) {
        return String.format(Locale.ROOT, "%.1f %%", fraction * 100);
    }

    /** "1: 31.0 %, 2: 60.5 %" for the hit rate each pool size would have; empty for none. */
    public String bySize(Map<Integer, Double> hitRateBySize) {
        StringJoiner sizes = new StringJoiner(", ");
        hitRateBySize.forEach((size, rate) -> sizes.add(size + ": " + percent(rate)));
        return sizes.toString();
    }

    public String time(Instant instant) {
        return instant == null ? "" : TIME.format(instant);
    }

    /** "640 x 480", or empty while the size is not known. */
    public String dimensions(Integer width, Integer height) {
        return width == null || height == null ? "" : width + " \u00d7 " + height;
    }

    /**
     * The URL of an image's thumbnail. It names the image's hash, so the browser may keep it for good:
     * a replaced image has another URL.
     */
    public String thumbnailUrl(StoredImage image) {
        return "images?key=" + URLEncoder.encode(image.key(), StandardCharsets.UTF_8) + "&size=thumb&v="
                + image.sha256();
    }

    /** The width a thumbnail is shown with inside a {@code box} x {@code box} square, so the page does not jump. */
    public long thumbnailWidth(StoredImage image, int box) {
        return shown(image, box).width();
    }

    public long thumbnailHeight(StoredImage image, int box) {
        return shown(image, box).height();
    }

    private static Dimensions shown(StoredImage image, int box) {
        if (image.width() == null || image.height() == null) {
            return new Dimensions(box, box); // not known yet: the placeholder's square
        }
        Dimensions thumbnail = ThumbnailMaker.fit(image.width(), image.height(), ThumbnailMaker.LONG_SIDE);
        return ThumbnailMaker.fit(thumbnail.width(), thumbnail.height(), box);
    }
}
