//! A region's record at the desk: what its Pemda and DPRD asked, held, missed and broke.

use super::attendance::violation_views;
use super::day_key;
use crate::api::{ComplianceHistory, HeldVisitView, ViolationView};
use crate::checkin::ViolationKind;
use crate::domain::region::RegionCode;
use crate::domain::request::Reference as _;
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::checkin::{self as db, ViolationFilter};
use crate::store::history as held_db;
use crate::time::format_date;
use crate::validate::FieldErrors;

/// The most visits the history lists.
const VISITS_SHOWN: u32 = 100;

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
    let mut violations: Vec<ViolationView> = violation_views(
        store,
        ViolationFilter {
            region_code: Some(code),
            ..ViolationFilter::default()
        },
    )
    .await?;
    violations.reverse();
    let visits = held_db::held_of_region(store, code, VISITS_SHOWN)
        .await?
        .into_iter()
        .map(|held| {
            let item = held.report_item(reference.as_ref());
            HeldVisitView {
                date_label: format_date(item.held_on),
                held_on: day_key(held.held_on),
                channel: item.channel,
                requester_label: item.requester_label,
                topics: item.topics.join(", "),
                request_id: held.request_id,
                source: held.source,
            }
        })
        .collect();
    Ok(ComplianceHistory {
        region_code: code.to_owned(),
        region_name: region.name.clone(),
        province_name: region.province_name.clone(),
        requests: db::count_requests_of_region(store, code).await?,
        held: held_db::count_held_of_region(store, code).await?,
        no_shows: violations
            .iter()
            .filter(|v| v.kind == ViolationKind::NoShow)
            .count() as u32,
        violations,
        visits,
    })
}
