//! The desk's earlier records: what an import of them answers.

use serde::Serialize;
use ts_rs::TS;

use konsultasi_core::history::import::RowReport;

/// What an import stored, and the rows it had to read generously.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ImportSummary {
    #[ts(type = "number")]
    pub imported: usize,
    pub guessed: Vec<RowReport>,
}
