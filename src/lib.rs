//! Konsultasi DJPK: the services of DJPK's consultation desk, over the floors below them.
//!
//! The floors, lowest first: the pure core (`konsultasi-core`: every rule), the store
//! (`konsultasi-store`: all SQL), the wire contract (`konsultasi-contract`: inputs with their
//! parse, and views), then the services here, which the faces (the CLI in `src/bin/`, the
//! desktop shell) call. Each floor is its own crate, so an arrow upward does not compile. The
//! map is `ARCHITECTURE.md`.

pub use konsultasi_contract as api;
pub use konsultasi_core::{
    audit, checkin, domain, export, history, policy, search, time, validate, workflow,
};
pub use konsultasi_store as store;
pub use konsultasi_store::error;

pub mod files;
pub mod mail;
pub mod remote;
pub mod service;
pub mod smtp;

pub use error::{Error, ErrorCode, ErrorPayload, Result};
pub use store::Store;
