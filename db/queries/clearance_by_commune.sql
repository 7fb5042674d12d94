-- Clearance per project and commune as of a date: the newest live report on or before $as_of, the
-- one before it (for "change since the previous report"), and the design baselines in force then.
-- Parameters: $as_of DATE, $projects VARCHAR[] (the projects in scope).
WITH {{live_clearance}},
{{live_areas}},
latest AS (
    SELECT project_code, commune_code, max(report_date) AS report_date
    FROM live_clearance
    GROUP BY project_code, commune_code
),
previous AS (
    SELECT c.project_code, c.commune_code, max(c.report_date) AS report_date
    FROM live_clearance c
    JOIN latest ON latest.project_code = c.project_code AND latest.commune_code = c.commune_code
    WHERE c.report_date < latest.report_date
    GROUP BY c.project_code, c.commune_code
),
households_known AS (
    SELECT project_code, commune_code, max(report_date) AS report_date
    FROM live_clearance
    WHERE households_affected IS NOT NULL
    GROUP BY project_code, commune_code
),
households AS (
    SELECT c.project_code, c.commune_code, c.households_affected
    FROM live_clearance c
    JOIN households_known k
      ON k.project_code = c.project_code AND k.commune_code = c.commune_code
     AND k.report_date = c.report_date
),
baseline_dates AS (
    SELECT project_code, commune_code, baseline, max(effective_from) AS effective_from
    FROM live_areas
    GROUP BY project_code, commune_code, baseline
),
baselines_in_force AS (
    SELECT a.project_code, a.commune_code, a.baseline, a.required_ha, a.effective_from
    FROM live_areas a
    JOIN baseline_dates d
      ON d.project_code = a.project_code AND d.commune_code = a.commune_code
     AND d.baseline = a.baseline AND d.effective_from = a.effective_from
),
baselines AS (
    SELECT project_code, commune_code,
           max(required_ha) FILTER (WHERE baseline = 'basic') AS required_ha_basic,
           max(required_ha) FILTER (WHERE baseline = 'technical') AS required_ha_technical,
           max(effective_from) FILTER (WHERE baseline = 'basic') AS basic_effective_from,
           max(effective_from) FILTER (WHERE baseline = 'technical') AS technical_effective_from
    FROM baselines_in_force
    GROUP BY project_code, commune_code
),
cur AS (
    SELECT c.*
    FROM live_clearance c
    JOIN latest d
      ON d.project_code = c.project_code AND d.commune_code = c.commune_code
     AND d.report_date = c.report_date
),
prev AS (
    SELECT c.*
    FROM live_clearance c
    JOIN previous d
      ON d.project_code = c.project_code AND d.commune_code = c.commune_code
     AND d.report_date = c.report_date
),
keys AS (
    SELECT project_code, commune_code FROM cur
    UNION
    SELECT project_code, commune_code FROM baselines
)
SELECT k.project_code,
       k.commune_code,
       cur.report_date,
       coalesce(cur.cleared_ha, 0)        AS cleared_ha,
       prev.report_date                   AS previous_report_date,
       coalesce(prev.cleared_ha, 0)       AS previous_cleared_ha,
       h.households_affected,
       cur.households_relocated,
       cur.compensation_paid_vnd,
       b.required_ha_basic,
       b.required_ha_technical,
       b.basic_effective_from,
       b.technical_effective_from,
       cur.note,
       cur.upload_id,
       cur.source_id,
       s.title                            AS source_title,
       coalesce(s.is_synthetic, false)    AS is_synthetic
FROM keys k
LEFT JOIN cur ON cur.project_code = k.project_code AND cur.commune_code = k.commune_code
LEFT JOIN prev ON prev.project_code = k.project_code AND prev.commune_code = k.commune_code
LEFT JOIN households h ON h.project_code = k.project_code AND h.commune_code = k.commune_code
LEFT JOIN baselines b ON b.project_code = k.project_code AND b.commune_code = k.commune_code
LEFT JOIN sources s ON s.source_id = cur.source_id
ORDER BY k.project_code, k.commune_code
