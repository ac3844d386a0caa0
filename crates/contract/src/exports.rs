//! Documents: export settings, what to export, the first-start set-up.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::*;

/// What letters and invites print: the letterhead, the signatory, the invites' organizer and the
/// numbering of outgoing letters (Settings → Surat & undangan).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ExportSettings {
    /// The letterhead, one entry per line.
    pub letterhead: Vec<String>,
    /// Where letters are signed: "Jakarta".
    pub place: String,
    pub signatory_position: String,
    pub signatory_name: String,
    #[serde(default)]
    pub signatory_nip: Option<String>,
    /// Tembusan of the confirmation letter.
    #[serde(default)]
    pub copies: Vec<String>,
    pub organizer_name: String,
    pub organizer_email: String,
    /// E.g. `S-{seq}/PK.1/{year}`; tokens `{seq}`, `{year}`, `{month}`, `{roman_month}`.
    pub number_pattern: String,
    /// Minutes before the start that invites remind; 0 for none.
    pub reminder_minutes: u32,
}

crate::domain::stored_enum!(
    /// The PDF documents of a consultation.
    LetterKind {
        /// Surat konfirmasi jadwal, numbered.
        Confirmation => "confirmation",
        /// Daftar hadir, pre-filled with the registered guests.
        AttendanceSheet => "attendance_sheet",
        /// Surat keterangan kehadiran, numbered; after the consultation.
        Certificate => "certificate",
    }
);

/// A file to produce and save (the desktop's "Unduh …" actions).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum ExportRequest {
    /// The booking's invite (.ics): REQUEST while it stands, CANCEL once cancelled.
    Invite {
        #[ts(type = "number")]
        request_id: i64,
        #[serde(default)]
        cancel: bool,
    },
    /// Every active booking of a period (.ics, METHOD:PUBLISH).
    Calendar { filter: CalendarFilter },
    /// A letter of the booking (.pdf).
    Letter {
        #[ts(type = "number")]
        request_id: i64,
        letter: LetterKind,
    },
    /// The monthly report of `month` (`YYYY-MM`), as .csv or .pdf.
    MonthlyReport { month: String, format: ReportFormat },
}

/// Where an export was written.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SavedExport {
    pub path: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// What the user should be told about the file, in Indonesian (e.g. characters a PDF could
    /// not print and drew as □); empty when all went well.
    pub warnings: Vec<String>,
}

/// A step of the desk's setup (the first-start wizard), in the order it walks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    /// Kop surat.
    Letterhead,
    /// Penandatangan: name and position.
    Signatory,
    /// Penyelenggara undangan: name and e-mail.
    Organizer,
    /// Ruang rapat: at least one active room.
    Rooms,
    /// Unit: at least one unit to route topics to.
    Units,
}

/// One setting that is still a placeholder or missing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SetupItem {
    pub step: SetupStep,
    /// The settings field it concerns (`signatory_name`, `organizer_email`, `letterhead[0]`),
    /// as `save_export_settings` names it; empty for rooms and units.
    pub field: String,
    /// What is wrong and what to do, in Indonesian.
    pub message: String,
}

/// What the desk still has to set before letters and invites go out, and how the database was
/// opened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SetupStatus {
    /// Nothing is missing.
    pub complete: bool,
    /// The numbered letters (confirmation, certificate) can be made.
    pub letters_ready: bool,
    /// Invites (.ics) can be made.
    pub invites_ready: bool,
    /// Why letters are refused, as the refusal says it; null when they are not.
    pub letters_refusal: Option<String>,
    pub items: Vec<SetupItem>,
    /// The database was opened read-only: nothing can be changed, the wizard included.
    pub read_only: bool,
    /// The database file, for the read-only notice.
    pub database_path: String,
}

crate::domain::stored_enum!(
    /// The files the monthly report is written to.
    ReportFormat {
        Csv => "csv",
        Pdf => "pdf",
    }
);
