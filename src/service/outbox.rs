//! What a booking's change queues in the outbox, inside the change's own write: the invite
//! (with the booking's SEQUENCE) to everyone it concerns and their reminders, the cancellation to
//! whoever had an invite, and the withdrawal of what still waited for the old slot. What each
//! message says is composed when it is sent (`service::mail`).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::api::RequestDetail;
use crate::audit::{AuditAction, AuditEntry};
use crate::domain::region::ZoneLabel;
use crate::error::Result;
use crate::store::mail::{self as db, NewMail};
use crate::store::write::SerialisedWrite;
use crate::time::to_rfc3339;
use crate::validate::{EmailAddress, WhatsAppNumber, parse_time};
use crate::workflow::Actor;
use konsultasi_core::mail::{MailAudience, MailKind, header_text, reminder_due};

/// Someone a booking's messages go to.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Recipient {
    name: String,
    address: String,
    audience: MailAudience,
    zone: ZoneLabel,
}

/// The delegation's addresses (the contact person, each guest with an e-mail address), in the
/// requester's zone, then the resource persons with one, in WIB; each address once.
fn recipients_of(detail: &RequestDetail, persons: &[(String, Option<String>)]) -> Vec<Recipient> {
    let zone = detail.requester.zone;
    let mut by_address: BTreeMap<String, ()> = BTreeMap::new();
    let mut list = Vec::new();
    let mut add = |name: &str, address: &str, audience, zone| {
        let Ok(address) = EmailAddress::parse(address, "") else {
            return;
        };
        if !address.as_str().is_ascii() {
            return;
        }
        let key = address.as_str().to_ascii_lowercase();
        if by_address.insert(key, ()).is_none() {
            list.push(Recipient {
                name: header_text(name),
                address: address.as_str().to_owned(),
                audience,
                zone,
            });
        }
    };
    if let Some(email) = &detail.contact.email {
        add(&detail.contact.name, email, MailAudience::Pemda, zone);
    }
    for guest in &detail.guests {
        if let Some(contact) = guest.contact.as_deref()
            && WhatsAppNumber::parse(contact, "").is_err()
        {
            add(&guest.name, contact, MailAudience::Pemda, zone);
        }
    }
    for (name, email) in persons {
        if let Some(email) = email {
            add(name, email, MailAudience::Staff, ZoneLabel::Wib);
        }
    }
    list
}

/// A booking as it was just written, for [`queue_for_booking`].
pub struct BookedNow<'a> {
    pub detail: &'a RequestDetail,
    pub booking_id: i64,
    pub sequence: i64,
    pub starts_at: DateTime<Utc>,
    /// The resource persons on it: name and address.
    pub persons: Vec<(String, Option<String>)>,
    /// Whether a date is a working day, for the reminders.
    pub is_working_day: &'a (dyn Fn(chrono::NaiveDate) -> bool + Sync),
}

/// Inside the write that (re)booked a slot: withdraws what still waited for the booking,
/// queues the invite (with its SEQUENCE) to everyone and the reminders, and a cancellation to
/// whoever had an invite and is no longer on it. Nothing when sending is switched off.
pub async fn queue_for_booking(
    tx: &mut SerialisedWrite,
    actor: &Actor,
    booked: &BookedNow<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let settings = db::settings(tx).await?;
    if !settings.enabled {
        return Ok(());
    }
    let request_id = booked.detail.id;
    let withdrawn = db::withdraw_waiting(
        tx,
        booked.booking_id,
        "Digantikan jadwal yang lebih baru",
        now,
    )
    .await?;
    let recipients = recipients_of(booked.detail, &booked.persons);
    // Whoever had an invite and is no longer on the booking hears it is off for them.
    let gone = db::invites_out(tx, booked.booking_id)
        .await?
        .into_iter()
        .filter(|old| {
            !recipients
                .iter()
                .any(|r| r.address.eq_ignore_ascii_case(&old.recipient_address))
        });
    let mut queued = cancellations(gone, request_id, booked.booking_id, booked.sequence, now);
    let pemda_time = parse_time(&settings.reminder_pemda_time, "").ok();
    let staff_time = settings
        .reminder_staff_time
        .as_deref()
        .and_then(|t| parse_time(t, "").ok());
    let days = u32::try_from(settings.reminder_working_days).unwrap_or(0);
    for recipient in &recipients {
        let mail = |kind, due_at| NewMail {
            request_id,
            booking_id: booked.booking_id,
            kind,
            sequence: booked.sequence,
            audience: recipient.audience,
            recipient_name: recipient.name.clone(),
            recipient_address: recipient.address.clone(),
            recipient_zone: recipient.zone,
            due_at,
        };
        queued.push(mail(MailKind::Invite, now));
        let reminder = match recipient.audience {
            MailAudience::Pemda if days > 0 => pemda_time.and_then(|at| {
                reminder_due(
                    booked.starts_at,
                    recipient.zone,
                    days,
                    at,
                    booked.is_working_day,
                )
            }),
            MailAudience::Staff => staff_time
                .and_then(|at| reminder_due(booked.starts_at, ZoneLabel::Wib, 0, at, |_| true)),
            MailAudience::Pemda => None,
        };
        // A reminder whose time has passed would arrive with the invite: the invite suffices.
        if let Some(due) = reminder.filter(|due| *due > now + Duration::minutes(5)) {
            queued.push(mail(MailKind::Reminder, due));
        }
    }
    write_queued(tx, actor, request_id, &queued, withdrawn.len(), now).await
}

/// Inside the write that cancelled a booking: withdraws what still waited and queues a
/// cancellation to everyone an invite may have reached.
pub async fn queue_cancellation(
    tx: &mut SerialisedWrite,
    actor: &Actor,
    request_id: i64,
    booking_id: i64,
    sequence: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    let withdrawn = db::withdraw_waiting(tx, booking_id, "Jadwalnya dibatalkan", now).await?;
    let settings = db::settings(tx).await?;
    let queued = if settings.enabled {
        let invited = db::invites_out(tx, booking_id).await?;
        cancellations(invited, request_id, booking_id, sequence, now)
    } else {
        Vec::new()
    };
    write_queued(tx, actor, request_id, &queued, withdrawn.len(), now).await
}

/// A cancellation to each address among `invited`, once.
fn cancellations(
    invited: impl IntoIterator<Item = db::MailRow>,
    request_id: i64,
    booking_id: i64,
    sequence: i64,
    now: DateTime<Utc>,
) -> Vec<NewMail> {
    let mut queued: Vec<NewMail> = Vec::new();
    for row in invited {
        if queued.iter().any(|q| {
            q.recipient_address
                .eq_ignore_ascii_case(&row.recipient_address)
        }) {
            continue;
        }
        queued.push(NewMail {
            request_id,
            booking_id,
            kind: MailKind::Cancel,
            sequence,
            audience: row.audience,
            recipient_name: row.recipient_name,
            recipient_address: row.recipient_address,
            recipient_zone: row.recipient_zone,
            due_at: now,
        });
    }
    queued
}

/// Writes the queued messages and one audit entry naming them (and how many were withdrawn).
async fn write_queued(
    tx: &mut SerialisedWrite,
    actor: &Actor,
    request_id: i64,
    queued: &[NewMail],
    withdrawn: usize,
    now: DateTime<Utc>,
) -> Result<()> {
    for mail in queued {
        db::queue(tx, mail, now).await?;
    }
    if !queued.is_empty() || withdrawn > 0 {
        tx.audit(
            &AuditEntry::new(actor, AuditAction::MailQueued)
                .on_request(request_id)
                .after(&queued_summary(queued))
                .note(queued_note(queued, withdrawn)),
            now,
        )
        .await?;
    }
    Ok(())
}

#[derive(Serialize)]
struct QueuedMail<'a> {
    kind: &'a str,
    to: &'a str,
    due_at: String,
}

fn queued_summary(queued: &[NewMail]) -> Vec<QueuedMail<'_>> {
    queued
        .iter()
        .map(|m| QueuedMail {
            kind: m.kind.as_str(),
            to: &m.recipient_address,
            due_at: to_rfc3339(m.due_at),
        })
        .collect()
}

fn queued_note(queued: &[NewMail], withdrawn: usize) -> String {
    let count = |kind| queued.iter().filter(|m| m.kind == kind).count();
    let mut parts = Vec::new();
    for kind in [MailKind::Invite, MailKind::Cancel, MailKind::Reminder] {
        let n = count(kind);
        if n > 0 {
            parts.push(format!("{} {n} surel", kind.label().to_lowercase()));
        }
    }
    let mut note = if parts.is_empty() {
        "Tidak ada surel baru".to_owned()
    } else {
        format!("Diantrekan: {}", parts.join(", "))
    };
    if withdrawn > 0 {
        note.push_str(&format!("; {withdrawn} surel yang belum terkirim ditarik"));
    }
    note
}
