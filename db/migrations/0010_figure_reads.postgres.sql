-- 0010_figure_reads for PostgreSQL: the same live_uploads, and indexes on what the figure queries
-- filter by (the projects in scope and the date), so one province's figures read only its rows.

CREATE OR REPLACE VIEW live_uploads AS
SELECT e.upload_id
FROM upload_events e
WHERE e.event = 'committed'
  AND NOT EXISTS (
      SELECT 1 FROM upload_events u WHERE u.upload_id = e.upload_id AND u.event = 'undone'
  );

CREATE INDEX upload_events_by_upload ON upload_events (upload_id, event);
CREATE INDEX clearance_reports_by_scope
    ON clearance_reports (project_code, commune_code, report_date);
CREATE INDEX required_areas_by_scope
    ON required_areas (project_code, commune_code, baseline, effective_from);
CREATE INDEX disbursement_reports_by_scope
    ON disbursement_reports (project_code, plan_year, capital_source, report_date);
CREATE INDEX disbursement_plans_by_scope
    ON disbursement_plans (project_code, plan_year, capital_source, plan_baseline, effective_from);
