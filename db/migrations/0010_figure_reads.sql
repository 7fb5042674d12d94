-- Reads at the scale of a country. An upload is live once committed and never undone (an undo is
-- final), so live_uploads is an anti-join that both engines estimate well, instead of ranking
-- every event. (PostgreSQL also gets indexes on the scope of the figure queries: see the
-- .postgres.sql file; the DuckDB file needs none, its scans prune by row group.)

CREATE OR REPLACE VIEW live_uploads AS
SELECT e.upload_id
FROM upload_events e
WHERE e.event = 'committed'
  AND NOT EXISTS (
      SELECT 1 FROM upload_events u WHERE u.upload_id = e.upload_id AND u.event = 'undone'
  );
