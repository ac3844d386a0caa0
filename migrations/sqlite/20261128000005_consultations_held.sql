-- Every consultation that took place, whichever way the desk learnt of it: completed at the
-- desk (check-in) or imported from the desk's earlier records. The monthly report counts these.
CREATE TABLE consultations_held (
    id             INTEGER PRIMARY KEY,
    held_on        TEXT NOT NULL CHECK (date(held_on) = held_on),
    channel        TEXT NOT NULL CHECK (channel IN ('video_conference', 'in_person')),
    requester_kind TEXT NOT NULL CHECK (requester_kind IN ('regional_government', 'regional_council',
                       'ministry_agency', 'academic', 'association', 'other')),
    region_code    TEXT REFERENCES regions (code),
    requester_name TEXT,
    -- How the source wrote the requester, kept for the record.
    written_as     TEXT NOT NULL CHECK (length(written_as) > 0),
    source         TEXT NOT NULL CHECK (source IN ('desk', 'import')),
    request_id     INTEGER REFERENCES requests (id),
    import_file    TEXT,
    created_at     TEXT NOT NULL,
    CHECK ((requester_kind IN ('regional_government', 'regional_council')) = (region_code IS NOT NULL)),
    CHECK ((region_code IS NULL) = (requester_name IS NOT NULL))
) STRICT;

CREATE INDEX consultations_held_by_day ON consultations_held (held_on);

CREATE TABLE consultations_held_topics (
    held_id    INTEGER NOT NULL REFERENCES consultations_held (id) ON DELETE CASCADE,
    topic_code TEXT NOT NULL REFERENCES topics (code),
    PRIMARY KEY (held_id, topic_code)
) STRICT, WITHOUT ROWID;
