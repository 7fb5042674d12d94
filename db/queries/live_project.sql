-- The live registration of one project code, if any.
-- Parameters: $project VARCHAR.
SELECT project_code, province_code, upload_id
FROM live_projects
WHERE project_code = $project::VARCHAR
