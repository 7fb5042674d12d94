-- The sources behind the figures of $projects up to $as_of (registrations, reports, plans,
-- baselines, published figures and blockers of live uploads), with whether each is synthetic.
-- Parameters: $as_of DATE, $projects VARCHAR[], $province VARCHAR (the province's own published
-- figures, which name no project).
WITH {{live_clearance}}
SELECT DISTINCT s.source_id, s.kind, s.title, s.publisher, s.published_on, s.reference,
       s.is_synthetic, s.note
FROM sources s
JOIN (
    SELECT source_id FROM live_projects WHERE project_code = ANY($projects::VARCHAR[])
    UNION
    SELECT source_id FROM live_clearance
    UNION
    SELECT source_id FROM required_areas_effective
    WHERE project_code = ANY($projects::VARCHAR[]) AND effective_from <= $as_of::DATE
    UNION
    SELECT source_id FROM disbursement_effective
    WHERE project_code = ANY($projects::VARCHAR[]) AND report_date <= $as_of::DATE
    UNION
    SELECT f.source_id FROM published_figures f
    JOIN live_uploads l ON l.upload_id = f.upload_id
    WHERE ((f.project_code IS NULL AND f.province_code = $province::VARCHAR)
           OR f.project_code = ANY($projects::VARCHAR[]))
      AND f.as_of <= $as_of::DATE
    UNION
    SELECT source_id FROM blocker_events_effective
    WHERE project_code = ANY($projects::VARCHAR[]) AND changed_on <= $as_of::DATE
    UNION
    SELECT source_id FROM live_geometries WHERE project_code = ANY($projects::VARCHAR[])
) used ON used.source_id = s.source_id
ORDER BY s.is_synthetic, s.published_on, s.title
