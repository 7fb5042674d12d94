-- The blocker log as of a date: each blocker of $projects in its newest live state on or before
-- $as_of, with the day it was first recorded, how many comments it has by then, and its source.
-- Parameters: $as_of DATE, $projects VARCHAR[].
WITH states AS (
    SELECT b.*,
           row_number() OVER (PARTITION BY b.blocker_id
                              ORDER BY b.changed_on DESC, b.upload_id DESC, b.row_id DESC) AS recency,
           min(b.changed_on) OVER (PARTITION BY b.blocker_id) AS first_recorded,
           count(b.comment) OVER (PARTITION BY b.blocker_id) AS comments
    FROM blocker_events_effective b
    WHERE b.project_code = ANY($projects::VARCHAR[]) AND b.changed_on <= $as_of::DATE
)
SELECT s.blocker_id, s.changed_on, s.project_code, s.commune_code, s.category, s.category_other,
       s.description, CAST(s.area_ha AS DOUBLE PRECISION) AS area_ha, s.households, s.agency,
       s.raised_on, s.due_on, s.resolved_on, s.status, s.escalation, s.comment,
       s.first_recorded, s.comments, s.upload_id, s.source_id,
       src.title AS source_title, coalesce(src.is_synthetic, false) AS is_synthetic
FROM states s
LEFT JOIN sources src ON src.source_id = s.source_id
WHERE s.recency = 1
ORDER BY s.blocker_id
