-- Every design baseline of $projects, oldest first, to find the one in force on a date.
-- Parameters: $projects VARCHAR[].
SELECT project_code, commune_code, baseline, CAST(required_ha AS DOUBLE PRECISION),
       effective_from
FROM required_areas_effective
WHERE project_code = ANY($projects::VARCHAR[])
ORDER BY effective_from
