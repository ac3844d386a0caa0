//! The day of the visit, one use case a file: the day's lists (`arrivals`), recording an
//! arrival with the violations it finds by itself (`check_in`, `walk_in`), reading what was
//! recorded (`attendance`), how a visit ends or is corrected (`outcome`: completion, no-show,
//! voiding a check-in), and a region's record (`compliance`).

mod arrivals;
mod attendance;
mod check_in;
mod compliance;
mod outcome;
mod walk_in;

pub use arrivals::{arrivals, video_attendance};
pub use attendance::{check_in_view, check_ins_of};
pub use check_in::{check_in, check_in_preview};
pub use compliance::compliance_history;
pub use outcome::{complete, mark_no_show, void_check_in};
pub use walk_in::{walk_in, walk_in_preview};

use chrono::{DateTime, NaiveDate, Utc};
use konsultasi_core::audit::AuditEntry;

use crate::error::{Error, Result};
use crate::time::parse_rfc3339;

fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// An instant of a view (a booking's start or end), as the view carries it.
fn view_instant(text: &str) -> Result<DateTime<Utc>> {
    parse_rfc3339(text).ok_or_else(|| Error::Internal(format!("waktu tersimpan rusak: {text}")))
}

/// `entry` with the note the desk wrote, if it wrote one.
fn noted(entry: AuditEntry, note: Option<&str>) -> AuditEntry {
    match note {
        Some(note) => entry.note(note),
        None => entry,
    }
}
