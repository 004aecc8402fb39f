-- The memcache's configuration (one row) and its statistics, sampled every 5 seconds.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
CREATE TABLE cache_config (
    id          INT          NOT NULL,
    capacity_mb INT          NOT NULL,
    policy      VARCHAR(16)  NOT NULL,
    updated_at  DATETIME(3)  NOT NULL,
    PRIMARY KEY (id)
);

-- requests, hits and misses count what happened since the previous sample
CREATE TABLE cache_stats (
    sampled_at     DATETIME(3) NOT NULL,
    items          INT         NOT NULL,
    bytes          BIGINT      NOT NULL,
    capacity_bytes BIGINT      NOT NULL,
    requests       BIGINT      NOT NULL,
    hits           BIGINT      NOT NULL,
    misses         BIGINT      NOT NULL,
    evictions      BIGINT      NOT NULL,
    PRIMARY KEY (sampled_at)
);
