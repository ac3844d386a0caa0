//! The one wire shape of every refusal: `{ code, message, details }`. The error type itself
//! lives with the store, whose database failures it carries; this is what crosses to the faces.

use serde::Serialize;
use ts_rs::TS;

use crate::policy::rules::Finding;
use crate::validate::FieldError;

/// The closed set of error kinds that crosses the IPC boundary.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    Validation,
    Policy,
    Conflict,
    NotFound,
    /// The team server: no valid session (sign in again).
    Unauthenticated,
    /// The team server: too many attempts, wait (a locked account, a desk sending too fast).
    Throttled,
    /// A desk in team mode: the server could not be reached. Nothing was changed by this
    /// attempt that the desk knows of; it keeps retrying.
    Unavailable,
    Internal,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
pub struct ErrorDetails {
    /// For `validation`: each field's complaint.
    pub fields: Vec<FieldError>,
    /// For `policy` and `conflict`: the findings that refused the action.
    pub findings: Vec<Finding>,
}

/// What the UI and the CLI receive for any failed call: `{ code, message, details }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ErrorPayload {
    pub code: ErrorCode,
    pub message: String,
    pub details: ErrorDetails,
}
