-- Disbursement per project and capital source in plan year $plan_year: the newest live cumulative
-- report on or before $as_of, the one before it, and each plan baseline in force then.
-- Parameters: $as_of DATE, $plan_year INTEGER, $projects VARCHAR[] (the projects in scope).
WITH {{live_disbursement}},
{{live_plans}},
reports AS (
    SELECT d.*,
           row_number() OVER (PARTITION BY d.project_code, d.capital_source
                              ORDER BY d.report_date DESC) AS recency
    FROM live_disbursement d
),
plans_in_force AS (
    SELECT project_code, capital_source, plan_baseline, plan_vnd
    FROM (
        SELECT p.project_code, p.capital_source, p.plan_baseline, p.plan_vnd,
               row_number() OVER (PARTITION BY p.project_code, p.capital_source, p.plan_baseline
                                  ORDER BY p.effective_from DESC) AS recency
        FROM live_plans p
    ) dated
    WHERE recency = 1
),
plans AS (
    SELECT project_code, capital_source,
           max(plan_vnd) FILTER (WHERE plan_baseline = 'central_assigned') AS plan_central_vnd,
           max(plan_vnd) FILTER (WHERE plan_baseline = 'local_deployed') AS plan_local_vnd
    FROM plans_in_force
    GROUP BY project_code, capital_source
),
cur AS (SELECT * FROM reports WHERE recency = 1),
prev AS (SELECT * FROM reports WHERE recency = 2),
keys AS (
    SELECT project_code, capital_source FROM cur
    UNION
    SELECT project_code, capital_source FROM plans
)
SELECT k.project_code,
       k.capital_source,
       $plan_year::INTEGER             AS plan_year,
       cur.report_date,
       coalesce(cur.disbursed_vnd, 0)  AS disbursed_vnd,
       prev.report_date                AS previous_report_date,
       coalesce(prev.disbursed_vnd, 0) AS previous_disbursed_vnd,
       p.plan_central_vnd,
       p.plan_local_vnd,
       cur.upload_id,
       cur.source_id,
       s.title                         AS source_title,
       coalesce(s.is_synthetic, false) AS is_synthetic
FROM keys k
LEFT JOIN cur ON cur.project_code = k.project_code AND cur.capital_source = k.capital_source
LEFT JOIN prev ON prev.project_code = k.project_code AND prev.capital_source = k.capital_source
LEFT JOIN plans p ON p.project_code = k.project_code AND p.capital_source = k.capital_source
LEFT JOIN sources s ON s.source_id = cur.source_id
ORDER BY k.project_code, k.capital_source
