-- Every date up to $until on which $projects have a live clearance or disbursement report,
-- newest first. Which version of a report is in force does not change its date, so the rows of
-- live uploads are enough.
-- Parameters: $projects VARCHAR[], $until DATE.
SELECT DISTINCT report_date
FROM (
    SELECT c.report_date
    FROM clearance_reports c
    JOIN live_uploads l ON l.upload_id = c.upload_id
    WHERE c.project_code = ANY($projects::VARCHAR[]) AND c.report_date <= $until::DATE
    UNION ALL
    SELECT d.report_date
    FROM disbursement_reports d
    JOIN live_uploads l ON l.upload_id = d.upload_id
    WHERE d.project_code = ANY($projects::VARCHAR[]) AND d.report_date <= $until::DATE
) r
ORDER BY report_date DESC
