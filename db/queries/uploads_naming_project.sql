-- Live uploads other than $upload_id whose rows name $project: they depend on its registration.
-- Parameters: $project VARCHAR, $upload_id BIGINT.
SELECT DISTINCT upload_id
FROM (
    SELECT upload_id FROM clearance_reports WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM required_areas WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM disbursement_reports WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM disbursement_plans WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM project_geometries WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM blocker_events WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM handover_deadlines WHERE project_code = $project::VARCHAR
    UNION ALL
    SELECT upload_id FROM project_status_reports WHERE project_code = $project::VARCHAR
) named
WHERE upload_id <> $upload_id::BIGINT
  AND upload_id IN (SELECT upload_id FROM live_uploads)
ORDER BY upload_id
