-- The newest live state of every blocker of $projects, which a blockers file's rows update: a
-- blank cell of an update keeps the value stored here.
-- Parameters: $projects VARCHAR[].
SELECT blocker_id, changed_on, project_code, commune_code, category, category_other, description,
       CAST(area_ha AS DOUBLE PRECISION) AS area_ha, households, agency, raised_on, due_on,
       resolved_on, status, escalation
FROM (
    SELECT b.*,
           row_number() OVER (PARTITION BY b.blocker_id
                              ORDER BY b.changed_on DESC, b.upload_id DESC, b.row_id DESC) AS recency
    FROM blocker_events_effective b
    WHERE b.project_code = ANY($projects::VARCHAR[])
) newest
WHERE recency = 1
ORDER BY blocker_id
