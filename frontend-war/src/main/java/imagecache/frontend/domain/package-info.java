/**
 * The front end's plain value types and rules: keys, image formats and their inspection, content
 * hashes, thumbnails made with bounded memory, the one exception type with its reasons, the sort
 * columns of the key list. Plain Java, used by every other package; its cause walk is the shared
 * {@code imagecache.db} one.
 */
package imagecache.frontend.domain;
