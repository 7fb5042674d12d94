-- The national average disbursement rate published for $as_of's year, on or before $as_of, with
-- the words it was published in and its source.
-- Parameters: $as_of DATE, $year_start DATE (1 January of $as_of's year).
SELECT f.value, f.as_of, f.quote, f.province_code, s.title, s.publisher, s.published_on,
       s.reference
FROM published_figures f
JOIN live_uploads l ON l.upload_id = f.upload_id
LEFT JOIN sources s ON s.source_id = f.source_id
WHERE f.measure = 'national_avg_pct_of_central_plan'
  AND f.as_of <= $as_of::DATE AND f.as_of >= $year_start::DATE
ORDER BY f.as_of DESC, f.figure_id DESC
LIMIT 1
