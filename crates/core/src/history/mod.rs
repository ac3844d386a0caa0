//! What the desk has done: consultations held (from the desk or imported from earlier records)
//! and the monthly report over them. Pure; storage is `store::history`.

pub mod import;
pub mod report;
