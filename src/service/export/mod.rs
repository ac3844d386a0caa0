//! Exports of a booking, one use case a file: its invite and the staff calendar (`invites`),
//! the letters and their outgoing numbers (`letters`), the monthly report file (`report_file`),
//! the WhatsApp confirmation text (`whatsapp`), the settings they print (`settings`), and
//! producing and saving any of them (`saving`). What several of them gather about a booking
//! lives here.

mod invites;
mod letters;
mod report_file;
mod saving;
mod settings;
mod whatsapp;

pub(crate) use invites::booking_invite;
pub use invites::{calendar, invite};
pub use letters::{
    IssuedNumber, NumberedLetter, issue_number, issued_confirmation, letter, letter_to,
    render_number,
};
pub use report_file::monthly_report_file;
pub use saving::{produce, produce_to, save, save_to};
pub use settings::{export_settings, save_export_settings};
pub use whatsapp::whatsapp_message;

use chrono::{DateTime, Utc};

use crate::api::RequestDetail;
use crate::domain::Channel;
use crate::domain::region::ZoneLabel;
use crate::error::{Error, Result};
use crate::export::pdf;
use crate::service::get_request;
use crate::service::scheduling::guest_cap;
use crate::store::Store;
use crate::store::exports::{self as db, ExportBooking, ExportSettingsRow};
use crate::time::{OFFICE_TZ, format_date_with_day};

/// A file ready to be saved: its suggested name, type and content.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExportedFile {
    pub file_name: String,
    pub mime_type: &'static str,
    pub bytes: Vec<u8>,
    /// What the user should know about the content, e.g. characters a PDF could not print.
    pub warnings: Vec<String>,
}

const ICS_MIME: &str = "text/calendar";
const CSV_MIME: &str = "text/csv";
const PDF_MIME: &str = "application/pdf";

async fn booking_of(store: &Store, detail: &RequestDetail) -> Result<ExportBooking> {
    db::latest_booking(store, detail.id)
        .await?
        .ok_or_else(|| Error::Conflict {
            message: format!("Permohonan #{} belum pernah dijadwalkan", detail.id),
            findings: Vec::new(),
        })
}

pub(crate) fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "tatap muka",
        Channel::VideoConference => "video conference",
    }
}

/// When a booking runs, in WIB and, if different, in the requester's zone:
/// "Senin, 1 Maret 2027 pukul 09.00–10.00 WIB (11.00–12.00 WIT)".
pub(crate) fn when_label(starts: DateTime<Utc>, ends: DateTime<Utc>, zone: ZoneLabel) -> String {
    format!(
        "{} pukul {}",
        format_date_with_day(starts.with_timezone(&OFFICE_TZ).date_naive()),
        crate::time::span_label(starts, ends, zone)
    )
}

pub(crate) fn place_of(booking: &ExportBooking) -> Option<String> {
    booking
        .room_name
        .as_ref()
        .map(|room| format!("{room}, Direktorat Jenderal Perimbangan Keuangan"))
}

/// A booking that still stands, with what its messages and letters print.
struct StandingBooking {
    detail: RequestDetail,
    booking: ExportBooking,
    settings: ExportSettingsRow,
    cap: u32,
    starts: DateTime<Utc>,
    ends: DateTime<Utc>,
}

async fn standing_booking(store: &Store, request_id: i64) -> Result<StandingBooking> {
    let detail = get_request(store, request_id).await?;
    let booking = booking_of(store, &detail).await?;
    if !booking.active {
        return Err(Error::Conflict {
            message: format!("Jadwal permohonan #{request_id} sudah dibatalkan"),
            findings: Vec::new(),
        });
    }
    Ok(StandingBooking {
        settings: db::settings(store).await?,
        cap: guest_cap(store, &detail).await?,
        starts: booking.starts_at,
        ends: booking.ends_at,
        detail,
        booking,
    })
}

/// The letterhead as documents print it: the first two lines name the institution, the rest
/// say how to reach it.
fn letterhead_of(settings: &ExportSettingsRow) -> pdf::Letterhead {
    let lines: Vec<String> = settings.letterhead.lines().map(str::to_owned).collect();
    let names = lines.len().min(2);
    pdf::Letterhead {
        institution: lines[..names].to_vec(),
        contact: lines[names..].to_vec(),
    }
}
