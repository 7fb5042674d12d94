-- A project's registration is an upload like any other: when it is undone the code is free to be
-- registered again, so a code may have several registration rows and the newest live one is the
-- project. The primary key on project_code goes (DuckDB cannot drop it in place: the table is
-- rebuilt with the same columns and checks), and two views say which rows are in force.

CREATE TABLE projects_registered (
    project_code         VARCHAR NOT NULL
                         CHECK (regexp_full_match(project_code, '[A-Z0-9][A-Z0-9_-]{0,31}')),
    name_vi              VARCHAR NOT NULL,
    name_en              VARCHAR NOT NULL,
    kind                 VARCHAR NOT NULL
                         CHECK (kind IN ('expressway', 'wind_farm', 'line_500kv', 'line_220kv',
                                         'border_gate', 'other', 'programme')),
    province_code        VARCHAR NOT NULL CHECK (regexp_full_match(province_code, '[0-9]{2}')),
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
INSERT INTO projects_registered SELECT * FROM projects;
DROP TABLE projects;
ALTER TABLE projects_registered RENAME TO projects;

CREATE VIEW live_projects AS
SELECT project_code, name_vi, name_en, kind, province_code, owner, length_km, capacity_mw,
       tower_count, total_investment_vnd, started_on, planned_completion, description,
       source_id, upload_id
FROM (
    SELECT p.*, row_number() OVER (PARTITION BY p.project_code ORDER BY p.upload_id DESC) AS newest
    FROM projects p
    JOIN live_uploads l ON l.upload_id = p.upload_id
) registrations
WHERE newest = 1;

CREATE VIEW live_geometries AS
SELECT row_id, project_code, geometry_wkb, provenance, source_id, upload_id
FROM (
    SELECT g.*,
           row_number() OVER (PARTITION BY g.project_code
                              ORDER BY g.upload_id DESC, g.row_id DESC) AS newest
    FROM project_geometries g
    JOIN live_uploads l ON l.upload_id = g.upload_id
) geometries
WHERE newest = 1;
