-- The clearance reports of live uploads for $projects dated on or before $as_of, every version:
-- the scope every form of live_clearance starts from, applied before anything else.
scoped_clearance AS (
    SELECT c.*
    FROM clearance_reports c
    JOIN live_uploads l ON l.upload_id = c.upload_id
    WHERE c.project_code = ANY($projects::VARCHAR[]) AND c.report_date <= $as_of::DATE
)
