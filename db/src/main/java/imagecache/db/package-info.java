/**
 * The database bootstrap both WARs share: the Flyway migration that retries until the database
 * answers, the persistence unit created on first use, and how database failures read. Plain
 * classes without CDI or EJB annotations; each WAR wraps them in beans that name its own datasource
 * and unit. Knows nothing of HTTP or of either WAR.
 */
package imagecache.db;
