-- Project status as dated history, who may write where, and published project counts.
--
-- 1. project_status_reports: one row per project and report date with its stage (OC4IDS statuses
--    plus contractor selection), planned and actual start and completion, and physical progress as
--    a % of works volume. Append-only like every figure: a correction is a newer upload for the
--    same project and date; project_status_effective keeps the row of the newest live upload.
-- 2. editor_accounts.scope: the provinces an account may write ('20', '11,20'), or 'national'.
--    Accounts made before this step keep writing everywhere ('national'). DuckDB cannot add a
--    column with a CHECK, so the table is rebuilt with every row and id as it was.
-- 3. published_figures admits project counts and a minimum physical progress, as articles give
--    them ("18 dự án … 5 đã khởi công … 5 đang lựa chọn nhà thầu … từ 80% khối lượng trở lên").
--    DuckDB cannot change a CHECK in place: rebuilt likewise.

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

CREATE TABLE editor_accounts_scoped (
    account_id    BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    user_name     VARCHAR NOT NULL,
    role          VARCHAR NOT NULL CHECK (role IN ('viewer', 'editor', 'admin', 'disabled')),
    password_hash VARCHAR,
    must_change   BOOLEAN NOT NULL DEFAULT false,
    created_at    TIMESTAMPTZ NOT NULL DEFAULT current_timestamp,
    created_by    VARCHAR NOT NULL,
    scope         VARCHAR NOT NULL DEFAULT 'national'
                  CHECK (scope = 'national' OR regexp_full_match(scope, '[0-9]{2}(,[0-9]{2})*'))
);
INSERT INTO editor_accounts_scoped
SELECT account_id, user_name, role, password_hash, must_change, created_at, created_by, 'national'
FROM editor_accounts;
DROP TABLE editor_accounts;
ALTER TABLE editor_accounts_scoped RENAME TO editor_accounts;

CREATE TABLE published_figures_counts (
    figure_id     BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    province_code VARCHAR NOT NULL CHECK (regexp_full_match(province_code, '[0-9]{2}')),
    project_code  VARCHAR,
    as_of         DATE NOT NULL,
    measure       VARCHAR NOT NULL CHECK (measure IN (
                      'cleared_ha', 'pct_of_basic', 'pct_of_technical',
                      'disbursed_vnd', 'pct_of_central_plan', 'pct_of_local_plan',
                      'national_avg_pct_of_central_plan', 'growth_pct_same_period',
                      'projects_total', 'projects_started', 'projects_in_procurement',
                      'physical_progress_pct_min')),
    value         DECIMAL(24, 4) NOT NULL,
    denominator   DECIMAL(24, 4),
    quote         VARCHAR NOT NULL,
    source_id     BIGINT NOT NULL,
    upload_id     BIGINT NOT NULL
);
INSERT INTO published_figures_counts SELECT * FROM published_figures;
DROP TABLE published_figures;
ALTER TABLE published_figures_counts RENAME TO published_figures;
