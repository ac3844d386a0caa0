-- The store tests flags as booleans (`WHERE active`), the spelling SQLite and PostgreSQL both
-- read. SQLite uses a partial index only when the query states the index's condition the same
-- way, so the two partial indexes on bookings state it that way too.
DROP INDEX active_bookings_by_start;
CREATE INDEX active_bookings_by_start ON bookings (starts_at) WHERE active;
DROP INDEX one_active_booking_per_request;
CREATE UNIQUE INDEX one_active_booking_per_request ON bookings (request_id) WHERE active;
