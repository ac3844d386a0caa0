-- Team mode: a profile may be an account a person signs in to the team server with (a username
-- and an Argon2id password hash), roles widen to team leaders and administrators, sessions are
-- stored so that any server process can check them, the audit log records the desk an account
-- worked from, and every change is announced to the servers that listen.

ALTER TABLE users DROP CONSTRAINT users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check
    CHECK (role IN ('agent', 'secretariat', 'team_leader', 'admin'));

ALTER TABLE users
    ADD COLUMN username             text UNIQUE CHECK (username IS NULL OR (length(username) BETWEEN 3 AND 32
                                                      AND username = lower(username))),
    ADD COLUMN password_hash        text CHECK (password_hash IS NULL OR password_hash LIKE '$argon2id$%'),
    ADD COLUMN must_change_password boolean NOT NULL DEFAULT false,
    ADD COLUMN failed_sign_ins      bigint NOT NULL DEFAULT 0 CHECK (failed_sign_ins >= 0),
    ADD COLUMN locked_until         timestamptz,
    ADD CONSTRAINT users_account_is_whole CHECK ((username IS NULL) = (password_hash IS NULL));

-- The policy, the reports and the profiles move to the new team leader role. A desk that has
-- none yet keeps them in the hands that held them: its first active secretariat profile becomes
-- its team leader, in the audit log too.
INSERT INTO audit_log (at, actor_id, actor_name, action, request_id, before, after, note)
SELECT date_trunc('second', now()), id, name, 'user.update', NULL,
       jsonb_build_object('role', 'secretariat'), jsonb_build_object('role', 'team_leader'),
       'Dijadikan ketua tim saat pembaruan aplikasi: kebijakan, laporan dan profil kini milik ketua tim'
FROM users
WHERE id = (SELECT min(id) FROM users WHERE role = 'secretariat' AND active)
  AND NOT EXISTS (SELECT 1 FROM users WHERE role IN ('team_leader', 'admin'));

UPDATE users SET role = 'team_leader'
WHERE id = (SELECT min(id) FROM users WHERE role = 'secretariat' AND active)
  AND NOT EXISTS (SELECT 1 FROM users WHERE role IN ('team_leader', 'admin'));

ALTER TABLE audit_log ADD COLUMN desk text CHECK (desk IS NULL OR length(desk) BETWEEN 1 AND 100);

-- A signed-in session. Only the SHA-256 of its bearer token is kept, so reading the table (or
-- a dump) gives nobody a way in.
CREATE TABLE sessions (
    token_hash   text PRIMARY KEY CHECK (length(token_hash) = 64),
    user_id      bigint NOT NULL REFERENCES users (id),
    desk         text NOT NULL CHECK (length(desk) BETWEEN 1 AND 100),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL
);

CREATE INDEX sessions_by_user ON sessions (user_id);

-- Every change writes an audit entry in its own transaction, so announcing the entry announces
-- the change, once, when (and only if) it commits. Team servers LISTEN and push it to the desks.
CREATE FUNCTION announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('konsultasi_changes', json_build_object(
        'id', NEW.id, 'action', NEW.action, 'requestId', NEW.request_id)::text);
    RETURN NULL;
END;
$$;

CREATE TRIGGER audit_log_announces AFTER INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION announce_change();
