-- The newest live geometry of each of $projects, with its provenance and source.
-- Parameters: $projects VARCHAR[].
SELECT p.project_code, p.name_vi, p.name_en, p.kind, g.geometry_wkb, g.provenance,
       s.title AS source_title
FROM live_projects p
JOIN live_geometries g ON g.project_code = p.project_code
LEFT JOIN sources s ON s.source_id = g.source_id
WHERE p.project_code = ANY($projects::VARCHAR[])
ORDER BY p.project_code
