-- Every date on which $projects have a live clearance or disbursement report, newest first.
-- Parameters: $projects VARCHAR[].
SELECT DISTINCT report_date
FROM (
    SELECT c.report_date FROM clearance_effective c
    WHERE c.project_code = ANY($projects::VARCHAR[])
    UNION ALL
    SELECT d.report_date FROM disbursement_effective d
    WHERE d.project_code = ANY($projects::VARCHAR[])
) r
ORDER BY report_date DESC
