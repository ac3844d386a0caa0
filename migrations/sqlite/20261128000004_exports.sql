-- What the desk prints and sends: the letterhead, the signatory, the organizer of invites and the
-- numbering of outgoing letters. One row, edited in Settings.
CREATE TABLE export_settings (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    -- One line per row of the letterhead, first the ministry, then the directorate general.
    letterhead         TEXT NOT NULL CHECK (length(letterhead) BETWEEN 1 AND 1000),
    place              TEXT NOT NULL CHECK (length(place) BETWEEN 1 AND 60),
    signatory_position TEXT NOT NULL CHECK (length(signatory_position) BETWEEN 1 AND 200),
    signatory_name     TEXT NOT NULL CHECK (length(signatory_name) BETWEEN 1 AND 100),
    signatory_nip      TEXT CHECK (signatory_nip IS NULL OR length(signatory_nip) BETWEEN 1 AND 30),
    -- Tembusan of the confirmation letter, one per line; may be empty.
    copies             TEXT NOT NULL DEFAULT '' CHECK (length(copies) <= 1000),
    organizer_name     TEXT NOT NULL CHECK (length(organizer_name) BETWEEN 1 AND 100),
    organizer_email    TEXT NOT NULL CHECK (length(organizer_email) BETWEEN 3 AND 254),
    -- Tokens: {seq} (required), {year}, {month} (01–12), {roman_month} (I–XII).
    number_pattern     TEXT NOT NULL CHECK (instr(number_pattern, '{seq}') > 0),
    reminder_minutes   INTEGER NOT NULL DEFAULT 60 CHECK (reminder_minutes BETWEEN 0 AND 10080),
    updated_at         TEXT NOT NULL
) STRICT;

INSERT INTO export_settings (id, letterhead, place, signatory_position, signatory_name, signatory_nip,
                             copies, organizer_name, organizer_email, number_pattern, updated_at)
VALUES (1,
        'KEMENTERIAN KEUANGAN REPUBLIK INDONESIA' || char(10) ||
        'DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN' || char(10) ||
        'GEDUNG RADIUS PRAWIRO LANTAI 9, JALAN DR. WAHIDIN RAYA NOMOR 1, JAKARTA 10710' || char(10) ||
        'TELEPON 150420; LAMAN WWW.DJPK.KEMENKEU.GO.ID; SUREL CALLCENTER.DJPK@KEMENKEU.GO.ID',
        'Jakarta',
        'Sekretaris Direktorat Jenderal',
        'Nama Penandatangan',
        NULL,
        'Direktur Jenderal Perimbangan Keuangan',
        'Contact Center DJPK',
        'callcenter.djpk@kemenkeu.go.id',
        'S-{seq}/PK.1/{year}',
        '2026-11-28T00:00:00Z');

-- Every outgoing letter number ever handed out. A number is never given twice: the pair
-- (year, sequence) is unique, and rows are never changed or deleted. Printing the same letter
-- again (same request, kind and booking SEQUENCE) reuses its number.
CREATE TABLE issued_letters (
    id               INTEGER PRIMARY KEY,
    year             INTEGER NOT NULL CHECK (year BETWEEN 2000 AND 2999),
    sequence         INTEGER NOT NULL CHECK (sequence > 0),
    number           TEXT NOT NULL UNIQUE,
    kind             TEXT NOT NULL CHECK (kind IN ('confirmation', 'certificate')),
    request_id       INTEGER NOT NULL REFERENCES requests (id),
    booking_sequence INTEGER NOT NULL CHECK (booking_sequence >= 0),
    issued_at        TEXT NOT NULL,
    issued_by        TEXT NOT NULL,
    UNIQUE (year, sequence),
    UNIQUE (request_id, kind, booking_sequence)
) STRICT;

CREATE TRIGGER issued_letters_no_update BEFORE UPDATE ON issued_letters
BEGIN
    SELECT RAISE(ABORT, 'issued letter numbers are permanent');
END;

CREATE TRIGGER issued_letters_no_delete BEFORE DELETE ON issued_letters
BEGIN
    SELECT RAISE(ABORT, 'issued letter numbers are permanent');
END;

-- Resource persons are invited to the meeting as attendees when they have an address.
ALTER TABLE resource_persons ADD COLUMN email TEXT CHECK (email IS NULL OR length(email) BETWEEN 3 AND 254);

-- A booking with the names an invite or a letter prints.
CREATE VIEW booking_details AS
SELECT b.id, b.request_id, b.channel, b.starts_at, b.ends_at, b.room_code, rm.name AS room_name,
       b.meeting_url, b.unit_code, u.name AS unit_name, b.ical_uid, b.sequence,
       b.active = 1 AS active
FROM bookings b
JOIN units u ON u.code = b.unit_code
LEFT JOIN rooms rm ON rm.code = b.room_code;
