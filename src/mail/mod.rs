//! E-mail for the outbox: the core's message composition and kinds (re-exported) and the
//! worker that sends what the outbox holds (`worker`), over `crate::smtp`.

pub use konsultasi_core::mail::*;

pub mod worker;
