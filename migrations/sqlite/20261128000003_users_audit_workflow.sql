-- Local user profiles, the append-only audit log, confirmations and the slot history of
-- bookings.

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    name       TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    role       TEXT NOT NULL CHECK (role IN ('agent', 'secretariat')),
    active     INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at TEXT NOT NULL
) STRICT;

-- Who changed what, when, from what to what. Rows are never changed or removed.
CREATE TABLE audit_log (
    id         INTEGER PRIMARY KEY,
    at         TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users (id),
    actor_name TEXT NOT NULL CHECK (length(actor_name) > 0),
    action     TEXT NOT NULL CHECK (length(action) > 0),
    request_id INTEGER REFERENCES requests (id),
    before     TEXT CHECK (before IS NULL OR json_valid(before)),
    after      TEXT CHECK (after IS NULL OR json_valid(after)),
    note       TEXT
) STRICT;

CREATE INDEX audit_by_request ON audit_log (request_id, id);

CREATE TRIGGER audit_log_never_changes BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

CREATE TRIGGER audit_log_never_vanishes BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'the audit log is append-only');
END;

-- The Pemda's confirmation of a scheduled slot.
CREATE TABLE confirmations (
    id           INTEGER PRIMARY KEY,
    request_id   INTEGER NOT NULL REFERENCES requests (id),
    booking_id   INTEGER NOT NULL REFERENCES bookings (id),
    sequence     INTEGER NOT NULL,
    confirmed_at TEXT NOT NULL,
    confirmed_by TEXT NOT NULL CHECK (length(confirmed_by) BETWEEN 1 AND 100),
    via          TEXT NOT NULL CHECK (via IN ('whatsapp', 'telephone', 'email', 'letter', 'hai_kemenkeu', 'live_chat')),
    recorded_by  INTEGER REFERENCES users (id),
    recorded_at  TEXT NOT NULL
) STRICT;

-- Every slot a booking held before a reschedule or cancellation.
CREATE TABLE booking_history (
    id          INTEGER PRIMARY KEY,
    booking_id  INTEGER NOT NULL REFERENCES bookings (id),
    sequence    INTEGER NOT NULL,
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    room_code   TEXT,
    unit_code   TEXT NOT NULL,
    meeting_url TEXT,
    replaced_at TEXT NOT NULL,
    actor_id    INTEGER REFERENCES users (id)
) STRICT;

-- Why a request was rejected or cancelled.
ALTER TABLE requests ADD COLUMN status_reason TEXT;
