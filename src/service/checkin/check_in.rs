//! Checking in a booked delegation on its day (for a video conference, who joined), with the
//! violations the arrival carries; and the parts of an arrival that a walk-in shares.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use konsultasi_core::audit::AuditEntry;
use serde::Serialize;

use super::{noted, view_instant};
use crate::api::{
    CheckInInput, CheckInPreview, GuestView, PreviewViolation, RequestDetail, parse_guest_list,
};
use crate::checkin::{self as rules, ArrivalFacts, Violation};
use crate::domain::region::ZoneLabel;
use crate::domain::request::Guest;
use crate::domain::{Channel, RequestStatus};
use crate::error::{Error, Result};
use crate::service::get_request;
use crate::service::scheduling::guest_cap;
use crate::service::transitions::{authorise, move_status, snapshot};
use crate::store::Store;
use crate::store::checkin::{self as db, Attendee, NewCheckIn};
use crate::time::{
    OFFICE_TZ, format_date_with_day, format_time, office_day, office_local_to_utc, to_rfc3339,
};
use crate::validate::{FieldErrors, LetterLine, parse_time};
use crate::workflow::Actor;
use crate::workflow::Transition;

/// What a check-in input says, parsed against the request's registered guests.
pub(super) struct ParsedCheckIn {
    /// Indices of the registered guests who came.
    pub(super) present: Vec<usize>,
    pub(super) extra: Vec<Guest>,
    pub(super) regional_head_present: bool,
    pub(super) arrived_time: Option<NaiveTime>,
    pub(super) note: Option<String>,
}

pub(super) fn parse_check_in(
    input: &CheckInInput,
    registered: &[GuestView],
) -> std::result::Result<ParsedCheckIn, FieldErrors> {
    let mut errors = FieldErrors::default();
    let mut present = Vec::new();
    for (index, &guest) in input.present.iter().enumerate() {
        let guest = guest as usize;
        if guest >= registered.len() {
            errors.push(
                format!("present[{index}]"),
                format!("Tamu ke-{} tidak terdaftar pada permohonan ini", guest + 1),
            );
        } else if present.contains(&guest) {
            errors.push(
                format!("present[{index}]"),
                format!("{} tercatat hadir dua kali", registered[guest].name),
            );
        } else {
            present.push(guest);
        }
    }
    let extra = parse_guest_list(&input.extra_guests, "extra_guests", &mut errors);
    if input.present.is_empty() && input.extra_guests.is_empty() {
        errors.push(
            "present",
            "Centang tamu yang hadir atau tambahkan tamu yang datang tanpa terdaftar",
        );
    }
    // Ticking the guest marked Kepala Daerah is what says the Kepala Daerah came.
    let regional_head_present = present.iter().any(|&g| registered[g].is_regional_head)
        || extra.iter().any(|g| g.is_regional_head);
    let head_registered = registered.iter().any(|g| g.is_regional_head);
    if extra.iter().any(|g| g.is_regional_head) && head_registered {
        errors.push(
            "extra_guests",
            "Kepala Daerah sudah terdaftar sebagai tamu; centang namanya di daftar tamu",
        );
    }
    let arrived_time = match input.arrived_time.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => errors.take("arrived_time", parse_time(raw, "Jam kedatangan")),
    };
    let note = match input.note.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(raw) => errors
            .take("note", LetterLine::parse(raw, "Catatan"))
            .map(LetterLine::into_string),
    };
    errors.into_result()?;
    Ok(ParsedCheckIn {
        present,
        extra,
        regional_head_present,
        arrived_time,
        note,
    })
}

/// The arrival instant: the time given on `day`, or now; never in the future.
pub(super) fn arrival_instant(
    day: NaiveDate,
    time: Option<NaiveTime>,
    now: DateTime<Utc>,
) -> std::result::Result<DateTime<Utc>, FieldErrors> {
    let Some(time) = time else {
        return Ok(now);
    };
    let at = office_local_to_utc(day, time);
    if at > now + Duration::minutes(5) {
        return Err(FieldErrors::single(
            "arrived_time",
            "Jam kedatangan tidak boleh di masa depan",
        ));
    }
    Ok(at)
}

/// Who came, as the store records them: the registered guests ticked, then the extras.
pub(super) fn attendees<'a>(
    parsed: &'a ParsedCheckIn,
    registered: &'a [GuestView],
) -> Vec<Attendee<'a>> {
    parsed
        .present
        .iter()
        .map(|&index| {
            let guest = &registered[index];
            Attendee {
                registered: Some(index),
                name: &guest.name,
                job_title: &guest.position,
                institution: &guest.institution,
                is_regional_head: guest.is_regional_head,
            }
        })
        .chain(parsed.extra.iter().map(Attendee::extra))
        .collect()
}

/// What the audit log keeps of a check-in.
#[derive(Serialize)]
pub(super) struct CheckInAudit<'a> {
    arrived_at: String,
    present: usize,
    extra: usize,
    regional_head_present: bool,
    violations: Vec<&'a str>,
}

impl<'a> CheckInAudit<'a> {
    pub(super) fn of(
        parsed: &ParsedCheckIn,
        arrived_at: DateTime<Utc>,
        violations: &'a [Violation],
    ) -> Self {
        CheckInAudit {
            arrived_at: to_rfc3339(arrived_at),
            present: parsed.present.len(),
            extra: parsed.extra.len(),
            regional_head_present: parsed.regional_head_present,
            violations: violations.iter().map(|v| v.kind.as_str()).collect(),
        }
    }
}

pub(super) fn preview_of(
    parsed: &ParsedCheckIn,
    registered: &[GuestView],
    arrived_at: DateTime<Utc>,
    guest_cap: u32,
    violations: &[Violation],
) -> CheckInPreview {
    CheckInPreview {
        arrived_at: to_rfc3339(arrived_at),
        arrived_label: format_time(arrived_at.with_timezone(&OFFICE_TZ).time(), ZoneLabel::Wib),
        present: parsed
            .present
            .iter()
            .map(|&i| registered[i].name.clone())
            .collect(),
        extra: parsed
            .extra
            .iter()
            .map(|g| g.name.as_str().to_owned())
            .collect(),
        regional_head_present: parsed.regional_head_present,
        attended: (parsed.present.len() + parsed.extra.len()) as u32,
        guest_cap,
        violations: violations
            .iter()
            .map(|v| PreviewViolation {
                kind: v.kind,
                label: v.kind.label().to_owned(),
                clause: v.kind.clause().to_owned(),
                evidence: v.evidence.clone(),
            })
            .collect(),
    }
}

/// A check-in weighed before anything is written: the request as read, what it will record and
/// the violations that follow.
struct PreparedCheckIn {
    before: RequestDetail,
    to: RequestStatus,
    booking_id: i64,
    parsed: ParsedCheckIn,
    arrived_at: DateTime<Utc>,
    guest_cap: u32,
    violations: Vec<Violation>,
}

/// Everything `check_in` refuses, checked without writing. A tatap muka arrives at the desk at
/// its arrival time; a video conference is attended from the slot's start, so it takes no
/// arrival time and cannot be recorded before it starts.
async fn prepare_check_in(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &CheckInInput,
    now: DateTime<Utc>,
) -> Result<PreparedCheckIn> {
    let before = get_request(store, id).await?;
    let parsed = parse_check_in(input, &before.guests)?;
    let to = authorise(&before, Transition::CheckIn, actor)?;
    let booking = before
        .booking
        .as_ref()
        .ok_or_else(|| Error::Internal(format!("permohonan #{id} terjadwal tanpa jadwal aktif")))?;
    let starts = view_instant(&booking.starts_at)?;
    let booked_day = office_day(starts);
    if office_day(now) != booked_day {
        return Err(Error::Conflict {
            message: format!(
                "Jadwal permohonan #{id} adalah {}; kedatangan hanya dicatat pada hari jadwal. \
                 Delegasi yang datang di hari lain dicatat sebagai kedatangan tanpa jadwal.",
                format_date_with_day(booked_day)
            ),
            findings: Vec::new(),
        });
    }
    let arrived_at = match before.channel {
        Channel::InPerson => arrival_instant(booked_day, parsed.arrived_time, now)?,
        Channel::VideoConference => {
            if parsed.arrived_time.is_some() {
                return Err(FieldErrors::single(
                    "arrived_time",
                    "Video conference tidak mencatat jam kedatangan; kehadiran dicatat sejak \
                     jadwal dimulai",
                )
                .into());
            }
            if now < starts {
                let start = starts.with_timezone(&OFFICE_TZ);
                return Err(Error::Conflict {
                    message: format!(
                        "Video conference dimulai pukul {}; kehadiran dicatat setelah dimulai",
                        format_time(start.time(), ZoneLabel::Wib)
                    ),
                    findings: Vec::new(),
                });
            }
            starts
        }
    };
    let cap = guest_cap(store, &before).await?;
    let facts = ArrivalFacts {
        channel: before.channel,
        booked: true,
        confirmed: before.status == RequestStatus::Confirmed,
        has_letter: before.letter.is_some(),
        guest_cap: cap,
        registered_present: parsed.present.len() as u32,
        extra_guests: parsed.extra.len() as u32,
        // The claim is the guest marked Kepala Daerah.
        regional_head_claimed: before.guests.iter().any(|g| g.is_regional_head),
        regional_head_present: parsed.regional_head_present,
    };
    let violations = rules::violations_at_arrival(&facts);
    let booking_id = booking.id;
    Ok(PreparedCheckIn {
        before,
        to,
        booking_id,
        parsed,
        arrived_at,
        guest_cap: cap,
        violations,
    })
}

/// What `check_in` with this input would record now, and the violations it would write,
/// refused exactly as `check_in` would refuse it; nothing is written.
pub async fn check_in_preview(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &CheckInInput,
    now: DateTime<Utc>,
) -> Result<CheckInPreview> {
    let prepared = prepare_check_in(store, actor, id, input, now).await?;
    Ok(preview_of(
        &prepared.parsed,
        &prepared.before.guests,
        prepared.arrived_at,
        prepared.guest_cap,
        &prepared.violations,
    ))
}

/// Records the arrival of a booked delegation on its day (for a video conference, who joined),
/// with the violations the arrival carries. Refused before the booking's day or after it (a
/// delegation on another day is a walk-in), for a request not Scheduled or Confirmed, and for
/// bad input — changing nothing.
pub async fn check_in(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &CheckInInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let PreparedCheckIn {
        before,
        to,
        booking_id,
        parsed,
        arrived_at,
        violations,
        ..
    } = prepare_check_in(store, actor, id, input, now).await?;

    let mut tx = store.write_serialised().await?;
    move_status(&mut tx, before.id, before.version, to, None, now).await?;
    db::record_check_in(
        &mut tx,
        &NewCheckIn {
            request_id: id,
            booking_id: Some(booking_id),
            region_code: before.requester.region_code.as_deref(),
            arrived_at,
            occurred_on: office_day(arrived_at),
            regional_head_present: parsed.regional_head_present,
            note: parsed.note.as_deref(),
            attendees: &attendees(&parsed, &before.guests),
            violations: &violations,
            recorded_by: actor.id,
            recorded_at: now,
        },
    )
    .await?;
    let entry = AuditEntry::new(actor, Transition::CheckIn)
        .on_request(id)
        .before(&snapshot(&before, None))
        .after(&CheckInAudit::of(&parsed, arrived_at, &violations));
    tx.audit(&noted(entry, parsed.note.as_deref()), now).await?;
    tx.commit().await?;
    get_request(store, id).await
}
