package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageDetails;
import imagecache.frontend.service.ImageService;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The image page: one key's image and details, or why there is none. */
@Named
@RequestScoped
public class ImageView {

    @Inject
    ImageService images;

    private String key;
    private ImageDetails details;
    private String problem;

    /** Runs before the page renders (view action). */
    public void load() {
        if (key == null || key.isBlank()) {
            problem = "Type a key to search for.";
            return;
        }
        try {
            details = images.describe(ImageKey.of(key));
        } catch (ImageCacheException e) {
            problem = e.reason() == ImageCacheException.Reason.NOT_FOUND
                    ? "No image is stored under this key."
                    : e.getMessage();
        }
    }

    /** The image through {@code /images}; the hash makes the browser fetch a replaced image anew. */
    public String getImageUrl() {
        return "images?key=" + URLEncoder.encode(details.image().key(), StandardCharsets.UTF_8) + "&v="
                + details.sha256();
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    public ImageDetails getDetails() {
        return details;
    }

    public String getProblem() {
        return problem;
    }

    public String getSource() {
        return switch (details.inMemcache()) {
            case YES -> "from the memcache (hit)";
            case NO -> "from disk (miss; it is now in the memcache if it fits)";
            case UNKNOWN -> "from disk (the memcache is unavailable)";
        };
    }
}
