//! Importing the desk's earlier records, and the monthly report.

use chrono::{DateTime, NaiveDate, Utc};

use super::workflow::{Actor, record};
use crate::domain::region::{Region, RegionCode, RegionKind};
use crate::domain::request::Reference as _;
use crate::domain::{Channel, RequesterKind};
use crate::error::{Error, Result};
use crate::history::import::read_csv;
use crate::history::report::{HeldItem, MonthlyReport, ViolationItem, month_start, monthly_report};
use crate::store::Store;
use crate::store::checkin::{self as checkin_db, ViolationFilter};
use crate::store::history as db;
use crate::store::reference::ReferenceData;
use crate::time::{office_day, office_day_bounds, parse_rfc3339, to_rfc3339};
use crate::validate::{FieldErrors, FileName, parse_month};

pub use crate::api::ImportSummary;

/// Imports a CSV of past consultations: every row, or — when any row cannot be matched — none,
/// with each such row named (`rows[LINE]`) and why.
pub async fn import_held_csv(
    store: &Store,
    actor: &Actor,
    file_name: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let file_name = FileName::parse(file_name, "Nama berkas")
        .map_err(|message| FieldErrors::single("file_name", message))?;
    let file_name = file_name.as_str();
    let reference = store.reference();
    let reading = read_csv(
        text,
        reference.regions(),
        reference.topics(),
        office_day(now),
    )
    .map_err(|why| FieldErrors::single("file", format!("Berkas CSV tidak terbaca: {why}")))?;
    if !reading.unmatched.is_empty() {
        let mut errors = FieldErrors::default();
        for row in &reading.unmatched {
            errors.push(format!("rows[{}]", row.line), row.notes.join("; "));
        }
        return Err(errors.into());
    }
    if reading.records.is_empty() {
        return Err(FieldErrors::single("file", "Berkas CSV tidak berisi baris data").into());
    }
    let mut tx = store.pool().begin().await?;
    db::insert_imported(&mut tx, &reading.records, file_name, &to_rfc3339(now)).await?;
    let summary = ImportSummary {
        imported: reading.records.len(),
        guessed: reading.guessed,
    };
    record(
        &mut tx,
        actor,
        "import",
        None,
        None::<&()>,
        Some(&summary),
        Some(file_name),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(summary)
}

/// The report for `month` (`YYYY-MM`).
pub async fn monthly(store: &Store, month: &str) -> Result<MonthlyReport> {
    let first =
        parse_month(month, "Bulan").map_err(|message| FieldErrors::single("month", message))?;
    let last = month_start(first, 0)
        .checked_add_months(chrono::Months::new(1))
        .and_then(|next| next.pred_opt())
        .ok_or_else(|| Error::Internal("bulan di luar jangkauan".into()))?;
    let from = month_start(first, 5);
    let rows = db::held_between(
        store.pool(),
        &from.format("%Y-%m-%d").to_string(),
        &last.format("%Y-%m-%d").to_string(),
    )
    .await?;
    let reference = store.reference();
    let items = rows
        .iter()
        .map(|row| held_item(&reference, row))
        .collect::<Result<Vec<_>>>()?;
    let (from_instant, _) = office_day_bounds(first);
    let (_, to_instant) = office_day_bounds(last);
    let arrivals = checkin_db::arrivals_between(
        store.pool(),
        &to_rfc3339(from_instant),
        &to_rfc3339(to_instant),
    )
    .await?
    .iter()
    .filter_map(|at| parse_rfc3339(at))
    .map(office_day)
    .collect::<Vec<_>>();
    let from_key = first.format("%Y-%m-%d").to_string();
    let to_key = last.format("%Y-%m-%d").to_string();
    let violations = super::checkin::read_violations(
        store,
        ViolationFilter {
            days: Some((&from_key, &to_key)),
            ..ViolationFilter::default()
        },
    )
    .await?
    .into_iter()
    .map(|(occurred_on, view)| ViolationItem {
        occurred_on,
        request_id: view.request_id,
        kind: view.kind,
        requester_label: view.requester_label,
        evidence: view.evidence,
    })
    .collect::<Vec<_>>();
    Ok(monthly_report(first, &items, &arrivals, &violations))
}

/// A stored consultation as the report and the history read it.
pub(crate) fn held_item(reference: &ReferenceData, row: &db::HeldRow) -> Result<HeldItem> {
    let corrupt = |what: &str, value: &str| {
        Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
    };
    let held_on = NaiveDate::parse_from_str(&row.held_on, "%Y-%m-%d")
        .map_err(|_| corrupt("tanggal", &row.held_on))?;
    let channel =
        Channel::from_stored(&row.channel).ok_or_else(|| corrupt("saluran", &row.channel))?;
    let kind = RequesterKind::from_stored(&row.requester_kind)
        .ok_or_else(|| corrupt("jenis pengguna", &row.requester_kind))?;
    let topics = row
        .topic_codes
        .as_deref()
        .unwrap_or("")
        .split(',')
        .filter(|c| !c.is_empty())
        .map(|code| reference.topic_name(code).unwrap_or(code).to_owned())
        .collect();
    Ok(HeldItem {
        held_on,
        channel,
        requester_kind: kind,
        requester_label: requester_short_label(
            reference,
            kind,
            row.region_code.as_deref(),
            row.requester_name.as_deref(),
        ),
        province: region_by_code(reference, row.region_code.as_deref())
            .map(|r| r.province_name.clone()),
        topics,
    })
}

fn region_by_code<'a>(reference: &'a ReferenceData, code: Option<&str>) -> Option<&'a Region> {
    let code = RegionCode::parse(code?).ok()?;
    reference.region(&code)
}

/// The requester as reports and histories write it, from its stored columns.
pub fn requester_short_label(
    reference: &ReferenceData,
    kind: RequesterKind,
    region_code: Option<&str>,
    name: Option<&str>,
) -> String {
    match region_by_code(reference, region_code) {
        Some(region) => short_label(region, kind),
        None => name.unwrap_or_default().to_owned(),
    }
}

/// The requester as the monthly report writes it: "Kab. Tanah Datar", "Kota Kendari",
/// "Prov. Kalimantan Timur (DPRD)".
pub fn short_label(region: &Region, kind: RequesterKind) -> String {
    let name = match region.kind {
        RegionKind::Province => format!("Prov. {}", region.name),
        RegionKind::Regency => format!(
            "Kab. {}",
            region
                .name
                .strip_prefix("Kabupaten ")
                .unwrap_or(&region.name)
        ),
        RegionKind::City => region.name.clone(),
    };
    match kind {
        RequesterKind::RegionalCouncil => format!("{name} (DPRD)"),
        _ => name,
    }
}
