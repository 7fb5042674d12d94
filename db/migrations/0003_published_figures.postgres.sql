-- 0003_published_figures for PostgreSQL: the same table as 0003_published_figures.sql.

CREATE TABLE published_figures (
    figure_id     BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    province_code VARCHAR NOT NULL CHECK (province_code ~ '^[0-9]{2}$'),
    project_code  VARCHAR,
    as_of         DATE NOT NULL,
    measure       VARCHAR NOT NULL CHECK (measure IN (
                      'cleared_ha', 'pct_of_basic', 'pct_of_technical',
                      'disbursed_vnd', 'pct_of_central_plan', 'pct_of_local_plan',
                      'national_avg_pct_of_central_plan', 'growth_pct_same_period')),
    value         DECIMAL(24, 4) NOT NULL,
    denominator   DECIMAL(24, 4),
    quote         VARCHAR NOT NULL,
    source_id     BIGINT NOT NULL,
    upload_id     BIGINT NOT NULL
);
