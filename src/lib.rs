//! Konsultasi DJPK: the core of DJPK's consultation desk.
//!
//! The core owns every rule and knows nothing of the desktop shell. A map of the modules is in
//! `ARCHITECTURE.md`.

pub mod api;
pub mod checkin;
pub mod domain;
pub mod error;
pub mod export;
pub mod files;
pub mod history;
pub mod policy;
pub mod search;
pub mod service;
pub mod store;
pub mod time;
pub mod validate;
pub mod workflow;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use store::Store;
