package imagecache.frontend.service;

import java.util.List;

/** One page of the key list and how many rows there are in all. */
public record ImagePage(List<StoredImage> rows, long total) {}
