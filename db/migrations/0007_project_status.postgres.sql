-- 0007_project_status for PostgreSQL: the same status table and view, account scopes and longer
-- list of published measures as 0007_project_status.sql, changed in place where PostgreSQL can.

CREATE TABLE project_status_reports (
    row_id                BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code          VARCHAR NOT NULL,
    report_date           DATE NOT NULL,
    stage                 VARCHAR NOT NULL
                          CHECK (stage IN ('identification', 'preparation', 'procurement',
                                           'implementation', 'completion', 'cancelled')),
    planned_start         DATE,
    actual_start          DATE,
    planned_completion    DATE,
    actual_completion     DATE,
    physical_progress_pct DECIMAL(7, 3)
                          CHECK (physical_progress_pct >= 0 AND physical_progress_pct <= 100),
    note                  VARCHAR,
    source_row            INTEGER,
    upload_id             BIGINT NOT NULL,
    source_id             BIGINT NOT NULL
);

CREATE VIEW project_status_effective AS
SELECT row_id, project_code, report_date, stage, planned_start, actual_start, planned_completion,
       actual_completion, physical_progress_pct, note, source_row, upload_id, source_id
FROM (
    SELECT s.*,
           row_number() OVER (PARTITION BY s.project_code, s.report_date
                              ORDER BY s.upload_id DESC, s.row_id DESC) AS version
    FROM project_status_reports s
    JOIN live_uploads l ON l.upload_id = s.upload_id
) versions
WHERE version = 1;

-- What the status queries filter by: the projects in scope and the date.
CREATE INDEX project_status_reports_by_scope ON project_status_reports (project_code, report_date);

ALTER TABLE editor_accounts ADD COLUMN scope VARCHAR NOT NULL DEFAULT 'national'
    CHECK (scope = 'national' OR scope ~ '^[0-9]{2}(,[0-9]{2})*$');

ALTER TABLE published_figures DROP CONSTRAINT published_figures_measure_check;
ALTER TABLE published_figures ADD CONSTRAINT published_figures_measure_check
    CHECK (measure IN ('cleared_ha', 'pct_of_basic', 'pct_of_technical',
                       'disbursed_vnd', 'pct_of_central_plan', 'pct_of_local_plan',
                       'national_avg_pct_of_central_plan', 'growth_pct_same_period',
                       'projects_total', 'projects_started', 'projects_in_procurement',
                       'physical_progress_pct_min'));
