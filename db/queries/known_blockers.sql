-- Which of $blockers exist (in a live upload), with the project each belongs to.
-- Parameters: $blockers BIGINT[].
SELECT DISTINCT blocker_id, project_code
FROM blocker_events_effective
WHERE blocker_id = ANY($blockers::BIGINT[])
