-- Every live clearance report of $projects on or before $as_of, per commune, oldest first: the
-- weekly path a commune's forecast is drawn from.
-- Parameters: $as_of DATE, $projects VARCHAR[].
SELECT project_code, commune_code, report_date,
       CAST(cleared_ha AS DOUBLE PRECISION) AS cleared_ha
FROM clearance_effective
WHERE project_code = ANY($projects::VARCHAR[]) AND report_date <= $as_of::DATE
ORDER BY project_code, commune_code, report_date
