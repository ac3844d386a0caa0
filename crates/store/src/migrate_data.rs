//! Moving a desk's SQLite file to the team database: every row of every table, ids kept, in
//! one transaction on the PostgreSQL side, then checked table by table on both sides.
//!
//! The target must be a migrated database of this app that no desk has used yet (no profile,
//! request, audit entry or held consultation): what the schema seeds there (units, topics,
//! rooms, the first policy version, holidays, the letter settings) is replaced by the desk's
//! own. Regions are not copied: both sides hold this build's shipped list. Stored text becomes
//! PostgreSQL's types on the way (instants, days, flags, JSON); a row the team database refuses
//! (two active bookings of one room that overlap, say) stops the move with the reason, and the
//! target is left as it was.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::Serialize;
use sha2::{Digest, Sha256};
use sqlx::{PgConnection, QueryBuilder, Row, SqliteConnection};

use crate::Store;
use crate::backend::{Backend, Instant, JsonText};
use crate::error::{Error, Result};

/// How a column's value crosses from SQLite to PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Int,
    Text,
    At,
    Day,
    Flag,
    Json,
    Bytes,
}

use Kind::*;

/// What happens to the rows the migration seeded in the target.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Seeded {
    /// The target starts with none of this table's rows.
    No,
    /// Seed rows are replaced (the desk's own rows win), by primary key.
    Upsert(&'static str),
    /// Seed rows are deleted first.
    Replace,
    /// Append-only: rows the target already holds must be the same, the rest are added.
    KeepSame,
}

struct Table {
    name: &'static str,
    columns: &'static [(&'static str, Kind)],
    seeded: Seeded,
    /// Has an identity `id` whose sequence must continue after the copied ids.
    identity: bool,
}

/// Every table of the desk, parents before children.
const TABLES: &[Table] = &[
    Table {
        name: "units",
        columns: &[("code", Text), ("name", Text), ("short_name", Text)],
        seeded: Seeded::Upsert("code"),
        identity: false,
    },
    Table {
        name: "topics",
        columns: &[
            ("code", Text),
            ("name", Text),
            ("unit_code", Text),
            ("ordinal", Int),
            ("active", Flag),
        ],
        seeded: Seeded::Upsert("code"),
        identity: false,
    },
    Table {
        name: "rooms",
        columns: &[
            ("code", Text),
            ("name", Text),
            ("capacity", Int),
            ("active", Flag),
        ],
        seeded: Seeded::Upsert("code"),
        identity: false,
    },
    Table {
        name: "resource_persons",
        columns: &[
            ("id", Int),
            ("unit_code", Text),
            ("name", Text),
            ("position", Text),
            ("active", Flag),
            ("email", Text),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "holidays",
        columns: &[
            ("id", Int),
            ("date", Day),
            ("name", Text),
            ("kind", Text),
            ("source", Text),
        ],
        seeded: Seeded::Replace,
        identity: true,
    },
    Table {
        name: "session_overrides",
        columns: &[
            ("id", Int),
            ("label", Text),
            ("from_date", Day),
            ("to_date", Day),
            ("windows", Json),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "policy_versions",
        columns: &[
            ("id", Int),
            ("effective_from", Day),
            ("settings", Json),
            ("note", Text),
            ("created_at", At),
        ],
        seeded: Seeded::KeepSame,
        identity: true,
    },
    Table {
        name: "export_settings",
        columns: &[
            ("id", Int),
            ("letterhead", Text),
            ("place", Text),
            ("signatory_position", Text),
            ("signatory_name", Text),
            ("signatory_nip", Text),
            ("copies", Text),
            ("organizer_name", Text),
            ("organizer_email", Text),
            ("number_pattern", Text),
            ("reminder_minutes", Int),
            ("updated_at", At),
        ],
        seeded: Seeded::Upsert("id"),
        identity: false,
    },
    Table {
        name: "users",
        columns: &[
            ("id", Int),
            ("name", Text),
            ("role", Text),
            ("active", Flag),
            ("created_at", At),
            ("username", Text),
            ("password_hash", Text),
            ("must_change_password", Flag),
            ("failed_sign_ins", Int),
            ("locked_until", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "sessions",
        columns: &[
            ("token_hash", Text),
            ("user_id", Int),
            ("desk", Text),
            ("created_at", At),
            ("last_used_at", At),
            ("expires_at", At),
        ],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "stored_files",
        columns: &[
            ("id", Int),
            ("file_name", Text),
            ("mime_type", Text),
            ("size_bytes", Int),
            ("sha256", Text),
            ("content", Bytes),
            ("created_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "requests",
        columns: &[
            ("id", Int),
            ("status", Text),
            ("status_reason", Text),
            ("channel", Text),
            ("requester_kind", Text),
            ("region_code", Text),
            ("requester_name", Text),
            ("contact_name", Text),
            ("contact_whatsapp", Text),
            ("contact_email", Text),
            ("description", Text),
            ("planned_guest_count", Int),
            ("regional_head_attends", Flag),
            ("received_on", Day),
            ("created_at", At),
            ("updated_at", At),
            ("version", Int),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "request_topics",
        columns: &[("request_id", Int), ("topic_code", Text)],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "preferred_slots",
        columns: &[("request_id", Int), ("ordinal", Int), ("starts_at", At)],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "guests",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("ordinal", Int),
            ("name", Text),
            ("job_title", Text),
            ("institution", Text),
            ("contact", Text),
            ("is_regional_head", Flag),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "request_letters",
        columns: &[
            ("request_id", Int),
            ("number", Text),
            ("letter_date", Day),
            ("subject", Text),
            ("addressee", Text),
            ("signer", Text),
            ("scan_file_id", Int),
        ],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "bookings",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("channel", Text),
            ("starts_at", At),
            ("ends_at", At),
            ("room_code", Text),
            ("meeting_url", Text),
            ("unit_code", Text),
            ("ical_uid", Text),
            ("sequence", Int),
            ("active", Flag),
            ("created_at", At),
            ("updated_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "booking_resource_persons",
        columns: &[("booking_id", Int), ("resource_person_id", Int)],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "confirmations",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("booking_id", Int),
            ("sequence", Int),
            ("confirmed_at", At),
            ("confirmed_by", Text),
            ("via", Text),
            ("recorded_by", Int),
            ("recorded_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "booking_history",
        columns: &[
            ("id", Int),
            ("booking_id", Int),
            ("sequence", Int),
            ("starts_at", At),
            ("ends_at", At),
            ("room_code", Text),
            ("unit_code", Text),
            ("meeting_url", Text),
            ("replaced_at", At),
            ("actor_id", Int),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "audit_log",
        columns: &[
            ("id", Int),
            ("at", At),
            ("actor_id", Int),
            ("actor_name", Text),
            ("action", Text),
            ("request_id", Int),
            ("before", Json),
            ("after", Json),
            ("note", Text),
            ("desk", Text),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "issued_letters",
        columns: &[
            ("id", Int),
            ("year", Int),
            ("sequence", Int),
            ("number", Text),
            ("kind", Text),
            ("request_id", Int),
            ("booking_sequence", Int),
            ("issued_at", At),
            ("issued_by", Text),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "consultations_held",
        columns: &[
            ("id", Int),
            ("held_on", Day),
            ("channel", Text),
            ("requester_kind", Text),
            ("region_code", Text),
            ("requester_name", Text),
            ("written_as", Text),
            ("source", Text),
            ("request_id", Int),
            ("import_file", Text),
            ("created_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "consultations_held_topics",
        columns: &[("held_id", Int), ("topic_code", Text)],
        seeded: Seeded::No,
        identity: false,
    },
    Table {
        name: "check_ins",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("booking_id", Int),
            ("arrived_at", At),
            ("regional_head_present", Flag),
            ("note", Text),
            ("recorded_by", Int),
            ("recorded_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "attendees",
        columns: &[
            ("id", Int),
            ("check_in_id", Int),
            ("ordinal", Int),
            ("guest_id", Int),
            ("name", Text),
            ("job_title", Text),
            ("institution", Text),
            ("is_regional_head", Flag),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "violations",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("check_in_id", Int),
            ("kind", Text),
            ("evidence", Text),
            ("occurred_on", Day),
            ("region_code", Text),
            ("recorded_by", Int),
            ("recorded_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "check_in_voids",
        columns: &[
            ("id", Int),
            ("check_in_id", Int),
            ("reason", Text),
            ("voided_by", Int),
            ("voided_at", At),
        ],
        seeded: Seeded::No,
        identity: true,
    },
    Table {
        name: "mail_settings",
        columns: &[
            ("id", Int),
            ("enabled", Flag),
            ("host", Text),
            ("port", Int),
            ("security", Text),
            ("username", Text),
            ("sender_name", Text),
            ("sender_address", Text),
            ("reminder_working_days", Int),
            ("reminder_pemda_time", Text),
            ("reminder_staff_time", Text),
            ("trusted_certificate", Text),
            ("attach_confirmation", Flag),
            ("updated_at", At),
        ],
        seeded: Seeded::Upsert("id"),
        identity: false,
    },
    Table {
        name: "mail_outbox",
        columns: &[
            ("id", Int),
            ("request_id", Int),
            ("booking_id", Int),
            ("kind", Text),
            ("sequence", Int),
            ("audience", Text),
            ("recipient_name", Text),
            ("recipient_address", Text),
            ("recipient_zone", Text),
            ("state", Text),
            ("attempts", Int),
            ("due_at", At),
            ("lease_until", At),
            ("answer", Text),
            ("created_at", At),
            ("updated_at", At),
            ("sent_at", At),
            ("attached_letter", Text),
        ],
        seeded: Seeded::No,
        identity: true,
    },
];

/// Tables whose rows mean a desk has used the database.
const IN_USE: &[&str] = &[
    "users",
    "requests",
    "audit_log",
    "consultations_held",
    "stored_files",
];

/// One value on its way across, in a form both sides read alike.
#[derive(Debug, Clone, PartialEq)]
enum Value {
    Int(Option<i64>),
    Text(Option<String>),
    At(Option<Instant>),
    Day(Option<NaiveDate>),
    Flag(Option<bool>),
    Json(Option<serde_json::Value>),
    Bytes(Option<Vec<u8>>),
}

impl Value {
    /// The value as one line of text, the same whichever database it came from.
    fn canonical(&self) -> String {
        fn or_null<T>(v: &Option<T>, f: impl Fn(&T) -> String) -> String {
            v.as_ref().map_or_else(|| "∅".to_owned(), f)
        }
        match self {
            Value::Int(v) => or_null(v, i64::to_string),
            Value::Text(v) => or_null(v, |t| format!("{t:?}")),
            Value::At(v) => or_null(v, |t| t.to_text()),
            Value::Day(v) => or_null(v, NaiveDate::to_string),
            Value::Flag(v) => or_null(v, bool::to_string),
            // serde_json's map is ordered by key, so jsonb's reordering does not show.
            Value::Json(v) => or_null(v, serde_json::Value::to_string),
            Value::Bytes(v) => or_null(v, |b| format!("{:x}", Sha256::digest(b))),
        }
    }
}

/// What was copied and checked, per table.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MigrationReport {
    pub from: String,
    pub to: String,
    pub tables: Vec<TableCheck>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct TableCheck {
    pub table: String,
    /// Rows in the desk's file.
    pub source_rows: i64,
    /// Rows in the team database afterwards.
    pub target_rows: i64,
    /// Both sides hold the same rows, value for value.
    pub same: bool,
}

fn select_sql(table: &Table) -> String {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|(name, _)| match (table.name, *name) {
            // Rows from before the column existed: the day they were entered.
            ("requests", "received_on") => {
                "coalesce(received_on, substr(created_at, 1, 10)) AS received_on".to_owned()
            }
            _ => format!("\"{name}\""),
        })
        .collect();
    let order: Vec<String> = table
        .columns
        .iter()
        .take(2)
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    format!(
        "SELECT {} FROM {} ORDER BY {}",
        columns.join(", "),
        table.name,
        order.join(", ")
    )
}

fn read_row<R: Row>(row: &R, table: &Table) -> Result<Vec<Value>>
where
    for<'r> Option<i64>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<String>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Instant>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<NaiveDate>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<bool>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<JsonText>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Option<Vec<u8>>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    usize: sqlx::ColumnIndex<R>,
{
    table
        .columns
        .iter()
        .enumerate()
        .map(|(i, (name, kind))| {
            let broken = |e: sqlx::Error| {
                Error::Internal(format!("{}.{name} tidak terbaca: {e}", table.name))
            };
            Ok(match kind {
                Int => Value::Int(row.try_get(i).map_err(broken)?),
                Text => Value::Text(row.try_get(i).map_err(broken)?),
                At => Value::At(row.try_get(i).map_err(broken)?),
                Day => Value::Day(row.try_get(i).map_err(broken)?),
                Flag => Value::Flag(row.try_get(i).map_err(broken)?),
                Json => Value::Json(
                    row.try_get::<Option<JsonText>, _>(i)
                        .map_err(broken)?
                        .map(|j| serde_json::from_str(&j.0))
                        .transpose()
                        .map_err(|e| Error::Internal(format!("{}.{name}: {e}", table.name)))?,
                ),
                Bytes => Value::Bytes(row.try_get(i).map_err(broken)?),
            })
        })
        .collect()
}

async fn read_sqlite(conn: &mut SqliteConnection, table: &Table) -> Result<Vec<Vec<Value>>> {
    let sql = select_sql(table);
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(conn)
        .await?;
    rows.iter().map(|row| read_row(row, table)).collect()
}

async fn read_postgres(conn: &mut PgConnection, table: &Table) -> Result<Vec<Vec<Value>>> {
    let columns: Vec<String> = table
        .columns
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    let order: Vec<String> = columns.iter().take(2).cloned().collect();
    let sql = format!(
        "SELECT {} FROM {} ORDER BY {}",
        columns.join(", "),
        table.name,
        order.join(", ")
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .fetch_all(conn)
        .await?;
    rows.iter().map(|row| read_row(row, table)).collect()
}

/// Fingerprint of a table's rows: the same rows in any order give the same text.
fn fingerprint(rows: &[Vec<Value>]) -> String {
    let mut lines: Vec<String> = rows
        .iter()
        .map(|row| {
            row.iter()
                .map(Value::canonical)
                .collect::<Vec<_>>()
                .join("\u{1f}")
        })
        .collect();
    lines.sort();
    let mut hash = Sha256::new();
    for line in &lines {
        hash.update(line.as_bytes());
        hash.update(b"\n");
    }
    format!("{:x}", hash.finalize())
}

async fn insert_rows(conn: &mut PgConnection, table: &Table, rows: &[Vec<Value>]) -> Result<()> {
    // PostgreSQL takes at most 65,535 parameters a statement.
    let per_statement = (60_000 / table.columns.len()).max(1);
    let names: Vec<String> = table
        .columns
        .iter()
        .map(|(name, _)| format!("\"{name}\""))
        .collect();
    for chunk in rows.chunks(per_statement) {
        let mut query: QueryBuilder<sqlx::Postgres> = QueryBuilder::new(format!(
            "INSERT INTO {} ({}) ",
            table.name,
            names.join(", ")
        ));
        query.push_values(chunk, |mut values, row| {
            for value in row {
                match value {
                    Value::Int(v) => values.push_bind(*v),
                    Value::Text(v) => values.push_bind(v.clone()),
                    Value::At(v) => values.push_bind(*v),
                    Value::Day(v) => values.push_bind(*v),
                    Value::Flag(v) => values.push_bind(*v),
                    Value::Json(v) => values.push_bind(v.clone()),
                    Value::Bytes(v) => values.push_bind(v.clone()),
                };
            }
        });
        match table.seeded {
            Seeded::Upsert(key) => {
                let updates: Vec<String> = table
                    .columns
                    .iter()
                    .filter(|(name, _)| *name != key)
                    .map(|(name, _)| format!("\"{name}\" = excluded.\"{name}\""))
                    .collect();
                query.push(format!(
                    " ON CONFLICT (\"{key}\") DO UPDATE SET {}",
                    updates.join(", ")
                ));
            }
            Seeded::KeepSame => {
                query.push(" ON CONFLICT (id) DO NOTHING");
            }
            Seeded::No | Seeded::Replace => {}
        }
        query
            .build()
            .execute(&mut *conn)
            .await
            .map_err(|e| refused_row(table, e))?;
    }
    Ok(())
}

/// A row the team database refuses stops the move, saying which table and why.
fn refused_row(table: &Table, error: sqlx::Error) -> Error {
    let why = error
        .as_database_error()
        .map_or_else(|| error.to_string(), |e| e.message().to_owned());
    Error::Conflict {
        message: format!(
            "Data tabel {} ditolak basis data tim: {why}; tidak ada yang dipindahkan",
            table.name
        ),
        findings: Vec::new(),
    }
}

/// Copies everything of the SQLite store `from` into the PostgreSQL store `to` and checks both
/// sides table by table (see the module's comment).
pub async fn migrate_data(from: &Store, to: &Store) -> Result<MigrationReport> {
    let Backend::Sqlite(source_pool) = &from.pool else {
        return Err(Error::Validation(
            konsultasi_core::validate::FieldErrors::single(
                "from",
                "asal pemindahan harus berkas SQLite",
            ),
        ));
    };
    let Backend::Postgres(_) = &to.pool else {
        return Err(Error::Validation(
            konsultasi_core::validate::FieldErrors::single(
                "to",
                "tujuan pemindahan harus alamat postgres://",
            ),
        ));
    };
    // One snapshot of the desk, read while it may still be open elsewhere.
    let mut source = source_pool.begin().await?;
    let mut target = to.write_serialised().await?;
    let Backend::Postgres(target_tx) = &mut target.0 else {
        return Err(Error::Internal("tujuan bukan PostgreSQL".into()));
    };
    for name in IN_USE {
        let used: bool = sqlx::query_scalar(sqlx::AssertSqlSafe(format!(
            "SELECT EXISTS (SELECT 1 FROM {name})"
        )))
        .fetch_one(&mut **target_tx)
        .await?;
        if used {
            return Err(Error::Validation(
                konsultasi_core::validate::FieldErrors::single(
                    "to",
                    format!(
                        "basis data tujuan {} sudah dipakai (tabel {name} berisi data); pemindahan \
                     hanya ke basis data tim yang baru",
                        to.location()
                    ),
                ),
            ));
        }
    }

    let mut source_rows = BTreeMap::new();
    for table in TABLES {
        let rows = read_sqlite(&mut source, table).await?;
        match table.seeded {
            Seeded::Replace => {
                sqlx::query(sqlx::AssertSqlSafe(format!("DELETE FROM {}", table.name)))
                    .execute(&mut **target_tx)
                    .await?;
            }
            Seeded::KeepSame => {
                let seeded = read_postgres(target_tx, table).await?;
                if let Some(differs) = seeded.iter().find(|row| !rows.contains(row)) {
                    return Err(Error::Conflict {
                        message: format!(
                            "tabel {} di tujuan berisi baris yang tidak ada di berkas asal ({}); \
                             tidak ada yang dipindahkan",
                            table.name,
                            differs.first().map(Value::canonical).unwrap_or_default()
                        ),
                        findings: Vec::new(),
                    });
                }
            }
            Seeded::No | Seeded::Upsert(_) => {}
        }
        insert_rows(target_tx, table, &rows).await?;
        if table.identity {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT setval(pg_get_serial_sequence('{0}', 'id'),
                               coalesce((SELECT max(id) FROM {0}), 0) + 1, false)",
                table.name
            )))
            .execute(&mut **target_tx)
            .await?;
        }
        source_rows.insert(table.name, rows);
    }
    // Checked inside the transaction, so a mismatch commits nothing.
    let mut tables = Vec::with_capacity(TABLES.len());
    for table in TABLES {
        let copied = read_postgres(target_tx, table).await?;
        let original = &source_rows[table.name];
        let same = fingerprint(original) == fingerprint(&copied);
        tables.push(TableCheck {
            table: table.name.to_owned(),
            source_rows: original.len() as i64,
            target_rows: copied.len() as i64,
            same,
        });
    }
    if let Some(bad) = tables.iter().find(|t| !t.same) {
        return Err(Error::Internal(format!(
            "pemeriksaan setelah menyalin gagal pada tabel {} ({} baris asal, {} baris tujuan); \
             tidak ada yang dipindahkan",
            bad.table, bad.source_rows, bad.target_rows
        )));
    }
    source.commit().await?;
    target.commit().await?;
    Ok(MigrationReport {
        from: from.location().to_string(),
        to: to.location().to_string(),
        tables,
    })
}
