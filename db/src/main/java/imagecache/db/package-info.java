/**
 * The database bootstrap both WARs share: the Flyway migration that retries until the database
 * answers, the persistence unit created on first use, and how database failures read. Each WAR's
 * schema EJB and database bean extend {@link imagecache.db.MigratedSchema} and {@link
 * imagecache.db.LazyDatabase} and name its own datasource and unit; nothing here defines a bean
 * itself, so the jar is no bean archive. Knows nothing of HTTP or of either WAR.
 */
package imagecache.db;
