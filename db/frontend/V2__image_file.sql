-- One row per stored file (its content hash): what an upload or delete locks before it adds or
-- drops a reference to the file, so that front ends on several machines sharing IMAGES_DIR never
-- delete a file that another one is about to point a key at. Runs unchanged on MySQL/MariaDB and H2.
CREATE TABLE image_file (
    sha256 CHAR(64) NOT NULL,
    PRIMARY KEY (sha256)
);

INSERT INTO image_file (sha256) SELECT DISTINCT sha256 FROM image;
