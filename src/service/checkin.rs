//! The day of the visit: the arrivals list, check-in (with the violations it finds by itself),
//! walk-ins, completion, no-shows, and a requester's compliance history.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};
use serde::Serialize;

use super::get_request;
use super::history::{held_item, requester_short_label};
use super::policy::{guest_cap, guest_cap_in};
use super::workflow::{Actor, authorise, record, require_secretariat, snapshot};
use crate::api::parse_guest_list;
use crate::api::{
    ArrivalView, ArrivalsDay, AttendeeView, CheckInInput, CheckInPreview, CheckInView,
    CheckInVoidView, ComplianceHistory, GuestInput, HeldVisitView, PreferredSlotInput,
    PreviewViolation, RequestDetail, ViolationView, VoidCheckInInput, WalkInInput,
};
use crate::checkin::{self as rules, ArrivalFacts, Violation, ViolationKind};
use crate::domain::region::RegionCode;
use crate::domain::region::ZoneLabel;
use crate::domain::request::{Guest, NewRequest, Reference};
use crate::domain::{Channel, RequestStatus, RequesterKind};
use crate::error::{Error, Result};
use crate::store::checkin::{self as db, AttendeeRow, NewCheckIn, ViolationFilter};
use crate::store::history::{self as held_db, DeskRecord};
use crate::store::{Store, requests};
use crate::time::{
    OFFICE_TZ, format_date, format_date_with_day, format_time, office_day, office_day_bounds,
    office_local_to_utc, parse_rfc3339, to_rfc3339,
};
use crate::validate::{FieldErrors, LetterLine, parse_date, parse_time};
use crate::workflow::Transition;

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

fn stored_instant(text: &str) -> Result<DateTime<Utc>> {
    parse_rfc3339(text).ok_or_else(|| Error::Internal(format!("waktu tersimpan rusak: {text}")))
}

/// What a check-in input says, parsed against the request's registered guests.
struct ParsedCheckIn {
    present: Vec<usize>,
    extra: Vec<Guest>,
    regional_head_present: bool,
    arrived_time: Option<NaiveTime>,
    note: Option<String>,
}

fn parse_check_in(
    input: &CheckInInput,
    registered: &[crate::api::GuestView],
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
fn arrival_instant(
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

fn attendee_rows<'a>(
    parsed: &'a ParsedCheckIn,
    registered: &'a [crate::api::GuestView],
    guest_ids: &[i64],
) -> Result<Vec<AttendeeRow<'a>>> {
    let mut rows = Vec::new();
    for &index in &parsed.present {
        let guest = &registered[index];
        let id = *guest_ids
            .get(index)
            .ok_or_else(|| Error::Internal("daftar tamu berubah saat kedatangan dicatat".into()))?;
        rows.push(AttendeeRow {
            guest_id: Some(id),
            name: &guest.name,
            job_title: &guest.position,
            institution: &guest.institution,
            is_regional_head: guest.is_regional_head,
        });
    }
    rows.extend(parsed.extra.iter().map(AttendeeRow::extra));
    Ok(rows)
}

/// What the audit log keeps of a check-in.
#[derive(Serialize)]
struct CheckInAudit<'a> {
    arrived_at: String,
    present: usize,
    extra: usize,
    regional_head_present: bool,
    violations: Vec<&'a str>,
}

impl<'a> CheckInAudit<'a> {
    fn of(parsed: &ParsedCheckIn, arrived_at: DateTime<Utc>, violations: &'a [Violation]) -> Self {
        CheckInAudit {
            arrived_at: to_rfc3339(arrived_at),
            present: parsed.present.len(),
            extra: parsed.extra.len(),
            regional_head_present: parsed.regional_head_present,
            violations: violations.iter().map(|v| v.kind.as_str()).collect(),
        }
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
    let starts = stored_instant(&booking.starts_at)?;
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

fn preview_of(
    parsed: &ParsedCheckIn,
    registered: &[crate::api::GuestView],
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

    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    super::workflow::set_status(&mut tx, &before, to, None, now).await?;
    let guest_ids = db::guest_ids(&mut tx, id).await?;
    let attendees = attendee_rows(&parsed, &before.guests, &guest_ids)?;
    write_check_in(
        &mut tx,
        id,
        before.requester.region_code.as_deref(),
        Some(booking_id),
        &parsed,
        &attendees,
        arrived_at,
        &violations,
        actor,
        now,
    )
    .await?;
    record(
        &mut tx,
        actor,
        Transition::CheckIn.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&CheckInAudit::of(&parsed, arrived_at, &violations)),
        parsed.note.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

#[allow(clippy::too_many_arguments)] // the check-in's parts, written together
async fn write_check_in(
    conn: &mut sqlx::SqliteConnection,
    request_id: i64,
    region_code: Option<&str>,
    booking_id: Option<i64>,
    parsed: &ParsedCheckIn,
    attendees: &[AttendeeRow<'_>],
    arrived_at: DateTime<Utc>,
    violations: &[Violation],
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<()> {
    let arrived = to_rfc3339(arrived_at);
    let recorded = to_rfc3339(now);
    let check_in_id = db::insert(
        conn,
        &NewCheckIn {
            request_id,
            booking_id,
            arrived_at: &arrived,
            regional_head_present: parsed.regional_head_present,
            note: parsed.note.as_deref(),
            recorded_by: actor.id,
            recorded_at: &recorded,
        },
        attendees,
    )
    .await?;
    db::insert_violations(
        conn,
        request_id,
        Some(check_in_id),
        region_code,
        &day_key(office_day(arrived_at)),
        violations,
        actor.id,
        &recorded,
    )
    .await
}

/// A walk-in weighed before anything is written.
struct PreparedWalkIn {
    request: NewRequest,
    registered: Vec<crate::api::GuestView>,
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
    let registered: Vec<crate::api::GuestView> = request_input
        .guests
        .iter()
        .map(|g: &GuestInput| crate::api::GuestView {
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
        crate::domain::request::Requester::Regional { region, .. } => {
            Some(region.as_str().to_owned())
        }
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
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let id = requests::insert(&mut tx, &request, RequestStatus::CheckedIn, now).await?;
    let guest_ids = db::guest_ids(&mut tx, id).await?;
    let attendees = attendee_rows(&parsed, &registered, &guest_ids)?;
    write_check_in(
        &mut tx,
        id,
        region_code.as_deref(),
        None,
        &parsed,
        &attendees,
        arrived_at,
        &violations,
        actor,
        now,
    )
    .await?;
    record(
        &mut tx,
        actor,
        "walk_in",
        Some(id),
        None::<&()>,
        Some(&CheckInAudit::of(&parsed, arrived_at, &violations)),
        parsed.note.as_deref(),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

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
    let arrival = db::check_in_of(&mut *store.pool().acquire().await?, id)
        .await?
        .ok_or_else(|| {
            Error::Internal(format!("permohonan #{id} hadir tanpa catatan kedatangan"))
        })?;
    let held_on = day_key(office_day(stored_instant(&arrival.arrived_at)?));
    let label = requester_short_label(
        &store.reference(),
        before.requester.kind,
        before.requester.region_code.as_deref(),
        Some(&before.requester.label),
    );
    let topic_codes: Vec<String> = before.topics.iter().map(|t| t.code.clone()).collect();
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    super::workflow::set_status(&mut tx, &before, to, None, now).await?;
    held_db::insert_from_desk(
        &mut tx,
        &DeskRecord {
            request_id: id,
            held_on: &held_on,
            channel: before.channel.as_str(),
            requester_kind: before.requester.kind.as_str(),
            region_code: before.requester.region_code.as_deref(),
            requester_name: before
                .requester
                .region_code
                .is_none()
                .then_some(before.requester.label.as_str()),
            written_as: &label,
            topic_codes: &topic_codes,
        },
        &to_rfc3339(now),
    )
    .await?;
    let mut after = before.clone();
    after.status = to;
    record(
        &mut tx,
        actor,
        Transition::Complete.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&snapshot(&after, None)),
        None,
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
    let ends = stored_instant(&booking.ends_at)?;
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
    let day = day_key(office_day(stored_instant(&booking.starts_at)?));
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    super::workflow::set_status(&mut tx, &before, to, None, now).await?;
    db::insert_violations(
        &mut tx,
        id,
        None,
        before.requester.region_code.as_deref(),
        &day,
        std::slice::from_ref(&violation),
        actor.id,
        &to_rfc3339(now),
    )
    .await?;
    let mut after = before.clone();
    after.status = to;
    record(
        &mut tx,
        actor,
        Transition::MarkNoShow.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&snapshot(&after, None)),
        Some(&violation.evidence),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// The violations matching `filter`, oldest first, each with its day.
pub(crate) async fn read_violations(
    store: &Store,
    filter: ViolationFilter<'_>,
) -> Result<Vec<(NaiveDate, ViolationView)>> {
    let reference = store.reference();
    let corrupt = |what: &str, value: &str| {
        Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
    };
    db::violations(store.pool(), filter)
        .await?
        .into_iter()
        .map(|row| {
            let kind = ViolationKind::from_stored(&row.kind)
                .ok_or_else(|| corrupt("pelanggaran", &row.kind))?;
            let channel = Channel::from_stored(&row.channel)
                .ok_or_else(|| corrupt("saluran", &row.channel))?;
            let requester_kind = RequesterKind::from_stored(&row.requester_kind)
                .ok_or_else(|| corrupt("jenis pengguna", &row.requester_kind))?;
            let day = NaiveDate::parse_from_str(&row.occurred_on, "%Y-%m-%d")
                .map_err(|_| corrupt("tanggal", &row.occurred_on))?;
            let view = ViolationView {
                id: row.id,
                request_id: row.request_id,
                kind,
                label: kind.label().to_owned(),
                clause: kind.clause().to_owned(),
                evidence: row.evidence,
                occurred_label: format_date_with_day(day),
                occurred_on: row.occurred_on,
                channel,
                requester_label: requester_short_label(
                    &reference,
                    requester_kind,
                    row.region_code.as_deref(),
                    row.requester_name.as_deref(),
                ),
            };
            Ok((day, view))
        })
        .collect()
}

/// The check-in of a request that stands (not voided), if it has one.
pub async fn check_in_view(store: &Store, id: i64) -> Result<Option<CheckInView>> {
    let mut conn = store.pool().acquire().await?;
    let Some(row) = db::check_in_of(&mut conn, id).await? else {
        return Ok(None);
    };
    drop(conn);
    Ok(Some(view_of_check_in(store, row).await?))
}

/// Every check-in of a request, newest first: the one that stands and those voided, each
/// voided one with its reason and the violations it no longer counts.
pub async fn check_ins_of(store: &Store, id: i64) -> Result<Vec<CheckInView>> {
    get_request(store, id).await?;
    let mut views = Vec::new();
    for row in db::check_ins_of(store.pool(), id).await? {
        views.push(view_of_check_in(store, row).await?);
    }
    Ok(views)
}

async fn view_of_check_in(store: &Store, row: db::CheckInRow) -> Result<CheckInView> {
    let arrived = stored_instant(&row.arrived_at)?.with_timezone(&OFFICE_TZ);
    let attendees = db::attendees_of(store.pool(), row.id)
        .await?
        .into_iter()
        .map(|a| AttendeeView {
            name: a.name,
            position: a.job_title,
            institution: a.institution,
            extra: a.extra,
            is_regional_head: a.is_regional_head,
        })
        .collect();
    let violations = read_violations(
        store,
        ViolationFilter {
            check_in_id: Some(row.id),
            include_voided: true,
            ..ViolationFilter::default()
        },
    )
    .await?
    .into_iter()
    .map(|(_, view)| view)
    .collect();
    let voided = match (row.void_reason, row.voided_by, row.voided_at) {
        (Some(reason), Some(voided_by), Some(voided_at)) => {
            let at = stored_instant(&voided_at)?.with_timezone(&OFFICE_TZ);
            Some(CheckInVoidView {
                reason,
                voided_by,
                voided_label: format!(
                    "{} {}",
                    format_date_with_day(at.date_naive()),
                    format_time(at.time(), ZoneLabel::Wib)
                ),
                voided_at,
            })
        }
        _ => None,
    };
    let channel = get_request(store, row.request_id).await?.channel;
    Ok(CheckInView {
        id: row.id,
        request_id: row.request_id,
        channel,
        voided,
        arrived_at: row.arrived_at,
        arrived_label: format_time(arrived.time(), ZoneLabel::Wib),
        walk_in: row.walk_in,
        regional_head_present: row.regional_head_present,
        attendees,
        violations,
        recorded_by: row.recorded_by,
        note: row.note,
    })
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
    require_secretariat(actor, "membatalkan kedatangan")?;
    let reason = LetterLine::parse(input.reason.trim(), "Alasan pembatalan")
        .map(LetterLine::into_string)
        .map_err(|message| FieldErrors::single("reason", message))?;
    let already_voided = || Error::Conflict {
        message: format!("Kedatangan #{check_in_id} sudah dibatalkan sebelumnya"),
        findings: Vec::new(),
    };
    let row = db::check_in_by_id(&mut *store.pool().acquire().await?, check_in_id)
        .await?
        .ok_or_else(|| Error::NotFound {
            what: "Kedatangan",
            id: check_in_id.to_string(),
        })?;
    if row.void_reason.is_some() {
        return Err(already_voided());
    }
    let before = get_request(store, row.request_id).await?;
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
    let violations = read_violations(
        store,
        ViolationFilter {
            check_in_id: Some(check_in_id),
            include_voided: true,
            ..ViolationFilter::default()
        },
    )
    .await?;
    let kinds: Vec<ViolationKind> = violations.iter().map(|(_, v)| v.kind).collect();
    let to = rules::status_after_void(!row.walk_in, &kinds);
    let voided_at = to_rfc3339(now);
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    // Another desk may have voided it meanwhile; the request's version guards the rest.
    if db::check_in_by_id(&mut tx, check_in_id)
        .await?
        .is_some_and(|r| r.void_reason.is_some())
    {
        return Err(already_voided());
    }
    db::insert_void(
        &mut tx,
        &db::NewVoid {
            check_in_id,
            reason: &reason,
            voided_by: actor.id,
            voided_at: &voided_at,
        },
    )
    .await?;
    super::workflow::set_status(&mut tx, &before, to, None, now).await?;
    record(
        &mut tx,
        actor,
        "void_check_in",
        Some(before.id),
        Some(&snapshot(&before, None)),
        Some(&VoidAudit {
            check_in_id,
            reason: &reason,
            status: to.as_str(),
            withdrawn_violations: kinds.iter().map(|k| k.as_str()).collect(),
        }),
        Some(&reason),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, before.id).await
}

fn parse_day(raw: &str) -> Result<NaiveDate> {
    parse_date(raw, "Tanggal").map_err(|message| FieldErrors::single("date", message).into())
}

/// The delegations of one WIB day (`YYYY-MM-DD`) at the desk, tatap muka only: booked ones by
/// start, then walk-ins. Video conferences have their own list (`video_attendance`).
pub async fn arrivals(store: &Store, date: &str, now: DateTime<Utc>) -> Result<ArrivalsDay> {
    day_of_channel(store, date, Channel::InPerson, now).await
}

/// The video conferences of one WIB day (`YYYY-MM-DD`), by start, with who joined each.
pub async fn video_attendance(
    store: &Store,
    date: &str,
    now: DateTime<Utc>,
) -> Result<ArrivalsDay> {
    day_of_channel(store, date, Channel::VideoConference, now).await
}

async fn day_of_channel(
    store: &Store,
    date: &str,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<ArrivalsDay> {
    let day = parse_day(date)?;
    let (from, to) = office_day_bounds(day);
    let ids = db::requests_of_day(
        store.pool(),
        channel.as_str(),
        &to_rfc3339(from),
        &to_rfc3339(to),
    )
    .await?;
    let data = store.policy_data().await?;
    let mut arrivals = Vec::with_capacity(ids.len());
    for id in ids {
        let detail = get_request(store, id).await?;
        let check_in = check_in_view(store, id).await?;
        let slot_ended = match &detail.booking {
            Some(b) => stored_instant(&b.ends_at)? <= now,
            None => true,
        };
        let earlier_violations = match &detail.requester.region_code {
            Some(code) => db::violations_before(store.pool(), code, &day_key(day)).await?,
            None => 0,
        };
        let confirmed = detail.status == RequestStatus::Confirmed
            || check_in.as_ref().is_some_and(|c| {
                !c.walk_in
                    && !c
                        .violations
                        .iter()
                        .any(|v| v.kind == ViolationKind::NotConfirmed)
            });
        let time_label = match &detail.booking {
            Some(b) => Some(crate::time::span_label(
                stored_instant(&b.starts_at)?,
                stored_instant(&b.ends_at)?,
                detail.requester.zone,
            )),
            None => None,
        };
        arrivals.push(ArrivalView {
            request_id: id,
            time_label,
            status: detail.status,
            channel: detail.channel,
            requester_label: detail.requester.label.clone(),
            region_code: detail.requester.region_code.clone(),
            contact: detail.contact.clone(),
            confirmed,
            has_letter: detail.letter.is_some(),
            guest_cap: guest_cap_in(&data, &detail)?,
            regional_head_claimed: detail.guests.iter().any(|g| g.is_regional_head),
            guests: detail.guests.clone(),
            booking: detail.booking.clone(),
            check_in,
            slot_ended,
            earlier_violations,
        });
    }
    Ok(ArrivalsDay {
        date: day_key(day),
        date_label: format_date_with_day(day),
        previous_date: day_key(day.pred_opt().unwrap_or(day)),
        next_date: day_key(day.succ_opt().unwrap_or(day)),
        arrivals,
    })
}

/// Everything the desk recorded of one region's Pemda and DPRD: requests, consultations held
/// (at the desk or imported), no-shows and violations.
pub async fn compliance_history(store: &Store, region_code: &str) -> Result<ComplianceHistory> {
    let reference = store.reference();
    let code = RegionCode::parse(region_code.trim())
        .ok()
        .filter(|c| reference.region(c).is_some())
        .ok_or_else(|| {
            FieldErrors::single(
                "region_code",
                format!("Kode wilayah \"{}\" tidak dikenal", region_code.trim()),
            )
        })?;
    let region = reference
        .region(&code)
        .ok_or_else(|| Error::Internal("wilayah hilang".into()))?
        .clone();
    let code = code.as_str();
    let violations: Vec<ViolationView> = read_violations(
        store,
        ViolationFilter {
            region_code: Some(code),
            ..ViolationFilter::default()
        },
    )
    .await?
    .into_iter()
    .rev()
    .map(|(_, view)| view)
    .collect();
    let visits = held_db::held_of_region(store.pool(), code, 100)
        .await?
        .into_iter()
        .map(|row| {
            let item = held_item(&reference, &row)?;
            Ok(HeldVisitView {
                date_label: format_date(item.held_on),
                held_on: row.held_on,
                channel: item.channel,
                requester_label: item.requester_label,
                topics: item.topics.join(", "),
                request_id: row.request_id,
                source: row.source,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ComplianceHistory {
        region_code: code.to_owned(),
        region_name: region.name.clone(),
        province_name: region.province_name.clone(),
        requests: db::count_requests_of_region(store.pool(), code).await?,
        held: held_db::count_held_of_region(store.pool(), code).await?,
        no_shows: violations
            .iter()
            .filter(|v| v.kind == ViolationKind::NoShow)
            .count() as u32,
        violations,
        visits,
    })
}
