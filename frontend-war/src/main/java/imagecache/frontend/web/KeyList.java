package imagecache.frontend.web;

import imagecache.frontend.domain.ImageCacheException;
import imagecache.frontend.domain.ImageKey;
import imagecache.frontend.domain.SortColumn;
import imagecache.frontend.service.ImageService;
import imagecache.frontend.service.StoredImage;
import jakarta.annotation.PostConstruct;
import jakarta.faces.component.UIComponent;
import jakarta.faces.component.UIData;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.primefaces.model.FilterMeta;
import org.primefaces.model.LazyDataModel;
import org.primefaces.model.SortMeta;

/**
 * The stored images, as a table or as a gallery of thumbnails: one filter, one order and paging in
 * the database for both, so it stays quick with many keys. The chosen view is remembered in a
 * cookie, so the page opens with it.
 */
@Named
@ViewScoped
public class KeyList implements Serializable {

    private static final long serialVersionUID = 1L;
    static final String VIEW_COOKIE = "imagecache-view";
    private static final int VIEW_COOKIE_SECONDS = 365 * 24 * 3600;

    /** How the images are shown. */
    public enum View {
        TABLE,
        GALLERY
    }

    /** The orders the list offers, by what people look for. */
    public enum Order {
        KEY_ASCENDING("Key, A to Z", SortColumn.KEY, true),
        KEY_DESCENDING("Key, Z to A", SortColumn.KEY, false),
        NEWEST("Newest first", SortColumn.UPDATED, false),
        OLDEST("Oldest first", SortColumn.UPDATED, true),
        LARGEST("Largest first", SortColumn.BYTES, false),
        SMALLEST("Smallest first", SortColumn.BYTES, true);

        private final String label;
        private final SortColumn column;
        private final boolean ascending;

        Order(String label, SortColumn column, boolean ascending) {
            this.label = label;
            this.column = column;
            this.ascending = ascending;
        }

        public String getLabel() {
            return label;
        }
    }

    @Inject
    AdminSession adminSession;

    @Inject
    ImageService images;

    private String filter = "";
    private Order order = Order.KEY_ASCENDING;
    private View view = View.TABLE;
    private LazyDataModel<StoredImage> model;

    @PostConstruct
    void init() {
        model = new ImagesModel(this);
        Object cookie = FacesContext.getCurrentInstance()
                .getExternalContext()
                .getRequestCookieMap()
                .get(VIEW_COOKIE);
        if (cookie instanceof jakarta.servlet.http.Cookie saved
                && saved.getValue().equals("gallery")) {
            view = View.GALLERY;
        }
    }

    public LazyDataModel<StoredImage> getModel() {
        return model;
    }

    public String getFilter() {
        return filter;
    }

    public void setFilter(String filter) {
        this.filter = filter == null ? "" : filter;
    }

    public Order getOrder() {
        return order;
    }

    public void setOrder(Order order) {
        this.order = order == null ? Order.KEY_ASCENDING : order;
    }

    public Order[] getOrders() {
        return Order.values();
    }

    public View getView() {
        return view;
    }

    public void setView(View view) {
        this.view = view == null ? View.TABLE : view;
    }

    public boolean isGallery() {
        return view == View.GALLERY;
    }

    /** A new filter or order starts again at the first page. */
    public void listChanged() {
        UIComponent shown = FacesContext.getCurrentInstance()
                .getViewRoot()
                .findComponent(view == View.GALLERY ? "keys:gallery" : "keys:table");
        if (shown instanceof UIData data) {
            data.setFirst(0);
        }
    }

    /** Remembers the chosen view for the next visits. */
    public void viewChanged() {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        context.addResponseCookie(
                VIEW_COOKIE,
                view == View.GALLERY ? "gallery" : "table",
                Map.of(
                        "maxAge",
                        VIEW_COOKIE_SECONDS,
                        "path",
                        context.getRequestContextPath().isEmpty() ? "/" : context.getRequestContextPath(),
                        "httpOnly",
                        true,
                        "SameSite",
                        "Lax"));
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

    /** Pages through the image table with the list's filter and order (the components' own are not used). */
    static final class ImagesModel extends LazyDataModel<StoredImage> {
        private static final long serialVersionUID = 1L;
        private final KeyList list;

        ImagesModel(KeyList list) {
            this.list = list;
        }

        /** The row count for the paginator; PrimeFaces asks for it before it loads a page. */
        @Override
        public int count(Map<String, FilterMeta> filterBy) {
            try {
                return (int) list.images.count(list.filter);
            } catch (ImageCacheException e) {
                Messages.error(e.getMessage());
                return 0;
            }
        }

        @Override
        public List<StoredImage> load(
                int first, int pageSize, Map<String, SortMeta> sortBy, Map<String, FilterMeta> filterBy) {
            try {
                return list.images.page(first, pageSize, list.order.column, list.order.ascending, list.filter);
            } catch (ImageCacheException e) {
                return List.of(); // count() has already said why
            }
        }

        @Override
        public String getRowKey(StoredImage image) {
            return image.key();
        }
    }
}
