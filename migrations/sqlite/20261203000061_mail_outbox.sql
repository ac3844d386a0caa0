-- Invitations by e-mail: the desk's SMTP settings (the password is never stored here: it lives
-- in a file only the desk's user may read) and the outbox, one row per message to one
-- recipient, written in the same transaction as the change that caused it.

CREATE TABLE mail_settings (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    enabled               INTEGER NOT NULL DEFAULT 0 CHECK (enabled IN (0, 1)),
    host                  TEXT NOT NULL DEFAULT '' CHECK (length(host) <= 253),
    port                  INTEGER NOT NULL DEFAULT 587 CHECK (port BETWEEN 1 AND 65535),
    security              TEXT NOT NULL DEFAULT 'starttls' CHECK (security IN ('starttls', 'tls', 'plain')),
    username              TEXT NOT NULL DEFAULT '' CHECK (length(username) <= 254),
    sender_name           TEXT NOT NULL DEFAULT '' CHECK (length(sender_name) <= 100),
    sender_address        TEXT NOT NULL DEFAULT '' CHECK (length(sender_address) <= 254),
    -- Reminders: so many working days before the day at the Pemda's own clock time (0: none),
    -- and on the day at a WIB time to the resource persons (NULL: none).
    reminder_working_days INTEGER NOT NULL DEFAULT 1 CHECK (reminder_working_days BETWEEN 0 AND 10),
    reminder_pemda_time   TEXT NOT NULL DEFAULT '10:00' CHECK (length(reminder_pemda_time) = 5),
    reminder_staff_time   TEXT CHECK (reminder_staff_time IS NULL OR length(reminder_staff_time) = 5),
    updated_at            TEXT
) STRICT;

INSERT INTO mail_settings (id, reminder_staff_time) VALUES (1, '07:30');

CREATE TABLE mail_outbox (
    id                INTEGER PRIMARY KEY,
    request_id        INTEGER NOT NULL REFERENCES requests (id),
    booking_id        INTEGER NOT NULL REFERENCES bookings (id),
    kind              TEXT NOT NULL CHECK (kind IN ('invite', 'cancel', 'reminder')),
    -- The booking's SEQUENCE the message speaks of.
    sequence          INTEGER NOT NULL CHECK (sequence >= 0),
    audience          TEXT NOT NULL CHECK (audience IN ('pemda', 'staff')),
    recipient_name    TEXT NOT NULL CHECK (length(recipient_name) BETWEEN 1 AND 200),
    recipient_address TEXT NOT NULL CHECK (length(recipient_address) BETWEEN 3 AND 254),
    recipient_zone    TEXT NOT NULL CHECK (recipient_zone IN ('WIB', 'WITA', 'WIT')),
    state             TEXT NOT NULL CHECK (state IN ('queued', 'sending', 'sent', 'failed', 'uncertain', 'withdrawn')),
    attempts          INTEGER NOT NULL DEFAULT 0 CHECK (attempts >= 0),
    -- Not before this instant (a reminder's time; a retry's).
    due_at            TEXT NOT NULL,
    -- While sending: until when the worker that took it holds it.
    lease_until       TEXT,
    -- The server's last answer, or why it could not be reached.
    answer            TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    sent_at           TEXT
) STRICT;

CREATE INDEX mail_outbox_due ON mail_outbox (due_at, id) WHERE state = 'queued';
CREATE INDEX mail_outbox_sending ON mail_outbox (lease_until) WHERE state = 'sending';
CREATE INDEX mail_outbox_by_request ON mail_outbox (request_id, id);
CREATE INDEX mail_outbox_by_booking ON mail_outbox (booking_id, state);
