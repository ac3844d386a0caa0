//! The calendar of bookings and the dashboard built on it.

use chrono::{DateTime, Duration, NaiveDate, Utc};

use crate::api::{BrokenBooking, CalendarEntry, CalendarFilter, Dashboard, RequestSummary};
use crate::domain::region::RegionCode;
use crate::domain::request::Reference;
use crate::domain::{Channel, RequestStatus, RequesterKind};
use crate::error::{Error, Result};
use crate::policy::bookings::{BookingIndex, Slot};
use crate::policy::rules::{self, Context, Finding, RequestFacts, check_slot};
use crate::store::policy::CalendarRow;
use crate::store::{Store, requests};
use crate::time::{
    OFFICE_TZ, local_time_label, office_day, office_local_to_utc, parse_rfc3339, slot_label,
};
use crate::validate::{FieldErrors, parse_date};

use super::views;

fn calendar_entry(store: &Store, row: &CalendarRow) -> Result<CalendarEntry> {
    let reference = store.reference();
    let region = row
        .region_code
        .as_deref()
        .map(RegionCode::parse)
        .transpose()
        .map_err(Error::Internal)?;
    let region = region.as_ref().and_then(|code| reference.region(code));
    let kind = RequesterKind::from_stored(&row.requester_kind)
        .ok_or_else(|| Error::Internal(row.requester_kind.clone()))?;
    let start = row.starts_at.0;
    let requester_tz = region.map(|r| r.time_zone).unwrap_or(OFFICE_TZ);
    let (date, time) = crate::time::office_date_and_clock(start);
    Ok(CalendarEntry {
        request_id: row.request_id,
        booking_id: row.booking_id,
        status: RequestStatus::from_stored(&row.status)
            .ok_or_else(|| Error::Internal(row.status.clone()))?,
        channel: Channel::from_stored(&row.channel)
            .ok_or_else(|| Error::Internal(row.channel.clone()))?,
        starts_at: row.starts_at.to_text(),
        ends_at: row.ends_at.to_text(),
        date,
        time,
        duration_minutes: crate::time::minutes_between(row.starts_at.0, row.ends_at.0),
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
    let rows = store
        .calendar_rows(
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
/// The first requests of a dashboard queue as the cards show them, and how many wait in all.
async fn queue(store: &Store, status: RequestStatus) -> Result<(Vec<RequestSummary>, u32)> {
    let reference = store.reference();
    let (first, total) = requests::queue(store, status, DASHBOARD_QUEUE_PREVIEW).await?;
    let summaries = first
        .iter()
        .map(|listing| views::summary(listing, &reference))
        .collect::<Result<Vec<_>>>()?;
    Ok((summaries, u32::try_from(total).unwrap_or(u32::MAX)))
}

/// How many requests of each queue the dashboard's cards show.
pub const DASHBOARD_QUEUE_PREVIEW: u32 = 5;

pub async fn dashboard(store: &Store, now: DateTime<Utc>) -> Result<Dashboard> {
    use chrono::Datelike as _;
    let today = office_day(now);
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
    // The cards show the first few of each queue; the list, filtered by status, shows all.
    let (awaiting_verification, awaiting_verification_total) =
        queue(store, RequestStatus::Submitted).await?;
    // Booked requests the Pemda has still to confirm, the soonest booking first: the first one
    // to telephone. Each carries its booking, never only the preference.
    let (awaiting_confirmation, awaiting_confirmation_total) =
        queue(store, RequestStatus::Scheduled).await?;

    let (start, end) = day_range(today, today + Duration::days(120));
    let rows = store.calendar_rows(start, end, None, None, None).await?;
    let data = store.policy_data().await?;
    let index = BookingIndex::default();
    let mut now_breaking = Vec::new();
    for row in &rows {
        let received_on = row.received_on();
        let policy = data.in_force(received_on);
        let entry = calendar_entry(store, row)?;
        let (start, end) = (row.starts_at.0, row.ends_at.0);
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
        awaiting_verification_total,
        awaiting_confirmation,
        awaiting_confirmation_total,
        now_breaking,
    })
}
