//! Team accounts (profiles with a username and a password hash) and their sessions.
//!
//! A session is stored by the SHA-256 of its bearer token, so any server process sharing the
//! database can check it and a reader of the table cannot use it. Revoking is deleting: a
//! password or role change, a deactivation and a sign-out remove the rows.

use chrono::{DateTime, Utc};

use crate::Store;
use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use crate::requests::read_stored;
use konsultasi_core::accounts::SignInRecord;
use konsultasi_core::workflow::{Actor, Role};

/// An account as stored; `password_hash` is the PHC string, for the services to verify.
#[derive(Clone, PartialEq, Eq)]
pub struct AccountRecord {
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub must_change_password: bool,
    pub sign_ins: SignInRecord,
    pub password_hash: String,
}

impl std::fmt::Debug for AccountRecord {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AccountRecord")
            .field("id", &self.id)
            .field("username", &self.username)
            .field("role", &self.role)
            .field("active", &self.active)
            .finish_non_exhaustive()
    }
}

impl AccountRecord {
    pub fn actor(&self, desk: Option<String>) -> Actor {
        Actor {
            id: self.id,
            name: self.name.clone(),
            role: self.role,
            desk,
        }
    }
}

type AccountRow = (
    i64,
    String,
    String,
    String,
    bool,
    bool,
    i64,
    Option<Instant>,
    String,
);

/// The columns of an [`AccountRow`], as a literal so that every query stays one.
macro_rules! account_columns {
    () => {
        "id, username, name, role, active, must_change_password, failed_sign_ins, locked_until, \
         password_hash"
    };
}

fn account(row: AccountRow) -> Result<AccountRecord> {
    let (id, username, name, role, active, must_change_password, failed, locked_until, hash) = row;
    Ok(AccountRecord {
        id,
        username,
        name,
        role: read_stored("peran", &role, Role::from_stored)?,
        active,
        must_change_password,
        sign_ins: SignInRecord {
            failed_in_a_row: u32::try_from(failed).unwrap_or(u32::MAX),
            locked_until: locked_until.map(|at| at.0),
        },
        password_hash: hash,
    })
}

/// The account signed in to as `username` (stored lowercase), active or not.
pub async fn by_username(conn: &mut impl Conn, username: &str) -> Result<Option<AccountRecord>> {
    let row: Option<AccountRow> = on!(conn.db(), c => sqlx::query_as(
        concat!("SELECT ", account_columns!(), " FROM users WHERE username = $1"))
        .bind(username)
        .fetch_optional(c)
        .await?);
    row.map(account).transpose()
}

pub async fn by_id(conn: &mut impl Conn, id: i64) -> Result<Option<AccountRecord>> {
    let row: Option<AccountRow> = on!(conn.db(), c => sqlx::query_as(
        concat!("SELECT ", account_columns!(), " FROM users WHERE id = $1 AND username IS NOT NULL"))
        .bind(id)
        .fetch_optional(c)
        .await?);
    row.map(account).transpose()
}

/// Every account, by username.
pub async fn all(store: &Store) -> Result<Vec<AccountRecord>> {
    let rows: Vec<AccountRow> = on!(store.pools(), p => sqlx::query_as(
        concat!("SELECT ", account_columns!(), " FROM users WHERE username IS NOT NULL ORDER BY username"))
        .fetch_all(p)
        .await?);
    rows.into_iter().map(account).collect()
}

/// Whether the database holds an account with this role that is active (the first admin).
pub async fn any_active(conn: &mut impl Conn, role: Role) -> Result<bool> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM users WHERE username IS NOT NULL AND active AND role = $1)",
    )
    .bind(role.as_str())
    .fetch_one(c)
    .await?))
}

pub struct NewAccount<'a> {
    pub username: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password_hash: &'a str,
    pub must_change_password: bool,
}

/// Adds an active account; its id.
pub async fn insert(conn: &mut impl Conn, new: &NewAccount<'_>, now: DateTime<Utc>) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO users (name, role, created_at, username, password_hash, must_change_password)
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(new.name)
    .bind(new.role.as_str())
    .bind(Instant(now))
    .bind(new.username)
    .bind(new.password_hash)
    .bind(new.must_change_password)
    .fetch_one(c)
    .await?))
}

/// Changes an account's display name, role and active flag.
pub async fn update(
    conn: &mut impl Conn,
    id: i64,
    name: &str,
    role: Role,
    active: bool,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "UPDATE users SET name = $2, role = $3, active = $4 WHERE id = $1",
    )
    .bind(id)
    .bind(name)
    .bind(role.as_str())
    .bind(active)
    .execute(c)
    .await?; });
    Ok(())
}

/// Sets a new password hash; a reset also asks for a new password at the next sign-in. The
/// failed sign-ins are forgiven: a new password is a new start.
pub async fn set_password(
    conn: &mut impl Conn,
    id: i64,
    password_hash: &str,
    must_change_password: bool,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "UPDATE users SET password_hash = $2, must_change_password = $3, failed_sign_ins = 0,
                          locked_until = NULL
         WHERE id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .bind(must_change_password)
    .execute(c)
    .await?; });
    Ok(())
}

/// Records where the account stands with failed sign-ins.
pub async fn set_sign_ins(conn: &mut impl Conn, id: i64, record: SignInRecord) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "UPDATE users SET failed_sign_ins = $2, locked_until = $3 WHERE id = $1",
    )
    .bind(id)
    .bind(i64::from(record.failed_in_a_row))
    .bind(record.locked_until.map(Instant))
    .execute(c)
    .await?; });
    Ok(())
}

/// A stored session and the account it signs in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub account: AccountRecord,
    pub desk: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub struct NewSession<'a> {
    pub token_hash: &'a str,
    pub user_id: i64,
    pub desk: &'a str,
    pub expires_at: DateTime<Utc>,
}

pub async fn insert_session(
    conn: &mut impl Conn,
    new: &NewSession<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    on!(conn.db(), c => { sqlx::query(
        "INSERT INTO sessions (token_hash, user_id, desk, created_at, last_used_at, expires_at)
         VALUES ($1, $2, $3, $4, $4, $5)",
    )
    .bind(new.token_hash)
    .bind(new.user_id)
    .bind(new.desk)
    .bind(Instant(now))
    .bind(Instant(new.expires_at))
    .execute(c)
    .await?; });
    Ok(())
}

/// The session of this token hash, with its account, if it is stored (expired or not: the
/// caller judges).
pub async fn session(store: &Store, token_hash: &str) -> Result<Option<SessionRecord>> {
    type Row = (
        i64,
        String,
        String,
        String,
        bool,
        bool,
        i64,
        Option<Instant>,
        String,
        String,
        Instant,
        Instant,
        Instant,
    );
    let row: Option<Row> = on!(store.pools(), p => sqlx::query_as(
        "SELECT u.id, u.username, u.name, u.role, u.active, u.must_change_password,
                u.failed_sign_ins, u.locked_until, u.password_hash,
                s.desk, s.created_at, s.last_used_at, s.expires_at
         FROM sessions s JOIN users u ON u.id = s.user_id
         WHERE s.token_hash = $1 AND u.username IS NOT NULL",
    )
    .bind(token_hash)
    .fetch_optional(p)
    .await?);
    let Some(row) = row else { return Ok(None) };
    let (
        id,
        username,
        name,
        role,
        active,
        must_change,
        failed,
        locked,
        hash,
        desk,
        created,
        used,
        expires,
    ) = row;
    Ok(Some(SessionRecord {
        account: account((
            id,
            username,
            name,
            role,
            active,
            must_change,
            failed,
            locked,
            hash,
        ))?,
        desk,
        created_at: created.0,
        last_used_at: used.0,
        expires_at: expires.0,
    }))
}

/// Moves a session's idle expiry on.
pub async fn touch_session(
    store: &Store,
    token_hash: &str,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> Result<()> {
    on!(store.pools(), p => { sqlx::query(
        "UPDATE sessions SET last_used_at = $2, expires_at = $3 WHERE token_hash = $1",
    )
    .bind(token_hash)
    .bind(Instant(now))
    .bind(Instant(expires_at))
    .execute(p)
    .await?; });
    Ok(())
}

/// Ends one session (a sign-out, or an expired one found in use); whether it existed.
pub async fn delete_session(conn: &mut impl Conn, token_hash: &str) -> Result<bool> {
    let deleted = on!(conn.db(), c => sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(c)
        .await?
        .rows_affected());
    Ok(deleted > 0)
}

/// Ends every session of an account, but the one kept (the user who changed their own
/// password stays signed in where they did it); how many ended.
pub async fn revoke_sessions(
    conn: &mut impl Conn,
    user_id: i64,
    keep_token_hash: Option<&str>,
) -> Result<u64> {
    Ok(on!(conn.db(), c => sqlx::query(
        "DELETE FROM sessions WHERE user_id = $1 AND ($2 IS NULL OR token_hash <> $2)",
    )
    .bind(user_id)
    .bind(keep_token_hash)
    .execute(c)
    .await?
    .rows_affected()))
}

/// Removes sessions that expired before `now`; how many.
pub async fn delete_expired_sessions(store: &Store, now: DateTime<Utc>) -> Result<u64> {
    Ok(
        on!(store.pools(), p => sqlx::query("DELETE FROM sessions WHERE expires_at < $1")
        .bind(Instant(now))
        .execute(p)
        .await?
        .rows_affected()),
    )
}

/// How many active admin accounts there are besides account `id`.
pub async fn active_admins_besides(conn: &mut impl Conn, id: i64) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "SELECT count(*) FROM users
         WHERE username IS NOT NULL AND active AND role = 'admin' AND id <> $1",
    )
    .bind(id)
    .fetch_one(c)
    .await?))
}
