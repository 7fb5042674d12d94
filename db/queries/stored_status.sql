-- The stored status reports of $projects, as an upload's checks compare them.
-- Parameters: $projects VARCHAR[].
SELECT project_code, report_date,
       CAST(physical_progress_pct AS DOUBLE PRECISION) AS physical_progress_pct
FROM project_status_effective
WHERE project_code = ANY($projects::VARCHAR[])
