-- The day of the visit: who came, and what went wrong. Both are history: once written they are
-- never changed (triggers refuse it), so the compliance record of a Pemda cannot be edited away.

CREATE TABLE check_ins (
    request_id            INTEGER PRIMARY KEY REFERENCES requests (id),
    -- The booking the delegation came to; absent for a walk-in.
    booking_id            INTEGER REFERENCES bookings (id),
    arrived_at            TEXT NOT NULL,
    regional_head_present INTEGER NOT NULL CHECK (regional_head_present IN (0, 1)),
    note                  TEXT,
    recorded_by           INTEGER NOT NULL REFERENCES users (id),
    recorded_at           TEXT NOT NULL
) STRICT;

CREATE INDEX check_ins_by_arrival ON check_ins (arrived_at);

CREATE TABLE attendees (
    id               INTEGER PRIMARY KEY,
    request_id       INTEGER NOT NULL REFERENCES check_ins (request_id),
    ordinal          INTEGER NOT NULL CHECK (ordinal >= 0),
    -- The registered guest who came; absent for a guest who came unannounced.
    guest_id         INTEGER REFERENCES guests (id),
    name             TEXT NOT NULL CHECK (length(name) > 0),
    job_title        TEXT NOT NULL CHECK (length(job_title) > 0),
    institution      TEXT NOT NULL CHECK (length(institution) > 0),
    is_regional_head INTEGER NOT NULL CHECK (is_regional_head IN (0, 1)),
    UNIQUE (request_id, ordinal),
    UNIQUE (request_id, guest_id)
) STRICT;

CREATE TABLE violations (
    id             INTEGER PRIMARY KEY,
    request_id     INTEGER NOT NULL REFERENCES requests (id),
    kind           TEXT NOT NULL CHECK (kind IN ('not_confirmed', 'no_letter', 'over_guest_cap',
                       'regional_head_absent', 'no_booking', 'no_show')),
    evidence       TEXT NOT NULL CHECK (length(evidence) > 0),
    -- The WIB day it happened on.
    occurred_on    TEXT NOT NULL CHECK (date(occurred_on) = occurred_on),
    -- Denormalised from the request so that the history reads one table.
    region_code    TEXT REFERENCES regions (code),
    recorded_by    INTEGER REFERENCES users (id),
    recorded_at    TEXT NOT NULL,
    UNIQUE (request_id, kind)
) STRICT;

CREATE INDEX violations_by_region ON violations (region_code, occurred_on);
CREATE INDEX violations_by_day ON violations (occurred_on);
CREATE INDEX consultations_held_by_region ON consultations_held (region_code, held_on);

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
