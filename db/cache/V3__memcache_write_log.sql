-- In a pool, every upload and delete appends a row here in its own transaction, and every cache
-- node reads the new rows (imagecache.memcache.protocol.WriteLog): a write reaches the nodes a front
-- end cannot call. image_key NULL: every key (the store was emptied); sha256 NULL: deleted.
-- The front end's migrations create the same table (db/frontend/V4), since it writes it: whichever
-- WAR migrates first creates it. Its rows are kept for minutes only, so it
-- needs no index beyond its key. Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
CREATE TABLE IF NOT EXISTS memcache_write_log (
    seq        BIGINT       NOT NULL AUTO_INCREMENT,
    image_key  VARCHAR(300) NULL,
    sha256     CHAR(64)     NULL,
    written_at DATETIME(3)  NOT NULL,
    PRIMARY KEY (seq)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
