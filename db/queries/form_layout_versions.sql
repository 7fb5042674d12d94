-- Every version of one form layout, newest first.
-- Parameters: $name VARCHAR.
SELECT name, version, kind, definition, saved_by, CAST(saved_at AS TIMESTAMP) AS saved_at
FROM form_layouts
WHERE name = $name::VARCHAR
ORDER BY version DESC
