-- One row per key: where its image is stored (relative to IMAGES_DIR) and what it is.
-- Runs unchanged on MySQL/MariaDB and on H2 in MySQL mode. Keys compare exactly
-- (binary collation); up to 250 code points are enforced by the application.
CREATE TABLE image (
    image_key    VARCHAR(300) NOT NULL,
    path         VARCHAR(200) NOT NULL,
    bytes        BIGINT       NOT NULL,
    content_type VARCHAR(32)  NOT NULL,
    sha256       CHAR(64)     NOT NULL,
    created_at   DATETIME(3)  NOT NULL,
    updated_at   DATETIME(3)  NOT NULL,
    PRIMARY KEY (image_key)
) DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE INDEX image_sha256 ON image (sha256);
