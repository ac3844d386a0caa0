//! The core's integration tests, one module per use case, built as one test binary: the crate
//! and its dependencies are linked once instead of once per file.
//!
//! Every test makes its own database in its own temporary folder and passes the environment it
//! wants to the processes it starts; none sets the process's environment or working directory,
//! so they share this process at any thread count. Each test starts by taking its turn,
//! `common::run_beside_others()`; the one test that needs the machine to itself takes
//! `common::run_alone()` instead, which says why. A new test takes its turn the same way.
//!
//! Run one use case with a filter: `cargo test -p konsultasi --test integration scheduling::`.

mod common;

mod backup;
mod bindings;
mod checkin;
mod cli;
// SIGKILL and exit signals are Unix notions.
#[cfg(unix)]
mod crash;
mod exports;
mod floors;
mod history;
mod hostile;
mod mail;
mod migrate_data;
mod operations;
mod pdf;
mod policy_properties;
mod policy_rules;
mod postgres_only;
mod race;
mod regions;
mod requests;
mod scheduling;
mod setup;
mod store;
mod team_client;
mod team_roles;
mod team_server;
mod ui_fixtures;
mod workflow;
