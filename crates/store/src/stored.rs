//! Reading back the closed sets the store keeps as text. A value that does not read is damaged
//! data, reported as such.

use crate::error::{Error, Result};

pub(crate) fn corrupt(what: &str, value: &str) -> Error {
    Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
}

/// One of a closed set, read with its `from_stored`.
pub(crate) fn member<T>(what: &str, text: &str, read: fn(&str) -> Option<T>) -> Result<T> {
    read(text).ok_or_else(|| corrupt(what, text))
}
