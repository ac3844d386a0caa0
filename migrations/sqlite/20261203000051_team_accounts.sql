-- no-transaction
-- Team mode: a profile may be an account a person signs in to the team server with (a username
-- and an Argon2id password hash), roles widen to team leaders and administrators, sessions are
-- stored so that any server process can check them, and the audit log records the desk an
-- account worked from.
--
-- Widening the role CHECK means rebuilding `users`, which every history table references. The
-- rebuild runs with foreign keys off (they cannot be switched inside a transaction, hence the
-- directive on the first line), in one transaction of its own, keeping every id, so the
-- references stay true; `foreign_key_check` below would list any that did not.

PRAGMA foreign_keys = OFF;

BEGIN IMMEDIATE;

CREATE TABLE users_new (
    id                   INTEGER PRIMARY KEY,
    -- The display name, as profiles had it.
    name                 TEXT NOT NULL UNIQUE CHECK (length(name) BETWEEN 1 AND 100),
    role                 TEXT NOT NULL CHECK (role IN ('agent', 'secretariat', 'team_leader', 'admin')),
    active               INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at           TEXT NOT NULL,
    -- Absent for a local profile; lowercase, so one spelling per person.
    username             TEXT UNIQUE CHECK (username IS NULL OR (length(username) BETWEEN 3 AND 32
                                            AND username = lower(username))),
    -- The PHC string of Argon2id; never the password.
    password_hash        TEXT CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    must_change_password INTEGER NOT NULL DEFAULT 0 CHECK (must_change_password IN (0, 1)),
    failed_sign_ins      INTEGER NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    locked_until         TEXT,
    CHECK ((username IS NULL) = (password_hash IS NULL))
) STRICT;

INSERT INTO users_new (id, name, role, active, created_at)
SELECT id, name, role, active, created_at FROM users ORDER BY id;

DROP TABLE users;
ALTER TABLE users_new RENAME TO users;

-- The policy, the reports and the profiles move to the new team leader role. A desk that has
-- none yet keeps them in the hands that held them: its first active secretariat profile becomes
-- its team leader, in the audit log too.
INSERT INTO audit_log (at, actor_id, actor_name, action, request_id, before, after, note)
SELECT strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), id, name, 'user.update', NULL,
       json_object('role', 'secretariat'), json_object('role', 'team_leader'),
       'Dijadikan ketua tim saat pembaruan aplikasi: kebijakan, laporan dan profil kini milik ketua tim'
FROM users
WHERE id = (SELECT min(id) FROM users WHERE role = 'secretariat' AND active)
  AND NOT EXISTS (SELECT 1 FROM users WHERE role IN ('team_leader', 'admin'));

UPDATE users SET role = 'team_leader'
WHERE id = (SELECT min(id) FROM users WHERE role = 'secretariat' AND active)
  AND NOT EXISTS (SELECT 1 FROM users WHERE role IN ('team_leader', 'admin'));

ALTER TABLE audit_log ADD COLUMN desk TEXT CHECK (desk IS NULL OR length(desk) BETWEEN 1 AND 100);

-- A signed-in session. Only the SHA-256 of its bearer token is kept, so reading the table (or
-- a backup) gives nobody a way in.
CREATE TABLE sessions (
    token_hash   TEXT PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id      INTEGER NOT NULL REFERENCES users (id),
    desk         TEXT NOT NULL CHECK (length(desk) BETWEEN 1 AND 100),
    created_at   TEXT NOT NULL,
    last_used_at TEXT NOT NULL,
    expires_at   TEXT NOT NULL
) STRICT;

CREATE INDEX sessions_by_user ON sessions (user_id);

COMMIT;

PRAGMA foreign_keys = ON;
