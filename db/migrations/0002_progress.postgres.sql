-- 0002_progress for PostgreSQL: the same tables and *_effective views as 0002_progress.sql.

CREATE TABLE required_areas (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code   VARCHAR NOT NULL,
    commune_code   VARCHAR NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
    baseline       VARCHAR NOT NULL CHECK (baseline IN ('basic', 'technical')),
    required_ha    DECIMAL(14, 4) NOT NULL CHECK (required_ha >= 0),
    effective_from DATE NOT NULL,
    note           VARCHAR,
    source_row     INTEGER,
    upload_id      BIGINT NOT NULL,
    source_id      BIGINT NOT NULL
);

CREATE TABLE clearance_reports (
    row_id                BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code          VARCHAR NOT NULL,
    commune_code          VARCHAR NOT NULL CHECK (commune_code ~ '^[0-9]{5}$'),
    report_date           DATE NOT NULL,
    cleared_ha            DECIMAL(14, 4) NOT NULL CHECK (cleared_ha >= 0),
    households_affected   INTEGER CHECK (households_affected >= 0),
    households_relocated  INTEGER CHECK (households_relocated >= 0),
    compensation_paid_vnd BIGINT CHECK (compensation_paid_vnd >= 0),
    note                  VARCHAR,
    commune_as_written    VARCHAR,
    source_row            INTEGER,
    upload_id             BIGINT NOT NULL,
    source_id             BIGINT NOT NULL
);

CREATE TABLE disbursement_plans (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code   VARCHAR NOT NULL,
    plan_year      INTEGER NOT NULL CHECK (plan_year BETWEEN 2000 AND 2100),
    capital_source VARCHAR NOT NULL CHECK (capital_source IN ('central', 'local', 'other')),
    plan_baseline  VARCHAR NOT NULL CHECK (plan_baseline IN ('central_assigned', 'local_deployed')),
    plan_vnd       BIGINT NOT NULL CHECK (plan_vnd >= 0),
    effective_from DATE NOT NULL,
    note           VARCHAR,
    source_row     INTEGER,
    upload_id      BIGINT NOT NULL,
    source_id      BIGINT NOT NULL
);

CREATE TABLE disbursement_reports (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code   VARCHAR NOT NULL,
    plan_year      INTEGER NOT NULL CHECK (plan_year BETWEEN 2000 AND 2100),
    capital_source VARCHAR NOT NULL CHECK (capital_source IN ('central', 'local', 'other')),
    report_date    DATE NOT NULL,
    disbursed_vnd  BIGINT NOT NULL CHECK (disbursed_vnd >= 0),
    note           VARCHAR,
    source_row     INTEGER,
    upload_id      BIGINT NOT NULL,
    source_id      BIGINT NOT NULL
);

CREATE VIEW required_areas_effective AS
SELECT row_id, project_code, commune_code, baseline, required_ha, effective_from, note,
       source_row, upload_id, source_id
FROM (
    SELECT r.*,
           row_number() OVER (PARTITION BY r.project_code, r.commune_code, r.baseline,
                                           r.effective_from
                              ORDER BY r.upload_id DESC, r.row_id DESC) AS version
    FROM required_areas r
    JOIN live_uploads l ON l.upload_id = r.upload_id
) versions
WHERE version = 1;

CREATE VIEW clearance_effective AS
SELECT row_id, project_code, commune_code, report_date, cleared_ha, households_affected,
       households_relocated, compensation_paid_vnd, note, commune_as_written, source_row,
       upload_id, source_id
FROM (
    SELECT c.*,
           row_number() OVER (PARTITION BY c.project_code, c.commune_code, c.report_date
                              ORDER BY c.upload_id DESC, c.row_id DESC) AS version
    FROM clearance_reports c
    JOIN live_uploads l ON l.upload_id = c.upload_id
) versions
WHERE version = 1;

CREATE VIEW disbursement_plans_effective AS
SELECT row_id, project_code, plan_year, capital_source, plan_baseline, plan_vnd, effective_from,
       note, source_row, upload_id, source_id
FROM (
    SELECT p.*,
           row_number() OVER (PARTITION BY p.project_code, p.plan_year, p.capital_source,
                                           p.plan_baseline, p.effective_from
                              ORDER BY p.upload_id DESC, p.row_id DESC) AS version
    FROM disbursement_plans p
    JOIN live_uploads l ON l.upload_id = p.upload_id
) versions
WHERE version = 1;

CREATE VIEW disbursement_effective AS
SELECT row_id, project_code, plan_year, capital_source, report_date, disbursed_vnd, note,
       source_row, upload_id, source_id
FROM (
    SELECT d.*,
           row_number() OVER (PARTITION BY d.project_code, d.plan_year, d.capital_source,
                                           d.report_date
                              ORDER BY d.upload_id DESC, d.row_id DESC) AS version
    FROM disbursement_reports d
    JOIN live_uploads l ON l.upload_id = d.upload_id
) versions
WHERE version = 1;
