-- The clearance reports in force for $projects on or before $as_of: rows of live uploads only,
-- and for each project, commune and date the row of the newest of them (a correction supersedes
-- the row it corrects; one upload holds one row per project, commune and date). The scope is
-- applied first and versions are told apart by grouping, not by ranking every row, so the cost
-- follows the rows asked for.
{{scoped_clearance}},
live_clearance AS (
    SELECT s.*
    FROM scoped_clearance s
    JOIN (
        SELECT project_code, commune_code, report_date, max(upload_id) AS upload_id
        FROM scoped_clearance
        GROUP BY project_code, commune_code, report_date
    ) newest
      ON newest.project_code = s.project_code AND newest.commune_code = s.commune_code
     AND newest.report_date = s.report_date AND newest.upload_id = s.upload_id
)
