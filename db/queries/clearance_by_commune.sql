-- Clearance per project and commune as of a date: the newest live report on or before $as_of, the
-- one before it (for "change since the previous report"), and the design baselines in force then.
-- Parameters: $as_of DATE, $projects VARCHAR[] (the projects in scope).
WITH reports AS (
    SELECT c.*,
           row_number() OVER (PARTITION BY c.project_code, c.commune_code
                              ORDER BY c.report_date DESC) AS recency
    FROM clearance_effective c
    WHERE c.project_code = ANY($projects::VARCHAR[]) AND c.report_date <= $as_of::DATE
),
households AS (
    SELECT project_code, commune_code, households_affected
    FROM (
        SELECT project_code, commune_code, households_affected,
               row_number() OVER (PARTITION BY project_code, commune_code
                                  ORDER BY report_date DESC) AS known_recency
        FROM reports
        WHERE households_affected IS NOT NULL
    ) known
    WHERE known_recency = 1
),
baselines_in_force AS (
    SELECT project_code, commune_code, baseline, required_ha, effective_from
    FROM (
        SELECT r.project_code, r.commune_code, r.baseline, r.required_ha, r.effective_from,
               row_number() OVER (PARTITION BY r.project_code, r.commune_code, r.baseline
                                  ORDER BY r.effective_from DESC) AS recency
        FROM required_areas_effective r
        WHERE r.project_code = ANY($projects::VARCHAR[]) AND r.effective_from <= $as_of::DATE
    ) dated
    WHERE recency = 1
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
cur AS (SELECT * FROM reports WHERE recency = 1),
prev AS (SELECT * FROM reports WHERE recency = 2),
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
