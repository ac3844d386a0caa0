-- A check-in recorded by mistake can be voided with a reason, and the delegation checked in
-- again. History stays append-only: a void is a row of its own (check_in_voids), never an edit,
-- and a voided check-in's violations stay stored but are withdrawn from every report.
--
-- A request may therefore have several check-ins over time, so check_ins gets an id of its own
-- and its attendees and violations point at the check-in they belong to. The tables are rebuilt
-- (copying every row, ids kept) because SQLite cannot change a primary key in place; dropping a
-- table fires no DELETE trigger, and the triggers are recreated on the new tables.

CREATE TABLE check_ins_new (
    id                    INTEGER PRIMARY KEY,
    request_id            INTEGER NOT NULL REFERENCES requests (id),
    -- The booking the delegation came to; absent for a walk-in.
    booking_id            INTEGER REFERENCES bookings (id),
    arrived_at            TEXT NOT NULL,
    regional_head_present INTEGER NOT NULL CHECK (regional_head_present IN (0, 1)),
    note                  TEXT,
    recorded_by           INTEGER NOT NULL REFERENCES users (id),
    recorded_at           TEXT NOT NULL
) STRICT;

INSERT INTO check_ins_new (request_id, booking_id, arrived_at, regional_head_present, note,
                           recorded_by, recorded_at)
SELECT request_id, booking_id, arrived_at, regional_head_present, note, recorded_by, recorded_at
FROM check_ins ORDER BY recorded_at, request_id;

CREATE TABLE attendees_new (
    id               INTEGER PRIMARY KEY,
    check_in_id      INTEGER NOT NULL REFERENCES check_ins_new (id),
    ordinal          INTEGER NOT NULL CHECK (ordinal >= 0),
    -- The registered guest who came; absent for a guest who came unannounced.
    guest_id         INTEGER REFERENCES guests (id),
    name             TEXT NOT NULL CHECK (length(name) > 0),
    job_title        TEXT NOT NULL CHECK (length(job_title) > 0),
    institution      TEXT NOT NULL CHECK (length(institution) > 0),
    is_regional_head INTEGER NOT NULL CHECK (is_regional_head IN (0, 1)),
    UNIQUE (check_in_id, ordinal),
    UNIQUE (check_in_id, guest_id)
) STRICT;

INSERT INTO attendees_new (id, check_in_id, ordinal, guest_id, name, job_title, institution,
                           is_regional_head)
SELECT a.id, c.id, a.ordinal, a.guest_id, a.name, a.job_title, a.institution, a.is_regional_head
FROM attendees a JOIN check_ins_new c ON c.request_id = a.request_id;

CREATE TABLE violations_new (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES requests (id),
    -- The check-in that found it; absent for a no-show, which no check-in carries.
    check_in_id    INTEGER REFERENCES check_ins_new (id),
    kind           TEXT NOT NULL CHECK (kind IN ('not_confirmed', 'no_letter', 'over_guest_cap',
                       'regional_head_absent', 'no_booking', 'no_show')),
    evidence       TEXT NOT NULL CHECK (length(evidence) > 0),
    -- The WIB day it happened on.
    occurred_on    TEXT NOT NULL CHECK (date(occurred_on) = occurred_on),
    -- Denormalised from the request so that the history reads one table.
    region_code    TEXT REFERENCES regions (code),
    recorded_by    INTEGER REFERENCES users (id),
    recorded_at    TEXT NOT NULL,
    CHECK ((kind = 'no_show') = (check_in_id IS NULL)),
    UNIQUE (check_in_id, kind)
) STRICT;

INSERT INTO violations_new (id, request_id, check_in_id, kind, evidence, occurred_on,
                            region_code, recorded_by, recorded_at)
SELECT v.id, v.request_id,
       CASE WHEN v.kind = 'no_show' THEN NULL
            ELSE (SELECT c.id FROM check_ins_new c WHERE c.request_id = v.request_id) END,
       v.kind, v.evidence, v.occurred_on, v.region_code, v.recorded_by, v.recorded_at
FROM violations v;

DROP TABLE attendees;
DROP TABLE violations;
DROP TABLE check_ins;

ALTER TABLE check_ins_new RENAME TO check_ins;
ALTER TABLE attendees_new RENAME TO attendees;
ALTER TABLE violations_new RENAME TO violations;

CREATE INDEX check_ins_by_request ON check_ins (request_id);
CREATE INDEX check_ins_by_arrival ON check_ins (arrived_at);
CREATE UNIQUE INDEX violations_one_no_show ON violations (request_id) WHERE check_in_id IS NULL;
CREATE INDEX violations_by_region ON violations (region_code, occurred_on);
CREATE INDEX violations_by_day ON violations (occurred_on);
CREATE INDEX violations_by_request ON violations (request_id);

-- The correction of a check-in: who voided it, when, and why. At most one per check-in.
CREATE TABLE check_in_voids (
    id          INTEGER PRIMARY KEY,
    check_in_id INTEGER NOT NULL UNIQUE REFERENCES check_ins (id),
    reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0 AND length(reason) <= 300),
    voided_by   INTEGER NOT NULL REFERENCES users (id),
    voided_at   TEXT NOT NULL
) STRICT;

CREATE TRIGGER check_ins_are_history_u BEFORE UPDATE ON check_ins
BEGIN SELECT RAISE(ABORT, 'check_ins are append-only'); END;
CREATE TRIGGER check_ins_are_history_d BEFORE DELETE ON check_ins
BEGIN SELECT RAISE(ABORT, 'check_ins are append-only'); END;
CREATE TRIGGER attendees_are_history_u BEFORE UPDATE ON attendees
BEGIN SELECT RAISE(ABORT, 'attendees are append-only'); END;
CREATE TRIGGER attendees_are_history_d BEFORE DELETE ON attendees
BEGIN SELECT RAISE(ABORT, 'attendees are append-only'); END;
CREATE TRIGGER violations_are_history_u BEFORE UPDATE ON violations
BEGIN SELECT RAISE(ABORT, 'violations are append-only'); END;
CREATE TRIGGER violations_are_history_d BEFORE DELETE ON violations
BEGIN SELECT RAISE(ABORT, 'violations are append-only'); END;
CREATE TRIGGER check_in_voids_are_history_u BEFORE UPDATE ON check_in_voids
BEGIN SELECT RAISE(ABORT, 'check_in_voids are append-only'); END;
CREATE TRIGGER check_in_voids_are_history_d BEFORE DELETE ON check_in_voids
BEGIN SELECT RAISE(ABORT, 'check_in_voids are append-only'); END;
