-- Progress figures: design baselines per commune, weekly clearance reports, disbursement plans and
-- reports. Rows are never changed: a correction is a newer upload for the same key, an undo is an
-- event on the upload. The *_effective views keep, for each key, the row of the newest live upload.

CREATE TABLE required_areas (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code   VARCHAR NOT NULL,
    commune_code   VARCHAR NOT NULL CHECK (regexp_full_match(commune_code, '[0-9]{5}')),
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
    commune_code          VARCHAR NOT NULL CHECK (regexp_full_match(commune_code, '[0-9]{5}')),
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
SELECT r.*
FROM required_areas r
JOIN live_uploads USING (upload_id)
QUALIFY row_number() OVER (
    PARTITION BY project_code, commune_code, baseline, effective_from
    ORDER BY upload_id DESC, row_id DESC) = 1;

CREATE VIEW clearance_effective AS
SELECT r.*
FROM clearance_reports r
JOIN live_uploads USING (upload_id)
QUALIFY row_number() OVER (
    PARTITION BY project_code, commune_code, report_date
    ORDER BY upload_id DESC, row_id DESC) = 1;

CREATE VIEW disbursement_plans_effective AS
SELECT p.*
FROM disbursement_plans p
JOIN live_uploads USING (upload_id)
QUALIFY row_number() OVER (
    PARTITION BY project_code, plan_year, capital_source, plan_baseline, effective_from
    ORDER BY upload_id DESC, row_id DESC) = 1;

CREATE VIEW disbursement_effective AS
SELECT d.*
FROM disbursement_reports d
JOIN live_uploads USING (upload_id)
QUALIFY row_number() OVER (
    PARTITION BY project_code, plan_year, capital_source, report_date
    ORDER BY upload_id DESC, row_id DESC) = 1;
