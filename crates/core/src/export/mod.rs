//! Files the desk hands out: calendar invites (ICS) and letters (PDF).
//!
//! Renderers here are pure: they take plain data and return bytes. Reading the database and
//! numbering letters is the service layer's job (`service::export`).

pub mod ics;
pub mod pdf;
