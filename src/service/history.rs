//! Importing the desk's earlier records, and the monthly report.

use chrono::{DateTime, Utc};

use crate::error::{Error, Result};
use crate::history::import::read_csv;
use crate::history::report::{
    HeldCount, MonthlyReport, ViolationItem, month_start, monthly_report,
};
use crate::store::Store;
use crate::store::checkin::{self as checkin_db, ViolationFilter};
use crate::store::history as db;
use crate::time::{office_day, office_day_bounds};
use crate::validate::{FieldErrors, FileName, parse_month};
use crate::workflow::Actor;
use konsultasi_core::audit::{AuditAction, AuditEntry};

pub use konsultasi_core::records::{requester_short_label, short_label};

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
    let mut tx = store.write_serialised().await?;
    db::record_imported(&mut tx, &reading.records, file_name, now).await?;
    let summary = ImportSummary {
        imported: reading.records.len(),
        guessed: reading.guessed,
    };
    tx.audit(
        &AuditEntry::new(actor, AuditAction::ImportHistory)
            .after(&summary)
            .note(file_name),
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
    let reference = store.reference();
    // The month's consultations in full; six months of them only counted, for the chart.
    let items: Vec<_> = db::held_between(store, first, last)
        .await?
        .iter()
        .map(|held| held.report_item(reference.as_ref()))
        .collect();
    let chart: Vec<HeldCount> = db::held_counts_between(store, month_start(first, 5), last)
        .await?
        .into_iter()
        .map(|(held_on, channel, count)| HeldCount {
            held_on,
            channel,
            count,
        })
        .collect();
    let (from_instant, _) = office_day_bounds(first);
    let (_, to_instant) = office_day_bounds(last);
    let arrivals: Vec<_> = checkin_db::arrivals_between(store, from_instant, to_instant)
        .await?
        .into_iter()
        .map(office_day)
        .collect();
    let violations: Vec<_> = checkin_db::violations(
        store,
        ViolationFilter {
            days: Some((first, last)),
            ..ViolationFilter::default()
        },
    )
    .await?
    .into_iter()
    .map(|stored| ViolationItem {
        occurred_on: stored.occurred_on,
        request_id: stored.request_id,
        kind: stored.kind,
        requester_label: requester_short_label(
            reference.as_ref(),
            stored.requester_kind,
            stored.region_code.as_deref(),
            stored.requester_name.as_deref(),
        ),
        evidence: stored.evidence,
    })
    .collect();
    Ok(monthly_report(
        first,
        &items,
        &chart,
        &arrivals,
        &violations,
    ))
}
