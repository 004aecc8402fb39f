package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.UploadResult;
import jakarta.faces.component.UIInput;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import org.primefaces.event.FileUploadEvent;

/** The upload form: a key and one image, stored by the same service as {@code POST /api/upload}. */
@Named
@ViewScoped
public class UploadForm implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    ImageService images;

    private String key;
    private String uploadedKey;

    public void upload(FileUploadEvent event) {
        uploadedKey = null;
        // the upload event comes before the model update, so the key is read from its field directly
        UIInput keyField = (UIInput) event.getComponent().findComponent("key");
        Object typed = keyField.getSubmittedValue() != null ? keyField.getSubmittedValue() : keyField.getValue();
        key = typed == null ? null : typed.toString();
        try (InputStream content = event.getFile().getInputStream()) {
            UploadResult result = images.upload(ImageKey.of(key), content);
            uploadedKey = result.key();
            Messages.info(
                    result.replaced()
                            ? "Replaced the image under '" + result.key() + "'."
                            : "Uploaded '" + result.key() + "'.");
        } catch (ImageCacheException e) {
            Messages.error("Not uploaded: " + e.getMessage());
        } catch (IOException e) {
            Messages.error("Not uploaded: the file could not be read (" + e.getMessage() + ")");
        }
    }

    public long getMaxUploadBytes() {
        return images.maxUploadBytes();
    }

    public long getMaxUploadMB() {
        return images.maxUploadBytes() / (1024 * 1024);
    }

    public String getKey() {
        return key;
    }

    public void setKey(String key) {
        this.key = key;
    }

    /** The key of the last successful upload, for a link to it. */
    public String getUploadedKey() {
        return uploadedKey;
    }
}
