-- Each image's width and height as a viewer sees it (after a JPEG's EXIF rotation), read from its
-- header at upload. NULL until known: each front end fills the rows of existing images from their
-- files' headers when it starts (the database cannot read them), and makes their thumbnails.
ALTER TABLE image ADD COLUMN width INT NULL;
ALTER TABLE image ADD COLUMN height INT NULL;

-- The key in lower case, so that completing a typed prefix ignores case and is one range scan of
-- an index (the key column itself compares exactly). Written by the application with the row.
ALTER TABLE image ADD COLUMN key_folded VARCHAR(300) NULL;
UPDATE image SET key_folded = LOWER(image_key);
CREATE INDEX image_key_folded ON image (key_folded, image_key);
