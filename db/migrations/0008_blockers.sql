-- The blocker log (vướng mắc) and the handover deadlines forecasts are measured against. Both are
-- append-only like every figure: a change to a blocker is a new dated row carrying its whole state
-- (and, when given, a comment), so the log as of any date is each blocker's newest live row on or
-- before it, and its comments are the rows that carry one. Written once for both engines.

CREATE SEQUENCE seq_blocker_id START 1;

CREATE TABLE blocker_events (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    -- The blocker a row belongs to, the same for every change of it.
    blocker_id     BIGINT NOT NULL DEFAULT nextval('seq_blocker_id'),
    changed_on     DATE NOT NULL,
    project_code   VARCHAR NOT NULL,
    commune_code   VARCHAR CHECK (commune_code ~ '^[0-9]{5}$'),
    category       VARCHAR NOT NULL
                   CHECK (category IN ('compensation_price', 'land_origin',
                                       'households_not_agreeing', 'resettlement_not_ready',
                                       'graves', 'forest_land', 'utilities',
                                       'complaints_lawsuits', 'funds_not_allocated', 'other')),
    category_other VARCHAR,
    description    VARCHAR NOT NULL,
    area_ha        DECIMAL(14, 4) CHECK (area_ha >= 0),
    households     INTEGER CHECK (households >= 0),
    agency         VARCHAR NOT NULL,
    raised_on      DATE NOT NULL,
    due_on         DATE,
    resolved_on    DATE,
    status         VARCHAR NOT NULL CHECK (status IN ('open', 'in_progress', 'resolved')),
    escalation     VARCHAR NOT NULL
                   CHECK (escalation IN ('commune', 'province', 'ministry', 'government')),
    comment        VARCHAR,
    source_row     INTEGER,
    upload_id      BIGINT NOT NULL,
    source_id      BIGINT NOT NULL
);

-- The deadline by which a project's land must be handed over, as set (and later moved) by the
-- province; the newest live one in force on a date is the one a forecast is measured against.
CREATE TABLE handover_deadlines (
    row_id         BIGINT PRIMARY KEY DEFAULT nextval('seq_row_id'),
    project_code   VARCHAR NOT NULL,
    deadline       DATE NOT NULL,
    effective_from DATE NOT NULL,
    note           VARCHAR,
    upload_id      BIGINT NOT NULL,
    source_id      BIGINT NOT NULL
);

-- The blocker rows that count: those of live uploads (an undone upload's rows stop counting). Two
-- changes of one blocker on the same day (escalated in the morning, resolved in the afternoon)
-- both stand, in the order they were written: each is an event, not a correction of the other.
CREATE VIEW blocker_events_effective AS
SELECT b.row_id, b.blocker_id, b.changed_on, b.project_code, b.commune_code, b.category,
       b.category_other, b.description, b.area_ha, b.households, b.agency, b.raised_on, b.due_on,
       b.resolved_on, b.status, b.escalation, b.comment, b.source_row, b.upload_id, b.source_id
FROM blocker_events b
JOIN live_uploads l ON l.upload_id = b.upload_id;

CREATE VIEW handover_deadlines_effective AS
SELECT row_id, project_code, deadline, effective_from, note, upload_id, source_id
FROM (
    SELECT d.*,
           row_number() OVER (PARTITION BY d.project_code, d.effective_from
                              ORDER BY d.upload_id DESC, d.row_id DESC) AS version
    FROM handover_deadlines d
    JOIN live_uploads l ON l.upload_id = d.upload_id
) versions
WHERE version = 1;
