/**
 * The front end's plain value types and rules: keys, image formats and their inspection, content
 * hashes, thumbnails made with bounded memory, the one exception type with its reasons. Plain Java, used by every other package.
 */
package imagecache.frontend.domain;
