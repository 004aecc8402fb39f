package imagecache.frontend.domain;

/** What the list of stored images can be sorted by. */
public enum SortColumn {
    KEY,
    PATH,
    BYTES,
    UPDATED
}
