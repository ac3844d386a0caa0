//! The services that the desktop shell and the CLI both call.
//!
//! Each takes the [`Store`](crate::store::Store), the untrusted input as sent, and `now` where
//! it writes; it parses the input into domain values, writes in one transaction, and answers
//! with the views of [`crate::api`], built from the store's records in [`views`]. A refused
//! input changes nothing.

pub mod accounts;
pub mod audit;
pub mod calendar;
pub mod checkin;
pub mod export;
pub mod history;
pub mod mail;
pub mod operations;
pub mod outbox;
pub mod requests;
pub mod scheduling;
pub mod settings;
pub mod setup;
pub mod transitions;
pub mod users;
mod view_rules;
pub mod views;
pub mod workflow;

pub use requests::{
    create_request, get_request, list_requests, list_topics, request_record, search_region_list,
    search_requesters, update_request,
};

use serde::de::DeserializeOwned;

use crate::error::{Error, Result};
use crate::validate::FieldErrors;

/// Reads a JSON value into an input type, turning serde's complaint into a field error that
/// names the offending field (`guests[1].name`) in Indonesian.
pub fn parse_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let detail = error.inner().to_string();
        let (field, message) = describe_json_error(&path, &detail);
        Error::Validation(FieldErrors::single(field, message))
    })
}

/// Reads JSON text (from a file or stdin) into an input type.
pub fn parse_json_text<T: DeserializeOwned>(text: &str) -> Result<T> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::Validation(FieldErrors::single(
            "",
            format!(
                "JSON tidak valid (baris {}, kolom {})",
                e.line(),
                e.column()
            ),
        ))
    })?;
    parse_json(value)
}

fn describe_json_error(path: &str, detail: &str) -> (String, String) {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if detail.starts_with("unknown field") {
        // The path already ends at the unknown field.
        let name = quoted(detail).unwrap_or_default();
        (path.to_owned(), format!("Isian \"{name}\" tidak dikenal"))
    } else if detail.starts_with("missing field") {
        let name = quoted(detail).unwrap_or_default();
        (join(&name), format!("Isian \"{name}\" wajib ada"))
    } else if detail.starts_with("unknown variant") {
        let value = quoted(detail).unwrap_or_default();
        (
            path.to_owned(),
            format!("Nilai \"{value}\" tidak dikenal untuk isian ini"),
        )
    } else if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        let expected = detail.rsplit("expected ").next().unwrap_or_default();
        let wanted = if expected.starts_with('i') || expected.starts_with('u') {
            "bilangan bulat"
        } else if expected.contains("string") {
            "teks"
        } else if expected.contains("bool") {
            "true atau false"
        } else if expected.contains("sequence") {
            "daftar"
        } else if expected.contains("struct") || expected.contains("map") {
            "objek"
        } else {
            expected
        };
        (
            path.to_owned(),
            format!("Jenis nilai salah: harus {wanted} ({detail})"),
        )
    } else {
        (path.to_owned(), format!("Isian tidak valid ({detail})"))
    }
}
