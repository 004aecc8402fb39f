-- In a pool every cache node samples its own statistics: a sample is a node's, at a time.
-- A single server is the one node 'local'. Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode.
ALTER TABLE cache_stats ADD COLUMN node VARCHAR(64) NOT NULL DEFAULT 'local';
ALTER TABLE cache_stats DROP PRIMARY KEY;
ALTER TABLE cache_stats ADD PRIMARY KEY (node, sampled_at);
CREATE INDEX cache_stats_sampled_at ON cache_stats (sampled_at);
