//! The desk's local profiles.

use chrono::{DateTime, Utc};

use crate::Store;
use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use crate::requests::read_stored;
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
    let rows: Vec<(i64, String, String, bool)> = on!(store.pools(), p =>
        sqlx::query_as("SELECT id, name, role, active FROM users ORDER BY name")
            .fetch_all(p)
            .await?
    );
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
    let row: Option<(i64, String, String)> = on!(store.pools(), p => sqlx::query_as(
        "SELECT id, name, role FROM users
         WHERE active AND (CAST(id AS TEXT) = $1 OR lower(name) = lower($1))",
    )
    .bind(who)
    .fetch_optional(p)
    .await?);
    row.map(|(id, name, role)| {
        Ok(Actor {
            id,
            name,
            role: read_stored("peran", &role, Role::from_stored)?,
            desk: None,
        })
    })
    .transpose()
}

/// Whether the desk has no profile yet (its first start).
pub async fn none_yet(conn: &mut impl Conn) -> Result<bool> {
    Ok(on!(conn.db(), c =>
        sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM users)")
            .fetch_one(c)
            .await?
    ))
}

/// Whether a profile of this name exists, in any case.
pub async fn name_taken(conn: &mut impl Conn, name: &str) -> Result<bool> {
    Ok(on!(conn.db(), c =>
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower($1))")
            .bind(name)
            .fetch_one(c)
            .await?
    ))
}

/// Adds an active profile; its id.
pub async fn insert(
    conn: &mut impl Conn,
    name: &str,
    role: Role,
    now: DateTime<Utc>,
) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO users (name, role, created_at) VALUES ($1, $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(role.as_str())
    .bind(Instant(now))
    .fetch_one(c)
    .await?))
}
