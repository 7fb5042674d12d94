-- The dated comments of $blockers up to $as_of, oldest first, each with the state it was made in.
-- Parameters: $as_of DATE, $blockers BIGINT[].
SELECT b.blocker_id, b.changed_on, b.comment, b.status, b.escalation, u.user_name
FROM blocker_events_effective b
JOIN uploads u ON u.upload_id = b.upload_id
WHERE b.blocker_id = ANY($blockers::BIGINT[]) AND b.changed_on <= $as_of::DATE
  AND b.comment IS NOT NULL
ORDER BY b.blocker_id, b.changed_on, b.row_id
