-- The auto-scaler's second rule (POST /api/configure_cache scaler=target): the pool sized from its
-- hit-rate curve for a target hit rate. Existing settings keep the course's threshold rule.
ALTER TABLE memcache_scaling ADD COLUMN scaler VARCHAR(16) NOT NULL DEFAULT 'THRESHOLD';
ALTER TABLE memcache_scaling ADD COLUMN target_hit DOUBLE NOT NULL DEFAULT 0.8;

-- Each decision's rule, and in target mode what the curve gave each pool size ("1=0.412 2=0.655 …").
ALTER TABLE memcache_scaling_decision ADD COLUMN scaler VARCHAR(16) NOT NULL DEFAULT 'THRESHOLD';
ALTER TABLE memcache_scaling_decision ADD COLUMN hit_rate_by_size VARCHAR(255) NOT NULL DEFAULT '';
