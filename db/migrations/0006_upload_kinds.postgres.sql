-- 0006_upload_kinds for PostgreSQL: the same longer list of upload kinds, changed in place.

ALTER TABLE uploads DROP CONSTRAINT uploads_kind_check;
ALTER TABLE uploads ADD CONSTRAINT uploads_kind_check
    CHECK (kind IN ('clearance', 'disbursement', 'demo', 'projects', 'alignment',
                    'status', 'blockers'));
