-- Figures as published (articles, official reports), kept verbatim beside the stored numbers so the
-- tracker can say where a published percentage does not follow from the published numbers.
-- Percentages here are quotations, never used as truth: derived figures are computed from the
-- stored numbers.

CREATE TABLE published_figures (
    figure_id     BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    province_code VARCHAR NOT NULL CHECK (regexp_full_match(province_code, '[0-9]{2}')),
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
