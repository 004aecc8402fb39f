/**
 * The memcache's wire, as the cache WAR serves it and the front end calls it: paths, header names,
 * the key's encoding in a path and in a trace, the records of configuration, statistics and
 * history, and the grid map where pool nodes publish their URLs. Both WARs compile against this
 * package and nothing else of each other. Plain Java: no container types.
 */
package imagecache.memcache.protocol;
