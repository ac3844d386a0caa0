-- Policy versions, the working calendar, rooms, resource persons and bookings.

-- Each edit of the policy adds a version; a request is judged by the version in force on the
-- day it was received. Versions are never changed or removed (see the triggers).
CREATE TABLE policy_versions (
    id             INTEGER PRIMARY KEY,
    effective_from TEXT NOT NULL CHECK (date(effective_from) = effective_from),
    settings       TEXT NOT NULL CHECK (json_valid(settings)),
    note           TEXT,
    created_at     TEXT NOT NULL
) STRICT;

CREATE TRIGGER policy_versions_never_change BEFORE UPDATE ON policy_versions
BEGIN
    SELECT RAISE(ABORT, 'policy versions are append-only');
END;

CREATE TRIGGER policy_versions_never_vanish BEFORE DELETE ON policy_versions
BEGIN
    SELECT RAISE(ABORT, 'policy versions are append-only');
END;

-- National holidays and cuti bersama (shipped for 2023-2027 from the joint decrees, editable).
CREATE TABLE holidays (
    id     INTEGER PRIMARY KEY,
    date   TEXT NOT NULL CHECK (date(date) = date),
    name   TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind   TEXT NOT NULL CHECK (kind IN ('national', 'cuti_bersama', 'office')),
    source TEXT NOT NULL CHECK (source IN ('shipped', 'manual', 'import')),
    UNIQUE (date, name)
) STRICT;

CREATE INDEX holidays_by_date ON holidays (date);

-- Different session hours for a range of dates, e.g. Ramadan.
CREATE TABLE session_overrides (
    id        INTEGER PRIMARY KEY,
    label     TEXT NOT NULL CHECK (length(label) BETWEEN 1 AND 200),
    from_date TEXT NOT NULL CHECK (date(from_date) = from_date),
    to_date   TEXT NOT NULL CHECK (date(to_date) = to_date),
    windows   TEXT NOT NULL CHECK (json_valid(windows)),
    CHECK (from_date <= to_date)
) STRICT;

CREATE TABLE rooms (
    code     TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    name     TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    capacity INTEGER NOT NULL CHECK (capacity BETWEEN 1 AND 500),
    active   INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

INSERT INTO rooms (code, name, capacity) VALUES
    ('RK-1', 'Ruang Konsultasi 1', 8),
    ('RK-2', 'Ruang Konsultasi 2', 8);

CREATE TABLE resource_persons (
    id        INTEGER PRIMARY KEY,
    unit_code TEXT NOT NULL REFERENCES units (code),
    name      TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
    position  TEXT,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- The scheduled slot of a request. A cancelled booking keeps its row (active = 0) so that its
-- iCalendar UID and SEQUENCE live on.
CREATE TABLE bookings (
    id          INTEGER PRIMARY KEY,
    request_id  INTEGER NOT NULL REFERENCES requests (id),
    channel     TEXT NOT NULL CHECK (channel IN ('video_conference', 'in_person')),
    starts_at   TEXT NOT NULL,
    ends_at     TEXT NOT NULL,
    room_code   TEXT REFERENCES rooms (code),
    meeting_url TEXT,
    unit_code   TEXT NOT NULL REFERENCES units (code),
    ical_uid    TEXT NOT NULL UNIQUE,
    sequence    INTEGER NOT NULL DEFAULT 0 CHECK (sequence >= 0),
    active      INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    CHECK (starts_at < ends_at),
    CHECK (channel = 'video_conference' OR room_code IS NOT NULL)
) STRICT;

CREATE UNIQUE INDEX one_active_booking_per_request ON bookings (request_id) WHERE active = 1;
CREATE INDEX active_bookings_by_start ON bookings (starts_at) WHERE active = 1;

CREATE TABLE booking_resource_persons (
    booking_id         INTEGER NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
    resource_person_id INTEGER NOT NULL REFERENCES resource_persons (id),
    PRIMARY KEY (booking_id, resource_person_id)
) STRICT, WITHOUT ROWID;

-- The date a request was received, from which lead times count (the letter may arrive before
-- the desk registers it).
ALTER TABLE requests ADD COLUMN received_on TEXT CHECK (received_on IS NULL OR date(received_on) = received_on);
UPDATE requests SET received_on = substr(created_at, 1, 10);

-- Bumped by every change to the settings the rules read, so caches in any process can tell
-- when to reload.
CREATE TABLE settings_revision (
    id       INTEGER PRIMARY KEY CHECK (id = 1),
    revision INTEGER NOT NULL
) STRICT;
INSERT INTO settings_revision (id, revision) VALUES (1, 0);

CREATE TRIGGER policy_versions_insert_bumps_revision AFTER INSERT ON policy_versions
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER policy_versions_update_bumps_revision AFTER UPDATE ON policy_versions
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER policy_versions_delete_bumps_revision AFTER DELETE ON policy_versions
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER holidays_insert_bumps_revision AFTER INSERT ON holidays
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER holidays_update_bumps_revision AFTER UPDATE ON holidays
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER holidays_delete_bumps_revision AFTER DELETE ON holidays
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER session_overrides_insert_bumps_revision AFTER INSERT ON session_overrides
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER session_overrides_update_bumps_revision AFTER UPDATE ON session_overrides
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER session_overrides_delete_bumps_revision AFTER DELETE ON session_overrides
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_insert_bumps_revision AFTER INSERT ON rooms
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_update_bumps_revision AFTER UPDATE ON rooms
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER rooms_delete_bumps_revision AFTER DELETE ON rooms
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_persons_insert_bumps_revision AFTER INSERT ON resource_persons
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_persons_update_bumps_revision AFTER UPDATE ON resource_persons
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER resource_persons_delete_bumps_revision AFTER DELETE ON resource_persons
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER units_insert_bumps_revision AFTER INSERT ON units
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER units_update_bumps_revision AFTER UPDATE ON units
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER units_delete_bumps_revision AFTER DELETE ON units
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER topics_insert_bumps_revision AFTER INSERT ON topics
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER topics_update_bumps_revision AFTER UPDATE ON topics
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

CREATE TRIGGER topics_delete_bumps_revision AFTER DELETE ON topics
BEGIN
    UPDATE settings_revision SET revision = revision + 1 WHERE id = 1;
END;

-- The first policy: DESIGN §4's working assumptions, in force from the date of S-38/PK/2023.
INSERT INTO policy_versions (effective_from, settings, note, created_at) VALUES
    ('2023-03-17', '{"guest_cap_in_person":5,"guest_cap_video":20,"lead_days_in_person":5,"lead_days_video":2,"weekly_windows":[[{"start":"08:00","end":"16:00"}],[{"start":"08:00","end":"16:00"}],[{"start":"08:00","end":"16:00"}],[{"start":"08:00","end":"16:00"}],[{"start":"08:00","end":"16:00"}],[],[]],"buffer_minutes":15,"daily_cap_in_person":4,"default_duration_minutes":60}', 'Nilai bawaan (asumsi kerja; angka tidak ditetapkan dalam S-38/PK/2023)', '2023-03-17T00:00:00Z');

INSERT INTO holidays (date, name, kind, source) VALUES
    ('2023-01-01', 'Tahun Baru Masehi', 'national', 'shipped'),
    ('2023-01-22', 'Tahun Baru Imlek', 'national', 'shipped'),
    ('2023-01-23', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', 'shipped'),
    ('2023-02-18', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped'),
    ('2023-03-22', 'Hari Suci Nyepi', 'national', 'shipped'),
    ('2023-03-23', 'Cuti Bersama Hari Suci Nyepi', 'cuti_bersama', 'shipped'),
    ('2023-04-07', 'Wafat Yesus Kristus', 'national', 'shipped'),
    ('2023-04-19', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2023-04-20', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2023-04-21', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2023-04-22', 'Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2023-04-23', 'Hari kedua dari Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2023-04-24', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2023-04-25', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2023-05-01', 'Hari Buruh Internasional', 'national', 'shipped'),
    ('2023-05-18', 'Kenaikan Yesus Kristus', 'national', 'shipped'),
    ('2023-06-01', 'Hari Lahir Pancasila', 'national', 'shipped'),
    ('2023-06-02', 'Cuti Bersama Hari Raya Waisak', 'cuti_bersama', 'shipped'),
    ('2023-06-04', 'Hari Raya Waisak', 'national', 'shipped'),
    ('2023-06-28', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2023-06-29', 'Hari Raya Idul Adha', 'national', 'shipped'),
    ('2023-06-30', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2023-07-19', 'Tahun Baru Islam', 'national', 'shipped'),
    ('2023-08-17', 'Hari Kemerdekaan Republik Indonesia', 'national', 'shipped'),
    ('2023-09-28', 'Maulid Nabi Muhammad', 'national', 'shipped'),
    ('2023-12-25', 'Hari Raya Natal', 'national', 'shipped'),
    ('2023-12-26', 'Cuti Bersama Hari Raya Natal', 'cuti_bersama', 'shipped'),
    ('2024-01-01', 'Tahun Baru Masehi', 'national', 'shipped'),
    ('2024-02-08', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped'),
    ('2024-02-09', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', 'shipped'),
    ('2024-02-10', 'Tahun Baru Imlek', 'national', 'shipped'),
    ('2024-02-14', 'Hari Pemilihan Umum', 'national', 'shipped'),
    ('2024-03-11', 'Hari Suci Nyepi', 'national', 'shipped'),
    ('2024-03-12', 'Cuti Bersama Hari Suci Nyepi', 'cuti_bersama', 'shipped'),
    ('2024-03-29', 'Wafat Yesus Kristus', 'national', 'shipped'),
    ('2024-03-31', 'Kebangkitan Yesus Kristus', 'national', 'shipped'),
    ('2024-04-08', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2024-04-09', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2024-04-10', 'Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2024-04-11', 'Hari kedua dari Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2024-04-12', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2024-04-15', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2024-05-01', 'Hari Buruh Internasional', 'national', 'shipped'),
    ('2024-05-09', 'Kenaikan Yesus Kristus', 'national', 'shipped'),
    ('2024-05-10', 'Cuti Bersama Kenaikan Yesus Kristus', 'cuti_bersama', 'shipped'),
    ('2024-05-23', 'Hari Raya Waisak', 'national', 'shipped'),
    ('2024-05-24', 'Cuti Bersama Hari Raya Waisak', 'cuti_bersama', 'shipped'),
    ('2024-06-01', 'Hari Lahir Pancasila', 'national', 'shipped'),
    ('2024-06-17', 'Hari Raya Idul Adha', 'national', 'shipped'),
    ('2024-06-18', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2024-07-07', 'Tahun Baru Islam', 'national', 'shipped'),
    ('2024-08-17', 'Hari Kemerdekaan Republik Indonesia', 'national', 'shipped'),
    ('2024-09-16', 'Maulid Nabi Muhammad', 'national', 'shipped'),
    ('2024-11-27', 'Hari Pemilihan Kepala Daerah', 'national', 'shipped'),
    ('2024-12-25', 'Hari Raya Natal', 'national', 'shipped'),
    ('2024-12-26', 'Cuti Bersama Hari Raya Natal', 'cuti_bersama', 'shipped'),
    ('2025-01-01', 'Tahun Baru Masehi', 'national', 'shipped'),
    ('2025-01-27', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped'),
    ('2025-01-28', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', 'shipped'),
    ('2025-01-29', 'Tahun Baru Imlek', 'national', 'shipped'),
    ('2025-03-28', 'Cuti Bersama Hari Suci Nyepi', 'cuti_bersama', 'shipped'),
    ('2025-03-29', 'Hari Suci Nyepi', 'national', 'shipped'),
    ('2025-03-31', 'Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2025-04-01', 'Hari kedua dari Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2025-04-02', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2025-04-03', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2025-04-04', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2025-04-07', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2025-04-18', 'Wafat Yesus Kristus', 'national', 'shipped'),
    ('2025-04-20', 'Kebangkitan Yesus Kristus', 'national', 'shipped'),
    ('2025-05-01', 'Hari Buruh Internasional', 'national', 'shipped'),
    ('2025-05-12', 'Hari Raya Waisak', 'national', 'shipped'),
    ('2025-05-13', 'Cuti Bersama Hari Raya Waisak', 'cuti_bersama', 'shipped'),
    ('2025-05-29', 'Kenaikan Yesus Kristus', 'national', 'shipped'),
    ('2025-05-30', 'Cuti Bersama Kenaikan Yesus Kristus', 'cuti_bersama', 'shipped'),
    ('2025-06-01', 'Hari Lahir Pancasila', 'national', 'shipped'),
    ('2025-06-06', 'Hari Raya Idul Adha', 'national', 'shipped'),
    ('2025-06-09', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2025-06-27', 'Tahun Baru Islam', 'national', 'shipped'),
    ('2025-08-17', 'Hari Kemerdekaan Republik Indonesia', 'national', 'shipped'),
    ('2025-08-18', 'Cuti Bersama Hari Kemerdekaan Republik Indonesia', 'cuti_bersama', 'shipped'),
    ('2025-09-05', 'Maulid Nabi Muhammad', 'national', 'shipped'),
    ('2025-12-25', 'Hari Raya Natal', 'national', 'shipped'),
    ('2025-12-26', 'Cuti Bersama Hari Raya Natal', 'cuti_bersama', 'shipped'),
    ('2026-01-01', 'Tahun Baru Masehi', 'national', 'shipped'),
    ('2026-01-16', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped'),
    ('2026-02-16', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', 'shipped'),
    ('2026-02-17', 'Tahun Baru Imlek', 'national', 'shipped'),
    ('2026-03-18', 'Cuti Bersama Hari Suci Nyepi', 'cuti_bersama', 'shipped'),
    ('2026-03-19', 'Hari Suci Nyepi', 'national', 'shipped'),
    ('2026-03-20', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2026-03-21', 'Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2026-03-22', 'Hari kedua dari Hari Raya Idul Fitri', 'national', 'shipped'),
    ('2026-03-23', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2026-03-24', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2026-04-03', 'Wafat Yesus Kristus', 'national', 'shipped'),
    ('2026-04-05', 'Kebangkitan Yesus Kristus', 'national', 'shipped'),
    ('2026-05-01', 'Hari Buruh Internasional', 'national', 'shipped'),
    ('2026-05-14', 'Kenaikan Yesus Kristus', 'national', 'shipped'),
    ('2026-05-15', 'Cuti Bersama Kenaikan Yesus Kristus', 'cuti_bersama', 'shipped'),
    ('2026-05-27', 'Hari Raya Idul Adha', 'national', 'shipped'),
    ('2026-05-28', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2026-05-31', 'Hari Raya Waisak', 'national', 'shipped'),
    ('2026-06-01', 'Hari Lahir Pancasila', 'national', 'shipped'),
    ('2026-06-16', 'Tahun Baru Islam', 'national', 'shipped'),
    ('2026-08-17', 'Hari Kemerdekaan Republik Indonesia', 'national', 'shipped'),
    ('2026-08-25', 'Maulid Nabi Muhammad', 'national', 'shipped'),
    ('2026-12-24', 'Cuti Bersama Hari Raya Natal', 'cuti_bersama', 'shipped'),
    ('2026-12-25', 'Hari Raya Natal', 'national', 'shipped'),
    ('2027-01-01', 'Tahun Baru Masehi', 'national', 'shipped'),
    ('2027-01-05', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped'),
    ('2027-02-05', 'Cuti Bersama Tahun Baru Imlek', 'cuti_bersama', 'shipped'),
    ('2027-02-06', 'Tahun Baru Imlek', 'national', 'shipped'),
    ('2027-03-08', 'Hari Suci Nyepi', 'national', 'shipped'),
    ('2027-03-09', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2027-03-10', 'Hari Raya Idul Fitri (perkiraan)', 'national', 'shipped'),
    ('2027-03-11', 'Hari kedua dari Hari Raya Idul Fitri (perkiraan)', 'national', 'shipped'),
    ('2027-03-12', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2027-03-15', 'Cuti Bersama Hari Raya Idul Fitri', 'cuti_bersama', 'shipped'),
    ('2027-03-25', 'Cuti Bersama Wafat Yesus Kristus', 'cuti_bersama', 'shipped'),
    ('2027-03-26', 'Wafat Yesus Kristus', 'national', 'shipped'),
    ('2027-03-28', 'Kebangkitan Yesus Kristus', 'national', 'shipped'),
    ('2027-05-01', 'Hari Buruh Internasional', 'national', 'shipped'),
    ('2027-05-06', 'Kenaikan Yesus Kristus', 'national', 'shipped'),
    ('2027-05-17', 'Hari Raya Idul Adha (perkiraan)', 'national', 'shipped'),
    ('2027-05-18', 'Cuti Bersama Hari Raya Idul Adha', 'cuti_bersama', 'shipped'),
    ('2027-05-19', 'Cuti Bersama Hari Raya Waisak', 'cuti_bersama', 'shipped'),
    ('2027-05-20', 'Hari Raya Waisak', 'national', 'shipped'),
    ('2027-06-01', 'Hari Lahir Pancasila', 'national', 'shipped'),
    ('2027-06-06', 'Tahun Baru Islam', 'national', 'shipped'),
    ('2027-08-15', 'Maulid Nabi Muhammad', 'national', 'shipped'),
    ('2027-08-17', 'Hari Kemerdekaan Republik Indonesia', 'national', 'shipped'),
    ('2027-12-24', 'Cuti Bersama Hari Raya Natal', 'cuti_bersama', 'shipped'),
    ('2027-12-25', 'Hari Raya Natal', 'national', 'shipped'),
    ('2027-12-26', 'Isra Mikraj Nabi Muhammad', 'national', 'shipped');
