-- 0005_live_projects for PostgreSQL: the same change as 0005_live_projects.sql; PostgreSQL drops
-- the primary key in place.

ALTER TABLE projects DROP CONSTRAINT projects_pkey;

CREATE VIEW live_projects AS
SELECT project_code, name_vi, name_en, kind, province_code, owner, length_km, capacity_mw,
       tower_count, total_investment_vnd, started_on, planned_completion, description,
       source_id, upload_id
FROM (
    SELECT p.*, row_number() OVER (PARTITION BY p.project_code ORDER BY p.upload_id DESC) AS newest
    FROM projects p
    JOIN live_uploads l ON l.upload_id = p.upload_id
) registrations
WHERE newest = 1;

CREATE VIEW live_geometries AS
SELECT row_id, project_code, geometry_wkb, provenance, source_id, upload_id
FROM (
    SELECT g.*,
           row_number() OVER (PARTITION BY g.project_code
                              ORDER BY g.upload_id DESC, g.row_id DESC) AS newest
    FROM project_geometries g
    JOIN live_uploads l ON l.upload_id = g.upload_id
) geometries
WHERE newest = 1;
