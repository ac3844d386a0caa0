//! The desk's local profiles.

use chrono::{DateTime, Utc};

use crate::Store;
use crate::backend::{Conn, sqlite_only};
use crate::error::Result;
use crate::requests::read_stored;
use konsultasi_core::time::to_rfc3339;
use konsultasi_core::workflow::{Actor, Role};

/// A profile as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
}

/// Every profile, by name.
pub async fn all(store: &Store) -> Result<Vec<UserRecord>> {
    let rows: Vec<(i64, String, String, bool)> =
        sqlx::query_as("SELECT id, name, role, active FROM users ORDER BY name")
            .fetch_all(store.sqlite_pool()?)
            .await?;
    rows.into_iter()
        .map(|(id, name, role, active)| {
            Ok(UserRecord {
                id,
                name,
                role: read_stored("peran", &role, Role::from_stored)?,
                active,
            })
        })
        .collect()
}

/// The active profile whose id or name (any case) is `who`.
pub async fn active(store: &Store, who: &str) -> Result<Option<Actor>> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, role FROM users WHERE active = 1 AND (CAST(id AS TEXT) = ? OR lower(name) = lower(?))",
    )
    .bind(who)
    .bind(who)
    .fetch_optional(store.sqlite_pool()?)
    .await?;
    row.map(|(id, name, role)| {
        Ok(Actor {
            id,
            name,
            role: read_stored("peran", &role, Role::from_stored)?,
        })
    })
    .transpose()
}

/// Whether the desk has no profile yet (its first start).
pub async fn none_yet(conn: &mut impl Conn) -> Result<bool> {
    let conn = sqlite_only(conn.db())?;

    Ok(
        sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM users)")
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Whether a profile of this name exists, in any case.
pub async fn name_taken(conn: &mut impl Conn, name: &str) -> Result<bool> {
    let conn = sqlite_only(conn.db())?;

    Ok(
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(?))")
            .bind(name)
            .fetch_one(&mut *conn)
            .await?,
    )
}

/// Adds an active profile; its id.
pub async fn insert(
    conn: &mut impl Conn,
    name: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<i64> {
    let conn = sqlite_only(conn.db())?;

    Ok(sqlx::query_scalar(
        "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name)
    .bind(role.as_str())
    .bind(to_rfc3339(now))
    .fetch_one(&mut *conn)
    .await?)
}
