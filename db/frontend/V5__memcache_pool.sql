-- The memcache pool's target size: how many cache nodes the pool should have, as the last resize
-- asked (POST /api/cache/pool/grow, /shrink, /target), and when. One row, seeded here with target 0
-- ("not set": the pool is as large as it was started, CACHE_POOL_SIZE). Front ends change it only
-- with a conditional UPDATE on the values they read, so two resizes at once cannot both win.
CREATE TABLE memcache_pool (
    id         INT         NOT NULL,
    target     INT         NOT NULL,
    changed_at DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO memcache_pool (id, target, changed_at) VALUES (1, 0, '1970-01-01 00:00:00');
