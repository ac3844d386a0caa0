//! The two databases the store speaks: the embedded SQLite file of a single desk, and the team's
//! PostgreSQL server.
//!
//! Every store function is written once. Its body runs against either connection through
//! [`on!`](crate::on), which expands the body for each backend, so each expansion is type-checked
//! with that backend's own types; SQL text is shared where both databases read it the same way
//! (`$1` placeholders, which sqlx's SQLite driver binds by number) and picked per dialect where
//! they do not. Values whose stored form differs between the two go through a type of this
//! module: [`Instant`] (RFC 3339 text in SQLite, `timestamptz` in PostgreSQL) and [`JsonText`]
//! (text, `jsonb`).

use std::fmt;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use chrono::{DateTime, SubsecRound, Utc};
use sqlx::encode::IsNull;
use sqlx::error::BoxDynError;
use sqlx::pool::PoolConnection;
use sqlx::postgres::{PgArgumentBuffer, PgConnectOptions, PgTypeInfo, PgValueRef};
use sqlx::sqlite::{SqliteArgumentsBuffer, SqliteTypeInfo, SqliteValueRef};
use sqlx::{
    Decode, Encode, PgConnection, PgPool, Postgres, Sqlite, SqliteConnection, SqlitePool, Type,
};

use crate::error::{Error, Result};
use konsultasi_core::time::{parse_rfc3339, to_rfc3339};
use konsultasi_core::validate::FieldErrors;

/// One value per backend; the store's pools, connections and transactions are each one of these.
#[derive(Clone, Copy)]
pub enum Backend<S, P> {
    Sqlite(S),
    Postgres(P),
}

/// A connection the store's functions run their statements on.
pub type Db<'c> = Backend<&'c mut SqliteConnection, &'c mut PgConnection>;

/// The store's pool, borrowed.
pub type PoolRef<'p> = Backend<&'p SqlitePool, &'p PgPool>;

pub(crate) type Pool = Backend<SqlitePool, PgPool>;

impl Pool {
    pub(crate) fn borrowed(&self) -> PoolRef<'_> {
        match self {
            Backend::Sqlite(pool) => Backend::Sqlite(pool),
            Backend::Postgres(pool) => Backend::Postgres(pool),
        }
    }

    pub(crate) async fn acquire(
        &self,
    ) -> Result<Backend<PoolConnection<Sqlite>, PoolConnection<Postgres>>> {
        Ok(match self {
            Backend::Sqlite(pool) => Backend::Sqlite(pool.acquire().await?),
            Backend::Postgres(pool) => Backend::Postgres(pool.acquire().await?),
        })
    }

    pub(crate) async fn close(&self) {
        match self {
            Backend::Sqlite(pool) => pool.close().await,
            Backend::Postgres(pool) => pool.close().await,
        }
    }
}

/// Runs `$body` on whichever backend `$backend` holds, with `$c` bound to its connection (or
/// pool) and, in the three-argument form, `$d` to its [`Dialect`]. The body is expanded once per
/// backend, so it may use each driver's own types.
#[macro_export]
#[doc(hidden)]
macro_rules! on {
    ($backend:expr, $c:ident => $body:expr) => {
        match $backend {
            $crate::backend::Backend::Sqlite($c) => $body,
            $crate::backend::Backend::Postgres($c) => $body,
        }
    };
    ($backend:expr, $c:ident, $d:ident => $body:expr) => {
        match $backend {
            $crate::backend::Backend::Sqlite($c) => {
                let $d = $crate::backend::Dialect::Sqlite;
                $body
            }
            $crate::backend::Backend::Postgres($c) => {
                let $d = $crate::backend::Dialect::Postgres;
                $body
            }
        }
    };
}

/// Which SQL a statement is written in, for the few that the two databases spell differently.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    pub const fn pick(self, sqlite: &'static str, postgres: &'static str) -> &'static str {
        match self {
            Dialect::Sqlite => sqlite,
            Dialect::Postgres => postgres,
        }
    }
}

/// Anything the store's functions can run statements on: a [`crate::SerialisedWrite`], a
/// [`crate::scheduling::ReadSession`], a [`crate::Snapshot`], or a bare connection.
pub trait Conn: Send {
    fn db(&mut self) -> Db<'_>;
}

impl Conn for SqliteConnection {
    fn db(&mut self) -> Db<'_> {
        Backend::Sqlite(self)
    }
}

impl Conn for PgConnection {
    fn db(&mut self) -> Db<'_> {
        Backend::Postgres(self)
    }
}

impl Conn for Backend<PoolConnection<Sqlite>, PoolConnection<Postgres>> {
    fn db(&mut self) -> Db<'_> {
        match self {
            Backend::Sqlite(c) => Backend::Sqlite(&mut **c),
            Backend::Postgres(c) => Backend::Postgres(&mut **c),
        }
    }
}

impl Conn for Backend<sqlx::Transaction<'static, Sqlite>, sqlx::Transaction<'static, Postgres>> {
    fn db(&mut self) -> Db<'_> {
        match self {
            Backend::Sqlite(c) => Backend::Sqlite(&mut **c),
            Backend::Postgres(c) => Backend::Postgres(&mut **c),
        }
    }
}

impl<C: Conn + ?Sized> Conn for &mut C {
    fn db(&mut self) -> Db<'_> {
        (**self).db()
    }
}

/// The SQLite pool, for what only an SQLite file does (`VACUUM INTO` backups).
pub(crate) fn sqlite_pool_only(pool: PoolRef<'_>) -> Result<&SqlitePool> {
    match pool {
        Backend::Sqlite(pool) => Ok(pool),
        Backend::Postgres(_) => Err(not_on_postgres()),
    }
}

fn not_on_postgres() -> Error {
    Error::Internal("fungsi ini hanya untuk berkas SQLite".to_owned())
}

/// Where the data lives, as `--db` or `KONSULTASI_DB` names it: a file path (the embedded
/// SQLite database) or a `postgres://` URL (the team database).
#[derive(Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    Postgres(PostgresUrl),
}

impl Location {
    /// Reads what the user wrote. A `postgres://` or `postgresql://` URL must parse; any other
    /// `scheme://` is refused rather than taken as a folder name (which would quietly create a
    /// SQLite file under `./postgres:/`); everything else is a file path.
    pub fn parse(text: &str) -> Result<Self> {
        let text = text.trim();
        if text.is_empty() {
            return Err(refused(
                "lokasi basis data kosong: beri nama berkas atau alamat postgres://".to_owned(),
            ));
        }
        match url_scheme(text) {
            None => Ok(Location::File(PathBuf::from(text))),
            Some(scheme) if matches!(scheme.as_str(), "postgres" | "postgresql") => {
                PostgresUrl::parse(text).map(Location::Postgres)
            }
            Some(scheme) => Err(refused(format!(
                "jenis basis data \"{scheme}\" tidak didukung: pakai nama berkas SQLite atau \
                 alamat postgres://pengguna@host:port/nama-basis-data"
            ))),
        }
    }

    pub fn file(path: impl AsRef<Path>) -> Self {
        Location::File(path.as_ref().to_path_buf())
    }
}

impl fmt::Display for Location {
    /// The path, or the URL with its password hidden: fit for messages and logs.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::File(path) => write!(f, "{}", path.display()),
            Location::Postgres(url) => write!(f, "{url}"),
        }
    }
}

impl fmt::Debug for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Location({self})")
    }
}

/// What the user named cannot be a database: a refusal of the `db` input, changing nothing.
fn refused(message: String) -> Error {
    Error::Validation(FieldErrors::single("db", message))
}

/// `scheme` of `scheme://…`, lower-cased, when the text starts like a URL.
fn url_scheme(text: &str) -> Option<String> {
    let (scheme, _) = text.split_once("://")?;
    let mut chars = scheme.chars();
    let starts_with_letter = chars.next().is_some_and(|c| c.is_ascii_alphabetic());
    let rest_is_scheme = chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (starts_with_letter && rest_is_scheme).then(|| scheme.to_ascii_lowercase())
}

/// A PostgreSQL connection URL that parsed. It never prints its password.
#[derive(Clone, PartialEq, Eq)]
pub struct PostgresUrl {
    url: String,
}

impl PostgresUrl {
    pub fn parse(text: &str) -> Result<Self> {
        PgConnectOptions::from_str(text).map_err(|e| {
            refused(format!(
                "alamat PostgreSQL {} tidak dapat dibaca ({}); contoh yang benar: \
                 postgres://pengguna@localhost:5432/konsultasi",
                redact(text),
                redact(&e.to_string())
            ))
        })?;
        Ok(Self {
            url: text.to_owned(),
        })
    }

    /// The URL as written, password included: only for connecting.
    pub fn expose(&self) -> &str {
        &self.url
    }

    pub(crate) fn options(&self) -> Result<PgConnectOptions> {
        PgConnectOptions::from_str(&self.url).map_err(|e| Error::Open(redact(&e.to_string())))
    }
}

impl fmt::Display for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&redact(&self.url))
    }
}

impl fmt::Debug for PostgresUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PostgresUrl({self})")
    }
}

/// `scheme://user:secret@host/…` with the secret replaced, and `password=` query values too.
pub fn redact(text: &str) -> String {
    let mut out = text.to_owned();
    if let Some(start) = out.find("://").map(|i| i + 3) {
        let authority_end = out[start..]
            .find(['/', '?'])
            .map_or(out.len(), |i| start + i);
        if let Some(at) = out[start..authority_end].rfind('@').map(|i| start + i)
            && let Some(colon) = out[start..at].find(':').map(|i| start + i)
        {
            out.replace_range(colon + 1..at, "***");
        }
    }
    let mut search_from = 0;
    while let Some(found) = out[search_from..].find("password=") {
        let value_start = search_from + found + "password=".len();
        let value_end = out[value_start..]
            .find(['&', ' '])
            .map_or(out.len(), |i| value_start + i);
        out.replace_range(value_start..value_end, "***");
        search_from = value_start + 3;
    }
    out
}

/// An instant as the store keeps it: RFC 3339 UTC text to the second in SQLite
/// ("2026-12-03T02:00:00Z", which sorts chronologically), `timestamptz` in PostgreSQL, cut to
/// the second there too so both backends hold the same value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Instant(pub DateTime<Utc>);

impl From<DateTime<Utc>> for Instant {
    fn from(at: DateTime<Utc>) -> Self {
        Instant(at)
    }
}

impl Instant {
    /// The stored text form, as SQLite holds it and the views show it.
    pub fn to_text(self) -> String {
        to_rfc3339(self.0)
    }
}

/// Written out as its stored text, as views showed it before it was typed.
impl serde::Serialize for Instant {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_text())
    }
}

impl Type<Sqlite> for Instant {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for Instant {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(to_rfc3339(self.0), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for Instant {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        let text = <&str as Decode<Sqlite>>::decode(value)?;
        parse_rfc3339(text)
            .map(Instant)
            .ok_or_else(|| format!("waktu tersimpan \"{text}\" bukan RFC 3339").into())
    }
}

impl Type<Postgres> for Instant {
    fn type_info() -> PgTypeInfo {
        <DateTime<Utc> as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <DateTime<Utc> as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for Instant {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Postgres>::encode(self.0.trunc_subsecs(0), buf)
    }
}

impl<'r> Decode<'r, Postgres> for Instant {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <DateTime<Utc> as Decode<Postgres>>::decode(value).map(Instant)
    }
}

/// A JSON document: text in SQLite (checked by `json_valid`), `jsonb` in PostgreSQL. Read back
/// from PostgreSQL it is jsonb's own rendering (keys reordered, spacing dropped), so compare
/// documents by their parsed value, not by their text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonText(pub String);

/// Written out as the JSON text, as views showed it before it was typed.
impl serde::Serialize for JsonText {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl Type<Sqlite> for JsonText {
    fn type_info() -> SqliteTypeInfo {
        <String as Type<Sqlite>>::type_info()
    }

    fn compatible(ty: &SqliteTypeInfo) -> bool {
        <String as Type<Sqlite>>::compatible(ty)
    }
}

impl Encode<'_, Sqlite> for JsonText {
    fn encode_by_ref(&self, buf: &mut SqliteArgumentsBuffer) -> Result<IsNull, BoxDynError> {
        Encode::<Sqlite>::encode(self.0.clone(), buf)
    }
}

impl<'r> Decode<'r, Sqlite> for JsonText {
    fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
        <String as Decode<Sqlite>>::decode(value).map(JsonText)
    }
}

impl Type<Postgres> for JsonText {
    fn type_info() -> PgTypeInfo {
        <serde_json::Value as Type<Postgres>>::type_info()
    }

    fn compatible(ty: &PgTypeInfo) -> bool {
        <serde_json::Value as Type<Postgres>>::compatible(ty)
    }
}

impl Encode<'_, Postgres> for JsonText {
    fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
        let value: serde_json::Value = serde_json::from_str(&self.0)?;
        Encode::<Postgres>::encode(value, buf)
    }
}

impl<'r> Decode<'r, Postgres> for JsonText {
    fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
        <serde_json::Value as Decode<Postgres>>::decode(value).map(|v| JsonText(v.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_is_a_file_and_a_postgres_url_is_the_team_database() {
        assert_eq!(
            Location::parse("/tmp/desk.db").expect("parses"),
            Location::File(PathBuf::from("/tmp/desk.db"))
        );
        assert_eq!(
            Location::parse("C:\\Users\\sari\\desk.db").expect("parses"),
            Location::File(PathBuf::from("C:\\Users\\sari\\desk.db"))
        );
        for url in [
            "postgres://desk@localhost/konsultasi",
            "postgresql://desk:rahasia@10.0.0.5:5433/konsultasi?sslmode=disable",
            "POSTGRES://desk@localhost/konsultasi",
        ] {
            assert!(
                matches!(Location::parse(url).expect("parses"), Location::Postgres(_)),
                "{url}"
            );
        }
    }

    #[test]
    fn other_schemes_and_broken_urls_are_refused_in_indonesian() {
        let mysql = Location::parse("mysql://desk@localhost/konsultasi").expect_err("refused");
        assert!(
            mysql.to_string().contains("\"mysql\" tidak didukung"),
            "{mysql}"
        );
        let broken =
            Location::parse("postgres://desk:rahasia@localhost:notaport/db").expect_err("refused");
        let message = broken.to_string();
        assert!(message.contains("tidak dapat dibaca"), "{message}");
        assert!(
            !message.contains("rahasia"),
            "the password leaked: {message}"
        );
        assert!(Location::parse("  ").is_err());
    }

    #[test]
    fn passwords_never_print() {
        let location =
            Location::parse("postgres://desk:rahasia@localhost/konsultasi").expect("parses");
        assert_eq!(
            location.to_string(),
            "postgres://desk:***@localhost/konsultasi"
        );
        assert!(!format!("{location:?}").contains("rahasia"));
        assert_eq!(
            redact("postgres://desk@localhost/db?password=rahasia&sslmode=require"),
            "postgres://desk@localhost/db?password=***&sslmode=require"
        );
        assert_eq!(
            redact("postgres://localhost/db"),
            "postgres://localhost/db",
            "nothing to hide"
        );
    }
}
