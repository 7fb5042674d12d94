-- The kinds of upload grow with the tracker: project status reports ('status'), blocker logs
-- ('blockers') and files read through a saved office layout keep their own kind. DuckDB cannot
-- change a CHECK in place, so the uploads table is rebuilt with the same columns and the longer
-- list; every row and id stays as it was.

CREATE TABLE uploads_kinds (
    upload_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_upload_id'),
    kind           VARCHAR NOT NULL
                   CHECK (kind IN ('clearance', 'disbursement', 'demo', 'projects', 'alignment',
                                   'status', 'blockers')),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL CHECK (regexp_full_match(sha256, '[0-9a-f]{64}')),
    user_name      VARCHAR NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    row_count      INTEGER NOT NULL CHECK (row_count >= 0),
    rows_new       INTEGER NOT NULL DEFAULT 0,
    rows_changed   INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    note           VARCHAR
);
INSERT INTO uploads_kinds SELECT * FROM uploads;
DROP TABLE uploads;
ALTER TABLE uploads_kinds RENAME TO uploads;
