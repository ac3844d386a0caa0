//! Exports of a booking: its invite (ICS), the staff calendar, the WhatsApp confirmation text,
//! the letters (PDF), and the settings and letter numbers they use.

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, Utc};

use super::get_request;
use super::policy::{guest_cap, guest_cap_in};
use super::setup::Document;
use super::workflow::Actor;
use crate::api::{
    CalendarFilter, ExportRequest, ExportSettings, LetterKind, ReportFormat, RequestDetail,
    SavedExport,
};
use crate::domain::Channel;
use crate::domain::region::ZoneLabel;
use crate::error::{Error, Result};
use crate::export::ics::{
    AttendeeRole, CalendarEvent, Invite, InviteAttendee, InviteMethod, Party,
};
use crate::export::pdf;
use crate::store::Store;
use crate::store::exports::{self as db, ExportSettingsRow, LatestBooking, NewNumber};
use crate::time::{
    OFFICE_TZ, format_date_with_day, office_local_to_utc, parse_rfc3339, to_rfc3339,
};
use crate::validate::{EmailAddress, FieldErrors, WhatsAppNumber, parse_date};

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

// ---------------------------------------------------------------------------------------------
// Settings

pub async fn export_settings(store: &Store) -> Result<ExportSettings> {
    let row = db::settings(store.pool()).await?;
    Ok(ExportSettings {
        letterhead: row.letterhead.lines().map(str::to_owned).collect(),
        place: row.place,
        signatory_position: row.signatory_position,
        signatory_name: row.signatory_name,
        signatory_nip: row.signatory_nip,
        copies: row
            .copies
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        organizer_name: row.organizer_name,
        organizer_email: row.organizer_email,
        number_pattern: row.number_pattern,
        reminder_minutes: u32::try_from(row.reminder_minutes).unwrap_or(0),
    })
}

pub async fn save_export_settings(
    store: &Store,
    actor: &Actor,
    input: &ExportSettings,
    now: DateTime<Utc>,
) -> Result<ExportSettings> {
    super::workflow::require_secretariat(actor, "mengubah pengaturan surat dan undangan")?;
    let mut errors = FieldErrors::default();
    let line = |errors: &mut FieldErrors, field: String, value: &str, label: &str, max: usize| {
        let value = value.trim();
        if value.is_empty() {
            errors.push(field, format!("{label} wajib diisi"));
        } else if value.chars().count() > max {
            errors.push(field, format!("{label} paling panjang {max} karakter"));
        } else if value.chars().any(char::is_control) {
            errors.push(
                field,
                format!("{label} tidak boleh memuat karakter kendali"),
            );
        }
        value.to_owned()
    };
    if input.letterhead.is_empty() || input.letterhead.len() > 6 {
        errors.push("letterhead", "Kop surat berisi 1 sampai 6 baris");
    }
    let letterhead: Vec<String> = input
        .letterhead
        .iter()
        .enumerate()
        .map(|(i, l)| {
            line(
                &mut errors,
                format!("letterhead[{i}]"),
                l,
                "Baris kop surat",
                150,
            )
        })
        .collect();
    if input.copies.len() > 8 {
        errors.push("copies", "Tembusan paling banyak 8 baris");
    }
    let copies: Vec<String> = input
        .copies
        .iter()
        .enumerate()
        .map(|(i, l)| line(&mut errors, format!("copies[{i}]"), l, "Tembusan", 120))
        .collect();
    let place = line(
        &mut errors,
        "place".into(),
        &input.place,
        "Tempat surat",
        60,
    );
    let position = line(
        &mut errors,
        "signatory_position".into(),
        &input.signatory_position,
        "Jabatan penandatangan",
        200,
    );
    let name = line(
        &mut errors,
        "signatory_name".into(),
        &input.signatory_name,
        "Nama penandatangan",
        100,
    );
    let nip = match input.signatory_nip.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(nip) if nip.len() <= 30 && nip.chars().all(|c| c.is_ascii_digit() || c == ' ') => {
            Some(nip.to_owned())
        }
        Some(_) => {
            errors.push("signatory_nip", "NIP hanya berisi angka");
            None
        }
    };
    let organizer_name = line(
        &mut errors,
        "organizer_name".into(),
        &input.organizer_name,
        "Nama penyelenggara undangan",
        100,
    );
    let organizer_email = errors
        .take(
            "organizer_email",
            EmailAddress::parse(&input.organizer_email, "Surel penyelenggara"),
        )
        .map(|e| e.as_str().to_owned());
    let pattern = errors
        .take(
            "number_pattern",
            parse_number_pattern(&input.number_pattern),
        )
        .unwrap_or_default();
    if input.reminder_minutes > 10_080 {
        errors.push(
            "reminder_minutes",
            "Pengingat paling lama 10.080 menit (7 hari) sebelumnya",
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let before = db::settings_in(&mut tx).await?;
    let after = ExportSettingsRow {
        letterhead: letterhead.join("\n"),
        place,
        signatory_position: position,
        signatory_name: name,
        signatory_nip: nip,
        copies: copies.join("\n"),
        organizer_name,
        organizer_email: organizer_email.unwrap_or_default(),
        number_pattern: pattern,
        reminder_minutes: i64::from(input.reminder_minutes),
        updated_at: to_rfc3339(now),
    };
    db::save_settings(&mut tx, &after).await?;
    super::workflow::audit_setting(
        &mut tx,
        actor,
        "export_settings.save",
        Some(&before),
        Some(&after),
        now,
    )
    .await?;
    tx.commit().await?;
    export_settings(store).await
}

/// A numbering pattern: `{seq}` once, and only the known tokens.
fn parse_number_pattern(raw: &str) -> std::result::Result<String, String> {
    let pattern = raw.trim();
    if pattern.matches("{seq}").count() != 1 {
        return Err("Pola nomor surat harus memuat {seq} tepat satu kali".into());
    }
    if pattern.chars().count() > 80 || pattern.chars().any(char::is_control) {
        return Err("Pola nomor surat paling panjang 80 karakter, tanpa karakter kendali".into());
    }
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err("Kurung kurawal pada pola nomor surat tidak ditutup".into());
        };
        let token = &rest[open..open + close + 1];
        if !["{seq}", "{year}", "{month}", "{roman_month}"].contains(&token) {
            return Err(format!(
                "Penanda {token} tidak dikenal; gunakan {{seq}}, {{year}}, {{month}} atau {{roman_month}}"
            ));
        }
        rest = &rest[open + close + 1..];
    }
    Ok(pattern.to_owned())
}

/// The letter number for `sequence` on `date`, e.g. `S-12/PK.1/2026`.
pub fn render_number(pattern: &str, sequence: i64, date: NaiveDate) -> String {
    const ROMAN: [&str; 12] = [
        "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
    ];
    pattern
        .replace("{seq}", &sequence.to_string())
        .replace("{year}", &date.year().to_string())
        .replace("{month}", &format!("{:02}", date.month()))
        .replace("{roman_month}", ROMAN[date.month0() as usize])
}

/// The kinds of letter that carry an outgoing number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberedLetter {
    Confirmation,
    Certificate,
}

impl NumberedLetter {
    fn as_str(self) -> &'static str {
        match self {
            Self::Confirmation => "confirmation",
            Self::Certificate => "certificate",
        }
    }
}

/// An outgoing number and the date it was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedNumber {
    pub number: String,
    pub issued_on: NaiveDate,
}

/// The number of a letter: the one already given to this letter (same request, kind and booking
/// SEQUENCE), or the next of the year. The write lock is taken first, so two processes never
/// hand out the same number.
pub async fn issue_number(
    store: &Store,
    actor: &Actor,
    request_id: i64,
    kind: NumberedLetter,
    booking_sequence: i64,
    now: DateTime<Utc>,
) -> Result<IssuedNumber> {
    let pattern = db::settings(store.pool()).await?.number_pattern;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let issued = issue_number_in(
        &mut tx,
        &pattern,
        actor,
        request_id,
        kind,
        booking_sequence,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(issued)
}

/// [`issue_number`] inside the caller's write transaction (`BEGIN IMMEDIATE`): the number counts
/// only once the caller commits, so a letter that fails afterwards leaves no gap.
async fn issue_number_in(
    tx: &mut sqlx::SqliteConnection,
    pattern: &str,
    actor: &Actor,
    request_id: i64,
    kind: NumberedLetter,
    booking_sequence: i64,
    now: DateTime<Utc>,
) -> Result<IssuedNumber> {
    if let Some((number, issued_at)) =
        db::issued_number(tx, request_id, kind.as_str(), booking_sequence).await?
    {
        let issued_on = parse_rfc3339(&issued_at)
            .map(|t| t.with_timezone(&OFFICE_TZ).date_naive())
            .ok_or_else(|| Error::Internal(format!("tanggal nomor surat rusak: {issued_at}")))?;
        return Ok(IssuedNumber { number, issued_on });
    }
    let today = now.with_timezone(&OFFICE_TZ).date_naive();
    let mut sequence = db::next_sequence(tx, today.year()).await?;
    // A pattern changed mid-year could render a number given before: skip it.
    let mut number = render_number(pattern, sequence, today);
    while db::number_taken(tx, &number).await? {
        sequence += 1;
        number = render_number(pattern, sequence, today);
    }
    db::record_number(
        tx,
        &NewNumber {
            year: today.year(),
            sequence,
            number: &number,
            kind: kind.as_str(),
            request_id,
            booking_sequence,
            issued_at: &to_rfc3339(now),
            issued_by: &actor.name,
        },
    )
    .await?;
    Ok(IssuedNumber {
        number,
        issued_on: today,
    })
}

// ---------------------------------------------------------------------------------------------
// Invites

/// The invite file of a request's booking: METHOD:REQUEST while it stands, METHOD:CANCEL once
/// it was cancelled. `cancel` asks for the cancellation explicitly and is refused while the
/// booking still stands (the calendars would lose a meeting that still takes place).
pub async fn invite(
    store: &Store,
    request_id: i64,
    cancel: bool,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let detail = get_request(store, request_id).await?;
    let booking = booking_of(store, &detail).await?;
    if cancel && booking.active {
        return Err(Error::Conflict {
            message: format!(
                "Jadwal permohonan #{request_id} masih berlaku; batalkan permohonannya lebih dulu"
            ),
            findings: Vec::new(),
        });
    }
    let method = if booking.active {
        InviteMethod::Request
    } else {
        InviteMethod::Cancel
    };
    let settings = db::settings(store.pool()).await?;
    super::setup::require_ready(&settings, Document::Invite)?;
    let cap = guest_cap(store, &detail).await?;
    let persons = db::booking_resource_persons(store.pool(), booking.id).await?;
    let invite = Invite {
        method,
        event: calendar_event(&detail, &booking, cap)?,
        organizer: Party::email(&settings.organizer_name, &settings.organizer_email),
        attendees: attendees(&detail, &persons),
        reminder_minutes: u32::try_from(settings.reminder_minutes)
            .ok()
            .filter(|m| *m > 0),
    };
    let suffix = match method {
        InviteMethod::Request => "undangan",
        InviteMethod::Cancel => "pembatalan",
    };
    Ok(ExportedFile {
        file_name: format!("konsultasi-{request_id}-{suffix}.ics"),
        mime_type: ICS_MIME,
        bytes: crate::export::ics::invite(&invite, now).into_bytes(),
        warnings: Vec::new(),
    })
}

async fn booking_of(store: &Store, detail: &RequestDetail) -> Result<LatestBooking> {
    db::latest_booking(store.pool(), detail.id)
        .await?
        .ok_or_else(|| Error::Conflict {
            message: format!("Permohonan #{} belum pernah dijadwalkan", detail.id),
            findings: Vec::new(),
        })
}

fn channel_words(channel: Channel) -> &'static str {
    match channel {
        Channel::InPerson => "tatap muka",
        Channel::VideoConference => "video conference",
    }
}

/// A zone that prints the requester's local time label.
/// When a booking runs, in WIB and, if different, in the requester's zone:
/// "Senin, 1 Maret 2027 pukul 09.00–10.00 WIB (11.00–12.00 WIT)".
fn when_label(starts: DateTime<Utc>, ends: DateTime<Utc>, zone: ZoneLabel) -> String {
    format!(
        "{} pukul {}",
        format_date_with_day(starts.with_timezone(&OFFICE_TZ).date_naive()),
        crate::time::span_label(starts, ends, zone)
    )
}

fn instant(what: &str, text: &str) -> Result<DateTime<Utc>> {
    parse_rfc3339(text).ok_or_else(|| Error::Internal(format!("{what} tersimpan rusak: {text}")))
}

fn place_of(booking: &LatestBooking) -> Option<String> {
    booking
        .room_name
        .as_ref()
        .map(|room| format!("{room}, Direktorat Jenderal Perimbangan Keuangan"))
}

fn calendar_event(
    detail: &RequestDetail,
    booking: &LatestBooking,
    cap: u32,
) -> Result<CalendarEvent> {
    let starts_at = instant("mulai jadwal", &booking.starts_at)?;
    let ends_at = instant("akhir jadwal", &booking.ends_at)?;
    let topics: Vec<&str> = detail.topics.iter().map(|t| t.name.as_str()).collect();
    let mut description = vec![
        format!(
            "Konsultasi {} Direktorat Jenderal Perimbangan Keuangan",
            channel_words(detail.channel)
        ),
        format!("Pengguna layanan: {}", detail.requester.label),
        format!(
            "Waktu: {}",
            when_label(starts_at, ends_at, detail.requester.zone)
        ),
        format!("Topik: {}", topics.join(", ")),
        format!("Unit: {}", booking.unit_name),
    ];
    if let Some(letter) = &detail.letter {
        description.push(format!(
            "Surat permintaan: nomor {} tanggal {} perihal {}",
            letter.number,
            NaiveDate::parse_from_str(&letter.date, "%Y-%m-%d")
                .map(crate::time::format_date)
                .unwrap_or_else(|_| letter.date.clone()),
            letter.subject
        ));
    }
    description.push(format!(
        "Jumlah tamu paling banyak {cap} orang (direncanakan {} orang)",
        detail.planned_guest_count
    ));
    if let Some(url) = &booking.meeting_url {
        description.push(format!("Tautan Microsoft Teams: {url}"));
    }
    description.push(format!(
        "Narahubung Pemda: {} ({})",
        detail.contact.name, detail.contact.whatsapp
    ));
    description.push(format!("Nomor permohonan: {}", detail.id));
    Ok(CalendarEvent {
        uid: booking.ical_uid.clone(),
        sequence: u32::try_from(booking.sequence).unwrap_or(0),
        starts_at,
        ends_at,
        summary: format!(
            "Konsultasi {} DJPK: {}",
            channel_words(detail.channel),
            detail.requester.label
        ),
        description: description.join("\n"),
        location: place_of(booking).or_else(|| {
            booking
                .meeting_url
                .as_ref()
                .map(|_| "Microsoft Teams (video conference)".to_owned())
        }),
        url: booking.meeting_url.clone(),
        confirmed: detail.status == crate::domain::RequestStatus::Confirmed,
    })
}

/// The delegation (its contact person and each registered guest with an address) and the DJPK
/// resource persons with an e-mail address. A guest known only by name is named in no ATTENDEE:
/// a calendar address must reach someone.
fn attendees(
    detail: &RequestDetail,
    resource_persons: &[(String, Option<String>)],
) -> Vec<InviteAttendee> {
    let mut list = vec![InviteAttendee {
        party: match &detail.contact.email {
            Some(email) => Party::email(&detail.contact.name, email),
            None => Party::phone(&detail.contact.name, &detail.contact.whatsapp),
        },
        role: AttendeeRole::Required,
    }];
    for guest in &detail.guests {
        let Some(contact) = guest.contact.as_deref() else {
            continue;
        };
        let party = if let Ok(email) = EmailAddress::parse(contact, "") {
            Party::email(&guest.name, email.as_str())
        } else if let Ok(phone) = WhatsAppNumber::parse(contact, "") {
            Party::phone(&guest.name, phone.as_str())
        } else {
            continue;
        };
        if list.iter().any(|a| a.party.address == party.address) {
            continue;
        }
        list.push(InviteAttendee {
            party,
            role: AttendeeRole::Required,
        });
    }
    for (index, (name, email)) in resource_persons.iter().enumerate() {
        if let Some(email) = email {
            list.push(InviteAttendee {
                party: Party::email(name, email),
                // The first resource person leads the consultation.
                role: if index == 0 {
                    AttendeeRole::Chair
                } else {
                    AttendeeRole::Required
                },
            });
        }
    }
    list
}

/// Every active booking in a range of WIB days (and the optional filters), as one calendar for
/// the staff: METHOD:PUBLISH, no attendees.
pub async fn calendar(
    store: &Store,
    input: &CalendarFilter,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let mut errors = FieldErrors::default();
    let from = errors.take("from", parse_date(&input.from, "Tanggal awal"));
    let to = errors.take("to", parse_date(&input.to, "Tanggal akhir"));
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.push("to", "Tanggal akhir tidak boleh sebelum tanggal awal");
        } else if (to - from).num_days() > 366 {
            errors.push("to", "Rentang kalender paling panjang satu tahun");
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let midnight = |date: NaiveDate| to_rfc3339(office_local_to_utc(date, NaiveTime::MIN));
    let day_after = to.succ_opt().unwrap_or(to);
    let bookings =
        db::bookings_between(store.pool(), &midnight(from), &midnight(day_after)).await?;
    let policy_data = store.policy_data().await?;
    let mut events = Vec::with_capacity(bookings.len());
    for booking in bookings {
        if input.channel.is_some_and(|c| c.as_str() != booking.channel)
            || input
                .unit_code
                .as_ref()
                .is_some_and(|u| *u != booking.unit_code)
            || input
                .room_code
                .as_ref()
                .is_some_and(|r| Some(r) != booking.room_code.as_ref())
        {
            continue;
        }
        let detail = get_request(store, booking.request_id).await?;
        let cap = guest_cap_in(&policy_data, &detail)?;
        events.push(calendar_event(&detail, &booking, cap)?);
    }
    let settings = db::settings(store.pool()).await?;
    let organizer = Party::email(&settings.organizer_name, &settings.organizer_email);
    let name = format!(
        "Konsultasi DJPK {} s.d. {}",
        crate::time::format_date(from),
        crate::time::format_date(to)
    );
    Ok(ExportedFile {
        file_name: format!("kalender-konsultasi-{from}-sd-{to}.ics"),
        mime_type: ICS_MIME,
        bytes: crate::export::ics::published_calendar(&name, &organizer, &events, now).into_bytes(),
        warnings: Vec::new(),
    })
}

// ---------------------------------------------------------------------------------------------
// WhatsApp

/// A booking that still stands, with what its messages and letters print.
struct StandingBooking {
    detail: RequestDetail,
    booking: LatestBooking,
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
        settings: db::settings(store.pool()).await?,
        cap: guest_cap(store, &detail).await?,
        starts: instant("mulai jadwal", &booking.starts_at)?,
        ends: instant("akhir jadwal", &booking.ends_at)?,
        detail,
        booking,
    })
}

/// A confirmation message to paste into WhatsApp (its *bold* markup included).
pub async fn whatsapp_message(store: &Store, request_id: i64) -> Result<String> {
    let StandingBooking {
        detail,
        booking,
        settings,
        cap,
        starts,
        ends,
    } = standing_booking(store, request_id).await?;
    let topics: Vec<&str> = detail.topics.iter().map(|t| t.name.as_str()).collect();
    let mut lines = vec![
        "*Konfirmasi Jadwal Konsultasi DJPK*".to_owned(),
        String::new(),
        format!("Yth. Bapak/Ibu {},", detail.contact.name),
        format!(
            "dengan hormat kami sampaikan jadwal konsultasi {} {} dengan Direktorat Jenderal Perimbangan Keuangan:",
            channel_words(detail.channel),
            detail.requester.label
        ),
        String::new(),
        format!(
            "*Waktu:* {}",
            when_label(starts, ends, detail.requester.zone)
        ),
    ];
    match (&booking.room_name, &booking.meeting_url) {
        (Some(_), _) => lines.push(format!(
            "*Tempat:* {}",
            place_of(&booking).unwrap_or_default()
        )),
        (None, Some(url)) => lines.push(format!("*Tautan Microsoft Teams:* {url}")),
        (None, None) => lines.push("*Tautan Microsoft Teams:* akan kami kirimkan kemudian".into()),
    }
    lines.push(format!("*Topik:* {}", topics.join(", ")));
    lines.push(format!("*Unit:* {}", booking.unit_name));
    lines.push(format!("*Jumlah peserta:* paling banyak {cap} orang"));
    if let Some(letter) = &detail.letter {
        lines.push(format!("*Surat permintaan:* {}", letter.number));
    }
    lines.push(String::new());
    if detail.channel == Channel::InPerson {
        lines.push(
            "Mohon peserta hadir 15 menit sebelum jadwal dengan membawa kartu identitas.".into(),
        );
    }
    lines.push("Mohon balas pesan ini untuk mengonfirmasi kehadiran. Terima kasih.".into());
    lines.push(String::new());
    lines.push(settings.organizer_name);
    Ok(lines.join("\n"))
}

// ---------------------------------------------------------------------------------------------
// Letters

/// A letter of a request as PDF. The confirmation and the certificate take an outgoing number
/// (recorded under `actor`); the attendance sheet needs none.
pub async fn letter(
    store: &Store,
    actor: Option<&Actor>,
    request_id: i64,
    kind: LetterKind,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    letter_to(store, actor, request_id, kind, now, |file| Ok(file.clone())).await
}

/// [`letter`], handed to `write` (which saves it) before its number is committed: if rendering
/// or `write` fails, the number is not used up and the next letter takes it.
pub async fn letter_to<T>(
    store: &Store,
    actor: Option<&Actor>,
    request_id: i64,
    kind: LetterKind,
    now: DateTime<Utc>,
    write: impl FnOnce(&ExportedFile) -> Result<T>,
) -> Result<T> {
    let StandingBooking {
        detail,
        booking,
        settings,
        cap,
        starts,
        ends,
    } = standing_booking(store, request_id).await?;
    // A letter that would print a placeholder is refused before any number is considered.
    let document = match kind {
        LetterKind::Confirmation => Document::Confirmation,
        LetterKind::Certificate => Document::Certificate,
        LetterKind::AttendanceSheet => Document::AttendanceSheet,
    };
    super::setup::require_ready(&settings, document)?;
    let numbered = match kind {
        LetterKind::Confirmation => Some(NumberedLetter::Confirmation),
        LetterKind::Certificate => Some(NumberedLetter::Certificate),
        LetterKind::AttendanceSheet => None,
    };
    if kind == LetterKind::Certificate && now < starts {
        return Err(Error::Conflict {
            message: "Surat keterangan kehadiran baru dapat dibuat setelah konsultasi dimulai"
                .into(),
            findings: Vec::new(),
        });
    }
    if kind == LetterKind::Certificate && detail.status == crate::domain::RequestStatus::NoShow {
        return Err(Error::Conflict {
            message: "Delegasi tercatat tidak hadir: tidak ada kehadiran untuk diterangkan".into(),
            findings: Vec::new(),
        });
    }
    // Once the desk recorded who came, the certificate names them, not who was announced.
    let attended: Vec<pdf::AttendanceRow> =
        crate::store::checkin::attendees_of(store.pool(), request_id)
            .await?
            .into_iter()
            .map(|a| pdf::AttendanceRow {
                name: a.name,
                position: a.job_title,
                institution: a.institution,
            })
            .collect();
    let numbering = match numbered {
        Some(letter) => Some((
            letter,
            actor.ok_or_else(|| {
                Error::Validation(FieldErrors::single(
                    "actor",
                    "Surat bernomor dicatat atas nama pengguna: pilih profil pengguna",
                ))
            })?,
        )),
        None => None,
    };
    let facts = LetterFacts {
        detail: &detail,
        booking: &booking,
        settings: &settings,
        cap,
        when: when_label(starts, ends, detail.requester.zone),
        day: starts.with_timezone(&OFFICE_TZ).date_naive(),
        now,
        attended,
    };
    let Some((letter, actor)) = numbering else {
        let file = render_letter(&facts, kind, None, request_id)?;
        return write(&file);
    };
    // The number, the rendering and the write in one transaction: nothing fails after the
    // number is committed.
    let pattern = settings.number_pattern.clone();
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let issued = issue_number_in(
        &mut tx,
        &pattern,
        actor,
        request_id,
        letter,
        booking.sequence,
        now,
    )
    .await?;
    let file = render_letter(&facts, kind, Some(&issued), request_id)?;
    let written = write(&file)?;
    tx.commit().await?;
    Ok(written)
}

fn render_letter(
    facts: &LetterFacts<'_>,
    kind: LetterKind,
    issued: Option<&IssuedNumber>,
    request_id: i64,
) -> Result<ExportedFile> {
    let (rendered, stem) = match (kind, issued) {
        (LetterKind::Confirmation, Some(issued)) => (
            pdf::render_confirmation(&facts.confirmation(issued)),
            "surat-konfirmasi",
        ),
        (LetterKind::Certificate, Some(issued)) => (
            pdf::render_certificate(&facts.certificate(issued)),
            "surat-keterangan-kehadiran",
        ),
        _ => (
            pdf::render_attendance_sheet(&facts.attendance_sheet()),
            "daftar-hadir",
        ),
    };
    let rendered = rendered.map_err(|e| Error::Internal(e.to_string()))?;
    Ok(ExportedFile {
        file_name: format!("{stem}-{request_id}.pdf"),
        mime_type: "application/pdf",
        warnings: rendered.warning().into_iter().collect(),
        bytes: rendered.bytes,
    })
}

/// What every letter of one booking draws on.
struct LetterFacts<'a> {
    detail: &'a RequestDetail,
    booking: &'a LatestBooking,
    settings: &'a ExportSettingsRow,
    cap: u32,
    when: String,
    day: NaiveDate,
    now: DateTime<Utc>,
    /// Who the check-in recorded; empty before it.
    attended: Vec<pdf::AttendanceRow>,
}

impl LetterFacts<'_> {
    fn letterhead(&self) -> pdf::Letterhead {
        letterhead_of(self.settings)
    }

    fn signatory(&self) -> pdf::Signatory {
        pdf::Signatory {
            position: format!("{},", self.settings.signatory_position),
            name: self.settings.signatory_name.clone(),
            id_line: self
                .settings
                .signatory_nip
                .as_ref()
                .map(|nip| format!("NIP {nip}")),
        }
    }

    fn meta(&self, title: String) -> pdf::DocumentMeta {
        pdf::DocumentMeta {
            title,
            created: self.now,
            author: self.settings.organizer_name.clone(),
        }
    }

    fn topics(&self) -> String {
        let names: Vec<&str> = self.detail.topics.iter().map(|t| t.name.as_str()).collect();
        names.join(", ")
    }

    fn place(&self) -> String {
        match (&self.booking.room_name, &self.booking.meeting_url) {
            (Some(_), _) => place_of(self.booking).unwrap_or_default(),
            (None, Some(url)) => format!("Microsoft Teams: {url}"),
            (None, None) => "Microsoft Teams (tautan menyusul)".into(),
        }
    }

    fn channel_title(&self) -> &'static str {
        match self.detail.channel {
            Channel::InPerson => "Tatap Muka",
            Channel::VideoConference => "Video Conference",
        }
    }

    fn confirmation(&self, issued: &IssuedNumber) -> pdf::ConfirmationLetter {
        let detail = self.detail;
        let requester = &detail.requester.label;
        let opening = match &detail.letter {
            Some(letter) => format!(
                "Sehubungan dengan surat Saudara nomor {} tanggal {} hal {}, dengan hormat kami sampaikan bahwa konsultasi {} {} dengan Direktorat Jenderal Perimbangan Keuangan dijadwalkan sebagai berikut:",
                letter.number,
                NaiveDate::parse_from_str(&letter.date, "%Y-%m-%d")
                    .map(crate::time::format_date)
                    .unwrap_or_else(|_| letter.date.clone()),
                letter.subject,
                channel_words(detail.channel),
                requester
            ),
            None => format!(
                "Menindaklanjuti permohonan konsultasi {} yang kami terima, dengan hormat kami sampaikan bahwa konsultasi {} dengan Direktorat Jenderal Perimbangan Keuangan dijadwalkan sebagai berikut:",
                requester,
                channel_words(detail.channel)
            ),
        };
        let mut closing = Vec::new();
        if detail.channel == Channel::InPerson {
            closing.push(format!(
                "Sesuai ketentuan, jumlah peserta paling banyak {} orang. Peserta diharapkan hadir 15 menit sebelum jadwal dengan membawa surat tugas dan kartu identitas.",
                self.cap
            ));
        } else {
            closing.push(
                "Tautan Microsoft Teams di atas berlaku untuk seluruh peserta. Mohon peserta bergabung 10 menit sebelum jadwal dengan nama yang menyebutkan instansinya."
                    .into(),
            );
        }
        closing.push(format!(
            "Konfirmasi kehadiran dapat disampaikan kepada {} melalui WhatsApp 0811-150420-7 atau surel {}. Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.",
            self.settings.organizer_name, self.settings.organizer_email
        ));
        let addressee = match &detail.letter {
            Some(letter) if letter.signer.contains(requester.as_str()) => {
                vec![letter.signer.clone(), "di Tempat".into()]
            }
            Some(letter) => vec![letter.signer.clone(), requester.clone(), "di Tempat".into()],
            None => vec![format!("Pimpinan {requester}"), "di Tempat".into()],
        };
        pdf::ConfirmationLetter {
            letterhead: self.letterhead(),
            header: pdf::LetterHeader {
                number: issued.number.clone(),
                nature: "Segera".into(),
                attachment: "-".into(),
                subject: format!("Konfirmasi Jadwal Konsultasi {}", self.channel_title()),
                place: self.settings.place.clone(),
                date: issued.issued_on,
            },
            addressee,
            paragraphs: vec![opening],
            details: vec![
                (
                    "Hari, tanggal".into(),
                    crate::time::format_date_with_day(self.day),
                ),
                ("Waktu".into(), self.when_times()),
                ("Tempat".into(), self.place()),
                ("Topik".into(), self.topics()),
                ("Unit".into(), self.booking.unit_name.clone()),
                (
                    "Jumlah peserta".into(),
                    format!("paling banyak {} orang", self.cap),
                ),
                (
                    "Narahubung Pemda".into(),
                    format!("{} ({})", detail.contact.name, detail.contact.whatsapp),
                ),
            ],
            closing,
            signatory: self.signatory(),
            copies: self
                .settings
                .copies
                .lines()
                .filter(|l| !l.trim().is_empty())
                .map(str::to_owned)
                .collect(),
            meta: self.meta(format!(
                "Surat konfirmasi jadwal konsultasi {} ({})",
                requester, issued.number
            )),
        }
    }

    /// "09.00–10.00 WIB (11.00–12.00 WIT)": the time part of the booking's label.
    fn when_times(&self) -> String {
        self.when
            .split_once(" pukul ")
            .map(|(_, times)| times.to_owned())
            .unwrap_or_else(|| self.when.clone())
    }

    fn agenda(&self) -> Vec<(String, String)> {
        vec![
            (
                "Kegiatan".into(),
                format!(
                    "Konsultasi {} {}",
                    channel_words(self.detail.channel),
                    self.detail.requester.label
                ),
            ),
            (
                "Hari, tanggal".into(),
                crate::time::format_date_with_day(self.day),
            ),
            ("Waktu".into(), self.when_times()),
            ("Tempat".into(), self.place()),
            ("Topik".into(), self.topics()),
        ]
    }

    fn guests(&self) -> Vec<pdf::AttendanceRow> {
        self.detail
            .guests
            .iter()
            .map(|g| pdf::AttendanceRow {
                name: g.name.clone(),
                position: g.position.clone(),
                institution: g.institution.clone(),
            })
            .collect()
    }

    fn attendance_sheet(&self) -> pdf::AttendanceSheet {
        let guests = self.guests();
        // Room for unannounced guests and DJPK's own officials.
        let spare_rows = (self.cap as usize)
            .saturating_sub(guests.len())
            .clamp(5, 20);
        pdf::AttendanceSheet {
            letterhead: self.letterhead(),
            title: "DAFTAR HADIR".into(),
            details: self.agenda(),
            rows: guests,
            spare_rows,
            meta: self.meta(format!(
                "Daftar hadir konsultasi {} ({})",
                self.detail.requester.label,
                crate::time::format_date(self.day)
            )),
        }
    }

    fn certificate(&self, issued: &IssuedNumber) -> pdf::Certificate {
        pdf::Certificate {
            letterhead: self.letterhead(),
            number: format!("Nomor {}", issued.number),
            title: "SURAT KETERANGAN KEHADIRAN".into(),
            paragraphs: vec![format!(
                "Yang bertanda tangan di bawah ini, {} Direktorat Jenderal Perimbangan Keuangan, menerangkan bahwa pegawai {} berikut telah hadir dalam konsultasi {} dengan Direktorat Jenderal Perimbangan Keuangan:",
                self.settings.signatory_position,
                self.detail.requester.label,
                channel_words(self.detail.channel)
            )],
            details: self.agenda(),
            attendees: if self.attended.is_empty() {
                self.guests()
            } else {
                self.attended.clone()
            },
            closing: vec![
                "Demikian surat keterangan ini dibuat untuk dipergunakan sebagaimana mestinya."
                    .into(),
            ],
            place: self.settings.place.clone(),
            date: issued.issued_on,
            signatory: self.signatory(),
            meta: self.meta(format!(
                "Surat keterangan kehadiran {} ({})",
                self.detail.requester.label, issued.number
            )),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Saving

/// Produces the file `request` asks for.
pub async fn produce(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    produce_to(store, actor, request, now, |file| Ok(file.clone())).await
}

/// Produces the file `request` asks for and hands it to `write`; a numbered letter's number is
/// committed only once `write` succeeded.
pub async fn produce_to<T>(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    now: DateTime<Utc>,
    write: impl FnOnce(&ExportedFile) -> Result<T>,
) -> Result<T> {
    let file = match request {
        ExportRequest::Invite { request_id, cancel } => {
            invite(store, *request_id, *cancel, now).await?
        }
        ExportRequest::Calendar { filter } => calendar(store, filter, now).await?,
        ExportRequest::Letter {
            request_id,
            letter: kind,
        } => return letter_to(store, actor, *request_id, *kind, now, write).await,
        ExportRequest::MonthlyReport { month, format } => {
            monthly_report_file(store, month, *format, now).await?
        }
    };
    write(&file)
}

/// The window's export: produced and written to `chosen`, the path its save dialog returned
/// (the dialog already asked before replacing a file).
pub async fn save(
    store: &Store,
    actor: Option<&Actor>,
    request: &ExportRequest,
    chosen: &std::path::Path,
    now: DateTime<Utc>,
) -> Result<SavedExport> {
    produce_to(store, actor, request, now, |file| {
        save_to(file, chosen, store.path())
    })
    .await
}

/// The monthly report of `month` (`YYYY-MM`) as CSV or PDF.
pub async fn monthly_report_file(
    store: &Store,
    month: &str,
    format: ReportFormat,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let report = super::history::monthly(store, month).await?;
    let file_name = format!("laporan-konsultasi-{}.{}", report.month, format.as_str());
    let (mime_type, bytes, warnings) = match format {
        ReportFormat::Csv => (
            CSV_MIME,
            crate::history::report::to_csv(&report)
                .map_err(|e| Error::Internal(e.to_string()))?
                .into_bytes(),
            Vec::new(),
        ),
        ReportFormat::Pdf => {
            let settings = db::settings(store.pool()).await?;
            let title = format!("Laporan Layanan Konsultasi DJPK {}", report.month_label);
            let doc = pdf::MonthlyReportDocument {
                letterhead: letterhead_of(&settings),
                place: settings.place.clone(),
                printed_on: now.with_timezone(&OFFICE_TZ).date_naive(),
                meta: pdf::DocumentMeta {
                    title,
                    created: now,
                    author: settings.organizer_name.clone(),
                },
                report,
            };
            let rendered =
                pdf::render_monthly_report(&doc).map_err(|e| Error::Internal(e.to_string()))?;
            (
                "application/pdf",
                rendered.bytes.clone(),
                rendered.warning().into_iter().collect(),
            )
        }
    };
    Ok(ExportedFile {
        file_name,
        mime_type,
        bytes,
        warnings,
    })
}

fn letterhead_of(settings: &ExportSettingsRow) -> pdf::Letterhead {
    let lines: Vec<String> = settings.letterhead.lines().map(str::to_owned).collect();
    let names = lines.len().min(2);
    pdf::Letterhead {
        institution: lines[..names].to_vec(),
        contact: lines[names..].to_vec(),
    }
}

/// Writes an export where the user chose, with the extension its type needs. The file is
/// written beside its destination first and then renamed, so a failure never leaves half a file;
/// the database at `database`, its side files and backups, and any SQLite file are refused.
pub fn save_to(
    file: &ExportedFile,
    chosen: &std::path::Path,
    database: &std::path::Path,
) -> Result<SavedExport> {
    let extension = match file.mime_type {
        "application/pdf" => "pdf",
        CSV_MIME => "csv",
        _ => "ics",
    };
    if !chosen.is_absolute() || chosen.file_name().is_none() {
        return Err(FieldErrors::single("path", "Pilih lokasi berkas yang lengkap").into());
    }
    let mut path = chosen.to_path_buf();
    let has_extension = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case(extension));
    if !has_extension {
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!(".{extension}"));
        path.set_file_name(name);
    }
    if !path.parent().is_some_and(std::path::Path::is_dir) {
        return Err(FieldErrors::single("path", "Folder tujuan tidak ditemukan").into());
    }
    let written = crate::files::write_export(
        &path,
        &file.bytes,
        database,
        crate::files::Overwrite::Allow,
        "path",
    )?;
    Ok(SavedExport {
        path: written.display().to_string(),
        bytes: file.bytes.len() as u64,
        warnings: file.warnings.clone(),
    })
}
