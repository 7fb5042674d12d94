-- Every date on which a live clearance or disbursement report exists, newest first.
-- Parameters: $province VARCHAR (NULL = every province).
SELECT DISTINCT report_date
FROM (
    SELECT c.report_date, c.project_code FROM clearance_effective c
    UNION ALL
    SELECT d.report_date, d.project_code FROM disbursement_effective d
) r
JOIN projects p ON p.project_code = r.project_code
WHERE $province::VARCHAR IS NULL OR p.province_code = $province::VARCHAR
ORDER BY report_date DESC
