-- The live disbursement reports of $projects for plan year $plan_year dated on or before $as_of:
-- for each project, capital source and date, the row of the newest live upload.
live_disbursement AS (
    SELECT *
    FROM (
        SELECT d.*,
               row_number() OVER (PARTITION BY d.project_code, d.plan_year, d.capital_source,
                                               d.report_date
                                  ORDER BY d.upload_id DESC, d.row_id DESC) AS version
        FROM disbursement_reports d
        JOIN live_uploads l ON l.upload_id = d.upload_id
        WHERE d.project_code = ANY($projects::VARCHAR[])
          AND d.plan_year = $plan_year::INTEGER AND d.report_date <= $as_of::DATE
    ) versions
    WHERE version = 1
)
