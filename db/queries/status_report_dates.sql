-- Every date on which $projects have a live status report, newest first.
-- Parameters: $projects VARCHAR[].
SELECT DISTINCT report_date
FROM project_status_effective
WHERE project_code = ANY($projects::VARCHAR[])
ORDER BY report_date DESC
