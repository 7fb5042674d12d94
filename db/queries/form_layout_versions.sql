-- Every version of one form layout, newest first.
-- Parameters: $name VARCHAR.
SELECT name, version, kind, definition, saved_by, saved_at
FROM form_layouts
WHERE name = $name::VARCHAR
ORDER BY version DESC
