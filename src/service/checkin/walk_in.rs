//! A delegation that came with no booking: registered as a tatap muka request and checked in
//! at once, with the violations that carries (always "no booking").

use chrono::{DateTime, Utc};
use konsultasi_core::audit::{AuditAction, AuditEntry};

use super::check_in::{
    CheckInAudit, ParsedCheckIn, arrival_instant, attendees, parse_check_in, preview_of,
};
use super::{day_key, noted};
use crate::api::{
    CheckInPreview, GuestInput, GuestView, PreferredSlotInput, RequestDetail, WalkInInput,
};
use crate::checkin::{self as rules, ArrivalFacts, Violation};
use crate::domain::request::{NewRequest, Requester};
use crate::domain::{Channel, RequestStatus};
use crate::error::Result;
use crate::service::get_request;
use crate::store::checkin::{self as db, NewCheckIn};
use crate::store::{Store, requests};
use crate::time::{OFFICE_TZ, office_day};
use crate::validate::FieldErrors;
use crate::workflow::Actor;

/// A walk-in weighed before anything is written.
struct PreparedWalkIn {
    request: NewRequest,
    registered: Vec<GuestView>,
    parsed: ParsedCheckIn,
    arrived_at: DateTime<Utc>,
    guest_cap: u32,
    violations: Vec<Violation>,
    region_code: Option<String>,
}

async fn prepare_walk_in(
    store: &Store,
    input: &WalkInInput,
    now: DateTime<Utc>,
) -> Result<PreparedWalkIn> {
    let today = office_day(now);
    let mut request_input = input.request.clone();
    if request_input.channel.is_none() {
        request_input.channel = Some(Channel::InPerson);
    }
    // A walk-in proposed no slot: the day it came stands for one.
    if request_input.preferred_slots.is_empty() {
        let time = input
            .check_in
            .arrived_time
            .clone()
            .filter(|t| !t.trim().is_empty())
            .unwrap_or_else(|| now.with_timezone(&OFFICE_TZ).format("%H:%M").to_string());
        request_input.preferred_slots = vec![PreferredSlotInput {
            date: day_key(today),
            time,
        }];
    }
    if request_input.received_on.is_none() {
        request_input.received_on = Some(day_key(today));
    }
    let reference = store.reference();
    let parsed_request = request_input.parse(reference.as_ref(), today);
    let registered: Vec<GuestView> = request_input
        .guests
        .iter()
        .map(|g: &GuestInput| GuestView {
            name: g.name.trim().to_owned(),
            position: g.position.trim().to_owned(),
            institution: g.institution.trim().to_owned(),
            contact: g.contact.clone(),
            is_regional_head: g.is_regional_head,
        })
        .collect();
    let parsed_check_in = parse_check_in(&input.check_in, &registered);
    let (request, parsed) = match (parsed_request, parsed_check_in) {
        (Ok(request), Ok(parsed)) => (request, parsed),
        (request, check_in) => {
            let mut errors = FieldErrors::default();
            if let Err(e) = request {
                errors.extend_prefixed("request", e);
            }
            if let Err(e) = check_in {
                errors.extend_prefixed("check_in", e);
            }
            return Err(errors.into());
        }
    };
    if request.channel != Channel::InPerson {
        return Err(FieldErrors::single(
            "request.channel",
            "Kedatangan tanpa jadwal selalu tatap muka",
        )
        .into());
    }
    let arrived_at = arrival_instant(today, parsed.arrived_time, now).map_err(|e| {
        let mut errors = FieldErrors::default();
        errors.extend_prefixed("check_in", e);
        errors
    })?;
    let cap = store
        .policy_data()
        .await?
        .in_force(request.received_on.unwrap_or(today))
        .guest_cap(Channel::InPerson);
    let facts = ArrivalFacts {
        channel: Channel::InPerson,
        booked: false,
        confirmed: false,
        has_letter: request.letter.is_some(),
        guest_cap: cap,
        registered_present: parsed.present.len() as u32,
        extra_guests: parsed.extra.len() as u32,
        regional_head_claimed: request.regional_head_attends,
        regional_head_present: parsed.regional_head_present,
    };
    let violations = rules::violations_at_arrival(&facts);
    let region_code = match &request.requester {
        Requester::Regional { region, .. } => Some(region.as_str().to_owned()),
        _ => None,
    };
    Ok(PreparedWalkIn {
        request,
        registered,
        parsed,
        arrived_at,
        guest_cap: cap,
        violations,
        region_code,
    })
}

/// What `walk_in` with this input would record now, refused as `walk_in` would refuse it;
/// nothing is written.
pub async fn walk_in_preview(
    store: &Store,
    input: &WalkInInput,
    now: DateTime<Utc>,
) -> Result<CheckInPreview> {
    let prepared = prepare_walk_in(store, input, now).await?;
    Ok(preview_of(
        &prepared.parsed,
        &prepared.registered,
        prepared.arrived_at,
        prepared.guest_cap,
        &prepared.violations,
    ))
}

/// Registers a delegation that came with no booking as a tatap muka request, checked in at
/// once, with the violations that carries (always "no booking").
pub async fn walk_in(
    store: &Store,
    actor: &Actor,
    input: &WalkInInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let PreparedWalkIn {
        request,
        registered,
        parsed,
        arrived_at,
        violations,
        region_code,
        ..
    } = prepare_walk_in(store, input, now).await?;
    let mut tx = store.write_serialised().await?;
    let id = requests::insert(&mut tx, &request, RequestStatus::CheckedIn, now).await?;
    db::record_check_in(
        &mut tx,
        &NewCheckIn {
            request_id: id,
            booking_id: None,
            region_code: region_code.as_deref(),
            arrived_at,
            occurred_on: office_day(arrived_at),
            regional_head_present: parsed.regional_head_present,
            note: parsed.note.as_deref(),
            attendees: &attendees(&parsed, &registered),
            violations: &violations,
            recorded_by: actor.id,
            recorded_at: now,
        },
    )
    .await?;
    let entry = AuditEntry::new(actor, AuditAction::WalkIn)
        .on_request(id)
        .after(&CheckInAudit::of(&parsed, arrived_at, &violations));
    tx.audit(&noted(entry, parsed.note.as_deref()), now).await?;
    tx.commit().await?;
    get_request(store, id).await
}
