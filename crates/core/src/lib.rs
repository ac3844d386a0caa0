//! The pure core of Konsultasi DJPK: every rule of the desk, with no database, no async runtime
//! and no file system. Data comes in as values and leaves as values (findings, documents as
//! bytes), so each rule can be tested alone and served by any face. The floors above it are
//! mapped in `ARCHITECTURE.md`.

pub mod accounts;
pub mod audit;
pub mod checkin;
pub mod domain;
pub mod error;
pub mod export;
pub mod history;
pub mod letter_number;
pub mod mail;
pub mod policy;
pub mod records;
pub mod search;
pub mod time;
pub mod validate;
pub mod workflow;
