//! The wire contract: what the faces (the desktop shell, the CLI, the team server) send in and
//! get back, by area.
//!
//! These are deliberately plain, serialisable shapes: inputs are untrusted and are parsed here
//! into the core's domain types (`RequestInput::parse`, `RequestFilter::parse`); views are what
//! screens and scripts display. The contract depends on the pure core only. TypeScript
//! declarations for the UI are generated from it (`tests/integration/bindings.rs` keeps
//! `ui/src/lib/api/bindings.ts` in step and fails when it is stale).

// The core's modules under the names the contract's shapes use for them.
use konsultasi_core::{checkin, domain, policy, workflow};

pub mod accounts;
pub mod calendar;
pub mod checkin_views;
pub mod exports;
pub mod history;
pub mod mail;
pub mod operations;
mod request_input;
pub mod requests;
pub mod scheduling;
pub mod settings;
pub mod workflow_inputs;

pub use accounts::*;
pub use calendar::*;
pub use checkin_views::*;
pub use exports::*;
pub use history::*;
pub use mail::*;
pub use request_input::parse_guest_list;
pub use requests::*;
pub use scheduling::*;
pub use settings::*;
pub use workflow_inputs::*;
