//! The one place where the store's records become the contract's views: a request's detail and
//! list row, its booking, a profile, an audit entry. Labels in the requester's own zone are
//! written here, with the reference data (region names, topic names).

use chrono::{DateTime, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::api::{
    AuditEntry, BookingView, ContactView, GuestView, LetterView, RequestDetail, RequestSummary,
    RequesterView, ScanInfo, SlotView, SummaryBooking, TopicRef, UserView,
};
use crate::domain::record::{
    ActiveBooking, ListedBooking, RequestListing, RequestRecord, RequesterRecord,
};
use crate::domain::region::ZoneLabel;
use crate::domain::request::Reference;
use crate::error::{Error, Result};
use crate::store::audit::AuditRecord;
use crate::store::reference::ReferenceData;
use crate::store::users::UserRecord;
use crate::time::{OFFICE_TZ, slot_label, to_rfc3339};

/// The requester as screens name it, and the zone its own clock is in.
pub(crate) struct RequesterParts {
    pub view: RequesterView,
    pub time_zone: Tz,
}

pub(crate) fn requester(
    requester: &RequesterRecord,
    reference: &ReferenceData,
) -> Result<RequesterParts> {
    let kind = requester.kind();
    Ok(match requester {
        RequesterRecord::Regional { region, .. } => {
            let region = reference.region(region).ok_or_else(|| {
                Error::Internal(format!(
                    "data tersimpan rusak: kode wilayah \"{}\"",
                    region.as_str()
                ))
            })?;
            RequesterParts {
                view: RequesterView {
                    kind,
                    region_code: Some(region.code.as_str().to_owned()),
                    label: region.requester_label(kind),
                    province_name: Some(region.province_name.clone()),
                    zone: region.zone(),
                },
                time_zone: region.time_zone,
            }
        }
        RequesterRecord::Named { name, .. } => RequesterParts {
            view: RequesterView {
                kind,
                region_code: None,
                label: name.clone(),
                province_name: None,
                zone: ZoneLabel::Wib,
            },
            time_zone: OFFICE_TZ,
        },
    })
}

fn slot(start: DateTime<Utc>, requester_tz: Tz) -> SlotView {
    let office = start.with_timezone(&OFFICE_TZ);
    SlotView {
        starts_at: to_rfc3339(start),
        date: office.format("%Y-%m-%d").to_string(),
        time: office.format("%H:%M").to_string(),
        label: slot_label(start, requester_tz),
    }
}

fn day(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// The day received as text; for a row that never said, the date part of its entry time, as
/// it was stored.
fn received_on(received_on: Option<NaiveDate>, created_at: &str) -> String {
    received_on.map_or_else(|| created_at.chars().take(10).collect(), day)
}

/// A booking with its start labelled for the requester (`requester_tz`).
pub(crate) fn booking(booking: &ActiveBooking, requester_tz: Tz) -> BookingView {
    BookingView {
        id: booking.id,
        channel: booking.channel,
        starts_at: to_rfc3339(booking.starts_at),
        ends_at: to_rfc3339(booking.ends_at),
        duration_minutes: crate::time::minutes_between(booking.starts_at, booking.ends_at),
        label: slot_label(booking.starts_at, requester_tz),
        room_code: booking.room_code.clone(),
        meeting_url: booking.meeting_url.clone(),
        unit_code: booking.unit_code.clone(),
        ical_uid: booking.ical_uid.clone(),
        resource_person_ids: booking.resource_person_ids.clone(),
        sequence: booking.sequence,
    }
}

pub fn detail(record: &RequestRecord, reference: &ReferenceData) -> Result<RequestDetail> {
    let requester = requester(&record.requester, reference)?;
    let tz = requester.time_zone;
    Ok(RequestDetail {
        id: record.id,
        status: record.status(),
        channel: record.channel,
        requester: requester.view,
        contact: ContactView {
            name: record.contact.name.clone(),
            whatsapp: record.contact.whatsapp.clone(),
            email: record.contact.email.clone(),
        },
        topics: record
            .topics
            .iter()
            .map(|code| TopicRef {
                name: reference.topic_name(code).unwrap_or(code).to_owned(),
                code: code.clone(),
            })
            .collect(),
        description: record.description.clone(),
        preferred_slots: record
            .preferred_slots
            .iter()
            .map(|start| slot(*start, tz))
            .collect(),
        actions: crate::workflow::actions_view(record.status(), record.channel),
        editable: crate::workflow::editable(record.status()),
        created_label: super::view_rules::instant_label(&record.created_at),
        planned_guest_count: record.planned_guest_count,
        regional_head_attends: record.regional_head_attends,
        guests: record
            .guests
            .iter()
            .map(|g| GuestView {
                name: g.name.clone(),
                position: g.position.clone(),
                institution: g.institution.clone(),
                contact: g.contact.clone(),
                is_regional_head: g.is_regional_head,
            })
            .collect(),
        letter: record.letter.as_ref().map(|l| LetterView {
            number: l.number.clone(),
            date: day(l.date),
            subject: l.subject.clone(),
            addressee: l.addressee.clone(),
            signer: l.signer.clone(),
            scan: l.scan.as_ref().map(|s| ScanInfo {
                file_name: s.file_name.clone(),
                mime_type: s.mime_type.clone(),
                size_bytes: s.size_bytes,
                sha256: s.sha256.clone(),
            }),
        }),
        received_on: received_on(record.received_on, &record.created_at),
        booking: record.booking().map(|b| booking(b, tz)),
        created_at: record.created_at.clone(),
        updated_at: record.updated_at.clone(),
        version: record.version,
    })
}

pub fn summary(listing: &RequestListing, reference: &ReferenceData) -> Result<RequestSummary> {
    let requester = requester(&listing.requester, reference)?;
    let tz = requester.time_zone;
    Ok(RequestSummary {
        id: listing.id,
        status: listing.status,
        channel: listing.channel,
        requester_label: requester.view.label,
        requester_kind: requester.view.kind,
        region_code: requester.view.region_code,
        zone: requester.view.zone,
        topics: listing
            .topics
            .iter()
            .map(|code| reference.topic_name(code).unwrap_or(code).to_owned())
            .collect(),
        first_slot: listing.first_slot.map(to_rfc3339),
        first_slot_label: listing.first_slot.map(|start| slot_label(start, tz)),
        booking: listing
            .booking
            .as_ref()
            .map(|b: &ListedBooking| SummaryBooking {
                starts_at: to_rfc3339(b.starts_at),
                label: slot_label(b.starts_at, tz),
                room_code: b.room_code.clone(),
                room_name: b.room_name.clone(),
            }),
        planned_guest_count: listing.planned_guest_count,
        letter_number: listing.letter_number.clone(),
        contact_name: listing.contact_name.clone(),
        received_on: received_on(listing.received_on, &listing.created_at),
        created_label: super::view_rules::instant_label(&listing.created_at),
        created_at: listing.created_at.clone(),
    })
}

pub fn user(user: UserRecord) -> UserView {
    UserView::new(user.id, user.name, user.role, user.active)
}

pub fn audit_entry(entry: AuditRecord) -> AuditEntry {
    let (slot_label, previous_slot_label) = super::view_rules::audit_slot_labels(
        &entry.action,
        entry.before.as_ref(),
        entry.after.as_ref(),
    );
    let at = entry.at.to_text();
    AuditEntry {
        id: entry.id,
        at_label: super::view_rules::instant_label(&at),
        slot_label,
        previous_slot_label,
        at,
        actor_name: entry.actor_name,
        action: entry.action,
        request_id: entry.request_id,
        before: entry.before,
        after: entry.after,
        note: entry.note,
        desk: entry.desk,
    }
}
