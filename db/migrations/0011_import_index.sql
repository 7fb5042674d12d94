-- 0011_import_index: PostgreSQL narrows an index here (see the .postgres.sql file). The DuckDB
-- file has no index on clearance_reports to change; the step is recorded all the same, so both
-- stores name the same schema version (a copy between them requires it).

SELECT 1;
