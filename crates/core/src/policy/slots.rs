//! The slot finder: the Pemda's preferred slots judged first, the free slots nearest to them,
//! and the earliest slots that pass every Block rule.
//!
//! Every slot offered here is judged by [`judge_slot`], the check scheduling runs; a preferred
//! slot that fails is described by [`check_slot`], so its refusal carries the rule's own
//! message and clause.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, Utc};

use super::bookings::Slot;
use super::rules::{
    CLAUSE_DESK_POLICY, Context, Finding, RequestFacts, RuleId, Severity, TimeVerdict, check_slot,
    day_is_full, judge_slot,
};
use crate::domain::Channel;
use crate::time::{OFFICE_TZ, office_local_to_utc};

/// What to look for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SlotQuery {
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub count: usize,
    pub duration: Duration,
    /// The unit that provides the resource persons.
    pub unit: String,
    pub resource_persons: Vec<i64>,
    /// Rooms to try, in order of preference; ignored for a video conference.
    pub rooms: Vec<String>,
    /// Candidate starts are this many minutes apart within each session window.
    pub step_minutes: u32,
}

impl SlotQuery {
    /// Whether `day` lies in the range searched.
    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    fn step(&self) -> Duration {
        Duration::minutes(i64::from(self.step_minutes.max(5)))
    }
}

/// How many working days on each side of a preferred slot are searched for alternatives.
pub const NEIGHBOUR_WORKING_DAYS: u32 = 2;
/// How far (calendar days) the walk to those working days may go, through weekends and leave.
pub const NEIGHBOUR_WALK_DAYS: i64 = 7;

/// The rooms a slot may take, in order (one roomless choice for a video conference).
fn room_choices(facts: &RequestFacts, query: &SlotQuery) -> Vec<Option<String>> {
    match facts.channel {
        Channel::InPerson => query.rooms.iter().cloned().map(Some).collect(),
        Channel::VideoConference => vec![None],
    }
}

fn slot_at(
    facts: &RequestFacts,
    query: &SlotQuery,
    start: DateTime<Utc>,
    room: Option<String>,
) -> Slot {
    Slot {
        channel: facts.channel,
        start,
        end: start + query.duration,
        room,
        unit: query.unit.clone(),
        resource_persons: query.resource_persons.clone(),
    }
}

/// The slot at `start` in the first room that is free, as booking it would pass every rule.
fn first_free(
    facts: &RequestFacts,
    query: &SlotQuery,
    rooms: &[Option<String>],
    start: DateTime<Utc>,
    ctx: &Context<'_>,
) -> Option<Slot> {
    rooms.iter().find_map(|room| {
        let slot = slot_at(facts, query, start, room.clone());
        judge_slot(facts, &slot, ctx).is_clear().then_some(slot)
    })
}

/// The candidate starts of `day`: on the step grid of each session window, where a slot of the
/// query's length still ends inside the window. Earliest first.
pub fn starts_on(day: NaiveDate, query: &SlotQuery, ctx: &Context<'_>) -> Vec<DateTime<Utc>> {
    let mut starts = Vec::new();
    if query.duration <= Duration::zero() {
        return starts;
    }
    let step = query.step();
    for window in ctx.calendar.windows_on(day, ctx.policy) {
        let mut start_time = window.start;
        loop {
            let end_time = start_time + query.duration;
            // `NaiveTime` wraps at midnight; a wrapped end means the slot runs past the day.
            if end_time > window.end || end_time < start_time {
                break;
            }
            starts.push(office_local_to_utc(day, start_time));
            let next = start_time + step;
            if next <= start_time || next == NaiveTime::MIN {
                break;
            }
            start_time = next;
        }
    }
    starts
}

fn noon_of(day: NaiveDate) -> DateTime<Utc> {
    office_local_to_utc(
        day,
        NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
    )
}

/// Whether no tatap muka can be added on `day` any more.
fn full_for(facts: &RequestFacts, day: NaiveDate, ctx: &Context<'_>) -> bool {
    facts.channel == Channel::InPerson && day_is_full(noon_of(day), facts.id, ctx)
}

/// Slots that pass every Block rule for the request, earliest first (for a tatap muka, the
/// first free room of `query.rooms` at each time).
pub fn find_slots(facts: &RequestFacts, query: &SlotQuery, ctx: &Context<'_>) -> Vec<Slot> {
    let mut found = Vec::new();
    let rooms = room_choices(facts, query);
    if query.count == 0 || query.duration <= Duration::zero() || rooms.is_empty() {
        return found;
    }
    // No slot can come before the lead time, so start the walk there.
    let lead = ctx.policy.lead_days(facts.channel);
    let earliest = ctx
        .calendar
        .working_days_after(facts.received_on, lead, ctx.policy)
        .unwrap_or(query.from);
    let mut day = query.from.max(earliest);
    while day <= query.to && found.len() < query.count {
        if !full_for(facts, day, ctx) {
            for start in starts_on(day, query, ctx) {
                if let Some(slot) = first_free(facts, query, &rooms, start, ctx) {
                    found.push(slot);
                    if found.len() >= query.count {
                        return found;
                    }
                }
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    found
}

/// What about a preferred slot's day rules it out, for the words of the alternatives.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DayCause {
    Holiday,
    ClosedDay,
    TooSoon,
    Past,
    Full,
}

impl DayCause {
    /// A few words, for inside the parentheses of a reason.
    pub fn words(self) -> &'static str {
        match self {
            DayCause::Holiday => "libur",
            DayCause::ClosedDay => "bukan hari layanan",
            DayCause::TooSoon => "belum memenuhi tenggang",
            DayCause::Past => "sudah lewat",
            DayCause::Full => "kuota tatap muka penuh",
        }
    }
}

/// A preferred slot, judged.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreferenceJudgement {
    /// 0-based, in the Pemda's order.
    pub index: usize,
    pub start: DateTime<Utc>,
    /// The slot booking would take, when the preference passes.
    pub slot: Option<Slot>,
    /// The Block findings that refuse it; empty when it passes.
    pub refusals: Vec<Finding>,
    /// The room it was judged in: the one it passes in, or else the first room tried.
    pub room: Option<String>,
    /// Set when the preference's whole day is ruled out.
    pub day_cause: Option<DayCause>,
}

impl PreferenceJudgement {
    pub fn passes(&self) -> bool {
        self.slot.is_some()
    }
}

/// Judges preferred slot `index` (starting at `start`) as scheduling it would be judged, in the
/// first free room of the query, with the query's length, unit and resource persons.
pub fn judge_preference(
    facts: &RequestFacts,
    index: usize,
    start: DateTime<Utc>,
    query: &SlotQuery,
    ctx: &Context<'_>,
) -> PreferenceJudgement {
    let rooms = room_choices(facts, query);
    let first_room = rooms.first().cloned().flatten();
    let probe = slot_at(facts, query, start, first_room.clone());
    let verdict = judge_slot(facts, &probe, ctx);
    let day = start.with_timezone(&OFFICE_TZ).date_naive();
    let day_cause = verdict
        .time
        .iter()
        .find_map(|v| match v {
            TimeVerdict::ClosedDay if !ctx.calendar.holidays_on(day).is_empty() => {
                Some(DayCause::Holiday)
            }
            TimeVerdict::ClosedDay => Some(DayCause::ClosedDay),
            TimeVerdict::InThePast => Some(DayCause::Past),
            TimeVerdict::TooSoon { .. } => Some(DayCause::TooSoon),
            TimeVerdict::OutsideHours => None,
        })
        .or(verdict.day_full.then_some(DayCause::Full));
    let mut judged = PreferenceJudgement {
        index,
        start,
        slot: None,
        refusals: Vec::new(),
        room: first_room,
        day_cause,
    };
    if rooms.is_empty() {
        judged.refusals = vec![Finding {
            rule: RuleId::RoomConflict,
            severity: Severity::Block,
            message: "Belum ada ruang aktif untuk konsultasi tatap muka".into(),
            clause: CLAUSE_DESK_POLICY.into(),
            suggestion: Some("Aktifkan atau tambahkan ruang di Pengaturan".into()),
            slot_index: u32::try_from(index).ok(),
        }];
        return judged;
    }
    if let Some(slot) = first_free(facts, query, &rooms, start, ctx) {
        judged.room = slot.room.clone();
        judged.slot = Some(slot);
        return judged;
    }
    // Refused: every Block finding of the first room, and the other rooms' own conflicts.
    let blocking = |slot: &Slot| {
        check_slot(facts, slot, ctx)
            .into_iter()
            .filter(|f| f.severity == Severity::Block)
    };
    let mut refusals: Vec<Finding> = blocking(&probe).collect();
    for room in rooms.iter().skip(1) {
        let other = slot_at(facts, query, start, room.clone());
        refusals.extend(blocking(&other).filter(|f| f.rule == RuleId::RoomConflict));
    }
    for finding in &mut refusals {
        finding.slot_index = u32::try_from(index).ok();
    }
    judged.refusals = refusals;
    judged
}

/// How far an alternative lies from its preferred slot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Nearness {
    /// On the preference's own day; `minutes` from the preferred start (negative: earlier).
    SameDay { minutes: i64 },
    /// `working_days` working days after (positive) or before (negative) the preference's day;
    /// `minutes` from the preferred time of day.
    OtherDay { working_days: i32, minutes: i64 },
}

/// A free slot near a preferred slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alternative {
    /// 0-based index of the preferred slot it is near.
    pub preference: usize,
    pub slot: Slot,
    pub nearness: Nearness,
    /// Minutes between the two starts, whatever the days.
    pub distance_minutes: i64,
}

impl Alternative {
    /// Same day first, then fewer working days away; then nearer in time; at a tie later
    /// before earlier; then the Pemda's order.
    pub fn rank(&self) -> (u32, i64, bool, usize) {
        let (tier, earlier) = match self.nearness {
            Nearness::SameDay { minutes } => (0, minutes < 0),
            Nearness::OtherDay { working_days, .. } => {
                (working_days.unsigned_abs(), working_days < 0)
            }
        };
        (tier, self.distance_minutes, earlier, self.preference)
    }
}

/// The free slots around preferred slot `index`: on its own day the nearest earlier and the
/// nearest later start, then on each of the [`NEIGHBOUR_WORKING_DAYS`] working days after and
/// before it the free start nearest to the preferred time of day. Only days inside the query's
/// range are searched; each slot passes every rule.
pub fn alternatives_around(
    facts: &RequestFacts,
    index: usize,
    start: DateTime<Utc>,
    query: &SlotQuery,
    ctx: &Context<'_>,
) -> Vec<Alternative> {
    let mut found = Vec::new();
    let rooms = room_choices(facts, query);
    if rooms.is_empty() || query.duration <= Duration::zero() {
        return found;
    }
    let local = start.with_timezone(&OFFICE_TZ);
    let day = local.date_naive();
    let time_of_day = local.time();
    let alternative = |slot: Slot, nearness| Alternative {
        preference: index,
        distance_minutes: (slot.start - start).num_minutes().abs(),
        slot,
        nearness,
    };

    if query.covers(day) && !full_for(facts, day, ctx) {
        let starts = starts_on(day, query, ctx);
        let earlier = starts
            .iter()
            .rev()
            .filter(|s| **s < start)
            .find_map(|s| first_free(facts, query, &rooms, *s, ctx));
        let later = starts
            .iter()
            .filter(|s| **s > start)
            .find_map(|s| first_free(facts, query, &rooms, *s, ctx));
        for slot in earlier.into_iter().chain(later) {
            let minutes = (slot.start - start).num_minutes();
            found.push(alternative(slot, Nearness::SameDay { minutes }));
        }
    }

    for forward in [true, false] {
        let mut other = day;
        let mut counted = 0;
        for _ in 0..NEIGHBOUR_WALK_DAYS {
            let Some(next) = (if forward {
                other.succ_opt()
            } else {
                other.pred_opt()
            }) else {
                break;
            };
            other = next;
            if !query.covers(other) {
                break;
            }
            if !ctx.calendar.is_working_day(other, ctx.policy) {
                continue;
            }
            counted += 1;
            if !full_for(facts, other, ctx) {
                let target = office_local_to_utc(other, time_of_day);
                let mut starts = starts_on(other, query, ctx);
                starts.sort_by_key(|s| ((*s - target).num_minutes().abs(), *s < target));
                if let Some(slot) = starts
                    .iter()
                    .find_map(|s| first_free(facts, query, &rooms, *s, ctx))
                {
                    let minutes = (slot.start - target).num_minutes();
                    let working_days = if forward { counted } else { -counted };
                    found.push(alternative(
                        slot,
                        Nearness::OtherDay {
                            working_days,
                            minutes,
                        },
                    ));
                }
            }
            if counted.unsigned_abs() >= NEIGHBOUR_WORKING_DAYS {
                break;
            }
        }
    }
    found
}

/// The days [`alternatives_around`] may look at for a preferred slot at `start`: its own day
/// and the working days either side that the walk reaches, earliest first. The bookings of
/// these days are all the judging needs.
pub fn neighbourhood(
    start: DateTime<Utc>,
    calendar: &super::calendar::WorkingCalendar,
    policy: &super::Policy,
) -> Vec<NaiveDate> {
    let day = start.with_timezone(&OFFICE_TZ).date_naive();
    let mut days = vec![day];
    for forward in [true, false] {
        let mut other = day;
        let mut counted = 0;
        for _ in 0..NEIGHBOUR_WALK_DAYS {
            let Some(next) = (if forward {
                other.succ_opt()
            } else {
                other.pred_opt()
            }) else {
                break;
            };
            other = next;
            if calendar.is_working_day(other, policy) {
                days.push(other);
                counted += 1;
                if counted >= NEIGHBOUR_WORKING_DAYS {
                    break;
                }
            }
        }
    }
    days.sort();
    days
}

/// "2 jam", "30 menit", "1 jam 30 menit".
fn span_words(minutes: i64) -> String {
    let minutes = minutes.abs();
    match (minutes / 60, minutes % 60) {
        (0, m) => format!("{m} menit"),
        (h, 0) => format!("{h} jam"),
        (h, m) => format!("{h} jam {m} menit"),
    }
}

fn shift_words(minutes: i64) -> String {
    if minutes < 0 {
        format!("{} lebih awal", span_words(minutes))
    } else {
        format!("{} lebih lambat", span_words(minutes))
    }
}

/// The reason of a passing preference's card.
pub fn preference_reason(judged: &PreferenceJudgement) -> String {
    format!("Sesuai usulan ke-{}", judged.index + 1)
}

/// The reason of an alternative's card, e.g. "Terdekat dari usulan ke-2 (2 jam lebih awal,
/// ruang lain)" or "Hari kerja berikutnya setelah usulan ke-1 (libur, jam sama)".
pub fn alternative_reason(alternative: &Alternative, judged: &PreferenceJudgement) -> String {
    let ordinal = judged.index + 1;
    let mut parts: Vec<String> = Vec::new();
    let head = match alternative.nearness {
        Nearness::SameDay { minutes } => {
            parts.push(shift_words(minutes));
            format!("Terdekat dari usulan ke-{ordinal}")
        }
        Nearness::OtherDay {
            working_days,
            minutes,
        } => {
            if let Some(cause) = judged.day_cause {
                parts.push(cause.words().to_owned());
            }
            parts.push(if minutes == 0 {
                "jam sama".to_owned()
            } else {
                shift_words(minutes)
            });
            match working_days {
                1 => format!("Hari kerja berikutnya setelah usulan ke-{ordinal}"),
                -1 => format!("Hari kerja sebelum usulan ke-{ordinal}"),
                n if n > 0 => format!("{n} hari kerja setelah usulan ke-{ordinal}"),
                n => format!(
                    "{} hari kerja sebelum usulan ke-{ordinal}",
                    n.unsigned_abs()
                ),
            }
        }
    };
    if alternative.slot.room.is_some() && alternative.slot.room != judged.room {
        parts.push("ruang lain".to_owned());
    }
    format!("{head} ({})", parts.join(", "))
}

/// The reason of one of the earliest free slots. `previous` is the earliest-slot card before
/// it; `after_others` says whether cards of the preferences come before these.
pub fn earliest_reason(
    facts: &RequestFacts,
    previous: Option<&Slot>,
    slot: &Slot,
    after_others: bool,
    calendar: &super::calendar::WorkingCalendar,
    policy: &super::Policy,
) -> String {
    let day = slot.start.with_timezone(&OFFICE_TZ).date_naive();
    match previous {
        None => {
            let lead = policy.lead_days(facts.channel);
            let first_day = calendar.working_days_after(facts.received_on, lead, policy);
            match (after_others, first_day == Some(day)) {
                (false, true) => {
                    format!("Paling awal: hari kerja pertama setelah tenggang {lead} hari kerja")
                }
                (false, false) => "Waktu kosong paling awal dalam rentang pencarian".to_owned(),
                (true, _) => "Waktu kosong paling awal yang belum disarankan di atas".to_owned(),
            }
        }
        Some(previous) => {
            let previous_local = previous.start.with_timezone(&OFFICE_TZ);
            let previous_day = previous_local.date_naive();
            if previous_day == day {
                return format!(
                    "Hari yang sama, sesudah saran {}",
                    previous_local.format("%H.%M")
                );
            }
            let mut working_days = 0;
            let mut walk = previous_day;
            while walk < day {
                match walk.succ_opt() {
                    Some(next) => walk = next,
                    None => break,
                }
                if calendar.is_working_day(walk, policy) {
                    working_days += 1;
                }
            }
            if working_days <= 1 {
                "Hari kerja berikutnya setelah saran sebelumnya".to_owned()
            } else {
                format!("{working_days} hari kerja setelah saran sebelumnya")
            }
        }
    }
}
