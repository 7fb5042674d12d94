-- The projects an upload's rows name (figures, registrations, geometries, status, published
-- figures), each with its province as its newest registration gives it.
-- Parameters: $upload_id BIGINT.
WITH named AS (
    SELECT project_code FROM clearance_reports WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM required_areas WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM disbursement_reports WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM disbursement_plans WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM project_geometries WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM project_status_reports WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM projects WHERE upload_id = $upload_id::BIGINT
    UNION
    SELECT project_code FROM published_figures
    WHERE upload_id = $upload_id::BIGINT AND project_code IS NOT NULL
),
registered AS (
    SELECT project_code, province_code,
           row_number() OVER (PARTITION BY project_code ORDER BY upload_id DESC) AS newest
    FROM projects
)
SELECT n.project_code, r.province_code
FROM named n
LEFT JOIN registered r ON r.project_code = n.project_code AND r.newest = 1
ORDER BY n.project_code
