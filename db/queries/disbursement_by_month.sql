-- Disbursement through $as_of in plan year $plan_year, per project, capital source and month: the
-- newest live cumulative report of each month.
-- Parameters: $as_of DATE, $plan_year INTEGER, $projects VARCHAR[] (the projects in scope).
WITH {{live_disbursement}}
SELECT project_code, capital_source, month, report_date, disbursed_vnd
FROM (
    SELECT d.project_code,
           d.capital_source,
           CAST(date_trunc('month', d.report_date) AS DATE) AS month,
           d.report_date,
           d.disbursed_vnd,
           row_number() OVER (PARTITION BY d.project_code, d.capital_source,
                                           date_trunc('month', d.report_date)
                              ORDER BY d.report_date DESC) AS recency
    FROM live_disbursement d
) monthly
WHERE recency = 1
ORDER BY project_code, capital_source, month
