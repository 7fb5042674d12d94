-- The stored disbursement reports of $projects, as an upload's checks compare them.
-- Parameters: $projects VARCHAR[].
SELECT project_code, plan_year, capital_source, report_date,
       CAST(disbursed_vnd AS DOUBLE PRECISION) AS disbursed_vnd
FROM disbursement_effective
WHERE project_code = ANY($projects::VARCHAR[])
