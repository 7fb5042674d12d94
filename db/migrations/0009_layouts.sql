-- Layouts: how to read a form an office keeps (its header rows, which column is which field, the
-- units), saved once by an editor so that next week's file of the same form imports in one step.
-- Append-only like everything else: saving under a name again adds its next version, and the
-- newest version is the one used; every version says who saved it and when. The same statement
-- runs on DuckDB and PostgreSQL.

CREATE TABLE form_layouts (
    layout_id  BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    name       VARCHAR NOT NULL CHECK (length(name) BETWEEN 1 AND 80),
    version    INTEGER NOT NULL CHECK (version >= 1),
    kind       VARCHAR NOT NULL CHECK (kind IN ('clearance', 'disbursement')),
    definition VARCHAR NOT NULL,               -- JSON: header rows, fields, units, project
    saved_by   VARCHAR NOT NULL,
    saved_at   TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    UNIQUE (name, version)
);
