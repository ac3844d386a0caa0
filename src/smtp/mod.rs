//! The desk's SMTP server: speaking to it step by step (`session`) and its password, kept out
//! of the database (`secret`). Below the services, which test the settings with it; the outbox's
//! worker (`crate::mail`) sends through it.

pub mod secret;
mod session;
pub mod trust;

pub use session::{Delivery, Server, Session, connect, send_once};
