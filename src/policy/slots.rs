//! The slot finder: the earliest slots that pass every Block rule.

use chrono::{Duration, NaiveDate, NaiveTime};

use super::bookings::Slot;
use super::rules::{Context, RequestFacts, day_is_full, judge_slot};
use crate::domain::Channel;
use crate::time::office_local_to_utc;

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

/// Slots that pass every Block rule for the request, earliest first (for a tatap muka, the
/// first free room of `query.rooms` at each time).
pub fn find_slots(facts: &RequestFacts, query: &SlotQuery, ctx: &Context<'_>) -> Vec<Slot> {
    let mut found = Vec::new();
    if query.count == 0 || query.duration <= Duration::zero() {
        return found;
    }
    let step = Duration::minutes(i64::from(query.step_minutes.max(5)));
    let rooms: Vec<Option<String>> = match facts.channel {
        Channel::InPerson if query.rooms.is_empty() => return found,
        Channel::InPerson => query.rooms.iter().cloned().map(Some).collect(),
        Channel::VideoConference => vec![None],
    };
    // No slot can come before the lead time, so start the walk there.
    let lead = ctx.policy.lead_days(facts.channel);
    let earliest = ctx
        .calendar
        .working_days_after(facts.received_on, lead, ctx.policy)
        .unwrap_or(query.from);
    let mut day = query.from.max(earliest);
    while day <= query.to && found.len() < query.count {
        let noon = office_local_to_utc(
            day,
            NaiveTime::from_hms_opt(12, 0, 0).unwrap_or(NaiveTime::MIN),
        );
        let day_full = facts.channel == Channel::InPerson && day_is_full(noon, facts.id, ctx);
        let windows = if day_full {
            &[][..]
        } else {
            ctx.calendar.windows_on(day, ctx.policy)
        };
        for window in windows {
            let mut start_time = window.start;
            loop {
                let end_time = start_time + query.duration;
                // `NaiveTime` wraps at midnight; a wrapped end means the slot runs past the day.
                if end_time > window.end || end_time < start_time {
                    break;
                }
                let start = office_local_to_utc(day, start_time);
                for room in &rooms {
                    let slot = Slot {
                        channel: facts.channel,
                        start,
                        end: start + query.duration,
                        room: room.clone(),
                        unit: query.unit.clone(),
                        resource_persons: query.resource_persons.clone(),
                    };
                    if judge_slot(facts, &slot, ctx).is_clear() {
                        found.push(slot);
                        break;
                    }
                }
                if found.len() >= query.count {
                    return found;
                }
                let next = start_time + step;
                if next <= start_time || next == NaiveTime::MIN {
                    break;
                }
                start_time = next;
            }
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    found
}
