-- Clearance over time per project: on every date the project reported, the sum over its communes
-- of each commune's newest live report on or before that date (a commune that did not report that
-- week keeps its last value), with the design baselines in force on that date.
--
-- Each report and each baseline is turned into the change it makes to its commune's value (and
-- to the number of communes that have a value); a running sum of the changes over a project's
-- dates is then the sum of every commune's latest value.
-- Parameters: $as_of DATE (last date), $projects VARCHAR[] (the projects in scope),
-- $communes VARCHAR[] (the communes, when $all_communes is false), $all_communes BOOLEAN.
WITH {{live_clearance}},
{{live_areas}},
reports AS (
    SELECT c.project_code, c.report_date, c.cleared_ha, c.households_relocated,
           lag(c.cleared_ha) OVER commune_reports           AS previous_cleared,
           lag(c.households_relocated) OVER commune_reports AS previous_relocated
    FROM live_clearance c
    WHERE $all_communes::BOOLEAN OR c.commune_code = ANY($communes::VARCHAR[])
    WINDOW commune_reports AS (PARTITION BY c.project_code, c.commune_code ORDER BY c.report_date)
),
areas AS (
    SELECT a.project_code, a.baseline, a.effective_from, a.required_ha,
           lag(a.required_ha) OVER commune_areas AS previous_required
    FROM live_areas a
    WHERE $all_communes::BOOLEAN OR a.commune_code = ANY($communes::VARCHAR[])
    WINDOW commune_areas AS (
        PARTITION BY a.project_code, a.commune_code, a.baseline ORDER BY a.effective_from)
),
changes AS (
    SELECT project_code, report_date AS day,
           coalesce(cleared_ha, 0) - coalesce(previous_cleared, 0) AS cleared,
           coalesce(households_relocated, 0) - coalesce(previous_relocated, 0) AS relocated,
           (CASE WHEN households_relocated IS NULL THEN 0 ELSE 1 END)
             - (CASE WHEN previous_relocated IS NULL THEN 0 ELSE 1 END) AS relocated_known,
           0 AS basic, 0 AS basic_known, 0 AS technical, 0 AS technical_known
    FROM reports
    UNION ALL
    SELECT project_code, effective_from, 0, 0, 0,
           CASE WHEN baseline = 'basic' THEN required_ha - coalesce(previous_required, 0)
                ELSE 0 END,
           CASE WHEN baseline = 'basic' AND previous_required IS NULL THEN 1 ELSE 0 END,
           CASE WHEN baseline = 'technical' THEN required_ha - coalesce(previous_required, 0)
                ELSE 0 END,
           CASE WHEN baseline = 'technical' AND previous_required IS NULL THEN 1 ELSE 0 END
    FROM areas
),
daily AS (
    SELECT project_code, day,
           sum(cleared) AS cleared, sum(relocated) AS relocated,
           sum(relocated_known) AS relocated_known,
           sum(basic) AS basic, sum(basic_known) AS basic_known,
           sum(technical) AS technical, sum(technical_known) AS technical_known
    FROM changes
    GROUP BY project_code, day
),
running AS (
    SELECT project_code, day,
           sum(cleared) OVER so_far         AS cleared_ha,
           sum(relocated) OVER so_far       AS relocated,
           sum(relocated_known) OVER so_far AS relocated_known,
           sum(basic) OVER so_far           AS basic,
           sum(basic_known) OVER so_far     AS basic_known,
           sum(technical) OVER so_far       AS technical,
           sum(technical_known) OVER so_far AS technical_known
    FROM daily
    WINDOW so_far AS (PARTITION BY project_code ORDER BY day
                      ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
),
report_days AS (SELECT DISTINCT project_code, report_date AS day FROM reports)
SELECT r.project_code,
       r.day                                                               AS report_date,
       CAST(r.cleared_ha AS DOUBLE PRECISION)                              AS cleared_ha,
       CAST(CASE WHEN r.relocated_known > 0 THEN r.relocated END AS BIGINT) AS households_relocated,
       CAST(CASE WHEN r.basic_known > 0 THEN r.basic END AS DOUBLE PRECISION)
                                                                           AS required_ha_basic,
       CAST(CASE WHEN r.technical_known > 0 THEN r.technical END AS DOUBLE PRECISION)
                                                                           AS required_ha_technical
FROM running r
JOIN report_days d ON d.project_code = r.project_code AND d.day = r.day
ORDER BY r.project_code, r.day
