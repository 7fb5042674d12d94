-- The national average disbursement rate published for $as_of's year, on or before $as_of, as
-- quoted beside a province's figures (NULL province = any).
-- Parameters: $as_of DATE, $year_start DATE (1 January of $as_of's year), $province VARCHAR.
SELECT f.value, f.as_of
FROM published_figures f
JOIN live_uploads l ON l.upload_id = f.upload_id
WHERE f.measure = 'national_avg_pct_of_central_plan'
  AND f.as_of <= $as_of::DATE AND f.as_of >= $year_start::DATE
  AND ($province::VARCHAR IS NULL OR f.province_code = $province::VARCHAR)
ORDER BY f.as_of DESC
LIMIT 1
