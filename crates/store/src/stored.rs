//! Reading back what the store wrote as text: instants (RFC 3339 UTC), days (`YYYY-MM-DD`) and
//! the closed sets. A value that does not read is damaged data, reported as such.

use chrono::{DateTime, NaiveDate, Utc};
use konsultasi_core::time::parse_rfc3339;

use crate::error::{Error, Result};

pub(crate) fn corrupt(what: &str, value: &str) -> Error {
    Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
}

pub(crate) fn instant(what: &str, text: &str) -> Result<DateTime<Utc>> {
    parse_rfc3339(text).ok_or_else(|| corrupt(what, text))
}

pub(crate) fn day(text: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|_| corrupt("tanggal", text))
}

/// A day as the tables keep it.
pub(crate) fn day_key(day: NaiveDate) -> String {
    day.format("%Y-%m-%d").to_string()
}

/// One of a closed set, read with its `from_stored`.
pub(crate) fn member<T>(what: &str, text: &str, read: fn(&str) -> Option<T>) -> Result<T> {
    read(text).ok_or_else(|| corrupt(what, text))
}
