-- The latest event of one upload: 'committed' or 'undone' (no row: no such upload).
-- Parameters: $upload_id BIGINT.
SELECT event
FROM upload_events
WHERE upload_id = $upload_id::BIGINT
ORDER BY event_at DESC, event = 'undone' DESC
LIMIT 1
