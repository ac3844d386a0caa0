//! Importing the desk's earlier records, and the monthly report.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::workflow::{Actor, record};
use crate::domain::region::{Region, RegionKind};
use crate::domain::{Channel, RequesterKind};
use crate::error::{Error, Result};
use crate::history::import::{RowReport, read_csv};
use crate::history::report::{HeldItem, MonthlyReport, month_start, monthly_report};
use crate::store::Store;
use crate::store::history as db;
use crate::time::to_rfc3339;
use crate::validate::FieldErrors;

/// What an import stored, and the rows it had to read generously.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ImportSummary {
    pub imported: usize,
    pub guessed: Vec<RowReport>,
}

/// Imports a CSV of past consultations: every row, or — when any row cannot be matched — none,
/// with each such row named (`rows[LINE]`) and why.
pub async fn import_held_csv(
    store: &Store,
    actor: &Actor,
    file_name: &str,
    text: &str,
    now: DateTime<Utc>,
) -> Result<ImportSummary> {
    let reference = store.reference();
    let reading = read_csv(text, reference.regions(), reference.topics())
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
        NaiveDate::parse_from_str(&format!("{}-01", month.trim()), "%Y-%m-%d").map_err(|_| {
            FieldErrors::single(
                "month",
                format!("Bulan harus berformat TTTT-BB, bukan \"{month}\""),
            )
        })?;
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
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        let corrupt = |what: &str, value: &str| {
            Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
        };
        let held_on = NaiveDate::parse_from_str(&row.held_on, "%Y-%m-%d")
            .map_err(|_| corrupt("tanggal", &row.held_on))?;
        let channel =
            Channel::from_stored(&row.channel).ok_or_else(|| corrupt("saluran", &row.channel))?;
        let kind = RequesterKind::from_stored(&row.requester_kind)
            .ok_or_else(|| corrupt("jenis pengguna", &row.requester_kind))?;
        let region = row
            .region_code
            .as_deref()
            .and_then(|code| reference.regions().iter().find(|r| r.code.as_str() == code));
        let requester_label = match region {
            Some(region) => short_label(region, kind),
            None => row.requester_name.clone().unwrap_or_default(),
        };
        let topics = row
            .topic_codes
            .as_deref()
            .unwrap_or("")
            .split(',')
            .filter(|c| !c.is_empty())
            .map(|code| reference.topic_name(code).unwrap_or(code).to_owned())
            .collect();
        items.push(HeldItem {
            held_on,
            channel,
            requester_kind: kind,
            requester_label,
            province: region.map(|r| r.province_name.clone()),
            topics,
        });
    }
    Ok(monthly_report(first, &items))
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
