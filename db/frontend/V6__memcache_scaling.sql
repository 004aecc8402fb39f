-- How the memcache pool is sized (POST /api/configure_cache): by hand or by the auto-scaler, and the
-- auto-scaler's thresholds. One row, seeded with the defaults: manual; grow by 2.0, shrink by 0.5,
-- above a miss rate of 0.5, below 0.2 (README). The front end that decides for the whole deployment
-- holds the row's lease (decider, lease_until), taken with a conditional UPDATE.
CREATE TABLE memcache_scaling (
    id           INT         NOT NULL,
    mode         VARCHAR(16) NOT NULL,
    exp_ratio    DOUBLE      NOT NULL,
    shrink_ratio DOUBLE      NOT NULL,
    max_miss     DOUBLE      NOT NULL,
    min_miss     DOUBLE      NOT NULL,
    decider      VARCHAR(64) NOT NULL,
    lease_until  DATETIME(3) NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO memcache_scaling (id, mode, exp_ratio, shrink_ratio, max_miss, min_miss, decider, lease_until)
    VALUES (1, 'MANUAL', 2.0, 0.5, 0.5, 0.2, '', '1970-01-01 00:00:00');

-- Every decision of the auto-scaler, also to change nothing, with what it went by and why.
CREATE TABLE memcache_scaling_decision (
    id          BIGINT        NOT NULL AUTO_INCREMENT,
    decided_at  DATETIME(3)   NOT NULL,
    from_nodes  INT           NOT NULL,
    to_nodes    INT           NOT NULL,
    requests    BIGINT        NOT NULL,
    miss_rate   DOUBLE        NOT NULL,
    reason      VARCHAR(255)  NOT NULL,
    PRIMARY KEY (id)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
