//! The day's lists: the delegations expected or seen at the desk, and the video conferences
//! with who joined each.

use chrono::{DateTime, NaiveDate, Utc};

use super::attendance::check_in_view;
use super::{day_key, view_instant};
use crate::api::{ArrivalView, ArrivalsDay};
use crate::checkin::ViolationKind;
use crate::domain::{Channel, RequestStatus};
use crate::error::Result;
use crate::service::get_request;
use crate::service::scheduling::guest_cap_in;
use crate::store::Store;
use crate::store::checkin as db;
use crate::time::{format_date_with_day, office_day_bounds, span_label};
use crate::validate::{FieldErrors, parse_date};

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
    let ids = db::requests_of_day(store, channel, from, to).await?;
    let data = store.policy_data().await?;
    let mut arrivals = Vec::with_capacity(ids.len());
    for id in ids {
        let detail = get_request(store, id).await?;
        let check_in = check_in_view(store, id).await?;
        let slot_ended = match &detail.booking {
            Some(b) => view_instant(&b.ends_at)? <= now,
            None => true,
        };
        let earlier_violations = match &detail.requester.region_code {
            Some(code) => db::violations_before(store, code, day).await?,
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
            Some(b) => Some(span_label(
                view_instant(&b.starts_at)?,
                view_instant(&b.ends_at)?,
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
