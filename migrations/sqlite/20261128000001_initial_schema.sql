-- Konsultasi DJPK: the first schema.
-- Closed sets are CHECK constraints that mirror the enums of the core (src/domain); instants are
-- RFC 3339 UTC text ("2026-12-03T02:00:00Z"), which sorts chronologically; dates are YYYY-MM-DD.

CREATE TABLE reference_versions (
    name   TEXT PRIMARY KEY,
    sha256 TEXT NOT NULL CHECK (length(sha256) = 64)
) STRICT;

-- Kemendagri's list of provinces, kabupaten and kota, kept in step with data/regions.csv
-- (derived from idn-area-data, ODbL) by the store when the app starts.
CREATE TABLE regions (
    code          TEXT PRIMARY KEY CHECK (code GLOB '[0-9][0-9]' OR code GLOB '[0-9][0-9].[0-9][0-9]'),
    name          TEXT NOT NULL CHECK (length(name) > 0),
    kind          TEXT NOT NULL CHECK (kind IN ('province', 'regency', 'city')),
    province_code TEXT NOT NULL REFERENCES regions (code),
    time_zone     TEXT NOT NULL CHECK (time_zone IN ('Asia/Jakarta', 'Asia/Pontianak', 'Asia/Makassar', 'Asia/Jayapura')),
    CHECK ((kind = 'province') = (code = province_code)),
    CHECK (kind = 'province' OR substr(code, 1, 2) = province_code)
) STRICT;

-- DJPK's technical units, which provide the resource persons (narasumber).
CREATE TABLE units (
    code       TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 20),
    name       TEXT NOT NULL CHECK (length(name) > 0),
    short_name TEXT NOT NULL CHECK (length(short_name) > 0)
) STRICT;

CREATE TABLE topics (
    code      TEXT PRIMARY KEY CHECK (length(code) BETWEEN 1 AND 40),
    name      TEXT NOT NULL CHECK (length(name) > 0),
    unit_code TEXT NOT NULL REFERENCES units (code),
    ordinal   INTEGER NOT NULL,
    active    INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
) STRICT;

-- Uploaded files (scanned letters) live in the database so that moving or deleting the original
-- loses nothing, and a backup of the database is a backup of everything.
CREATE TABLE stored_files (
    id         INTEGER PRIMARY KEY,
    file_name  TEXT NOT NULL CHECK (length(file_name) BETWEEN 1 AND 255),
    mime_type  TEXT NOT NULL CHECK (mime_type IN ('application/pdf', 'image/png', 'image/jpeg')),
    size_bytes INTEGER NOT NULL CHECK (size_bytes > 0),
    sha256     TEXT NOT NULL CHECK (length(sha256) = 64),
    content    BLOB NOT NULL,
    created_at TEXT NOT NULL,
    CHECK (length(content) = size_bytes)
) STRICT;

CREATE TABLE requests (
    id                    INTEGER PRIMARY KEY,
    status                TEXT NOT NULL CHECK (status IN ('draft', 'submitted', 'verified', 'scheduled', 'confirmed',
                                                          'checked_in', 'completed', 'rejected', 'cancelled', 'no_show')),
    channel               TEXT NOT NULL CHECK (channel IN ('video_conference', 'in_person')),
    requester_kind        TEXT NOT NULL CHECK (requester_kind IN ('regional_government', 'regional_council', 'ministry_agency',
                                                                  'academic', 'association', 'other')),
    region_code           TEXT REFERENCES regions (code),
    requester_name        TEXT,
    contact_name          TEXT NOT NULL CHECK (length(contact_name) > 0),
    contact_whatsapp      TEXT NOT NULL CHECK (contact_whatsapp GLOB '+628*'),
    contact_email         TEXT,
    description           TEXT NOT NULL CHECK (length(description) > 0),
    planned_guest_count   INTEGER NOT NULL CHECK (planned_guest_count BETWEEN 1 AND 100),
    regional_head_attends INTEGER NOT NULL CHECK (regional_head_attends IN (0, 1)),
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    -- A Pemda or DPRD is named by its region; anyone else by a name.
    CHECK ((requester_kind IN ('regional_government', 'regional_council')) = (region_code IS NOT NULL)),
    CHECK ((region_code IS NULL) = (requester_name IS NOT NULL))
) STRICT;

CREATE INDEX requests_by_status ON requests (status);
CREATE INDEX requests_by_region ON requests (region_code);
CREATE INDEX requests_by_created ON requests (created_at);

CREATE TABLE request_topics (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (request_id, topic_code)
) STRICT, WITHOUT ROWID;

CREATE TABLE preferred_slots (
    request_id INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    ordinal    INTEGER NOT NULL CHECK (ordinal BETWEEN 0 AND 2),
    starts_at  TEXT NOT NULL,
    PRIMARY KEY (request_id, ordinal)
) STRICT;

CREATE TABLE guests (
    id               INTEGER PRIMARY KEY,
    request_id       INTEGER NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    ordinal          INTEGER NOT NULL CHECK (ordinal >= 0),
    name             TEXT NOT NULL CHECK (length(name) > 0),
    job_title        TEXT NOT NULL CHECK (length(job_title) > 0),
    institution      TEXT NOT NULL CHECK (length(institution) > 0),
    contact          TEXT,
    is_regional_head INTEGER NOT NULL CHECK (is_regional_head IN (0, 1)),
    UNIQUE (request_id, ordinal)
) STRICT;

-- At most one guest of a delegation is its Kepala Daerah.
CREATE UNIQUE INDEX one_regional_head_per_request ON guests (request_id) WHERE is_regional_head = 1;

CREATE TABLE request_letters (
    request_id   INTEGER PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    number       TEXT NOT NULL CHECK (length(number) > 0),
    letter_date  TEXT NOT NULL CHECK (date(letter_date) = letter_date),
    subject      TEXT NOT NULL CHECK (length(subject) > 0),
    addressee    TEXT NOT NULL CHECK (length(addressee) > 0),
    signer       TEXT NOT NULL CHECK (length(signer) > 0),
    scan_file_id INTEGER REFERENCES stored_files (id)
) STRICT;

INSERT INTO units (code, name, short_name) VALUES
    ('SET',   'Sekretariat Direktorat Jenderal Perimbangan Keuangan', 'Sekretariat DJPK'),
    ('DTU',   'Direktorat Dana Transfer Umum', 'Dit. DTU'),
    ('DTK',   'Direktorat Dana Transfer Khusus', 'Dit. DTK'),
    ('DIOK',  'Direktorat Dana Desa, Insentif, Otonomi Khusus, dan Keistimewaan', 'Dit. DIOK'),
    ('PDRD',  'Direktorat Pajak Daerah dan Retribusi Daerah', 'Dit. PDRD'),
    ('PKD',   'Direktorat Pembiayaan dan Kapasitas Daerah', 'Dit. PKD'),
    ('EPIKD', 'Direktorat Evaluasi Pengelolaan dan Informasi Keuangan Daerah', 'Dit. EPIKD');

INSERT INTO topics (code, name, unit_code, ordinal) VALUES
    ('DAU',             'DAU',                         'DTU',   1),
    ('DBH',             'DBH (termasuk DBH TDF)',      'DTU',   2),
    ('DID',             'DID',                         'DIOK',  3),
    ('DAK_FISIK',       'DAK Fisik',                   'DTK',   4),
    ('DAK_NON_FISIK',   'DAK Non Fisik',               'DTK',   5),
    ('DANA_DESA',       'Dana Desa',                   'DIOK',  6),
    ('PDRD',            'PDRD',                        'PDRD',  7),
    ('KAPASITAS_FISKAL','Kapasitas Fiskal',            'PKD',   8),
    ('PEMBIAYAAN',      'Pembiayaan/Pinjaman Daerah',  'PKD',   9),
    ('OTSUS',           'Otsus',                       'DIOK', 10),
    ('DAIS',            'Dana Keistimewaan DIY',       'DIOK', 11),
    ('TKD',             'Transfer/TKD',                'DTU',  12),
    ('APBD',            'APBD',                        'EPIKD',13),
    ('SIKD',            'SIKD',                        'EPIKD',14),
    ('JF_AKPD',         'JF AKPD',                     'SET',  15),
    ('LAINNYA',         'Lainnya',                     'SET',  16);
