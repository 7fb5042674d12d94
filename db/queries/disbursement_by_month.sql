-- Disbursement through the plan year of $as_of, per project, capital source and month: the newest
-- live cumulative report of each month, up to $as_of.
-- Parameters: $as_of DATE, $province VARCHAR (NULL = every province), $projects VARCHAR[] (empty = all).
WITH scope AS (
    SELECT project_code
    FROM projects
    WHERE ($province::VARCHAR IS NULL OR province_code = $province::VARCHAR)
      AND (len($projects::VARCHAR[]) = 0 OR list_contains($projects::VARCHAR[], project_code))
)
SELECT d.project_code,
       d.capital_source,
       date_trunc('month', d.report_date)::DATE AS month,
       d.report_date,
       d.disbursed_vnd
FROM disbursement_effective d
JOIN scope USING (project_code)
WHERE d.plan_year = year($as_of::DATE) AND d.report_date <= $as_of::DATE
QUALIFY row_number() OVER (PARTITION BY d.project_code, d.capital_source,
                                        date_trunc('month', d.report_date)
                           ORDER BY d.report_date DESC) = 1
ORDER BY d.project_code, d.capital_source, month
