//! What the desk recorded of a visit: a request's check-ins (the one that stands and those
//! voided) with who came and the violations each found.

use konsultasi_core::records::requester_short_label;

use crate::api::{AttendeeView, CheckInView, CheckInVoidView, ViolationView};
use crate::domain::region::ZoneLabel;
use crate::error::Result;
use crate::service::get_request;
use crate::store::Store;
use crate::store::checkin::{self as db, StoredCheckIn, StoredViolation, ViolationFilter};
use crate::store::reference::ReferenceData;
use crate::time::{OFFICE_TZ, format_date_with_day, format_time, to_rfc3339};

/// The violations matching `filter`, oldest first.
pub(super) async fn violation_views(
    store: &Store,
    filter: ViolationFilter<'_>,
) -> Result<Vec<ViolationView>> {
    let reference = store.reference();
    Ok(db::violations(store, filter)
        .await?
        .into_iter()
        .map(|stored| violation_view(&reference, stored))
        .collect())
}

fn violation_view(reference: &ReferenceData, stored: StoredViolation) -> ViolationView {
    ViolationView {
        id: stored.id,
        request_id: stored.request_id,
        kind: stored.kind,
        label: stored.kind.label().to_owned(),
        clause: stored.kind.clause().to_owned(),
        occurred_label: format_date_with_day(stored.occurred_on),
        occurred_on: super::day_key(stored.occurred_on),
        channel: stored.channel,
        requester_label: requester_short_label(
            reference,
            stored.requester_kind,
            stored.region_code.as_deref(),
            stored.requester_name.as_deref(),
        ),
        evidence: stored.evidence,
    }
}

/// The check-in of a request that stands (not voided), if it has one.
pub async fn check_in_view(store: &Store, id: i64) -> Result<Option<CheckInView>> {
    match db::standing_check_in(store, id).await? {
        Some(stored) => Ok(Some(view_of_check_in(store, stored).await?)),
        None => Ok(None),
    }
}

/// Every check-in of a request, newest first: the one that stands and those voided, each
/// voided one with its reason and the violations it no longer counts.
pub async fn check_ins_of(store: &Store, id: i64) -> Result<Vec<CheckInView>> {
    get_request(store, id).await?;
    let mut views = Vec::new();
    for stored in db::check_ins_of(store, id).await? {
        views.push(view_of_check_in(store, stored).await?);
    }
    Ok(views)
}

async fn view_of_check_in(store: &Store, stored: StoredCheckIn) -> Result<CheckInView> {
    let arrived = stored.arrived_at.with_timezone(&OFFICE_TZ);
    let attendees = db::attendees_of(store, stored.id)
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
    let violations = violation_views(
        store,
        ViolationFilter {
            check_in_id: Some(stored.id),
            include_voided: true,
            ..ViolationFilter::default()
        },
    )
    .await?;
    let voided = stored.void.map(|void| {
        let at = void.voided_at.with_timezone(&OFFICE_TZ);
        CheckInVoidView {
            reason: void.reason,
            voided_by: void.voided_by,
            voided_label: format!(
                "{} {}",
                format_date_with_day(at.date_naive()),
                format_time(at.time(), ZoneLabel::Wib)
            ),
            voided_at: to_rfc3339(void.voided_at),
        }
    });
    let channel = get_request(store, stored.request_id).await?.channel;
    Ok(CheckInView {
        id: stored.id,
        request_id: stored.request_id,
        channel,
        voided,
        arrived_at: to_rfc3339(stored.arrived_at),
        arrived_label: format_time(arrived.time(), ZoneLabel::Wib),
        walk_in: stored.walk_in,
        regional_head_present: stored.regional_head_present,
        attendees,
        violations,
        recorded_by: stored.recorded_by,
        note: stored.note,
    })
}
