-- Every upload, newest first, with its status: the latest event ('committed' or 'undone').
SELECT u.upload_id, u.kind, u.file_name, u.sha256, u.user_name, u.uploaded_at, u.row_count,
       u.rows_new, u.rows_changed, u.rows_unchanged, u.note,
       e.event AS status, e.event_at AS status_at, e.user_name AS status_by
FROM uploads u
JOIN (
    SELECT upload_id, event, event_at, user_name,
           row_number() OVER (PARTITION BY upload_id
                              ORDER BY event_at DESC, event = 'undone' DESC) AS newest
    FROM upload_events
) e ON e.upload_id = u.upload_id AND e.newest = 1
ORDER BY u.upload_id DESC
