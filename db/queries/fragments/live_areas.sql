-- The design baselines in force for $projects from on or before $as_of: rows of live uploads,
-- and for each project, commune, baseline and date the row of the newest of them.
scoped_areas AS (
    SELECT r.*
    FROM required_areas r
    JOIN live_uploads l ON l.upload_id = r.upload_id
    WHERE r.project_code = ANY($projects::VARCHAR[]) AND r.effective_from <= $as_of::DATE
),
live_areas AS (
    SELECT s.*
    FROM scoped_areas s
    JOIN (
        SELECT project_code, commune_code, baseline, effective_from, max(upload_id) AS upload_id
        FROM scoped_areas
        GROUP BY project_code, commune_code, baseline, effective_from
    ) newest
      ON newest.project_code = s.project_code AND newest.commune_code = s.commune_code
     AND newest.baseline = s.baseline AND newest.effective_from = s.effective_from
     AND newest.upload_id = s.upload_id
)
