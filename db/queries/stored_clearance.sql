-- The stored clearance reports of $projects, as an upload's checks compare them: the row in force
-- for each commune and date (the caller passes the last possible day as $as_of).
-- Parameters: $projects VARCHAR[], $as_of DATE.
WITH {{live_clearance}}
SELECT project_code, commune_code, report_date,
       CAST(cleared_ha AS DOUBLE PRECISION)            AS cleared_ha,
       CAST(households_relocated AS DOUBLE PRECISION)  AS households_relocated,
       CAST(compensation_paid_vnd AS DOUBLE PRECISION) AS compensation_paid_vnd
FROM live_clearance
