//! How a visit ends, or is corrected: completion into the consultations held, a no-show once
//! the slot has ended, and voiding a check-in recorded by mistake.

use chrono::{DateTime, Utc};
use konsultasi_core::audit::{AuditAction, AuditEntry};
use konsultasi_core::records::requester_short_label;
use serde::Serialize;

use super::view_instant;
use crate::api::{RequestDetail, VoidCheckInInput};
use crate::checkin::{self as rules, ViolationKind};
use crate::domain::RequestStatus;
use crate::domain::region::ZoneLabel;
use crate::error::{Error, Result};
use crate::service::get_request;
use crate::service::transitions::{authorise, move_status, snapshot};
use crate::service::users::require;
use crate::store::Store;
use crate::store::checkin::{self as db, NewVoid, NoShow, ViolationFilter};
use crate::store::history::{self as held_db, DeskRecord};
use crate::time::{OFFICE_TZ, format_date_with_day, format_time, office_day};
use crate::validate::{FieldErrors, LetterLine};
use crate::workflow::Actor;
use crate::workflow::Capability;
use crate::workflow::Transition;

/// Closes a checked-in consultation: it now counts in the monthly report and the requester's
/// history as held on the day it arrived.
pub async fn complete(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let before = get_request(store, id).await?;
    let to = authorise(&before, Transition::Complete, actor)?;
    let arrival = db::standing_check_in(store, id).await?.ok_or_else(|| {
        Error::Internal(format!("permohonan #{id} hadir tanpa catatan kedatangan"))
    })?;
    let label = requester_short_label(
        store.reference().as_ref(),
        before.requester.kind,
        before.requester.region_code.as_deref(),
        Some(&before.requester.label),
    );
    let topic_codes: Vec<String> = before.topics.iter().map(|t| t.code.clone()).collect();
    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, before.id, before.version, to, None, now).await?;
    held_db::record_held_at_desk(
        &mut tx,
        &DeskRecord {
            request_id: id,
            held_on: office_day(arrival.arrived_at),
            channel: before.channel,
            requester_kind: before.requester.kind,
            region_code: before.requester.region_code.as_deref(),
            requester_name: before
                .requester
                .region_code
                .is_none()
                .then_some(before.requester.label.as_str()),
            written_as: &label,
            topic_codes: &topic_codes,
        },
        now,
    )
    .await?;
    let mut after = before.clone();
    after.status = to;
    tx.audit(
        &AuditEntry::new(actor, Transition::Complete)
            .on_request(id)
            .before(&snapshot(&before, None))
            .after(&snapshot(&after, None)),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// Marks a booking nobody came to as a no-show, once its slot has ended; the no-show is a
/// violation in the requester's history.
pub async fn mark_no_show(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let before = get_request(store, id).await?;
    let to = authorise(&before, Transition::MarkNoShow, actor)?;
    let booking = before
        .booking
        .as_ref()
        .ok_or_else(|| Error::Internal(format!("permohonan #{id} terjadwal tanpa jadwal aktif")))?;
    let ends = view_instant(&booking.ends_at)?;
    if now < ends {
        let end = ends.with_timezone(&OFFICE_TZ);
        return Err(Error::Conflict {
            message: format!(
                "Jadwal belum berakhir (sampai {}, {}); tandai tidak hadir setelahnya",
                format_date_with_day(end.date_naive()),
                format_time(end.time(), ZoneLabel::Wib)
            ),
            findings: Vec::new(),
        });
    }
    let violation = rules::no_show(&booking.label);
    let booked_day = office_day(view_instant(&booking.starts_at)?);
    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, before.id, before.version, to, None, now).await?;
    db::record_no_show(
        &mut tx,
        &NoShow {
            request_id: id,
            region_code: before.requester.region_code.as_deref(),
            occurred_on: booked_day,
            violation: &violation,
            recorded_by: actor.id,
            recorded_at: now,
        },
    )
    .await?;
    let mut after = before.clone();
    after.status = to;
    tx.audit(
        &AuditEntry::new(actor, Transition::MarkNoShow)
            .on_request(id)
            .before(&snapshot(&before, None))
            .after(&snapshot(&after, None))
            .note(violation.evidence.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// What the audit log keeps of a void.
#[derive(Serialize)]
struct VoidAudit<'a> {
    check_in_id: i64,
    reason: &'a str,
    status: &'a str,
    withdrawn_violations: Vec<&'a str>,
}

/// Voids a check-in recorded by mistake: the secretariat's, with a reason. The check-in, its
/// attendees and violations stay stored; a correction row (and an audit entry, in the same
/// transaction) withdraws its violations from every report, and the request returns to where it
/// stood before (`checkin::status_after_void`) so the delegation can be checked in again.
/// Refused — changing nothing — for another role, an empty or too long reason, an unknown or
/// already voided check-in, and a consultation already completed.
pub async fn void_check_in(
    store: &Store,
    actor: &Actor,
    check_in_id: i64,
    input: &VoidCheckInInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    require(actor, Capability::Secretariat, "membatalkan kedatangan")?;
    let reason = LetterLine::parse(input.reason.trim(), "Alasan pembatalan")
        .map(LetterLine::into_string)
        .map_err(|message| FieldErrors::single("reason", message))?;
    let already_voided = || Error::Conflict {
        message: format!("Kedatangan #{check_in_id} sudah dibatalkan sebelumnya"),
        findings: Vec::new(),
    };
    let stored = db::check_in(store, check_in_id)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "Kedatangan",
            id: check_in_id.to_string(),
        })?;
    if stored.void.is_some() {
        return Err(already_voided());
    }
    let before = get_request(store, stored.request_id).await?;
    if before.status != RequestStatus::CheckedIn {
        return Err(Error::Conflict {
            message: format!(
                "Permohonan #{} berstatus {}; hanya kedatangan yang belum diselesaikan yang dapat \
                 dibatalkan",
                before.id,
                crate::workflow::status_label(before.status)
            ),
            findings: Vec::new(),
        });
    }
    let kinds: Vec<ViolationKind> = db::violations(
        store,
        ViolationFilter {
            check_in_id: Some(check_in_id),
            include_voided: true,
            ..ViolationFilter::default()
        },
    )
    .await?
    .into_iter()
    .map(|v| v.kind)
    .collect();
    let to = rules::status_after_void(!stored.walk_in, &kinds);
    let mut tx = store.write_serialised().await?;
    // Another desk may have voided it meanwhile; the request's version guards the rest.
    let voided = db::record_void(
        &mut tx,
        &NewVoid {
            check_in_id,
            reason: &reason,
            voided_by: actor.id,
            voided_at: now,
        },
    )
    .await?;
    if !voided {
        return Err(already_voided());
    }
    move_status(&mut tx, before.id, before.version, to, None, now).await?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::VoidCheckIn)
            .on_request(before.id)
            .before(&snapshot(&before, None))
            .after(&VoidAudit {
                check_in_id,
                reason: &reason,
                status: to.as_str(),
                withdrawn_violations: kinds.iter().map(|k| k.as_str()).collect(),
            })
            .note(reason.as_str()),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, before.id).await
}
