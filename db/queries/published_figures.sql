-- Published figures dated on or before $as_of, for a province (NULL = all) and, unless
-- $all_projects, for $projects and the province as a whole.
-- Parameters: $as_of DATE, $province VARCHAR, $projects VARCHAR[], $all_projects BOOLEAN.
SELECT f.province_code, f.project_code, f.as_of, f.measure, f.value, f.denominator, f.quote
FROM published_figures f
JOIN live_uploads l ON l.upload_id = f.upload_id
WHERE f.as_of <= $as_of::DATE
  AND ($province::VARCHAR IS NULL OR f.province_code = $province::VARCHAR)
  AND ($all_projects::BOOLEAN OR f.project_code IS NULL
       OR f.project_code = ANY($projects::VARCHAR[]))
ORDER BY f.as_of, f.project_code NULLS FIRST, f.measure
