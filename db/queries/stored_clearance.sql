-- The stored clearance reports of $projects, as an upload's checks compare them.
-- Parameters: $projects VARCHAR[].
SELECT project_code, commune_code, report_date,
       CAST(cleared_ha AS DOUBLE PRECISION)            AS cleared_ha,
       CAST(households_relocated AS DOUBLE PRECISION)  AS households_relocated,
       CAST(compensation_paid_vnd AS DOUBLE PRECISION) AS compensation_paid_vnd
FROM clearance_effective
WHERE project_code = ANY($projects::VARCHAR[])
