-- Every write to a request row raises its version, so an edit based on an older version can
-- be told apart from one based on what is stored now: an edit made meanwhile by another desk
-- is refused instead of silently overwritten.
ALTER TABLE requests ADD COLUMN version INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1);
