-- The newest version of every saved form layout, by name.
SELECT name, version, kind, definition, saved_by, CAST(saved_at AS TIMESTAMP) AS saved_at
FROM (
    SELECT name, version, kind, definition, saved_by, saved_at,
           row_number() OVER (PARTITION BY name ORDER BY version DESC) AS newest
    FROM form_layouts
) versions
WHERE newest = 1
ORDER BY name
