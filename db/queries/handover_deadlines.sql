-- Each of $projects' handover deadline in force on $as_of (the newest live one set on or before
-- it), with the note and source that set it.
-- Parameters: $as_of DATE, $projects VARCHAR[].
SELECT project_code, deadline, effective_from, note, source_title, is_synthetic
FROM (
    SELECT d.project_code, d.deadline, d.effective_from, d.note, s.title AS source_title,
           coalesce(s.is_synthetic, false) AS is_synthetic,
           row_number() OVER (PARTITION BY d.project_code
                              ORDER BY d.effective_from DESC, d.upload_id DESC) AS recency
    FROM handover_deadlines_effective d
    LEFT JOIN sources s ON s.source_id = d.source_id
    WHERE d.project_code = ANY($projects::VARCHAR[]) AND d.effective_from <= $as_of::DATE
) dated
WHERE recency = 1
ORDER BY project_code
