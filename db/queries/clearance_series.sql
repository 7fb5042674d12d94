-- The newest $recent live clearance reports of each commune of $projects on or before $as_of,
-- oldest first, with how many reports the commune has in all: what a commune's forecast is
-- drawn from (a regression over the recent weeks), without reading its whole history out.
-- Parameters: $as_of DATE, $projects VARCHAR[], $recent INTEGER.
WITH {{live_clearance}}
SELECT project_code, commune_code, report_date, cleared_ha, reports
FROM (
    SELECT project_code, commune_code, report_date,
           CAST(cleared_ha AS DOUBLE PRECISION) AS cleared_ha,
           count(*) OVER (PARTITION BY project_code, commune_code) AS reports,
           row_number() OVER (
               PARTITION BY project_code, commune_code ORDER BY report_date DESC
           ) AS newest_first
    FROM live_clearance
) AS ranked
WHERE newest_first <= $recent
ORDER BY project_code, commune_code, report_date
