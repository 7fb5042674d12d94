-- Live projects of a province (NULL = all), with the newest live geometry's provenance.
-- Parameters: $province VARCHAR.
SELECT p.project_code, p.name_vi, p.name_en, p.kind, p.province_code, p.owner,
       p.length_km, p.capacity_mw, p.tower_count, p.total_investment_vnd,
       p.started_on, p.planned_completion, p.description,
       g.provenance AS geometry_provenance,
       s.title AS source_title, s.is_synthetic, p.upload_id
FROM live_projects p
LEFT JOIN live_geometries g ON g.project_code = p.project_code
LEFT JOIN sources s ON s.source_id = p.source_id
WHERE $province::VARCHAR IS NULL OR p.province_code = $province::VARCHAR
ORDER BY p.kind = 'programme', p.project_code
