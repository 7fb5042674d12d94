-- The newest live upload of this kind with exactly this content, if any.
-- Parameters: $sha256 VARCHAR, $kind VARCHAR.
SELECT u.upload_id
FROM uploads u
JOIN live_uploads l ON l.upload_id = u.upload_id
WHERE u.sha256 = $sha256::VARCHAR AND u.kind = $kind::VARCHAR
ORDER BY u.upload_id DESC
LIMIT 1
