-- The newest live geometry of each project of a province (NULL = all), with its provenance.
-- Parameters: $province VARCHAR, $projects VARCHAR[] (empty = all).
SELECT p.project_code, p.name_vi, p.name_en, p.kind, g.geometry_wkb, g.provenance,
       s.title AS source_title
FROM projects p
JOIN live_uploads lu ON lu.upload_id = p.upload_id
JOIN (
    SELECT pg.*
    FROM project_geometries pg
    JOIN live_uploads USING (upload_id)
    QUALIFY row_number() OVER (PARTITION BY project_code ORDER BY upload_id DESC, row_id DESC) = 1
) g ON g.project_code = p.project_code
LEFT JOIN sources s ON s.source_id = g.source_id
WHERE ($province::VARCHAR IS NULL OR p.province_code = $province::VARCHAR)
  AND (len($projects::VARCHAR[]) = 0 OR list_contains($projects::VARCHAR[], p.project_code))
ORDER BY p.project_code
