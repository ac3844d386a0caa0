//! The monthly report as a file: CSV for spreadsheets, PDF for the desk's letterhead.

use chrono::{DateTime, Utc};

use super::{CSV_MIME, ExportedFile, PDF_MIME, letterhead_of};
use crate::api::ReportFormat;
use crate::error::{Error, Result};
use crate::export::pdf;
use crate::store::Store;
use crate::store::exports as db;
use crate::time::OFFICE_TZ;

/// The monthly report of `month` (`YYYY-MM`) as CSV or PDF.
pub async fn monthly_report_file(
    store: &Store,
    month: &str,
    format: ReportFormat,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let report = crate::service::history::monthly(store, month).await?;
    let file_name = format!("laporan-konsultasi-{}.{}", report.month, format.as_str());
    let (mime_type, bytes, warnings) = match format {
        ReportFormat::Csv => (
            CSV_MIME,
            crate::history::report::to_csv(&report)
                .map_err(|e| Error::Internal(e.to_string()))?
                .into_bytes(),
            Vec::new(),
        ),
        ReportFormat::Pdf => {
            let settings = db::settings(store).await?;
            let title = format!("Laporan Layanan Konsultasi DJPK {}", report.month_label);
            let doc = pdf::MonthlyReportDocument {
                letterhead: letterhead_of(&settings),
                place: settings.place.clone(),
                printed_on: now.with_timezone(&OFFICE_TZ).date_naive(),
                meta: pdf::DocumentMeta {
                    title,
                    created: now,
                    author: settings.organizer_name.clone(),
                },
                report,
            };
            let rendered =
                pdf::render_monthly_report(&doc).map_err(|e| Error::Internal(e.to_string()))?;
            (
                PDF_MIME,
                rendered.bytes.clone(),
                rendered.warning().into_iter().collect(),
            )
        }
    };
    Ok(ExportedFile {
        file_name,
        mime_type,
        bytes,
        warnings,
    })
}
