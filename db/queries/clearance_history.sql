-- Clearance over time per project: on every date the project reported, the sum over its communes
-- of each commune's newest live report on or before that date (a commune that did not report that
-- week keeps its last value), with the design baselines in force on that date.
-- Parameters: $as_of DATE (last date), $province VARCHAR (NULL = every province),
-- $projects VARCHAR[] (empty = all), $communes VARCHAR[] (empty = all).
WITH scope AS (
    SELECT project_code
    FROM projects
    WHERE ($province::VARCHAR IS NULL OR province_code = $province::VARCHAR)
      AND (len($projects::VARCHAR[]) = 0 OR list_contains($projects::VARCHAR[], project_code))
),
reports AS (
    SELECT c.project_code, c.commune_code, c.report_date, c.cleared_ha, c.households_relocated
    FROM clearance_effective c
    JOIN scope USING (project_code)
    WHERE c.report_date <= $as_of::DATE
      AND (len($communes::VARCHAR[]) = 0 OR list_contains($communes::VARCHAR[], c.commune_code))
),
areas AS (
    SELECT r.project_code, r.commune_code, r.baseline, r.required_ha, r.effective_from
    FROM required_areas_effective r
    JOIN scope USING (project_code)
    WHERE r.effective_from <= $as_of::DATE
      AND (len($communes::VARCHAR[]) = 0 OR list_contains($communes::VARCHAR[], r.commune_code))
),
dates AS (SELECT DISTINCT project_code, report_date FROM reports),
places AS (
    SELECT project_code, commune_code FROM reports
    UNION
    SELECT project_code, commune_code FROM areas
),
grid AS (
    SELECT d.project_code, d.report_date, p.commune_code
    FROM dates d
    JOIN places p USING (project_code)
),
filled AS (
    SELECT g.project_code, g.report_date, g.commune_code, r.cleared_ha, r.households_relocated
    FROM grid g
    ASOF LEFT JOIN reports r
      ON g.project_code = r.project_code AND g.commune_code = r.commune_code
     AND g.report_date >= r.report_date
),
basic AS (
    SELECT g.project_code, g.report_date, g.commune_code, a.required_ha
    FROM grid g
    ASOF LEFT JOIN (SELECT * FROM areas WHERE baseline = 'basic') a
      ON g.project_code = a.project_code AND g.commune_code = a.commune_code
     AND g.report_date >= a.effective_from
),
technical AS (
    SELECT g.project_code, g.report_date, g.commune_code, a.required_ha
    FROM grid g
    ASOF LEFT JOIN (SELECT * FROM areas WHERE baseline = 'technical') a
      ON g.project_code = a.project_code AND g.commune_code = a.commune_code
     AND g.report_date >= a.effective_from
)
SELECT f.project_code,
       f.report_date,
       sum(coalesce(f.cleared_ha, 0))::DOUBLE  AS cleared_ha,
       sum(f.households_relocated)::BIGINT     AS households_relocated,
       sum(b.required_ha)::DOUBLE              AS required_ha_basic,
       sum(t.required_ha)::DOUBLE              AS required_ha_technical
FROM filled f
JOIN basic b USING (project_code, report_date, commune_code)
JOIN technical t USING (project_code, report_date, commune_code)
GROUP BY f.project_code, f.report_date
ORDER BY f.project_code, f.report_date
