package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.StoredImage;
import imagecache.frontend.store.ImageRepository.SortColumn;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;
import org.primefaces.model.SortOrder;

/** The key list: paged, sorted and filtered in the database, so it stays quick with many keys. */
@Named
@ViewScoped
public class KeyList implements Serializable {

    private static final long serialVersionUID = 1L;

    @Inject
    AdminSession adminSession;

    @Inject
    ImageService images;

    private LazyDataModel<StoredImage> model;

    @PostConstruct
    void init() {
        model = new ImagesModel(images);
    }

    public LazyDataModel<StoredImage> getModel() {
        return model;
    }

    public void delete(String key) {
        adminSession.administer("Not deleted: ", () -> {
            images.delete(ImageKey.of(key));
            return "Deleted the image under '" + key + "'.";
        });
    }

    public void deleteAll() {
        adminSession.administer("Not deleted: ", () -> {
            images.deleteAll();
            return "Deleted every image.";
        });
    }

    /** Pages through the image table. */
    static final class ImagesModel extends LazyDataModel<StoredImage> {
        private static final long serialVersionUID = 1L;
        private final ImageService images;

        ImagesModel(ImageService images) {
            this.images = images;
        }

        /** The row count for the paginator; PrimeFaces asks for it before it loads a page. */
        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            try {
                return (int) images.count(filter(filterBy));
            } catch (ImageCacheException e) {
                Messages.error(e.getMessage());
                return 0;
            }
        }

        @Override
        public List<StoredImage> load(
                int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            SortColumn column = SortColumn.KEY;
            boolean ascending = true;
            for (SortMeta sort : sortBy.values()) {
                column = switch (sort.getField()) {
                    case "path" -> SortColumn.PATH;
                    case "bytes" -> SortColumn.BYTES;
                    case "updatedAt" -> SortColumn.UPDATED;
                    default -> SortColumn.KEY;
                };
                ascending = sort.getOrder() != SortOrder.DESCENDING;
            }
            try {
                return images.page(first, pageSize, column, ascending, filter(filterBy));
            } catch (ImageCacheException e) {
                return List.of(); // count() has already said why
            }
        }

        @Override
        public String getRowKey(StoredImage image) {
            return image.key();
        }

        private static String filter(Map<String, FilterMeta> filterBy) {
            FilterMeta key = filterBy == null ? null : filterBy.get("key");
            Object value = key == null ? null : key.getFilterValue();
            return value == null ? "" : value.toString();
        }
    }
}
