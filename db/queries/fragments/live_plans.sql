-- The live plans of $projects for plan year $plan_year in force from on or before $as_of: for
-- each project, capital source, plan baseline and date, the row of the newest live upload.
live_plans AS (
    SELECT *
    FROM (
        SELECT p.*,
               row_number() OVER (PARTITION BY p.project_code, p.plan_year, p.capital_source,
                                               p.plan_baseline, p.effective_from
                                  ORDER BY p.upload_id DESC, p.row_id DESC) AS version
        FROM disbursement_plans p
        JOIN live_uploads l ON l.upload_id = p.upload_id
        WHERE p.project_code = ANY($projects::VARCHAR[])
          AND p.plan_year = $plan_year::INTEGER AND p.effective_from <= $as_of::DATE
    ) versions
    WHERE version = 1
)
