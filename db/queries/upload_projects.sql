-- The live projects an upload's rows may name: province, works start and first design baseline,
-- and the name a form's title or group rows may call it by.
SELECT p.project_code, p.province_code, p.started_on, p.name_vi,
       (SELECT min(r.effective_from) FROM required_areas_effective r
        WHERE r.project_code = p.project_code) AS first_baseline
FROM live_projects p
