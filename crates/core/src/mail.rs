//! E-mail that carries the desk's calendar invites (iMIP, RFC 6047): the kinds of message, the
//! states of a delivery, when a reminder is due, and the message itself as bytes.
//!
//! Composing is pure: the caller hands in every value, the date and the Message-ID included,
//! and gets the RFC 5322 bytes back. Names, subjects and addresses come from Pemda forms, so no
//! control character ever reaches a header: names and subjects are flattened to one line before
//! the builder encodes them, and addresses must parse as addresses.

use std::time::SystemTime;

use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use lettre::Message;
use lettre::message::header::ContentType;
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};

use crate::domain::region::ZoneLabel;
use crate::stored_enum;

stored_enum! {
    /// How the desk reaches its SMTP server.
    MailSecurity {
        /// Plain connection upgraded with STARTTLS (port 587 usually); refused if the server
        /// does not offer it.
        Starttls => "starttls",
        /// TLS from the first byte (port 465 usually).
        Tls => "tls",
        /// No encryption: only to a server on this computer (a local relay).
        Plain => "plain",
    }
}

stored_enum! {
    /// What a queued message says.
    MailKind {
        /// METHOD:REQUEST: a new booking, or a moved one with a higher SEQUENCE.
        Invite => "invite",
        /// METHOD:CANCEL: the booking is called off (or this recipient no longer takes part).
        Cancel => "cancel",
        /// A plain reminder before the day (the Pemda) or on the day (the resource persons).
        Reminder => "reminder",
    }
}

stored_enum! {
    /// Who a message goes to: the Pemda's delegation (its own clock) or DJPK's staff (WIB).
    MailAudience {
        Pemda => "pemda",
        Staff => "staff",
    }
}

stored_enum! {
    /// Where one message to one recipient stands.
    DeliveryState {
        /// Waiting for its time or for the server.
        Queued => "queued",
        /// Handed to the server by a worker that has not yet heard the answer.
        Sending => "sending",
        /// The server accepted it; its answer is kept.
        Sent => "sent",
        /// The server refused it for good (a 5xx answer); its answer is kept.
        Failed => "failed",
        /// The worker stopped while handing it over: it may or may not have arrived, so it is
        /// not sent again by itself (that could send it twice); staff may send it again.
        Uncertain => "uncertain",
        /// No longer needed: replaced by a newer invite, or its booking was cancelled.
        Withdrawn => "withdrawn",
    }
}

impl MailKind {
    /// The iTIP method of the calendar part, if the message carries one.
    pub fn method(self) -> Option<&'static str> {
        match self {
            MailKind::Invite => Some("REQUEST"),
            MailKind::Cancel => Some("CANCEL"),
            MailKind::Reminder => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            MailKind::Invite => "Undangan",
            MailKind::Cancel => "Pembatalan",
            MailKind::Reminder => "Pengingat",
        }
    }
}

impl DeliveryState {
    pub fn label(self) -> &'static str {
        match self {
            DeliveryState::Queued => "Dalam antrean",
            DeliveryState::Sending => "Sedang dikirim",
            DeliveryState::Sent => "Terkirim",
            DeliveryState::Failed => "Gagal",
            DeliveryState::Uncertain => "Tidak pasti",
            DeliveryState::Withdrawn => "Ditarik",
        }
    }
}

/// When a reminder is due: `working_days_before` working days before the start's date in the
/// recipient's zone, at `at` on that zone's clock (0 days: the day itself). `None` when that
/// moment is not before the start, or no such working day exists.
pub fn reminder_due(
    starts_at: DateTime<Utc>,
    zone: ZoneLabel,
    working_days_before: u32,
    at: NaiveTime,
    is_working_day: impl Fn(NaiveDate) -> bool,
) -> Option<DateTime<Utc>> {
    let tz = zone.tz();
    let mut day = starts_at.with_timezone(&tz).date_naive();
    let mut counted = 0;
    // Ten years of closed days would be a broken calendar.
    for _ in 0..3660 {
        if counted == working_days_before {
            break;
        }
        day = day.pred_opt()?;
        if is_working_day(day) {
            counted += 1;
        }
    }
    if counted != working_days_before {
        return None;
    }
    let due = tz
        .from_local_datetime(&day.and_time(at))
        .single()?
        .with_timezone(&Utc);
    (due < starts_at).then_some(due)
}

/// How long a worker waits before trying a message again after its `attempts`-th try failed
/// for a reason that may pass (the server unreachable, a 4xx answer): 30 s, 1, 2, 4, 8 min, …,
/// at most an hour.
pub fn retry_after(attempts: u32) -> Duration {
    let seconds = 30_i64.saturating_mul(1 << attempts.saturating_sub(1).min(7));
    Duration::seconds(seconds.min(3600))
}

/// One party of a message: a display name and an address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailParty {
    pub name: String,
    pub address: String,
}

/// A file attached to a message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailAttachment {
    pub file_name: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

/// Everything one message says, for [`compose`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub from: MailParty,
    pub to: MailParty,
    pub subject: String,
    /// The plain text, in Indonesian.
    pub text: String,
    /// The iTIP method and the calendar text: sent inline (`text/calendar; method=…`) and as
    /// an `.ics` attachment named `calendar_file_name`.
    pub calendar: Option<(String, String)>,
    pub calendar_file_name: String,
    pub attachments: Vec<MailAttachment>,
    /// Without angle brackets: `outbox-12.permohonan-4-…@konsultasi.djpk.kemenkeu.go.id`.
    pub message_id: String,
    pub date: DateTime<Utc>,
}

/// The message's bytes and the addresses its envelope carries.
#[derive(Debug, Clone)]
pub struct ComposedMail {
    pub bytes: Vec<u8>,
    pub envelope: lettre::address::Envelope,
}

/// One line of header text: control characters (CR and LF above all) become spaces, runs of
/// spaces one space, so a name or subject cannot end its header and begin another.
pub fn header_text(text: &str) -> String {
    let flat: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    flat.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn mailbox(party: &MailParty, label: &str) -> Result<Mailbox, String> {
    let address = party
        .address
        .trim()
        .parse()
        .map_err(|_| format!("Alamat surel {label} tidak valid: {}", party.address.trim()))?;
    let name = header_text(&party.name);
    Ok(Mailbox::new((!name.is_empty()).then_some(name), address))
}

/// The RFC 5322 message: `multipart/mixed` holding a `multipart/alternative` (the plain text
/// and, for an invite or a cancellation, the calendar with its method) and the attachments (the
/// `.ics` again, so that mail programs without iMIP still offer it, then any others).
pub fn compose(message: &MailMessage) -> Result<ComposedMail, String> {
    let text_part = SinglePart::builder()
        .header(ContentType::TEXT_PLAIN)
        .body(message.text.replace("\r\n", "\n").replace('\n', "\r\n"));
    let mut body = MultiPart::alternative().singlepart(text_part);
    let mut attachments = Vec::new();
    if let Some((method, calendar)) = &message.calendar {
        if !method.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(format!("Metode kalender tidak dikenal: {method}"));
        }
        let inline_type =
            ContentType::parse(&format!("text/calendar; method={method}; charset=UTF-8"))
                .map_err(|e| e.to_string())?;
        body = body.singlepart(
            SinglePart::builder()
                .header(inline_type)
                .body(calendar.clone()),
        );
        attachments.push(
            Attachment::new(header_text(&message.calendar_file_name)).body(
                calendar.clone().into_bytes(),
                ContentType::parse(&format!("application/ics; method={method}"))
                    .map_err(|e| e.to_string())?,
            ),
        );
    }
    for file in &message.attachments {
        attachments.push(Attachment::new(header_text(&file.file_name)).body(
            file.bytes.clone(),
            ContentType::parse(&file.mime_type).map_err(|e| e.to_string())?,
        ));
    }
    let mut mixed = MultiPart::mixed().multipart(body);
    for attachment in attachments {
        mixed = mixed.singlepart(attachment);
    }
    if message
        .message_id
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
    {
        return Err("Message-ID tidak valid".into());
    }
    let built = Message::builder()
        .from(mailbox(&message.from, "pengirim")?)
        .to(mailbox(&message.to, "penerima")?)
        .subject(header_text(&message.subject))
        .date(SystemTime::from(message.date))
        .message_id(Some(format!("<{}>", message.message_id)))
        .multipart(mixed)
        .map_err(|e| format!("Surel tidak dapat disusun: {e}"))?;
    Ok(ComposedMail {
        envelope: built.envelope().clone(),
        bytes: built.formatted(),
    })
}

/// "Kamis, 3 Desember 2026": the date of `instant` on `zone`'s clock.
pub fn date_in_zone(instant: DateTime<Utc>, zone: ZoneLabel) -> String {
    let local = instant.with_timezone(&zone.tz());
    let date = NaiveDate::from_ymd_opt(local.year(), local.month(), local.day());
    date.map(crate::time::format_date_with_day)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .expect("test value")
            .with_timezone(&Utc)
    }

    fn weekdays(date: NaiveDate) -> bool {
        date.weekday().number_from_monday() <= 5
    }

    #[test]
    fn a_reminder_falls_on_the_working_day_before_on_the_recipients_clock() {
        // Monday 7 Dec 2026 09.00 WIB; the working day before is Friday 4 Dec.
        let starts = at("2026-12-07T02:00:00Z");
        let ten = NaiveTime::from_hms_opt(10, 0, 0).expect("test value");
        let wib = reminder_due(starts, ZoneLabel::Wib, 1, ten, weekdays).expect("test value");
        assert_eq!(wib, at("2026-12-04T03:00:00Z"));
        let wit = reminder_due(starts, ZoneLabel::Wit, 1, ten, weekdays).expect("test value");
        assert_eq!(wit, at("2026-12-04T01:00:00Z"), "10.00 WIT is 08.00 WIB");
        let same_day = reminder_due(
            starts,
            ZoneLabel::Wib,
            0,
            NaiveTime::from_hms_opt(7, 30, 0).expect("test value"),
            weekdays,
        );
        assert_eq!(same_day, Some(at("2026-12-07T00:30:00Z")));
        let too_late = reminder_due(starts, ZoneLabel::Wib, 0, ten, weekdays);
        assert_eq!(too_late, None, "10.00 on the day is after a 09.00 start");
    }

    #[test]
    fn retries_back_off_up_to_an_hour() {
        assert_eq!(retry_after(1), Duration::seconds(30));
        assert_eq!(retry_after(2), Duration::seconds(60));
        assert_eq!(retry_after(5), Duration::seconds(480));
        assert_eq!(retry_after(40), Duration::seconds(3600));
    }

    fn message() -> MailMessage {
        MailMessage {
            from: MailParty {
                name: "Sekretariat DJPK".into(),
                address: "konsultasi@djpk.test".into(),
            },
            to: MailParty {
                name: "Budi\r\nBcc: korban@contoh.test".into(),
                address: "budi@pemda.test".into(),
            },
            subject: "Undangan\nBcc: korban@contoh.test".into(),
            text: "Yth. Budi,\nsampai jumpa.".into(),
            calendar: Some((
                "REQUEST".into(),
                "BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n".into(),
            )),
            calendar_file_name: "undangan.ics".into(),
            attachments: Vec::new(),
            message_id: "outbox-1.x@konsultasi.test".into(),
            date: at("2026-12-03T03:00:00Z"),
        }
    }

    #[test]
    fn no_name_or_subject_can_start_a_header_of_its_own() {
        let composed = compose(&message()).expect("test value");
        let text = String::from_utf8_lossy(&composed.bytes);
        let headers = text.split("\r\n\r\n").next().expect("test value");
        assert!(
            !headers
                .lines()
                .any(|line| line.to_ascii_lowercase().starts_with("bcc:")),
            "{headers}"
        );
        assert_eq!(composed.envelope.to().len(), 1);
        assert!(headers.contains("Message-ID: <outbox-1.x@konsultasi.test>"));
        let calendar_type = text
            .lines()
            .find(|l| l.contains("text/calendar"))
            .expect("test value");
        assert!(
            calendar_type
                .to_ascii_lowercase()
                .contains("method=request"),
            "{calendar_type}"
        );
    }

    #[test]
    fn a_bad_address_or_method_is_refused() {
        let mut bad = message();
        bad.to.address = "budi@pemda.test\r\nBcc: x@y.test".into();
        assert!(compose(&bad).is_err());
        let mut bad = message();
        bad.calendar = Some(("REQUEST; x=1".into(), String::new()));
        assert!(compose(&bad).is_err());
    }
}
