//! Checking a request against the rules, suggesting slots for it, and booking one
//! (scheduling and rescheduling).

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::api::{
    BookingView, PreferenceVerdict, RequestDetail, RequestInput, ScheduleInput, SlotSearch,
    SlotSuggestion, SlotSuggestions, SuggestionSource, UnitView,
};
use crate::domain::region::RegionCode;
use crate::domain::request::{NewRequest, Reference, Requester};
use crate::domain::{Channel, RequestStatus};
use crate::error::{Error, Result};
use crate::policy::Policy;
use crate::policy::bookings::{BookedSlot, BookingIndex, Slot};
use crate::policy::rules::{
    Context, Finding, LetterFacts, OpenRequest, RequestFacts, Severity, blocks,
    check_request as rule_check, check_slot,
};
use crate::policy::slots::{self, SlotQuery, find_slots};
use crate::store::policy::{self as db, ResourcePersonRow, RoomRow};
use crate::store::reference::ReferenceData;
use crate::store::requests::{self, FactsRow};
use crate::store::scheduling::{self as booking_db, BookingSpan, bookings_near};
use crate::store::{PolicyData, Store};
use crate::time::{
    OFFICE_TZ, office_day, office_local_to_utc, parse_rfc3339, slot_label, to_rfc3339,
};
use crate::validate::{FieldErrors, parse_date, parse_date_until, parse_time};
use crate::workflow::Transition;
use konsultasi_core::audit::AuditEntry;

use super::get_request;
use super::settings::units;
use super::transitions::{authorise_record, snapshot};
use crate::domain::record::{RequestRecord, RequesterRecord};
use crate::store;
use crate::workflow::Actor;

/// The guest cap a request is judged by: the policy in force on the day it was received.
pub(crate) fn guest_cap_in(data: &PolicyData, detail: &RequestDetail) -> Result<u32> {
    let received = NaiveDate::parse_from_str(&detail.received_on, "%Y-%m-%d")
        .map_err(|_| Error::Internal(format!("tanggal diterima rusak: {}", detail.received_on)))?;
    Ok(data.in_force(received).guest_cap(detail.channel))
}

pub(crate) async fn guest_cap(store: &Store, detail: &RequestDetail) -> Result<u32> {
    guest_cap_in(&*store.policy_data().await?, detail)
}

/// A request as the rules judge it, and who it comes from: their other open requests count.
struct Subject {
    facts: RequestFacts,
    requester: RequesterColumns,
}

/// The requester as stored: its kind, and its region or else its name.
struct RequesterColumns {
    kind: String,
    region_code: Option<String>,
    name: Option<String>,
}

impl RequesterColumns {
    fn key(&self) -> String {
        db::requester_key(
            &self.kind,
            self.region_code.as_deref(),
            self.name.as_deref(),
        )
    }
}

fn requester_tz(reference: &ReferenceData, region: Option<&RegionCode>) -> Tz {
    region
        .and_then(|code| reference.region(code).map(|r| r.time_zone))
        .unwrap_or(OFFICE_TZ)
}

/// A request not saved yet (or being edited), from the parsed input.
fn subject_of_new(
    reference: &ReferenceData,
    id: Option<i64>,
    request: &NewRequest,
    received_on: NaiveDate,
) -> Subject {
    let (kind, region, name) = match &request.requester {
        Requester::Regional { kind, region } => (*kind, Some(region), None),
        Requester::Named { kind, name } => (*kind, None, Some(name.as_str())),
    };
    let requester = RequesterColumns {
        kind: kind.as_str().to_owned(),
        region_code: region.map(|r| r.as_str().to_owned()),
        name: name.map(str::to_owned),
    };
    let facts = RequestFacts {
        id,
        channel: request.channel,
        requester_key: requester.key(),
        received_on,
        topics: request.topics.clone(),
        planned_guest_count: request.planned_guest_count.get(),
        regional_head_attends: request.regional_head_attends,
        regional_head_listed: request.guests.iter().any(|g| g.is_regional_head),
        letter: request.letter.as_ref().map(|l| LetterFacts {
            number: l.number.as_str().to_owned(),
            date: l.date,
            addressee: l.addressee.as_str().to_owned(),
        }),
        preferred_slots: request.preferred_slots.clone(),
        requester_tz: requester_tz(reference, region),
    };
    Subject { facts, requester }
}

/// The columns of a stored request the rules read, wherever they were read from.
struct StoredFacts<'a> {
    id: i64,
    status: &'a str,
    channel: &'a str,
    requester: RequesterColumns,
    received_on: NaiveDate,
    topics: Vec<String>,
    planned_guest_count: i64,
    regional_head_attends: bool,
    head_listed: bool,
    letter: Option<(&'a str, NaiveDate, &'a str)>,
    preferred_slots: Vec<&'a str>,
}

fn split_list(text: Option<&str>) -> impl Iterator<Item = &str> {
    text.unwrap_or("")
        .split(',')
        .filter(|part| !part.is_empty())
}

/// A stored request, read by [`requests::facts`] (one query).
fn subject_of_row(reference: &ReferenceData, row: &FactsRow) -> Result<(Subject, RequestStatus)> {
    let letter = match (&row.letter_number, &row.letter_date, &row.letter_addressee) {
        (Some(number), Some(date), Some(addressee)) => {
            Some((number.as_str(), *date, addressee.as_str()))
        }
        _ => None,
    };
    subject_of_stored(
        reference,
        StoredFacts {
            id: row.id,
            status: &row.status,
            channel: &row.channel,
            requester: RequesterColumns {
                kind: row.requester_kind.clone(),
                region_code: row.region_code.clone(),
                name: row.requester_name.clone(),
            },
            received_on: row.received_on(),
            topics: split_list(row.topics.as_deref())
                .map(str::to_owned)
                .collect(),
            planned_guest_count: row.planned_guest_count,
            regional_head_attends: row.regional_head_attends,
            head_listed: row.head_listed,
            letter,
            preferred_slots: split_list(row.slots.as_deref()).collect(),
        },
    )
}

/// A stored request, as the store's read model hands it over: already typed, so only the
/// requester's key and zone are derived here.
fn subject_of_record(reference: &ReferenceData, record: &RequestRecord) -> Result<Subject> {
    let (kind, region, name) = match &record.requester {
        RequesterRecord::Regional { kind, region } => (*kind, Some(region), None),
        RequesterRecord::Named { kind, name } => (*kind, None, Some(name.clone())),
    };
    let requester = RequesterColumns {
        kind: kind.as_str().to_owned(),
        region_code: region.map(|r| r.as_str().to_owned()),
        name,
    };
    let received_on = record.received_on.ok_or_else(|| {
        Error::Internal(format!(
            "tanggal diterima permohonan #{} tersimpan rusak",
            record.id
        ))
    })?;
    let facts = RequestFacts {
        id: Some(record.id),
        channel: record.channel,
        requester_key: requester.key(),
        received_on,
        topics: record.topics.clone(),
        planned_guest_count: record.planned_guest_count,
        regional_head_attends: record.regional_head_attends,
        regional_head_listed: record.guests.iter().any(|g| g.is_regional_head),
        letter: record.letter.as_ref().map(|l| LetterFacts {
            number: l.number.clone(),
            date: l.date,
            addressee: l.addressee.clone(),
        }),
        preferred_slots: record.preferred_slots.clone(),
        requester_tz: requester_tz(reference, region),
    };
    Ok(Subject { facts, requester })
}

fn subject_of_stored(
    reference: &ReferenceData,
    stored: StoredFacts<'_>,
) -> Result<(Subject, RequestStatus)> {
    let broken =
        |what: &str, value: &str| Error::Internal(format!("{what} tersimpan rusak: {value}"));
    let region = stored
        .requester
        .region_code
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(Error::Internal)?;
    let letter = stored.letter.map(|(number, date, addressee)| LetterFacts {
        number: number.to_owned(),
        date,
        addressee: addressee.to_owned(),
    });
    let facts = RequestFacts {
        id: Some(stored.id),
        channel: Channel::from_stored(stored.channel)
            .ok_or_else(|| broken("saluran", stored.channel))?,
        requester_key: stored.requester.key(),
        received_on: stored.received_on,
        topics: stored.topics,
        planned_guest_count: u32::try_from(stored.planned_guest_count).unwrap_or(0),
        regional_head_attends: stored.regional_head_attends,
        regional_head_listed: stored.head_listed,
        letter,
        preferred_slots: stored
            .preferred_slots
            .iter()
            .filter_map(|s| parse_rfc3339(s))
            .collect(),
        requester_tz: requester_tz(reference, region.as_ref()),
    };
    let status =
        RequestStatus::from_stored(stored.status).ok_or_else(|| broken("status", stored.status))?;
    Ok((
        Subject {
            facts,
            requester: stored.requester,
        },
        status,
    ))
}

/// Runs `judge` over the context of the rules: the policy, the calendar, the bookings read
/// for the request and its requester's open requests.
fn judge<T>(
    policy: &Policy,
    data: &PolicyData,
    bookings: Vec<BookedSlot>,
    open_requests: &[OpenRequest],
    now: DateTime<Utc>,
    judge: impl FnOnce(&Context<'_>) -> T,
) -> T {
    let index = BookingIndex::new(bookings);
    judge(&Context {
        policy,
        calendar: &data.calendar,
        bookings: &index,
        open_requests,
        now,
    })
}

/// Around the preferred slots only the daily cap is judged, so only tatap muka bookings count.
fn preferred_span(facts: &RequestFacts) -> Option<BookingSpan> {
    let first = facts.preferred_slots.iter().min()?;
    let last = facts.preferred_slots.iter().max()?;
    Some(BookingSpan {
        from: *first - Duration::days(1),
        to: *last + Duration::days(1),
        in_person_only: true,
    })
}

/// The findings for a request as typed in the form, saved or not. Bad input is a validation
/// error, exactly as saving it would be.
pub async fn check_request_input(
    store: &Store,
    id: Option<i64>,
    input: &RequestInput,
    now: DateTime<Utc>,
) -> Result<Vec<Finding>> {
    let reference = store.reference();
    let request = input.parse(reference.as_ref(), office_day(now))?;
    let received_on = match (request.received_on, id) {
        (Some(date), _) => date,
        (None, Some(id)) => {
            let stored = get_request(store, id).await?;
            NaiveDate::parse_from_str(&stored.received_on, "%Y-%m-%d")
                .unwrap_or_else(|_| office_day(now))
        }
        (None, None) => office_day(now),
    };
    let subject = subject_of_new(&reference, id, &request, received_on);
    let data = store.policy_data().await?;
    let mut reads = store.read_session().await?;
    let bookings = bookings_near(&mut reads, preferred_span(&subject.facts).as_slice()).await?;
    let open = open_requests(&mut reads, &subject.requester).await?;
    let policy = data.in_force(subject.facts.received_on);
    Ok(judge(&policy, &data, bookings, &open, now, |ctx| {
        rule_check(&subject.facts, ctx)
    }))
}

/// The findings for a stored request.
pub async fn check_request(store: &Store, id: i64, now: DateTime<Utc>) -> Result<Vec<Finding>> {
    let data = store.policy_data().await?;
    let mut reads = store.read_session().await?;
    let row = requests::facts(&mut reads, id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let (subject, _) = subject_of_row(&store.reference(), &row)?;
    let bookings = bookings_near(&mut reads, preferred_span(&subject.facts).as_slice()).await?;
    let open = open_requests(&mut reads, &subject.requester).await?;
    let policy = data.in_force(subject.facts.received_on);
    Ok(judge(&policy, &data, bookings, &open, now, |ctx| {
        rule_check(&subject.facts, ctx)
    }))
}

/// The requester's open requests, for the duplicate rule.
async fn open_requests(
    conn: &mut crate::store::scheduling::ReadSession,
    requester: &RequesterColumns,
) -> Result<Vec<OpenRequest>> {
    db::open_requests_of(
        conn,
        &requester.kind,
        requester.region_code.as_deref(),
        requester.name.as_deref(),
    )
    .await
}

fn unit_for(store: &Store, facts: &RequestFacts, requested: Option<&str>) -> Result<UnitView> {
    let units = units(store);
    let code = match requested.map(str::trim).filter(|c| !c.is_empty()) {
        Some(code) => code.to_owned(),
        None => {
            let reference = store.reference();
            facts
                .topics
                .first()
                .and_then(|t| reference.topics().iter().find(|x| &x.code == t))
                .map(|t| t.unit_code.clone())
                .unwrap_or_else(|| "SET".to_owned())
        }
    };
    units.into_iter().find(|u| u.code == code).ok_or_else(|| {
        Error::Validation(FieldErrors::single(
            "unit_code",
            format!("Unit \"{code}\" tidak dikenal"),
        ))
    })
}

/// The active rooms by code, in the order slots try them.
fn active_rooms(data: &PolicyData) -> (Vec<String>, HashMap<&str, &RoomRow>) {
    let active: Vec<&RoomRow> = data.rooms.iter().filter(|r| r.active).collect();
    (
        active.iter().map(|r| r.code.clone()).collect(),
        active.into_iter().map(|r| (r.code.as_str(), r)).collect(),
    )
}

/// Slot suggestions for request `id`. Each preferred slot is judged first, as scheduling it
/// would be (for the unit, length and resource persons of the search, in the first free room);
/// the suggestions are the passing preferences in the Pemda's order, then the free slots
/// nearest to the preferences, then the earliest free slots of the range, each with its own
/// reason. Preferences are judged wherever they lie; suggestions lie inside the range.
pub async fn suggest_slots(
    store: &Store,
    id: i64,
    search: &SlotSearch,
    now: DateTime<Utc>,
) -> Result<SlotSuggestions> {
    let data = store.policy_data().await?;
    let mut reads = store.read_session().await?;
    let row = requests::facts(&mut reads, id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let (Subject { facts, requester }, _) = subject_of_row(&store.reference(), &row)?;
    let mut errors = FieldErrors::default();
    let from = match search.from.as_deref() {
        Some(raw) => errors.take("from", parse_date(raw, "Tanggal awal")),
        None => office_day(now).succ_opt(),
    };
    let to = match (search.to.as_deref(), from) {
        (Some(raw), _) => errors.take("to", parse_date(raw, "Tanggal akhir")),
        (None, Some(from)) => Some(from + Duration::days(90)),
        (None, None) => None,
    };
    let count = search.count.unwrap_or(10);
    if !(1..=50).contains(&count) {
        errors.push(
            "count",
            format!("Jumlah saran harus 1 sampai 50, bukan {count}"),
        );
    }
    if let (Some(from), Some(to)) = (from, to)
        && (to < from || to - from > Duration::days(366))
    {
        errors.push(
            "to",
            "Rentang pencarian harus 0 sampai 366 hari setelah tanggal awal",
        );
    }
    let unit = errors.take(
        "unit_code",
        unit_for(store, &facts, search.unit_code.as_deref()).map_err(|e| e.to_string()),
    );
    let (Some(from), Some(to), Some(unit)) = (from, to, unit) else {
        return Err(errors.into());
    };
    let known_persons = if search.resource_person_ids.is_empty() {
        Vec::new()
    } else {
        db::resource_persons(&mut reads).await?
    };
    let persons = errors.take(
        "resource_person_ids",
        chosen_resource_persons(&known_persons, &unit.code, &search.resource_person_ids),
    );
    if let Some(minutes) = search.duration_minutes
        && let Err(message) = crate::policy::check_duration(minutes)
    {
        errors.push("duration_minutes", message);
    }
    let Some(persons) = persons.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };

    let policy = data.in_force(facts.received_on);
    let duration = Duration::minutes(i64::from(
        search
            .duration_minutes
            .unwrap_or(policy.default_duration_minutes),
    ));
    let (room_order, rooms) = active_rooms(&data);
    let query = SlotQuery {
        from,
        to,
        count: count as usize,
        duration,
        unit: unit.code.clone(),
        resource_persons: persons,
        rooms: room_order,
        step_minutes: 30,
    };
    let view = |slot: &Slot, reason: String, source: SuggestionSource| {
        let room = slot
            .room
            .as_deref()
            .and_then(|code| rooms.get(code).copied());
        let local = slot.start.with_timezone(&OFFICE_TZ);
        SlotSuggestion {
            starts_at: to_rfc3339(slot.start),
            ends_at: to_rfc3339(slot.end),
            date: local.format("%Y-%m-%d").to_string(),
            time: local.format("%H:%M").to_string(),
            duration_minutes: crate::time::minutes_between(slot.start, slot.end),
            label: slot_label(slot.start, facts.requester_tz),
            room_code: slot.room.clone(),
            room_name: room.map(|r| r.name.clone()),
            unit_code: unit.code.clone(),
            unit_name: unit.short_name.clone(),
            reason,
            source,
        }
    };

    // The preferences and what lies around them, and the earliest slots of the first days,
    // judged over one read of the bookings of the days looked at. Bookings for the later
    // earliest slots are read a few days at a time, in growing steps: the earliest slots
    // usually lie in the first days, so a 90-day search rarely reads 90 days of bookings.
    let first_chunk_to = (from + Duration::days(3)).min(to);
    let mut days: Vec<NaiveDate> = facts
        .preferred_slots
        .iter()
        .flat_map(|start| slots::neighbourhood(*start, &data.calendar, &policy))
        .chain(from.iter_days().take_while(|d| *d <= first_chunk_to))
        .collect();
    days.sort();
    days.dedup();
    let mut spans: Vec<BookingSpan> = Vec::new();
    for day in days {
        let (day_from, day_to) = crate::time::office_day_bounds(day);
        match spans.last_mut() {
            Some(last) if last.to >= day_from => last.to = day_to,
            _ => spans.push(BookingSpan {
                from: day_from,
                to: day_to,
                in_person_only: false,
            }),
        }
    }
    // The earliest slots may repeat those offered for the preferences: ask for enough.
    let near_most = facts.preferred_slots.len() * (3 + 2 * slots::NEIGHBOUR_WORKING_DAYS as usize);
    let first_chunk = SlotQuery {
        to: first_chunk_to,
        count: query.count + near_most,
        ..query.clone()
    };
    let open = open_requests(&mut reads, &requester).await?;
    let bookings = bookings_near(&mut reads, &spans).await?;
    let (judged, alternatives, request_blocks, mut early) =
        judge(&policy, &data, bookings, &open, now, |ctx| {
            let request_blocks: Vec<Finding> = rule_check(
                &RequestFacts {
                    preferred_slots: Vec::new(),
                    ..facts.clone()
                },
                ctx,
            )
            .into_iter()
            .filter(|f| f.severity == Severity::Block)
            .collect();
            let judged: Vec<slots::PreferenceJudgement> = facts
                .preferred_slots
                .iter()
                .enumerate()
                .map(|(index, start)| slots::judge_preference(&facts, index, *start, &query, ctx))
                .collect();
            let mut alternatives: Vec<slots::Alternative> = facts
                .preferred_slots
                .iter()
                .enumerate()
                .flat_map(|(index, start)| {
                    slots::alternatives_around(&facts, index, *start, &query, ctx)
                })
                .collect();
            alternatives.sort_by_key(slots::Alternative::rank);
            let early = find_slots(&facts, &first_chunk, ctx);
            (judged, alternatives, request_blocks, Some(early))
        });

    let mut suggestions: Vec<SlotSuggestion> = Vec::new();
    let mut offered: std::collections::HashSet<DateTime<Utc>> = Default::default();
    let in_range = |slot: &Slot| query.covers(slot.start.with_timezone(&OFFICE_TZ).date_naive());
    let preferences: Vec<PreferenceVerdict> = judged
        .iter()
        .map(|judgement| {
            let local = judgement.start.with_timezone(&OFFICE_TZ);
            let index = u32::try_from(judgement.index).unwrap_or(u32::MAX);
            let suggestion = judgement.slot.as_ref().map(|slot| {
                view(
                    slot,
                    slots::preference_reason(judgement),
                    SuggestionSource::Preference { index },
                )
            });
            if let (Some(slot), Some(card)) = (&judgement.slot, &suggestion)
                && in_range(slot)
                && suggestions.len() < query.count
                && offered.insert(slot.start)
            {
                suggestions.push(card.clone());
            }
            PreferenceVerdict {
                index,
                starts_at: to_rfc3339(judgement.start),
                date: local.format("%Y-%m-%d").to_string(),
                time: local.format("%H:%M").to_string(),
                label: slot_label(judgement.start, facts.requester_tz),
                suggestion,
                refusals: judgement.refusals.clone(),
            }
        })
        .collect();
    for alternative in &alternatives {
        if suggestions.len() >= query.count {
            break;
        }
        let Some(judgement) = judged.get(alternative.preference) else {
            continue;
        };
        if offered.insert(alternative.slot.start) {
            let index = u32::try_from(alternative.preference).unwrap_or(u32::MAX);
            suggestions.push(view(
                &alternative.slot,
                slots::alternative_reason(alternative, judgement),
                SuggestionSource::NearPreference { index },
            ));
        }
    }

    // Then the earliest free slots.
    let after_others = !suggestions.is_empty();
    let mut previous: Option<Slot> = None;
    let mut chunk_from = from;
    let mut chunk_days = 4;
    while chunk_from <= to && suggestions.len() < query.count {
        let chunk_to = (chunk_from + Duration::days(chunk_days - 1)).min(to);
        chunk_days = (chunk_days * 2).min(28);
        let found = match early.take() {
            Some(found) => found,
            None => {
                // Slots offered above may come again; ask for enough to step over them.
                let chunk = SlotQuery {
                    from: chunk_from,
                    to: chunk_to,
                    count: query.count - suggestions.len() + offered.len(),
                    ..query.clone()
                };
                let span = BookingSpan {
                    from: office_local_to_utc(chunk_from, chrono::NaiveTime::MIN),
                    to: office_local_to_utc(chunk_to, chrono::NaiveTime::MIN) + Duration::days(2),
                    in_person_only: false,
                };
                let bookings = bookings_near(&mut reads, &[span]).await?;
                judge(&policy, &data, bookings, &open, now, |ctx| {
                    find_slots(&facts, &chunk, ctx)
                })
            }
        };
        for slot in found {
            if suggestions.len() >= query.count {
                break;
            }
            if !offered.insert(slot.start) {
                continue;
            }
            let reason = slots::earliest_reason(
                &facts,
                previous.as_ref(),
                &slot,
                after_others,
                &data.calendar,
                &policy,
            );
            suggestions.push(view(&slot, reason, SuggestionSource::Earliest));
            previous = Some(slot);
        }
        chunk_from = chunk_to + Duration::days(1);
    }
    Ok(SlotSuggestions {
        preferences,
        suggestions,
        request_blocks,
    })
}

fn refusal(findings: Vec<Finding>) -> Error {
    let blocking: Vec<&Finding> = findings
        .iter()
        .filter(|f| f.severity == Severity::Block)
        .collect();
    let only_conflicts = blocking.iter().all(|f| f.rule.is_conflict());
    let first = blocking
        .first()
        .map(|f| f.message.clone())
        .unwrap_or_default();
    let message = if blocking.len() > 1 {
        format!(
            "Jadwal tidak dapat dibuat: {first}, dan {} alasan lain",
            blocking.len() - 1
        )
    } else {
        format!("Jadwal tidak dapat dibuat: {first}")
    };
    if only_conflicts {
        Error::Conflict { message, findings }
    } else {
        Error::Policy { message, findings }
    }
}

/// The resource persons a booking names: each must exist, be active and belong to `unit`;
/// the error is the field's message.
fn chosen_resource_persons(
    known: &[ResourcePersonRow],
    unit: &str,
    ids: &[i64],
) -> std::result::Result<Vec<i64>, String> {
    let mut chosen = Vec::new();
    for id in ids {
        match known.iter().find(|p| p.id == *id) {
            Some(person) if person.active && person.unit_code == unit => {
                if !chosen.contains(id) {
                    chosen.push(*id);
                }
            }
            Some(person) if !person.active => {
                return Err(format!("Narasumber {} tidak aktif", person.name));
            }
            Some(person) => {
                return Err(format!("Narasumber {} bukan dari unit {unit}", person.name));
            }
            None => return Err(format!("Narasumber #{id} tidak dikenal")),
        }
    }
    Ok(chosen)
}

/// Books a slot for request `id` after the workflow, the actor's role and every rule have
/// passed, inside one write transaction: two attempts at one slot, from any process, cannot
/// both succeed.
pub async fn schedule_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &ScheduleInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    book(store, id, actor, input, now, Transition::Schedule).await
}

/// Moves a scheduled or confirmed request to a new slot after every rule passes again: the UID
/// stays, SEQUENCE rises, the old slot goes to the history, and the Pemda confirms anew.
pub async fn reschedule_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    input: &ScheduleInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    book(store, id, actor, input, now, Transition::Reschedule).await
}

/// The slot an input asks for, checked field by field against the request and the policy.
struct Booking {
    slot: Slot,
    meeting_url: Option<String>,
}

fn booking_of(
    input: &ScheduleInput,
    facts: &RequestFacts,
    unit: std::result::Result<UnitView, String>,
    policy: &Policy,
    data: &PolicyData,
    persons: impl FnOnce(&UnitView) -> std::result::Result<Vec<i64>, String>,
    now: DateTime<Utc>,
) -> Result<Booking> {
    let mut errors = FieldErrors::default();
    let latest = office_day(now) + Duration::days(crate::validate::SCHEDULE_DAYS_AHEAD);
    let date = errors.take(
        "date",
        parse_date_until(&input.date, "Tanggal jadwal", latest),
    );
    let time = errors.take("time", parse_time(&input.time, "Jam jadwal"));
    let minutes = input
        .duration_minutes
        .unwrap_or(policy.default_duration_minutes);
    if let Err(message) = crate::policy::check_duration(minutes) {
        errors.push("duration_minutes", message);
    }
    let room = match (
        facts.channel,
        input
            .room_code
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty()),
    ) {
        (Channel::InPerson, None) => {
            errors.push("room_code", "Pilih ruang untuk konsultasi tatap muka");
            None
        }
        (Channel::InPerson, Some(code)) => {
            if data.rooms.iter().any(|r| r.code == code && r.active) {
                Some(code.to_owned())
            } else {
                errors.push(
                    "room_code",
                    format!("Ruang \"{code}\" tidak ada atau tidak aktif"),
                );
                None
            }
        }
        (Channel::VideoConference, _) => None,
    };
    let meeting_url = match input
        .meeting_url
        .as_deref()
        .map(str::trim)
        .filter(|u| !u.is_empty())
    {
        Some(url)
            if url.starts_with("https://")
                && !url.chars().any(char::is_whitespace)
                && url.len() <= 2000 =>
        {
            Some(url.to_owned())
        }
        Some(_) => {
            errors.push(
                "meeting_url",
                "Tautan rapat harus alamat https:// yang utuh (mis. tautan MS Teams)",
            );
            None
        }
        None => None,
    };
    let unit = errors.take("unit_code", unit);
    let persons = match &unit {
        Some(unit) => errors
            .take("resource_person_ids", persons(unit))
            .unwrap_or_default(),
        None => Vec::new(),
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (Some(date), Some(time), Some(unit)) = (date, time, unit) else {
        return Err(FieldErrors::single("date", "Jadwal tidak lengkap").into());
    };
    let start = office_local_to_utc(date, time);
    Ok(Booking {
        slot: Slot {
            channel: facts.channel,
            start,
            end: start + Duration::minutes(i64::from(minutes)),
            room,
            unit: unit.code,
            resource_persons: persons,
        },
        meeting_url,
    })
}

async fn book(
    store: &Store,
    id: i64,
    actor: &Actor,
    input: &ScheduleInput,
    now: DateTime<Utc>,
    transition: Transition,
) -> Result<RequestDetail> {
    let reference = store.reference();
    // Everything is read inside the serialised write: the request, the settings and the
    // bookings the rules judge cannot change before this booking commits.
    let mut tx = store.write_serialised().await?;
    let record = requests::record_in(&mut tx, id).await?;
    let Subject { facts, requester } = subject_of_record(&reference, &record)?;
    let replaced = record.booking().cloned();
    let before = super::views::detail(&record, &reference)?;
    authorise_record(&record, transition, actor)?;

    let data = store.policy_data_on(&mut tx).await?;
    let policy = data.in_force(facts.received_on);
    let unit = unit_for(store, &facts, input.unit_code.as_deref()).map_err(|e| e.to_string());
    let requested_persons = match (&input.resource_person_ids, &before.booking, &unit) {
        (Some(ids), _, _) => ids.clone(),
        // A move (e.g. dragged on the calendar) keeps who leads it.
        (None, Some(old), Ok(unit)) if old.unit_code == unit.code => {
            old.resource_person_ids.clone()
        }
        (None, _, _) => Vec::new(),
    };
    let known_persons = if requested_persons.is_empty() {
        Vec::new()
    } else {
        db::resource_persons(&mut tx).await?
    };
    let Booking { slot, meeting_url } = booking_of(
        input,
        &facts,
        unit,
        &policy,
        &data,
        |unit| chosen_resource_persons(&known_persons, &unit.code, &requested_persons),
        now,
    )?;

    let bookings = bookings_near(&mut tx, &[booking_db::around(slot.start, slot.end)]).await?;
    let open = db::open_requests_of(
        &mut tx,
        &requester.kind,
        requester.region_code.as_deref(),
        requester.name.as_deref(),
    )
    .await?;
    let findings = judge(&policy, &data, bookings, &open, now, |ctx| {
        let mut findings = rule_check(
            &RequestFacts {
                preferred_slots: Vec::new(),
                ..facts.clone()
            },
            ctx,
        );
        findings.extend(check_slot(&facts, &slot, ctx));
        findings
    });
    if blocks(&findings) {
        return Err(refusal(findings));
    }

    let booking = match (replaced, transition) {
        (Some(old), Transition::Reschedule) => {
            store::transitions::keep_booking_history(&mut tx, &old, actor.id, now).await?;
            db::move_booking(&mut tx, old.id, &slot, meeting_url.as_deref(), now).await?;
            booked_view(
                &slot,
                &facts,
                old.id,
                old.channel,
                meeting_url.clone().or(old.meeting_url),
                old.ical_uid,
                old.sequence + 1,
            )
        }
        _ => {
            // The UID is fixed here, at first scheduling, and never changes afterwards.
            let uid = format!(
                "permohonan-{id}-{}@konsultasi.djpk.kemenkeu.go.id",
                now.timestamp()
            );
            let booking_id =
                db::insert_booking(&mut tx, id, &slot, meeting_url.as_deref(), &uid, now).await?;
            booked_view(
                &slot,
                &facts,
                booking_id,
                slot.channel,
                meeting_url.clone(),
                uid,
                0,
            )
        }
    };
    if !booking_db::mark_scheduled(&mut tx, id, before.version, now).await? {
        // Unreachable under the write lock; kept so the booking never lands on a changed request.
        return Err(Error::Conflict {
            message: format!(
                "Permohonan #{id} baru saja diubah oleh pengguna lain; muat ulang lalu coba lagi"
            ),
            findings: Vec::new(),
        });
    }
    // The invitations go in this same write: they exist if and only if the booking does.
    let persons = if slot.resource_persons.is_empty() {
        Vec::new()
    } else {
        let all = if known_persons.is_empty() {
            db::resource_persons(&mut tx).await?
        } else {
            known_persons.clone()
        };
        slot.resource_persons
            .iter()
            .filter_map(|id| all.iter().find(|p| p.id == *id))
            .map(|p| (p.name.clone(), p.email.clone()))
            .collect()
    };
    let is_working_day =
        |day: chrono::NaiveDate| data.calendar.is_working_day(day, &data.in_force(day));
    crate::service::outbox::queue_for_booking(
        &mut tx,
        actor,
        &crate::service::outbox::BookedNow {
            detail: &before,
            booking_id: booking.id,
            sequence: booking.sequence,
            starts_at: slot.start,
            persons,
            is_working_day: &is_working_day,
        },
        now,
    )
    .await?;
    let written = SlotSnapshot {
        status: RequestStatus::Scheduled,
        starts_at: to_rfc3339(slot.start),
        ends_at: to_rfc3339(slot.end),
        room_code: slot.room.as_deref(),
        unit_code: &slot.unit,
        meeting_url: meeting_url.as_deref(),
    };
    tx.audit(
        &AuditEntry::new(actor, transition)
            .on_request(id)
            .before(&snapshot(&before, None))
            .after(&written),
        now,
    )
    .await?;
    tx.commit().await?;
    // What may be done next follows from the new status, as the stored request would say.
    Ok(RequestDetail {
        status: RequestStatus::Scheduled,
        booking: Some(booking),
        updated_at: to_rfc3339(now),
        version: before.version + 1,
        actions: crate::workflow::actions_view(RequestStatus::Scheduled, before.channel),
        editable: crate::workflow::editable(RequestStatus::Scheduled),
        ..before
    })
}

/// The booking as the request will read it back once written.
fn booked_view(
    slot: &Slot,
    facts: &RequestFacts,
    id: i64,
    channel: Channel,
    meeting_url: Option<String>,
    ical_uid: String,
    sequence: i64,
) -> BookingView {
    // The store lists a booking's resource persons by id.
    let mut resource_person_ids = slot.resource_persons.clone();
    resource_person_ids.sort_unstable();
    BookingView {
        id,
        channel,
        starts_at: to_rfc3339(slot.start),
        ends_at: to_rfc3339(slot.end),
        duration_minutes: crate::time::minutes_between(slot.start, slot.end),
        label: slot_label(slot.start, facts.requester_tz),
        room_code: slot.room.clone(),
        meeting_url,
        unit_code: slot.unit.clone(),
        ical_uid,
        resource_person_ids,
        sequence,
    }
}

/// The slot a (re)scheduling wrote, for the audit log.
#[derive(Debug, serde::Serialize)]
struct SlotSnapshot<'a> {
    status: RequestStatus,
    starts_at: String,
    ends_at: String,
    room_code: Option<&'a str>,
    unit_code: &'a str,
    meeting_url: Option<&'a str>,
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone as _;

    use super::*;
    use crate::api::{
        ContactInput, LetterInput, PreferredSlotInput, RequesterInput, ResourcePersonInput,
        UserInput,
    };
    use crate::domain::RequesterKind;
    use crate::service::{create_request, settings, workflow};

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0)
            .single()
            .expect("instant")
    }

    fn video_conference_from_makassar() -> RequestInput {
        RequestInput {
            channel: Some(Channel::VideoConference),
            requester: RequesterInput {
                kind: Some(RequesterKind::RegionalGovernment),
                region_code: Some("73.71".into()),
                name: None,
            },
            contact: ContactInput {
                name: "Rina Marlina".into(),
                whatsapp: "0812-3456-7890".into(),
                email: None,
            },
            topics: vec!["DAU".into()],
            description: "Konsultasi penyaluran DAU.".into(),
            preferred_slots: vec![PreferredSlotInput {
                date: "2026-12-08".into(),
                time: "09:00".into(),
            }],
            planned_guest_count: 3,
            guests: vec![],
            letter: Some(LetterInput {
                number: "900/412/BPKAD/2026".into(),
                date: "2026-11-20".into(),
                subject: "Permohonan Konsultasi DAU".into(),
                addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
                signer: "Sekretaris Daerah Kota Makassar".into(),
                scan: None,
            }),
            received_on: Some("2026-11-27".into()),
        }
    }

    /// The answer of a (re)scheduling is built from what it wrote, not read back: it must be
    /// exactly what reading the request gives afterwards.
    #[tokio::test]
    async fn the_answer_of_a_booking_is_the_request_as_stored() {
        let dir = tempfile::tempdir().expect("dir");
        let store = Store::open(&dir.path().join("desk.db"))
            .await
            .expect("open");
        let user = UserInput {
            name: "Sekretariat".into(),
            role: Some(crate::workflow::Role::TeamLeader),
        };
        workflow::create_user(&store, None, &user, now())
            .await
            .expect("user");
        let actor = workflow::actor(&store, "Sekretariat").await.expect("actor");
        for name in ["Andi Wijaya", "Budi Santoso"] {
            let person = ResourcePersonInput {
                id: None,
                unit_code: "SET".into(),
                name: name.into(),
                position: None,
                email: None,
                active: true,
            };
            settings::save_resource_person(&store, &actor, &person, now())
                .await
                .expect("person");
        }
        let persons: Vec<i64> = settings::resource_persons(&store)
            .await
            .expect("persons")
            .iter()
            .map(|p| p.id)
            .rev()
            .collect();
        let id = create_request(&store, &actor, &video_conference_from_makassar(), now())
            .await
            .expect("create")
            .id;
        workflow::verify_request(&store, &actor, id, now())
            .await
            .expect("verify");

        let first = ScheduleInput {
            date: "2026-12-07".into(),
            time: "09:00".into(),
            unit_code: Some("SET".into()),
            meeting_url: Some("https://teams.microsoft.com/l/meetup-join/1".into()),
            resource_person_ids: Some(persons),
            ..ScheduleInput::default()
        };
        let scheduled = schedule_request(&store, &actor, id, &first, now())
            .await
            .expect("schedule");
        assert_eq!(scheduled, get_request(&store, id).await.expect("read"));

        // No link and no persons given: the move keeps both.
        let moved = ScheduleInput {
            date: "2026-12-08".into(),
            time: "13:00".into(),
            unit_code: Some("SET".into()),
            ..ScheduleInput::default()
        };
        let rescheduled = reschedule_request(&store, &actor, id, &moved, now())
            .await
            .expect("reschedule");
        assert_eq!(rescheduled, get_request(&store, id).await.expect("read"));
        let booking = rescheduled.booking.expect("booked");
        assert_eq!(booking.sequence, 1);
        assert_eq!(booking.resource_person_ids.len(), 2);
        assert!(booking.meeting_url.is_some());
    }
}
