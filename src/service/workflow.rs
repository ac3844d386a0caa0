//! Users, the audit trail, and the workflow transitions after scheduling: verify, confirm,
//! reschedule, cancel, reject. Every change carries its actor and writes an audit entry in the
//! same transaction.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;
use serde_json::Value;
use sqlx::SqliteConnection;

use crate::api::{AuditEntry, ConfirmInput, RequestDetail, UserInput, UserView};
use crate::domain::RequestStatus;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::time::{office_local_to_utc, to_rfc3339};
use crate::validate::{FieldErrors, LetterLine, PersonName, parse_date, parse_time};
use crate::workflow::{self, Refusal, Role, Transition};

use super::get_request;

pub use crate::workflow::Actor;

pub use crate::domain::ConfirmationChannel;

pub async fn list_users(store: &Store) -> Result<Vec<UserView>> {
    let rows: Vec<(i64, String, String, bool)> =
        sqlx::query_as("SELECT id, name, role, active FROM users ORDER BY name")
            .fetch_all(store.pool())
            .await?;
    rows.into_iter()
        .map(|(id, name, role, active)| {
            Ok(UserView {
                id,
                name,
                role: Role::from_stored(&role).ok_or_else(|| Error::Internal(role.clone()))?,
                active,
            })
        })
        .collect()
}

/// Only the secretariat changes the desk's settings and profiles; anyone else is refused as
/// workflow role refusals are (`policy`), naming what was attempted.
pub fn require_secretariat(actor: &Actor, what: &str) -> Result<()> {
    if actor.role == Role::Secretariat {
        Ok(())
    } else {
        Err(Error::Policy {
            message: format!(
                "Hanya sekretariat yang dapat {what}; {} masuk sebagai {}",
                actor.name,
                actor.role.label().to_lowercase()
            ),
            findings: Vec::new(),
        })
    }
}

/// Adds a profile. On a database without any profile the first one is created without an
/// actor (the desk must be able to start) and must be a secretariat, so someone can add the
/// others; it is audited as creating itself. After that only a secretariat creates profiles.
pub async fn create_user(
    store: &Store,
    actor: Option<&Actor>,
    input: &UserInput,
    now: DateTime<Utc>,
) -> Result<UserView> {
    if let Some(actor) = actor {
        require_secretariat(actor, "menambah profil pengguna")?;
    }
    let mut errors = FieldErrors::default();
    let name = errors.take("name", PersonName::parse(&input.name, "Nama profil"));
    if input.role.is_none() {
        errors.push("role", "Pilih peran: agen contact center atau sekretariat");
    }
    let (Some(name), Some(role)) = (name, input.role) else {
        return Err(errors.into());
    };
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let first: bool = sqlx::query_scalar("SELECT NOT EXISTS (SELECT 1 FROM users)")
        .fetch_one(&mut *tx)
        .await?;
    if actor.is_none() && !first {
        return Err(Error::Policy {
            message: "Profil baru hanya dapat dibuat oleh sekretariat: pilih profil sekretariat, \
                      lalu tambahkan profil di Pengaturan"
                .into(),
            findings: Vec::new(),
        });
    }
    if first && role != Role::Secretariat {
        return Err(FieldErrors::single(
            "role",
            "Profil pertama harus sekretariat, agar ada yang dapat menambah profil lain dan \
             mengatur meja",
        )
        .into());
    }
    let taken: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM users WHERE lower(name) = lower(?))")
            .bind(name.as_str())
            .fetch_one(&mut *tx)
            .await?;
    if taken {
        return Err(FieldErrors::single("name", format!("Profil \"{name}\" sudah ada")).into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (name, role, created_at) VALUES (?, ?, ?) RETURNING id",
    )
    .bind(name.as_str())
    .bind(role.as_str())
    .bind(to_rfc3339(now))
    .fetch_one(&mut *tx)
    .await?;
    let view = UserView {
        id,
        name: name.into_string(),
        role,
        active: true,
    };
    let itself = Actor {
        id,
        name: view.name.clone(),
        role,
    };
    let none: Option<&UserView> = None;
    record(
        &mut tx,
        actor.unwrap_or(&itself),
        "user.create",
        None,
        none,
        Some(&view),
        actor
            .is_none()
            .then_some("Profil pertama, dibuat saat meja pertama kali dipakai"),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(view)
}

/// The active user with this id, or this name (for the CLI's `--as`).
pub async fn actor(store: &Store, who: &str) -> Result<Actor> {
    let row: Option<(i64, String, String)> = sqlx::query_as(
        "SELECT id, name, role FROM users WHERE active = 1 AND (CAST(id AS TEXT) = ? OR lower(name) = lower(?))",
    )
    .bind(who.trim())
    .bind(who.trim())
    .fetch_optional(store.pool())
    .await?;
    let (id, name, role) = row.ok_or_else(|| {
        Error::Validation(FieldErrors::single(
            "actor",
            format!(
                "Profil pengguna \"{}\" tidak ada atau tidak aktif",
                who.trim()
            ),
        ))
    })?;
    Ok(Actor {
        id,
        name,
        role: Role::from_stored(&role).ok_or_else(|| Error::Internal(role.clone()))?,
    })
}

/// Appends one entry to the audit log, inside the caller's transaction.
#[allow(clippy::too_many_arguments)] // each argument is one column of the entry
pub async fn record(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    request_id: Option<i64>,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
    note: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    fn json(value: Option<&impl Serialize>) -> Result<Option<String>> {
        value
            .map(|v| serde_json::to_string(v).map_err(|e| Error::Internal(e.to_string())))
            .transpose()
    }
    sqlx::query(
        "INSERT INTO audit_log (at, actor_id, actor_name, action, request_id, before, after, note)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(to_rfc3339(now))
    .bind(actor.id)
    .bind(&actor.name)
    .bind(action)
    .bind(request_id)
    .bind(json(before)?)
    .bind(json(after)?)
    .bind(note)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Appends the entry of a settings change (no request), inside the caller's transaction.
pub(crate) async fn audit_setting(
    conn: &mut SqliteConnection,
    actor: &Actor,
    action: &str,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
    now: DateTime<Utc>,
) -> Result<()> {
    record(conn, actor, action, None, before, after, None, now).await
}

/// The history of one request, oldest first.
pub async fn audit_trail(store: &Store, request_id: i64) -> Result<Vec<AuditEntry>> {
    audit_rows(store, Some(request_id), None).await
}

/// Audit entries whose action, actor, note or values contain `text`, newest first.
pub async fn search_audit(store: &Store, text: &str) -> Result<Vec<AuditEntry>> {
    let text = crate::validate::SearchText::parse_optional(Some(text), "Teks pencarian")
        .map_err(|message| FieldErrors::single("text", message))?;
    let text = text.as_ref().map_or("", |t| t.as_str());
    let mut entries = audit_rows(store, None, Some(text)).await?;
    entries.reverse();
    Ok(entries)
}

async fn audit_rows(
    store: &Store,
    request_id: Option<i64>,
    text: Option<&str>,
) -> Result<Vec<AuditEntry>> {
    type Row = (
        i64,
        String,
        String,
        String,
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    let pattern = text.map(|t| {
        format!(
            "%{}%",
            t.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        )
    });
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT id, at, actor_name, action, request_id, before, after, note FROM audit_log
         WHERE (? IS NULL OR request_id = ?)
           AND (? IS NULL OR actor_name LIKE ? ESCAPE '\\' OR action LIKE ? ESCAPE '\\'
                OR coalesce(note, '') LIKE ? ESCAPE '\\' OR coalesce(after, '') LIKE ? ESCAPE '\\'
                OR coalesce(before, '') LIKE ? ESCAPE '\\')
         ORDER BY id LIMIT 2000",
    )
    .bind(request_id)
    .bind(request_id)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .bind(&pattern)
    .fetch_all(store.pool())
    .await?;
    rows.into_iter()
        .map(
            |(id, at, actor_name, action, request_id, before, after, note)| {
                let parse = |text: Option<String>| -> Result<Option<Value>> {
                    text.map(|t| {
                        serde_json::from_str(&t).map_err(|e| Error::Internal(e.to_string()))
                    })
                    .transpose()
                };
                let (before, after) = (parse(before)?, parse(after)?);
                let (slot_label, previous_slot_label) =
                    super::view_rules::audit_slot_labels(&action, before.as_ref(), after.as_ref());
                Ok(AuditEntry {
                    id,
                    at_label: super::view_rules::instant_label(&at),
                    at,
                    actor_name,
                    action,
                    request_id,
                    before,
                    after,
                    note,
                    slot_label,
                    previous_slot_label,
                })
            },
        )
        .collect()
}

/// The part of a request that transitions change, for the audit log.
#[derive(Debug, Serialize)]
pub(crate) struct StatusSnapshot<'a> {
    status: RequestStatus,
    #[serde(skip_serializing_if = "Option::is_none")]
    booking: Option<&'a crate::api::BookingView>,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
}

pub(crate) fn snapshot<'a>(
    detail: &'a RequestDetail,
    reason: Option<&'a str>,
) -> StatusSnapshot<'a> {
    StatusSnapshot {
        status: detail.status,
        booking: detail.booking.as_ref(),
        reason,
    }
}

/// Checks the workflow and the role; the refusal is a `conflict` (status) or `policy` (role).
pub fn authorise(
    detail: &RequestDetail,
    transition: Transition,
    actor: &Actor,
) -> Result<RequestStatus> {
    workflow::apply(detail.status, transition, actor.role, detail.channel).map_err(|refusal| {
        match refusal {
            Refusal::Status(message) => Error::Conflict {
                message,
                findings: Vec::new(),
            },
            Refusal::Role(message) => Error::Policy {
                message,
                findings: Vec::new(),
            },
        }
    })
}

/// Moves the request to `to` if it is still at the version it was read in, raising the
/// version; another writer that changed it first (its status, its booking or its fields)
/// makes this a conflict.
pub(crate) async fn set_status(
    conn: &mut SqliteConnection,
    detail: &RequestDetail,
    to: RequestStatus,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<()> {
    let done = sqlx::query(
        "UPDATE requests SET status = ?, status_reason = coalesce(?, status_reason), updated_at = ?,
             version = version + 1
         WHERE id = ? AND version = ?",
    )
    .bind(to.as_str())
    .bind(reason)
    .bind(to_rfc3339(now))
    .bind(detail.id)
    .bind(detail.version)
    .execute(&mut *conn)
    .await?;
    if done.rows_affected() == 1 {
        Ok(())
    } else {
        Err(Error::Conflict {
            message: format!(
                "Permohonan #{} baru saja diubah oleh pengguna lain; muat ulang lalu coba lagi",
                detail.id
            ),
            findings: Vec::new(),
        })
    }
}

fn parse_reason(raw: &str) -> Result<String> {
    LetterLine::parse(raw, "Alasan")
        .map(LetterLine::into_string)
        .map_err(|message| FieldErrors::single("reason", message).into())
}

/// A transition that changes the status only (verify), or with a reason (reject).
async fn simple_transition(
    store: &Store,
    id: i64,
    actor: &Actor,
    transition: Transition,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let before = get_request(store, id).await?;
    let to = authorise(&before, transition, actor)?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    set_status(&mut tx, &before, to, reason, now).await?;
    let mut after_status = before.clone();
    after_status.status = to;
    record(
        &mut tx,
        actor,
        transition.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&snapshot(&after_status, reason)),
        reason,
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// The secretariat checked the request letter.
pub async fn verify_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    // Verifying means the letter meets S-38/PK/2023: the letter rules must not block.
    let letter_faults: Vec<_> = super::policy::check_request(store, id, now)
        .await?
        .into_iter()
        .filter(|f| {
            f.severity == crate::policy::rules::Severity::Block
                && matches!(
                    f.rule,
                    crate::policy::rules::RuleId::LetterRequired
                        | crate::policy::rules::RuleId::LetterAddressee
                )
        })
        .collect();
    if let Some(first) = letter_faults.first() {
        return Err(Error::Policy {
            message: format!("Surat tidak dapat diverifikasi: {}", first.message),
            findings: letter_faults,
        });
    }
    simple_transition(store, id, actor, Transition::Verify, None, now).await
}

pub async fn reject_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let reason = parse_reason(reason)?;
    simple_transition(store, id, actor, Transition::Reject, Some(&reason), now).await
}

/// Cancels the request; an active booking is released and its SEQUENCE raised, so the
/// cancellation invite supersedes the last one.
pub async fn cancel_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let reason = parse_reason(reason)?;
    let before = get_request(store, id).await?;
    let to = authorise(&before, Transition::Cancel, actor)?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    set_status(&mut tx, &before, to, Some(&reason), now).await?;
    if let Some(booking) = &before.booking {
        keep_history(&mut tx, booking, actor, now).await?;
        sqlx::query(
            "UPDATE bookings SET active = 0, sequence = sequence + 1, updated_at = ? WHERE id = ?",
        )
        .bind(to_rfc3339(now))
        .bind(booking.id)
        .execute(&mut *tx)
        .await?;
    }
    let mut after = before.clone();
    after.status = to;
    after.booking = None;
    record(
        &mut tx,
        actor,
        Transition::Cancel.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&snapshot(&after, Some(&reason))),
        Some(&reason),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

pub(crate) async fn keep_history(
    conn: &mut SqliteConnection,
    booking: &crate::api::BookingView,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO booking_history (booking_id, sequence, starts_at, ends_at, room_code, unit_code, meeting_url,
             replaced_at, actor_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(booking.id)
    .bind(booking.sequence)
    .bind(&booking.starts_at)
    .bind(&booking.ends_at)
    .bind(&booking.room_code)
    .bind(&booking.unit_code)
    .bind(&booking.meeting_url)
    .bind(to_rfc3339(now))
    .bind(actor.id)
    .execute(&mut *conn)
    .await?;
    Ok(())
}

/// Records the Pemda's confirmation of the scheduled slot.
pub async fn confirm_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &ConfirmInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let mut errors = FieldErrors::default();
    let date = errors.take("date", parse_date(&input.date, "Tanggal konfirmasi"));
    let time = errors.take("time", parse_time(&input.time, "Jam konfirmasi"));
    let by = errors.take(
        "confirmed_by",
        PersonName::parse(&input.confirmed_by, "Nama yang mengonfirmasi"),
    );
    if input.via.is_none() {
        errors.push("via", "Pilih saluran konfirmasi");
    }
    let (Some(date), Some(time), Some(by), Some(via)) = (date, time, by, input.via) else {
        return Err(errors.into());
    };
    let confirmed_at = office_local_to_utc(date, time);
    if confirmed_at > now + Duration::minutes(5) {
        return Err(
            FieldErrors::single("date", "Waktu konfirmasi tidak boleh di masa depan").into(),
        );
    }
    let before = get_request(store, id).await?;
    if date.format("%Y-%m-%d").to_string() < before.received_on {
        return Err(FieldErrors::single(
            "date",
            format!(
                "Tanggal konfirmasi tidak boleh sebelum permohonan diterima ({})",
                before.received_on
            ),
        )
        .into());
    }
    let to = authorise(&before, Transition::Confirm, actor)?;
    let booking = before
        .booking
        .as_ref()
        .ok_or_else(|| Error::Internal(format!("permohonan #{id} terjadwal tanpa jadwal aktif")))?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    set_status(&mut tx, &before, to, None, now).await?;
    sqlx::query(
        "INSERT INTO confirmations (request_id, booking_id, sequence, confirmed_at, confirmed_by, via, recorded_by, recorded_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(booking.id)
    .bind(booking.sequence)
    .bind(to_rfc3339(confirmed_at))
    .bind(by.as_str())
    .bind(via.as_str())
    .bind(actor.id)
    .bind(to_rfc3339(now))
    .execute(&mut *tx)
    .await?;
    let mut after = before.clone();
    after.status = to;
    let note = format!("Dikonfirmasi oleh {by} melalui {}", via.label());
    record(
        &mut tx,
        actor,
        Transition::Confirm.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&snapshot(&after, None)),
        Some(&note),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}
