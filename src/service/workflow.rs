//! The workflow transitions after scheduling: verify, confirm, cancel, reject. Each reads the
//! stored request, checks the workflow and the role, then writes in one serialised write that
//! re-checks the version it read, with the audit entry beside the change.
//!
//! Profiles and the audit trail live in `users` and `audit`, what transitions share in
//! `transitions`; their names stay reachable here, as callers know them.

use chrono::{DateTime, Duration, Utc};

use crate::api::{ConfirmInput, RequestDetail};
use crate::domain::record::RequestRecord;
use crate::error::{Error, Result};
use crate::policy::rules::{RuleId, Severity};
use crate::store::Store;
use crate::store::requests;
use crate::store::transitions::{self as store_transitions, NewConfirmation};
use crate::time::office_local_to_utc;
use crate::validate::{FieldErrors, LetterLine, PersonName, parse_date, parse_time};
use crate::workflow::Transition;
use konsultasi_core::audit::AuditEntry;

use super::get_request;
use super::transitions::{authorise_record, move_status};

pub use super::audit::{audit_trail, search_audit};
pub use super::transitions::{StatusSnapshot, authorise, snapshot};
pub use super::users::{actor, create_user, list_users, require};
pub use crate::domain::ConfirmationChannel;
pub use crate::workflow::Actor;

fn parse_reason(raw: &str) -> Result<String> {
    LetterLine::parse(raw, "Alasan")
        .map(LetterLine::into_string)
        .map_err(|message| FieldErrors::single("reason", message).into())
}

/// The request as it stands, with its audit snapshot.
async fn read(store: &Store, id: i64) -> Result<(RequestRecord, StatusSnapshot)> {
    let record = requests::record(store, id).await?;
    let snapshot = StatusSnapshot::of(&record, &store.reference())?;
    Ok((record, snapshot))
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
    let (before, snapshot) = read(store, id).await?;
    let to = authorise_record(&before, transition, actor)?;
    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, id, before.version, to, reason, now).await?;
    let mut entry = AuditEntry::new(actor, transition)
        .on_request(id)
        .before(&snapshot)
        .after(&snapshot.moved_to(to).because(reason));
    if let Some(reason) = reason {
        entry = entry.note(reason);
    }
    tx.audit(&entry, now).await?;
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
    let letter_faults: Vec<_> = super::scheduling::check_request(store, id, now)
        .await?
        .into_iter()
        .filter(|f| {
            f.severity == Severity::Block
                && matches!(f.rule, RuleId::LetterRequired | RuleId::LetterAddressee)
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
    let (before, snapshot) = read(store, id).await?;
    let to = authorise_record(&before, Transition::Cancel, actor)?;
    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, id, before.version, to, Some(&reason), now).await?;
    if let Some(booking) = before.booking() {
        store_transitions::keep_booking_history(&mut tx, booking, actor.id, now).await?;
        store_transitions::release_booking(&mut tx, booking.id, now).await?;
        crate::service::outbox::queue_cancellation(
            &mut tx,
            actor,
            id,
            booking.id,
            booking.sequence,
            now,
        )
        .await?;
    }
    tx.audit(
        &AuditEntry::new(actor, Transition::Cancel)
            .on_request(id)
            .before(&snapshot)
            .after(&snapshot.moved_to(to).released().because(Some(&reason)))
            .note(reason.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
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
    let (before, snapshot) = read(store, id).await?;
    if let Some(received_on) = before.received_on
        && date < received_on
    {
        return Err(FieldErrors::single(
            "date",
            format!(
                "Tanggal konfirmasi tidak boleh sebelum permohonan diterima ({})",
                received_on.format("%Y-%m-%d")
            ),
        )
        .into());
    }
    let to = authorise_record(&before, Transition::Confirm, actor)?;
    let booking = before
        .booking()
        .ok_or_else(|| Error::Internal(format!("permohonan #{id} terjadwal tanpa jadwal aktif")))?;
    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, id, before.version, to, None, now).await?;
    store_transitions::insert_confirmation(
        &mut tx,
        &NewConfirmation {
            request_id: id,
            booking_id: booking.id,
            sequence: booking.sequence,
            confirmed_at,
            confirmed_by: by.as_str(),
            via,
            recorded_by: actor.id,
        },
        now,
    )
    .await?;
    tx.audit(
        &AuditEntry::new(actor, Transition::Confirm)
            .on_request(id)
            .before(&snapshot)
            .after(&snapshot.moved_to(to))
            .note(format!("Dikonfirmasi oleh {by} melalui {}", via.label())),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}
