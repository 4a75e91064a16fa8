-- The evidence register keeps where each file was ingested from: its path relative to the folder given to
-- `dragnet ingest` (`phone2/ChatExport_1/result.json`), or its name when the file itself was given
-- (docs/data-model.md, "Evidence register"). Files ingested before this migration have none: NULL, and every
-- reader falls back to `original_name`.
ALTER TABLE evidence ADD COLUMN "path" VARCHAR;
