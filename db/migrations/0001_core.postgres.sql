-- 0001_core for PostgreSQL: the same tables, views and rules as the DuckDB file's 0001_core.sql,
-- in PostgreSQL's words (BYTEA for BLOB, ~ for regexp_full_match, a subquery for QUALIFY).

CREATE SEQUENCE seq_upload_id START 1;
CREATE SEQUENCE seq_source_id START 1;
CREATE SEQUENCE seq_row_id START 1;

CREATE TABLE uploads (
    upload_id      BIGINT PRIMARY KEY DEFAULT nextval('seq_upload_id'),
    kind           VARCHAR NOT NULL
                   CHECK (kind IN ('clearance', 'disbursement', 'demo', 'projects', 'alignment')),
    file_name      VARCHAR NOT NULL,
    sha256         VARCHAR NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    user_name      VARCHAR NOT NULL,
    uploaded_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    row_count      INTEGER NOT NULL CHECK (row_count >= 0),
    rows_new       INTEGER NOT NULL DEFAULT 0,
    rows_changed   INTEGER NOT NULL DEFAULT 0,
    rows_unchanged INTEGER NOT NULL DEFAULT 0,
    note           VARCHAR
);

CREATE TABLE upload_events (
    upload_id BIGINT NOT NULL,
    event     VARCHAR NOT NULL CHECK (event IN ('committed', 'undone')),
    event_at  TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    user_name VARCHAR NOT NULL,
    note      VARCHAR
);

CREATE TABLE sources (
    source_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_source_id'),
    kind         VARCHAR NOT NULL
                 CHECK (kind IN ('upload', 'article', 'derived', 'synthetic', 'indicative')),
    title        VARCHAR NOT NULL,
    publisher    VARCHAR,
    published_on DATE,
    reference    VARCHAR,
    upload_id    BIGINT,
    is_synthetic BOOLEAN NOT NULL DEFAULT false,
    note         VARCHAR
);

CREATE TABLE projects (
    project_code         VARCHAR PRIMARY KEY
                         CHECK (project_code ~ '^[A-Z0-9][A-Z0-9_-]{0,31}$'),
    name_vi              VARCHAR NOT NULL,
    name_en              VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL
                         CHECK (kind IN ('expressway', 'wind_farm', 'line_500kv', 'line_220kv',
                                         'border_gate', 'other', 'programme')),
    province_code        VARCHAR NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
    owner                VARCHAR,
    length_km            DECIMAL(10, 3),
    capacity_mw          DECIMAL(10, 2),
    tower_count          INTEGER,
    total_investment_vnd BIGINT,
    started_on           DATE,
    planned_completion   DATE,
    description          VARCHAR,
    source_id            BIGINT NOT NULL,
    upload_id            BIGINT NOT NULL
);

CREATE TABLE project_geometries (
    row_id       BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code VARCHAR NOT NULL,
    geometry_wkb BYTEA NOT NULL,
    provenance   VARCHAR NOT NULL CHECK (provenance IN ('surveyed', 'indicative')),
    source_id    BIGINT NOT NULL,
    upload_id    BIGINT NOT NULL
);

CREATE VIEW live_uploads AS
SELECT upload_id
FROM (
    SELECT upload_id, event,
           row_number() OVER (PARTITION BY upload_id
                              ORDER BY event_at DESC, event = 'undone' DESC) AS newest
    FROM upload_events
) latest
WHERE newest = 1 AND event = 'committed';
