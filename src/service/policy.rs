//! Services of the policy engine: checking requests, finding and booking slots, and the
//! settings behind them (policy versions, holidays, special hours, rooms).

use chrono::{DateTime, Duration, NaiveDate, Utc};
use chrono_tz::Tz;

use crate::api::{
    BrokenBooking, CalendarEntry, CalendarFilter, Dashboard, HolidayImport, HolidayInput,
    HolidayView, PolicyInput, PolicyOverview, PolicyVersionView, RequestDetail, RequestInput,
    RoomInput, RoomView, ScheduleInput, SessionOverrideInput, SessionOverrideView, SlotSearch,
    SlotSuggestion, TopicRouting, UnitInput, UnitView,
};
use crate::api::{PreferenceVerdict, SlotSuggestions, SuggestionSource};
use crate::domain::region::RegionCode;
use crate::domain::request::{NewRequest, Reference, Requester};
use crate::domain::{Channel, RequestStatus};
use crate::error::{Error, Result};
use crate::policy::bookings::{BookingIndex, Slot};
use crate::policy::calendar::{HolidayKind, IcsHolidays, NewHoliday, read_holidays_ics};
use crate::policy::rules::{
    self, Context, Finding, LetterFacts, RequestFacts, Severity, blocks,
    check_request as rule_check, check_slot,
};
use crate::policy::slots::{self, SlotQuery, find_slots};
use crate::policy::{Policy, WeeklyWindows};
use crate::store::policy as db;
use crate::store::{PolicyData, Store};
use crate::time::{
    OFFICE_TZ, format_date_with_day, local_time_label, office_local_to_utc, parse_rfc3339,
    slot_label, to_rfc3339,
};
use crate::validate::{FieldErrors, parse_date, parse_date_until, parse_time};

use super::get_request;
use super::workflow::{
    Actor, audit_setting, authorise, keep_history, record, require_secretariat, snapshot,
};
use crate::workflow::Transition;

fn today(now: DateTime<Utc>) -> NaiveDate {
    crate::time::office_day(now)
}

/// The guest cap a request is judged by: the policy in force on the day it was received.
pub(crate) fn guest_cap_in(data: &crate::store::PolicyData, detail: &RequestDetail) -> Result<u32> {
    let received = NaiveDate::parse_from_str(&detail.received_on, "%Y-%m-%d")
        .map_err(|_| Error::Internal(format!("tanggal diterima rusak: {}", detail.received_on)))?;
    Ok(data.in_force(received).guest_cap(detail.channel))
}

pub(crate) async fn guest_cap(store: &Store, detail: &RequestDetail) -> Result<u32> {
    guest_cap_in(&*store.policy_data().await?, detail)
}

fn requester_tz(store: &Store, region: Option<&RegionCode>) -> Tz {
    region
        .and_then(|code| store.reference().region(code).map(|r| r.time_zone))
        .unwrap_or(OFFICE_TZ)
}

/// Facts of a request not saved yet (or being edited), from the parsed input.
fn facts_from_new(
    store: &Store,
    id: Option<i64>,
    request: &NewRequest,
    received_on: NaiveDate,
) -> RequestFacts {
    let (kind, region, name) = match &request.requester {
        Requester::Regional { kind, region } => (*kind, Some(region), None),
        Requester::Named { kind, name } => (*kind, None, Some(name.as_str())),
    };
    RequestFacts {
        id,
        channel: request.channel,
        requester_key: db::requester_key(kind.as_str(), region.map(|r| r.as_str()), name),
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
        requester_tz: requester_tz(store, region),
    }
}

/// Facts of a stored request, read in one query.
async fn load_facts(
    store: &Store,
    conn: &mut sqlx::SqliteConnection,
    id: i64,
) -> Result<(RequestFacts, RequestStatus)> {
    let row = crate::store::requests::facts(conn, id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let broken =
        |what: &str, value: &str| Error::Internal(format!("{what} tersimpan rusak: {value}"));
    let day = |text: &str| {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| broken("tanggal", text))
    };
    let region = row
        .region_code
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(Error::Internal)?;
    let letter = match (&row.letter_number, &row.letter_date, &row.letter_addressee) {
        (Some(number), Some(date), Some(addressee)) => Some(LetterFacts {
            number: number.clone(),
            date: day(date)?,
            addressee: addressee.clone(),
        }),
        _ => None,
    };
    let split = |text: &Option<String>| -> Vec<String> {
        text.as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|part| !part.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let facts = RequestFacts {
        id: Some(row.id),
        channel: Channel::from_stored(&row.channel)
            .ok_or_else(|| broken("saluran", &row.channel))?,
        requester_key: db::requester_key(
            &row.requester_kind,
            row.region_code.as_deref(),
            row.requester_name.as_deref(),
        ),
        received_on: day(&row.received_on)?,
        topics: split(&row.topics),
        planned_guest_count: u32::try_from(row.planned_guest_count).unwrap_or(0),
        regional_head_attends: row.regional_head_attends,
        regional_head_listed: row.head_listed,
        letter,
        preferred_slots: split(&row.slots)
            .iter()
            .filter_map(|s| parse_rfc3339(s))
            .collect(),
        requester_tz: requester_tz(store, region.as_ref()),
    };
    let status =
        RequestStatus::from_stored(&row.status).ok_or_else(|| broken("status", &row.status))?;
    Ok((facts, status))
}

/// Which bookings the rules need: those near `[from, to)`, or only the tatap muka among them
/// when nothing but the daily cap is judged (preferred slots have no room or unit yet).
#[derive(Debug, Clone, Copy)]
struct Span {
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    in_person_only: bool,
}

/// Loads what the rules need around the span and runs `judge` over it.
async fn with_context<T>(
    store: &Store,
    conn: &mut sqlx::SqliteConnection,
    facts: &RequestFacts,
    span: Option<Span>,
    now: DateTime<Utc>,
    judge: impl FnOnce(&Context<'_>, &PolicyData) -> T,
) -> Result<T> {
    with_context_spans(store, conn, facts, span.as_slice(), now, judge).await
}

/// Loads what the rules need around every span (overlapping spans read once) and runs `judge`.
async fn with_context_spans<T>(
    store: &Store,
    conn: &mut sqlx::SqliteConnection,
    facts: &RequestFacts,
    spans: &[Span],
    now: DateTime<Utc>,
    judge: impl FnOnce(&Context<'_>, &PolicyData) -> T,
) -> Result<T> {
    let data = store.policy_data().await?;
    let policy = data.in_force(facts.received_on);
    let mut sorted = spans.to_vec();
    sorted.sort_by_key(|span| span.from);
    let mut merged: Vec<Span> = Vec::with_capacity(sorted.len());
    for span in sorted {
        match merged.last_mut() {
            Some(last) if span.from <= last.to => {
                last.to = last.to.max(span.to);
                last.in_person_only &= span.in_person_only;
            }
            _ => merged.push(span),
        }
    }
    let mut bookings = Vec::new();
    for span in &merged {
        bookings.extend(db::active_bookings(conn, span.from, span.to, span.in_person_only).await?);
    }
    if merged.len() > 1 {
        // Reading a day before each span may meet the span before it.
        bookings.sort_by_key(|b| b.booking_id);
        bookings.dedup_by_key(|b| b.booking_id);
    }
    let index = BookingIndex::new(bookings);
    let (kind, rest) = facts.requester_key.split_once(':').unwrap_or(("", ""));
    let (region, name) = if rest.contains('.') || rest.bytes().all(|b| b.is_ascii_digit()) {
        (Some(rest), None)
    } else {
        (None, Some(rest))
    };
    let open = db::open_requests_of(conn, kind, region, name).await?;
    let ctx = Context {
        policy: &policy,
        calendar: &data.calendar,
        bookings: &index,
        open_requests: &open,
        now,
    };
    Ok(judge(&ctx, &data))
}

fn preferred_span(facts: &RequestFacts) -> Option<Span> {
    let first = facts.preferred_slots.iter().min()?;
    let last = facts.preferred_slots.iter().max()?;
    Some(Span {
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
    let request = input.parse(reference.as_ref(), crate::time::office_day(now))?;
    let received_on = match (request.received_on, id) {
        (Some(date), _) => date,
        (None, Some(id)) => {
            let stored = get_request(store, id).await?;
            NaiveDate::parse_from_str(&stored.received_on, "%Y-%m-%d")
                .unwrap_or_else(|_| today(now))
        }
        (None, None) => today(now),
    };
    let facts = facts_from_new(store, id, &request, received_on);
    check_facts(store, &facts, now).await
}

/// The findings for a stored request.
pub async fn check_request(store: &Store, id: i64, now: DateTime<Utc>) -> Result<Vec<Finding>> {
    let mut conn = store.pool().acquire().await?;
    let (facts, _) = load_facts(store, &mut conn, id).await?;
    let span = preferred_span(&facts);
    with_context(store, &mut conn, &facts, span, now, |ctx, _| {
        rule_check(&facts, ctx)
    })
    .await
}

async fn check_facts(
    store: &Store,
    facts: &RequestFacts,
    now: DateTime<Utc>,
) -> Result<Vec<Finding>> {
    let mut conn = store.pool().acquire().await?;
    let span = preferred_span(facts);
    with_context(store, &mut conn, facts, span, now, |ctx, _| {
        rule_check(facts, ctx)
    })
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
    let mut conn = store.pool().acquire().await?;
    let (facts, _) = load_facts(store, &mut conn, id).await?;
    let mut errors = FieldErrors::default();
    let from = match search.from.as_deref() {
        Some(raw) => errors.take("from", parse_date(raw, "Tanggal awal")),
        None => today(now).succ_opt(),
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
    let persons = errors.take(
        "resource_person_ids",
        chosen_resource_persons(store, &unit.code, &search.resource_person_ids).await?,
    );
    if let Some(minutes) = search.duration_minutes
        && let Err(message) = crate::policy::check_duration(minutes)
    {
        errors.push("duration_minutes", message);
    }
    let Some(persons) = persons.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };

    let data = store.policy_data().await?;
    let policy = data.in_force(facts.received_on);
    let duration = Duration::minutes(i64::from(
        search
            .duration_minutes
            .unwrap_or(policy.default_duration_minutes),
    ));
    let rooms: Vec<&db::RoomRow> = data.rooms.iter().filter(|r| r.active).collect();
    let query = SlotQuery {
        from,
        to,
        count: count as usize,
        duration,
        unit: unit.code.clone(),
        resource_persons: persons,
        rooms: rooms.iter().map(|r| r.code.clone()).collect(),
        step_minutes: 30,
    };
    let view = |slot: &Slot, reason: String, source: SuggestionSource| {
        let room = slot
            .room
            .as_ref()
            .and_then(|code| rooms.iter().find(|r| &r.code == code));
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
    let mut spans: Vec<Span> = Vec::new();
    for day in days {
        let (day_from, day_to) = crate::time::office_day_bounds(day);
        match spans.last_mut() {
            Some(last) if last.to >= day_from => last.to = day_to,
            _ => spans.push(Span {
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
    let (judged, alternatives, request_blocks, mut early) =
        with_context_spans(store, &mut conn, &facts, &spans, now, |ctx, _| {
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
        })
        .await?;

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
                let span = Span {
                    from: office_local_to_utc(chunk_from, chrono::NaiveTime::MIN),
                    to: office_local_to_utc(chunk_to, chrono::NaiveTime::MIN) + Duration::days(2),
                    in_person_only: false,
                };
                with_context(store, &mut conn, &facts, Some(span), now, |ctx, _| {
                    find_slots(&facts, &chunk, ctx)
                })
                .await?
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

async fn book(
    store: &Store,
    id: i64,
    actor: &Actor,
    input: &ScheduleInput,
    now: DateTime<Utc>,
    transition: Transition,
) -> Result<RequestDetail> {
    let before = get_request(store, id).await?;
    authorise(&before, transition, actor)?;
    let (facts, _) = {
        let mut conn = store.pool().acquire().await?;
        load_facts(store, &mut conn, id).await?
    };
    let mut errors = FieldErrors::default();
    let latest = today(now) + Duration::days(crate::validate::SCHEDULE_DAYS_AHEAD);
    let date = errors.take(
        "date",
        parse_date_until(&input.date, "Tanggal jadwal", latest),
    );
    let time = errors.take("time", parse_time(&input.time, "Jam jadwal"));
    let data = store.policy_data().await?;
    let policy: Policy = data.in_force(facts.received_on);
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
    let unit = errors.take(
        "unit_code",
        unit_for(store, &facts, input.unit_code.as_deref()).map_err(|e| e.to_string()),
    );
    let persons = match &unit {
        Some(unit) => {
            let requested = match (&input.resource_person_ids, &before.booking) {
                (Some(ids), _) => ids.clone(),
                // A move (e.g. dragged on the calendar) keeps who leads it.
                (None, Some(old)) if old.unit_code == unit.code => old.resource_person_ids.clone(),
                (None, _) => Vec::new(),
            };
            errors
                .take(
                    "resource_person_ids",
                    chosen_resource_persons(store, &unit.code, &requested).await?,
                )
                .unwrap_or_default()
        }
        None => Vec::new(),
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let (Some(date), Some(time), Some(unit)) = (date, time, unit) else {
        return Err(FieldErrors::single("date", "Jadwal tidak lengkap").into());
    };
    let start = office_local_to_utc(date, time);
    let slot = Slot {
        channel: facts.channel,
        start,
        end: start + Duration::minutes(i64::from(minutes)),
        room,
        unit: unit.code.clone(),
        resource_persons: persons,
    };

    // BEGIN IMMEDIATE takes SQLite's write lock before the checks, so the bookings read below
    // cannot change until this transaction ends.
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    // The request read before the lock may have changed since (its status, its booking, its
    // fields): any change raised its version, and then this booking is a conflict.
    let version: i64 = sqlx::query_scalar("SELECT version FROM requests WHERE id = ?")
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
    if version != before.version {
        return Err(Error::Conflict {
            message: format!(
                "Permohonan #{id} baru saja diubah oleh pengguna lain; muat ulang lalu coba lagi"
            ),
            findings: Vec::new(),
        });
    }
    let span = Span {
        from: slot.start - Duration::days(1),
        to: slot.end + Duration::days(1),
        in_person_only: false,
    };
    let findings = with_context(store, &mut tx, &facts, Some(span), now, |ctx, _| {
        let mut findings: Vec<Finding> = rule_check(
            &RequestFacts {
                preferred_slots: Vec::new(),
                ..facts.clone()
            },
            ctx,
        )
        .into_iter()
        .collect();
        findings.extend(check_slot(&facts, &slot, ctx));
        findings
    })
    .await?;
    if blocks(&findings) {
        return Err(refusal(findings));
    }
    match (&before.booking, transition) {
        (Some(old), Transition::Reschedule) => {
            keep_history(&mut tx, old, actor, now).await?;
            db::move_booking(&mut tx, old.id, &slot, meeting_url.as_deref(), now).await?;
        }
        _ => {
            // The UID is fixed here, at first scheduling, and never changes afterwards.
            let uid = format!(
                "permohonan-{id}-{}@konsultasi.djpk.kemenkeu.go.id",
                now.timestamp()
            );
            db::insert_booking(&mut tx, id, &slot, meeting_url.as_deref(), &uid, now).await?;
        }
    }
    sqlx::query(
        "UPDATE requests SET status = 'scheduled', updated_at = ?, version = version + 1
         WHERE id = ?",
    )
    .bind(to_rfc3339(now))
    .bind(id)
    .execute(&mut *tx)
    .await?;
    let after = SlotSnapshot {
        status: RequestStatus::Scheduled,
        starts_at: to_rfc3339(slot.start),
        ends_at: to_rfc3339(slot.end),
        room_code: slot.room.as_deref(),
        unit_code: &slot.unit,
        meeting_url: meeting_url.as_deref(),
    };
    record(
        &mut tx,
        actor,
        transition.as_str(),
        Some(id),
        Some(&snapshot(&before, None)),
        Some(&after),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
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

fn version_view(row: &db::PolicyVersionRow) -> Result<PolicyVersionView> {
    Ok(PolicyVersionView {
        id: row.id,
        effective_from: row.effective_from.clone(),
        settings: row.settings()?,
        note: row.note.clone(),
        created_at: row.created_at.clone(),
        created_label: super::view_rules::instant_label(&row.created_at),
    })
}

/// Every policy version, the one in force on `today`, and the shipped defaults.
pub async fn policy_overview(store: &Store, now: DateTime<Utc>) -> Result<PolicyOverview> {
    let rows = db::policy_versions(store.pool()).await?;
    let versions = rows.iter().map(version_view).collect::<Result<Vec<_>>>()?;
    let data = store.policy_data().await?;
    let in_force_id = crate::policy::version_in_force(&data.versions, today(now)).map(|v| v.id);
    let in_force = versions
        .iter()
        .find(|v| Some(v.id) == in_force_id)
        .or_else(|| versions.last())
        .cloned()
        .ok_or_else(|| Error::Internal("tidak ada versi kebijakan".into()))?;
    Ok(PolicyOverview {
        in_force,
        versions,
        defaults: crate::policy::PolicySettings::default(),
    })
}

/// Adds a policy version; earlier versions stay as they were.
pub async fn set_policy(
    store: &Store,
    actor: &Actor,
    input: &PolicyInput,
    now: DateTime<Utc>,
) -> Result<PolicyVersionView> {
    require_secretariat(actor, "mengubah kebijakan layanan")?;
    let mut errors = Policy::parse(&input.settings).err().unwrap_or_default();
    let effective_from = errors.take(
        "effective_from",
        parse_date(&input.effective_from, "Tanggal berlaku"),
    );
    let note = match input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(note) => errors.take(
            "note",
            crate::validate::LetterLine::parse(note, "Catatan").map(|n| n.into_string()),
        ),
        None => None,
    };
    let Some(effective_from) = effective_from.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let id = db::insert_policy_version(
        &mut tx,
        effective_from,
        &input.settings,
        note.as_deref(),
        now,
    )
    .await?;
    // Versions are append-only: nothing is replaced, so the entry has no "before".
    let none: Option<&()> = None;
    record(
        &mut tx,
        actor,
        "policy.set",
        None,
        none,
        Some(&serde_json::json!({
            "id": id,
            "effective_from": effective_from.format("%Y-%m-%d").to_string(),
            "settings": &input.settings,
            "note": note,
        })),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    let rows = db::policy_versions(store.pool()).await?;
    let row = rows
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::Internal("versi kebijakan hilang".into()))?;
    version_view(row)
}

fn holiday_view(row: db::HolidayRow) -> Result<HolidayView> {
    let date = NaiveDate::parse_from_str(&row.date, "%Y-%m-%d")
        .map_err(|e| Error::Internal(e.to_string()))?;
    Ok(HolidayView {
        id: row.id,
        label: format_date_with_day(date),
        kind: HolidayKind::from_stored(&row.kind)
            .ok_or_else(|| Error::Internal(row.kind.clone()))?,
        date: row.date,
        name: row.name,
        source: row.source,
    })
}

pub async fn list_holidays(store: &Store, year: Option<i32>) -> Result<Vec<HolidayView>> {
    db::holidays(store.pool(), year)
        .await?
        .into_iter()
        .map(holiday_view)
        .collect()
}

pub async fn add_holiday(
    store: &Store,
    actor: &Actor,
    input: &HolidayInput,
    now: DateTime<Utc>,
) -> Result<Vec<HolidayView>> {
    require_secretariat(actor, "mengubah hari libur")?;
    let holiday = NewHoliday::parse(&input.date, &input.name, input.kind)?;
    let (date, name, kind) = (holiday.date, &holiday.name, holiday.kind);
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    if !db::insert_holiday(&mut tx, date, name.as_str(), kind, "manual").await? {
        return Err(FieldErrors::single(
            "name",
            format!("\"{name}\" sudah tercatat pada tanggal itu"),
        )
        .into());
    }
    audit_setting(
        &mut tx,
        actor,
        "holiday.add",
        None::<&()>,
        Some(&serde_json::json!({
            "date": date.format("%Y-%m-%d").to_string(),
            "name": name.as_str(),
            "kind": kind,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    list_holidays(
        store,
        Some(date.format("%Y").to_string().parse().unwrap_or(0)),
    )
    .await
}

pub async fn delete_holiday(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    require_secretariat(actor, "mengubah hari libur")?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let removed = db::delete_holiday(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Hari libur", id))?;
    audit_setting(
        &mut tx,
        actor,
        "holiday.delete",
        Some(&removed),
        None::<&()>,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Imports all-day events of an .ics file (e.g. a published holiday calendar) as holidays,
/// read by [`read_holidays_ics`] (its limits and rules). Nothing is imported when the file
/// cannot be read as iCalendar at all or exceeds a limit.
pub async fn import_holidays_ics(
    store: &Store,
    actor: &Actor,
    text: &str,
    now: DateTime<Utc>,
) -> Result<HolidayImport> {
    require_secretariat(actor, "mengubah hari libur")?;
    let IcsHolidays { days, problems } = read_holidays_ics(text)?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let (mut added, mut skipped) = (0, 0);
    let mut added_days = Vec::new();
    for day in &days {
        let (date, name, kind) = (day.date, day.name.as_str(), day.kind);
        if db::insert_holiday(&mut tx, date, name, kind, "import").await? {
            added += 1;
            added_days.push(serde_json::json!({
                "date": date.format("%Y-%m-%d").to_string(),
                "name": name,
                "kind": kind,
            }));
        } else {
            skipped += 1;
        }
    }
    audit_setting(
        &mut tx,
        actor,
        "holiday.import",
        None::<&()>,
        Some(&serde_json::json!({ "added": added_days, "skipped": skipped })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(HolidayImport {
        added,
        skipped,
        problems,
    })
}

pub async fn list_session_overrides(store: &Store) -> Result<Vec<SessionOverrideView>> {
    db::session_overrides(store.pool())
        .await?
        .into_iter()
        .map(|row| {
            Ok(SessionOverrideView {
                weekly_windows: row.windows()?,
                id: row.id,
                label: row.label,
                from: row.from_date,
                to: row.to_date,
            })
        })
        .collect()
}

pub async fn add_session_override(
    store: &Store,
    actor: &Actor,
    input: &SessionOverrideInput,
    now: DateTime<Utc>,
) -> Result<Vec<SessionOverrideView>> {
    require_secretariat(actor, "mengubah jam layanan khusus")?;
    let mut errors = FieldErrors::default();
    let label = errors.take(
        "label",
        crate::validate::LetterLine::parse(&input.label, "Nama jam layanan khusus"),
    );
    let from = errors.take("from", parse_date(&input.from, "Tanggal mulai"));
    let to = errors.take("to", parse_date(&input.to, "Tanggal selesai"));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.push(
            "to",
            "Tanggal selesai harus sama dengan atau setelah tanggal mulai",
        );
    }
    WeeklyWindows::parse(&input.weekly_windows, "weekly_windows", &mut errors);
    let (Some(label), Some(from), Some(to)) = (label, from, to) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let id = db::insert_session_override(&mut tx, label.as_str(), from, to, &input.weekly_windows)
        .await?;
    audit_setting(
        &mut tx,
        actor,
        "session_override.add",
        None::<&()>,
        Some(&serde_json::json!({
            "id": id,
            "label": label.as_str(),
            "from": from.format("%Y-%m-%d").to_string(),
            "to": to.format("%Y-%m-%d").to_string(),
            "weekly_windows": &input.weekly_windows,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    list_session_overrides(store).await
}

pub async fn delete_session_override(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    require_secretariat(actor, "mengubah jam layanan khusus")?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let removed = db::delete_session_override(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Jam layanan khusus", id))?;
    let windows = removed.windows()?;
    audit_setting(
        &mut tx,
        actor,
        "session_override.delete",
        Some(&serde_json::json!({
            "id": removed.id,
            "label": removed.label,
            "from": removed.from_date,
            "to": removed.to_date,
            "weekly_windows": windows,
        })),
        None::<&()>,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many bookings of a room or person lie ahead, and the first few of them.
const NAMED_BOOKINGS: usize = 3;

/// The refusal to take `subject` out of use while bookings still count on it: how many, and
/// the first few (request and start, WIB).
fn still_booked(subject: &str, upcoming: &[db::UpcomingBooking]) -> Result<Error> {
    let named = upcoming
        .iter()
        .take(NAMED_BOOKINGS)
        .map(|b| {
            let start = parse_rfc3339(&b.starts_at)
                .ok_or_else(|| Error::Internal(format!("jadwal rusak: {}", b.starts_at)))?
                .with_timezone(&OFFICE_TZ);
            Ok(format!(
                "#{} pada {} WIB",
                b.request_id,
                start.format("%d/%m/%Y %H.%M")
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let rest = upcoming.len().saturating_sub(NAMED_BOOKINGS);
    let more = if rest > 0 {
        format!(", dan {rest} lainnya")
    } else {
        String::new()
    };
    Ok(Error::Conflict {
        message: format!(
            "{subject} tidak dapat dinonaktifkan: masih ada {} jadwal mendatang ({}{more}). \
             Pindahkan atau batalkan jadwal itu terlebih dahulu",
            upcoming.len(),
            named.join("; ")
        ),
        findings: Vec::new(),
    })
}

pub async fn list_rooms(store: &Store) -> Result<Vec<RoomView>> {
    Ok(db::rooms(store.pool())
        .await?
        .into_iter()
        .map(|r| RoomView {
            code: r.code,
            name: r.name,
            capacity: u32::try_from(r.capacity).unwrap_or(0),
            active: r.active,
        })
        .collect())
}

/// The resource persons a booking names: each must exist, be active and belong to `unit`.
/// The outer error is the database's; the inner one is the field's message.
async fn chosen_resource_persons(
    store: &Store,
    unit: &str,
    ids: &[i64],
) -> Result<std::result::Result<Vec<i64>, String>> {
    if ids.is_empty() {
        return Ok(Ok(Vec::new()));
    }
    let known = db::resource_persons(store.pool()).await?;
    let mut chosen = Vec::new();
    for id in ids {
        match known.iter().find(|p| p.id == *id) {
            Some(person) if person.active && person.unit_code == unit => {
                if !chosen.contains(id) {
                    chosen.push(*id);
                }
            }
            Some(person) if !person.active => {
                return Ok(Err(format!("Narasumber {} tidak aktif", person.name)));
            }
            Some(person) => {
                return Ok(Err(format!(
                    "Narasumber {} bukan dari unit {unit}",
                    person.name
                )));
            }
            None => return Ok(Err(format!("Narasumber #{id} tidak dikenal"))),
        }
    }
    Ok(Ok(chosen))
}

pub async fn resource_persons(store: &Store) -> Result<Vec<crate::api::ResourcePersonView>> {
    Ok(db::resource_persons(store.pool())
        .await?
        .into_iter()
        .map(|row| crate::api::ResourcePersonView {
            id: row.id,
            unit_code: row.unit_code,
            name: row.name,
            position: row.position,
            email: row.email,
            active: row.active,
        })
        .collect())
}

/// Adds or changes a resource person, after checking the unit, the name and the address.
pub async fn save_resource_person(
    store: &Store,
    actor: &Actor,
    input: &crate::api::ResourcePersonInput,
    now: DateTime<Utc>,
) -> Result<Vec<crate::api::ResourcePersonView>> {
    require_secretariat(actor, "mengubah daftar narasumber")?;
    let mut errors = FieldErrors::default();
    if !units(store).iter().any(|u| u.code == input.unit_code) {
        errors.push(
            "unit_code",
            format!("Unit \"{}\" tidak dikenal", input.unit_code),
        );
    }
    let name = errors.take(
        "name",
        crate::validate::PersonName::parse(&input.name, "Nama narasumber"),
    );
    let optional = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let position = optional(&input.position);
    if position
        .as_deref()
        .is_some_and(|p| p.chars().count() > 150 || p.chars().any(char::is_control))
    {
        errors.push("position", "Jabatan paling panjang 150 karakter");
    }
    let email = match optional(&input.email) {
        Some(raw) => errors
            .take(
                "email",
                crate::validate::EmailAddress::parse(&raw, "Surel narasumber"),
            )
            .map(|e| e.as_str().to_owned()),
        None => None,
    };
    let Some(name) = name else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let before = match input.id {
        Some(id) => Some(
            db::resource_person(&mut tx, id)
                .await?
                .ok_or_else(|| Error::not_found("Narasumber", id))?,
        ),
        None => None,
    };
    if let Some(before) = before.as_ref().filter(|b| b.active && !input.active) {
        let upcoming = db::upcoming_bookings_of_person(&mut tx, before.id, now).await?;
        if !upcoming.is_empty() {
            return Err(still_booked(
                &format!("Narasumber {}", before.name),
                &upcoming,
            )?);
        }
    }
    let row = db::ResourcePersonRow {
        id: input.id.unwrap_or(0),
        unit_code: input.unit_code.clone(),
        name: name.as_str().to_owned(),
        position,
        email,
        active: input.active,
    };
    let id = db::save_resource_person(&mut tx, &row)
        .await?
        .ok_or_else(|| Error::not_found("Narasumber", input.id.unwrap_or(0)))?;
    audit_setting(
        &mut tx,
        actor,
        "resource_person.save",
        before.as_ref(),
        Some(&db::ResourcePersonRow { id, ..row }),
        now,
    )
    .await?;
    tx.commit().await?;
    resource_persons(store).await
}

pub fn units(store: &Store) -> Vec<UnitView> {
    store.reference().units().to_vec()
}

/// A short code of capitals, digits and hyphens, as rooms and units use.
fn parse_code(raw: &str, label: &str) -> std::result::Result<String, String> {
    let code = raw.trim();
    let ok = (1..=20).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "{label} harus 1–20 huruf besar, angka, - atau _ (mis. RK-3)"
        ))
    }
}

/// Adds a room or changes one (by its code).
pub async fn save_room(
    store: &Store,
    actor: &Actor,
    input: &RoomInput,
    now: DateTime<Utc>,
) -> Result<Vec<RoomView>> {
    require_secretariat(actor, "mengubah daftar ruang")?;
    let mut errors = FieldErrors::default();
    let code = errors.take("code", parse_code(&input.code, "Kode ruang"));
    let name = errors.take(
        "name",
        crate::validate::LetterLine::parse(&input.name, "Nama ruang"),
    );
    if !(1..=500).contains(&input.capacity) {
        errors.push(
            "capacity",
            format!(
                "Kapasitas harus 1 sampai 500 orang, bukan {}",
                input.capacity
            ),
        );
    }
    let (Some(code), Some(name)) = (code, name) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let before = db::room(&mut tx, &code).await?;
    if !input.active {
        let upcoming = db::upcoming_bookings_in_room(&mut tx, &code, now).await?;
        if !upcoming.is_empty() {
            return Err(still_booked(&format!("Ruang {code}"), &upcoming)?);
        }
    }
    db::upsert_room(&mut tx, &code, name.as_str(), input.capacity, input.active).await?;
    let after = db::RoomRow {
        code: code.clone(),
        name: name.as_str().to_owned(),
        capacity: i64::from(input.capacity),
        active: input.active,
    };
    audit_setting(
        &mut tx,
        actor,
        "room.save",
        before.as_ref(),
        Some(&after),
        now,
    )
    .await?;
    tx.commit().await?;
    list_rooms(store).await
}

/// Adds a unit or renames one (by its code).
pub async fn save_unit(
    store: &Store,
    actor: &Actor,
    input: &UnitInput,
    now: DateTime<Utc>,
) -> Result<Vec<UnitView>> {
    require_secretariat(actor, "mengubah daftar unit")?;
    let mut errors = FieldErrors::default();
    let code = errors.take("code", parse_code(&input.code, "Kode unit"));
    let name = errors.take(
        "name",
        crate::validate::LetterLine::parse(&input.name, "Nama unit"),
    );
    let short = errors.take(
        "short_name",
        crate::validate::PersonName::parse(&input.short_name, "Nama singkat unit"),
    );
    let (Some(code), Some(name), Some(short)) = (code, name, short) else {
        return Err(errors.into());
    };
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let before = db::unit(&mut tx, &code).await?;
    db::upsert_unit(&mut tx, &code, name.as_str(), short.as_str()).await?;
    let unit = |name: &str, short_name: &str| serde_json::json!({ "code": &code, "name": name, "short_name": short_name });
    audit_setting(
        &mut tx,
        actor,
        "unit.save",
        before.as_ref().map(|(n, s)| unit(n, s)).as_ref(),
        Some(&unit(name.as_str(), short.as_str())),
        now,
    )
    .await?;
    tx.commit().await?;
    store.reload_reference().await?;
    Ok(units(store))
}

/// Changes the unit a topic routes to by default.
pub async fn route_topic(
    store: &Store,
    actor: &Actor,
    input: &TopicRouting,
    now: DateTime<Utc>,
) -> Result<Vec<crate::api::Topic>> {
    require_secretariat(actor, "mengubah unit tujuan topik")?;
    if !units(store).iter().any(|u| u.code == input.unit_code) {
        return Err(FieldErrors::single(
            "unit_code",
            format!("Unit \"{}\" tidak dikenal", input.unit_code),
        )
        .into());
    }
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let Some(before) = db::route_topic(&mut tx, &input.topic_code, &input.unit_code).await? else {
        return Err(FieldErrors::single(
            "topic_code",
            format!("Topik \"{}\" tidak dikenal", input.topic_code),
        )
        .into());
    };
    audit_setting(
        &mut tx,
        actor,
        "topic.route",
        Some(&serde_json::json!({ "topic_code": &input.topic_code, "unit_code": before })),
        Some(
            &serde_json::json!({ "topic_code": &input.topic_code, "unit_code": &input.unit_code }),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    store.reload_reference().await?;
    Ok(store.reference().topics().to_vec())
}

fn calendar_entry(store: &Store, row: &db::CalendarRow) -> Result<CalendarEntry> {
    let reference = store.reference();
    let region = row
        .region_code
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(Error::Internal)?;
    let region = region.as_ref().and_then(|code| reference.region(code));
    let kind = crate::domain::RequesterKind::from_stored(&row.requester_kind)
        .ok_or_else(|| Error::Internal(row.requester_kind.clone()))?;
    let start =
        parse_rfc3339(&row.starts_at).ok_or_else(|| Error::Internal(row.starts_at.clone()))?;
    let requester_tz = region.map(|r| r.time_zone).unwrap_or(OFFICE_TZ);
    Ok(CalendarEntry {
        request_id: row.request_id,
        booking_id: row.booking_id,
        status: RequestStatus::from_stored(&row.status)
            .ok_or_else(|| Error::Internal(row.status.clone()))?,
        channel: Channel::from_stored(&row.channel)
            .ok_or_else(|| Error::Internal(row.channel.clone()))?,
        starts_at: row.starts_at.clone(),
        ends_at: row.ends_at.clone(),
        date: crate::time::office_date_and_clock(start).0,
        time: crate::time::office_date_and_clock(start).1,
        duration_minutes: super::view_rules::span_minutes(&row.starts_at, &row.ends_at)?,
        label: slot_label(start, requester_tz),
        local_time: local_time_label(start, requester_tz),
        requester_label: match region {
            Some(region) => region.requester_label(kind),
            None => row.requester_name.clone().unwrap_or_default(),
        },
        room_code: row.room_code.clone(),
        unit_code: row.unit_code.clone(),
        topics: row
            .topics
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|t| !t.is_empty())
            .map(|t| reference.topic_name(t).unwrap_or(t).to_owned())
            .collect(),
        planned_guest_count: u32::try_from(row.planned_guest_count).unwrap_or(0),
    })
}

fn day_range(from: NaiveDate, to: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    (
        office_local_to_utc(from, chrono::NaiveTime::MIN),
        office_local_to_utc(to, chrono::NaiveTime::MIN) + Duration::days(1),
    )
}

/// Active bookings of a period (at most a year), for the week and month calendar.
pub async fn calendar(store: &Store, filter: &CalendarFilter) -> Result<Vec<CalendarEntry>> {
    let mut errors = FieldErrors::default();
    let from = errors.take("from", parse_date(&filter.from, "Tanggal awal"));
    let to = errors.take("to", parse_date(&filter.to, "Tanggal akhir"));
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors.into());
    };
    if to < from || to - from > Duration::days(400) {
        return Err(FieldErrors::single("to", "Rentang kalender harus 0 sampai 400 hari").into());
    }
    let (start, end) = day_range(from, to);
    let rows = db::calendar_rows(
        store.pool(),
        start,
        end,
        filter.room_code.as_deref(),
        filter.unit_code.as_deref(),
        filter.channel.map(Channel::as_str),
    )
    .await?;
    rows.iter().map(|row| calendar_entry(store, row)).collect()
}

/// Today's and this week's consultations, what waits for verification or confirmation, and
/// bookings from today on that a rule now refuses (a holiday or new hours added later).
pub async fn dashboard(store: &Store, now: DateTime<Utc>) -> Result<Dashboard> {
    use chrono::Datelike as _;
    let today = today(now);
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    let week = calendar(
        store,
        &CalendarFilter {
            from: monday.format("%Y-%m-%d").to_string(),
            to: (monday + Duration::days(6)).format("%Y-%m-%d").to_string(),
            ..CalendarFilter::default()
        },
    )
    .await?;
    let today_text = today.format("%Y-%m-%d").to_string();
    let today_entries = week
        .iter()
        .filter(|e| {
            parse_rfc3339(&e.starts_at)
                .map(|s| s.with_timezone(&OFFICE_TZ).date_naive() == today)
                .unwrap_or(false)
        })
        .cloned()
        .collect();
    let by_status = |status| crate::api::RequestFilter {
        status: Some(status),
        ..crate::api::RequestFilter::default()
    };
    let awaiting_verification =
        super::list_requests(store, &by_status(RequestStatus::Submitted)).await?;
    // Booked requests the Pemda has still to confirm, the soonest booking first: the first
    // one to telephone. Each carries its booking, never only the preference.
    let mut awaiting_confirmation =
        super::list_requests(store, &by_status(RequestStatus::Scheduled)).await?;
    // RFC 3339 UTC text sorts as the instant does; a row without a booking goes last.
    fn by_booking(s: &crate::api::RequestSummary) -> (bool, Option<&str>, i64) {
        let start = s.booking.as_ref().map(|b| b.starts_at.as_str());
        (start.is_none(), start, s.id)
    }
    awaiting_confirmation.sort_by(|a, b| by_booking(a).cmp(&by_booking(b)));

    let (start, end) = day_range(today, today + Duration::days(120));
    let rows = db::calendar_rows(store.pool(), start, end, None, None, None).await?;
    let data = store.policy_data().await?;
    let index = BookingIndex::default();
    let mut now_breaking = Vec::new();
    for row in &rows {
        let received_on = NaiveDate::parse_from_str(&row.received_on, "%Y-%m-%d")
            .map_err(|e| Error::Internal(e.to_string()))?;
        let policy = data.in_force(received_on);
        let entry = calendar_entry(store, row)?;
        let (Some(start), Some(end)) = (parse_rfc3339(&row.starts_at), parse_rfc3339(&row.ends_at))
        else {
            continue;
        };
        let facts = RequestFacts {
            id: Some(row.request_id),
            channel: entry.channel,
            requester_key: String::new(),
            received_on,
            topics: Vec::new(),
            planned_guest_count: entry.planned_guest_count,
            regional_head_attends: false,
            regional_head_listed: false,
            letter: None,
            preferred_slots: Vec::new(),
            requester_tz: OFFICE_TZ,
        };
        let ctx = Context {
            policy: &policy,
            calendar: &data.calendar,
            bookings: &index,
            open_requests: &[],
            now,
        };
        // Only what can change after booking matters here: the calendar and the hours.
        let changed = rules::time_verdicts(&facts, start, end, &ctx)
            .iter()
            .any(|v| {
                matches!(
                    v,
                    rules::TimeVerdict::ClosedDay | rules::TimeVerdict::OutsideHours
                )
            });
        let findings: Vec<Finding> = if changed {
            let slot = Slot {
                channel: entry.channel,
                start,
                end,
                room: None,
                unit: String::new(),
                resource_persons: Vec::new(),
            };
            check_slot(&facts, &slot, &ctx)
                .into_iter()
                .filter(|f| f.rule == rules::RuleId::ServiceHours)
                .collect()
        } else {
            Vec::new()
        };
        if !findings.is_empty() {
            now_breaking.push(BrokenBooking { entry, findings });
        }
    }
    Ok(Dashboard {
        today: today_text,
        today_entries,
        week_entries: week,
        awaiting_verification,
        awaiting_confirmation,
        now_breaking,
    })
}
