-- Each project's status as of a date: the stage of its newest live report on or before $as_of,
-- since when it has been in that stage, and each date and the % done as last given (a report may
-- leave a date blank when it has not changed), with the source of the newest report.
-- Parameters: $as_of DATE, $projects VARCHAR[] (the projects in scope).
WITH reports AS (
    SELECT s.*,
           row_number() OVER (PARTITION BY s.project_code ORDER BY s.report_date DESC) AS recency,
           lag(s.stage) OVER (PARTITION BY s.project_code ORDER BY s.report_date) AS stage_before
    FROM project_status_effective s
    WHERE s.project_code = ANY($projects::VARCHAR[]) AND s.report_date <= $as_of::DATE
),
last_given AS (
    SELECT DISTINCT project_code,
           first_value(planned_start) OVER (PARTITION BY project_code
               ORDER BY planned_start IS NULL, report_date DESC) AS planned_start,
           first_value(actual_start) OVER (PARTITION BY project_code
               ORDER BY actual_start IS NULL, report_date DESC) AS actual_start,
           first_value(planned_completion) OVER (PARTITION BY project_code
               ORDER BY planned_completion IS NULL, report_date DESC) AS planned_completion,
           first_value(actual_completion) OVER (PARTITION BY project_code
               ORDER BY actual_completion IS NULL, report_date DESC) AS actual_completion,
           first_value(physical_progress_pct) OVER (PARTITION BY project_code
               ORDER BY physical_progress_pct IS NULL, report_date DESC) AS physical_progress_pct,
           first_value(report_date) OVER (PARTITION BY project_code
               ORDER BY physical_progress_pct IS NULL, report_date DESC) AS progress_date
    FROM reports
),
stage_changes AS (
    SELECT project_code, max(report_date) AS stage_since
    FROM reports
    WHERE stage_before IS NULL OR stage_before <> stage
    GROUP BY project_code
)
SELECT cur.project_code,
       cur.report_date,
       cur.stage,
       c.stage_since,
       g.planned_start,
       g.actual_start,
       g.planned_completion,
       g.actual_completion,
       CAST(g.physical_progress_pct AS DOUBLE PRECISION) AS physical_progress_pct,
       CASE WHEN g.physical_progress_pct IS NULL THEN NULL ELSE g.progress_date END
                                                         AS progress_date,
       cur.note,
       cur.upload_id,
       cur.source_id,
       s.title                                           AS source_title,
       coalesce(s.is_synthetic, false)                   AS is_synthetic
FROM reports cur
JOIN last_given g ON g.project_code = cur.project_code
JOIN stage_changes c ON c.project_code = cur.project_code
LEFT JOIN sources s ON s.source_id = cur.source_id
WHERE cur.recency = 1
ORDER BY cur.project_code
