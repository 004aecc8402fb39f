package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.KeySuggestions;
import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** The find box: completes keys as they are typed, and opens the image page of the key chosen. */
@Named
@RequestScoped
public class FindForm {

    @Inject
    ImageService images;

    private String key;

    /** Keys that start with what was typed, ignoring case: the same as {@code GET /api/suggest}. */
    public List<String> complete(String typed) {
        try {
            return images.keysStartingWith(typed, KeySuggestions.MAX);
        } catch (ImageCacheException e) {
            return List.of(); // the find button still works, and says what is wrong
        }
    }

    /** Opens the image page of the key typed or chosen (the page says when there is none). */
    public void open() throws IOException {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        String typed = key == null ? "" : key;
        context.redirect(context.getRequestContextPath() + "/image.xhtml?key="
                + URLEncoder.encode(typed, StandardCharsets.UTF_8));
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }
}
