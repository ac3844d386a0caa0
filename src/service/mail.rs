//! Invitations by e-mail (iMIP, RFC 6047): the SMTP settings and the test message, a request's
//! messages, what each says when it is sent, and the outbox's bookkeeping for the worker
//! (`crate::mail::worker`), which does the sending. What a booking queues is `service::outbox`.
//!
//! A message is queued per recipient with the booking's SEQUENCE; its text and calendar are
//! composed when it is sent, from the booking as it stands then. One that no longer says what
//! stands (a newer SEQUENCE, a released booking) is withdrawn instead of sent.

use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::api::{
    MailDeliveryView, MailSettingsInput, MailSettingsView, MailTestInput, MailTestResult,
    RequestDetail,
};
use crate::audit::{AuditAction, AuditEntry};
use crate::domain::region::ZoneLabel;
use crate::error::{Error, Result};
use crate::export::ics::InviteMethod;
use crate::service::export::{
    booking_invite, channel_words, issued_confirmation, place_of, when_label,
};
use crate::service::get_request;
use crate::service::users::require;
use crate::store::Store;
use crate::store::backend::Instant;
use crate::store::exports::{self as exports_db, ExportBooking};
use crate::store::mail::{self as db, MailRow, MailSettingsRow, Outcome};
use crate::time::{office_label, to_rfc3339};
use crate::validate::{EmailAddress, FieldErrors, parse_time};
use crate::workflow::{Actor, Capability};
use konsultasi_core::mail::{
    DeliveryState, MailAttachment, MailAudience, MailKind, MailMessage, MailParty, MailSecurity,
    header_text,
};

/// The name the audit log gives the desk's sending worker.
pub const WORKER_NAME: &str = "Pengirim surel otomatis";

/// The settings and whether the password file exists.
pub async fn mail_settings(store: &Store) -> Result<MailSettingsView> {
    let row = db::settings(&mut store.read_session().await?).await?;
    view_of(store, &row)
}

fn view_of(store: &Store, row: &MailSettingsRow) -> Result<MailSettingsView> {
    Ok(MailSettingsView {
        enabled: row.enabled,
        host: row.host.clone(),
        port: u16::try_from(row.port).unwrap_or(587),
        security: row.security()?,
        username: row.username.clone(),
        password_kept: crate::smtp::secret::read_password(store)?.is_some(),
        sender_name: row.sender_name.clone(),
        sender_address: row.sender_address.clone(),
        reminder_working_days: u32::try_from(row.reminder_working_days).unwrap_or(0),
        reminder_pemda_time: row.reminder_pemda_time.clone(),
        reminder_staff_time: row.reminder_staff_time.clone(),
        trusted_certificate_fingerprints: row
            .trusted_certificate
            .as_deref()
            .map(crate::smtp::trust::fingerprints)
            .unwrap_or_default(),
        trusted_certificate: row.trusted_certificate.clone(),
        attach_confirmation: row.attach_confirmation,
    })
}

/// Hosts a connection without encryption may go to: this computer only.
fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]")
}

/// One line of a setting: trimmed, no control characters, at most `max` characters.
fn setting_line(
    errors: &mut FieldErrors,
    field: &str,
    value: &str,
    label: &str,
    max: usize,
) -> String {
    let value = value.trim();
    if value.chars().count() > max {
        errors.push(field, format!("{label} paling panjang {max} karakter"));
    } else if value.chars().any(char::is_control) {
        errors.push(
            field,
            format!("{label} tidak boleh memuat karakter kendali"),
        );
    }
    value.to_owned()
}

/// The settings as they would be stored, or every field that is wrong.
fn parse_settings(input: &MailSettingsInput) -> std::result::Result<MailSettingsRow, FieldErrors> {
    let mut errors = FieldErrors::default();
    let host = setting_line(&mut errors, "host", &input.host, "Server SMTP", 253);
    if host
        .chars()
        .any(|c| c.is_whitespace() || c == '/' || c == '@')
    {
        errors.push(
            "host",
            "Server SMTP berupa nama atau alamat IP, mis. smtp.kemenkeu.go.id",
        );
    }
    if input.enabled && host.is_empty() {
        errors.push("host", "Server SMTP wajib diisi untuk mengirim undangan");
    }
    let port = match u16::try_from(input.port) {
        Ok(port) if port > 0 => i64::from(port),
        _ => {
            errors.push(
                "port",
                "Port berupa angka 1 sampai 65535 (biasanya 587 atau 465)",
            );
            587
        }
    };
    let security = match input.security {
        Some(MailSecurity::Plain) if !host.is_empty() && !is_loopback(&host) => {
            errors.push(
                "security",
                "Tanpa enkripsi hanya untuk server di komputer ini; pilih STARTTLS atau TLS",
            );
            MailSecurity::Plain
        }
        Some(security) => security,
        None => {
            errors.push("security", "Pilih pengamanan koneksi");
            MailSecurity::Starttls
        }
    };
    let username = setting_line(
        &mut errors,
        "username",
        &input.username,
        "Nama pengguna",
        254,
    );
    if let Some(password) = &input.password
        && (password.chars().count() > 200 || password.chars().any(char::is_control))
    {
        errors.push(
            "password",
            "Kata sandi paling panjang 200 karakter, tanpa karakter kendali",
        );
    }
    let sender_name = setting_line(
        &mut errors,
        "sender_name",
        &input.sender_name,
        "Nama pengirim",
        100,
    );
    let sender_address = input.sender_address.trim().to_owned();
    if input.enabled || !sender_address.is_empty() {
        if let Err(message) = EmailAddress::parse(&sender_address, "Alamat pengirim") {
            errors.push("sender_address", message);
        } else if !sender_address.is_ascii() {
            errors.push(
                "sender_address",
                "Alamat pengirim hanya huruf dan angka Latin",
            );
        }
    }
    if !(0..=10).contains(&input.reminder_working_days) {
        errors.push(
            "reminder_working_days",
            "Pengingat paling awal 10 hari kerja sebelumnya (0: tanpa pengingat)",
        );
    }
    let pemda_time = errors.take(
        "reminder_pemda_time",
        parse_time(&input.reminder_pemda_time, "Jam pengingat Pemda"),
    );
    let staff_time = match input.reminder_staff_time.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(time) => errors
            .take(
                "reminder_staff_time",
                parse_time(time, "Jam pengingat narasumber"),
            )
            .map(|t| t.format("%H:%M").to_string()),
    };
    let trusted_certificate = match input.trusted_certificate.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(pem) if pem.len() > 20_000 => {
            errors.push(
                "trusted_certificate",
                "Sertifikat paling panjang 20.000 karakter: tempelkan sertifikat otoritasnya saja",
            );
            None
        }
        Some(pem) => match crate::smtp::trust::certificates_in(pem) {
            Ok(_) => Some(format!("{pem}\n")),
            Err(message) => {
                errors.push("trusted_certificate", message);
                None
            }
        },
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(MailSettingsRow {
        enabled: input.enabled,
        host,
        port,
        security: security.as_str().to_owned(),
        username,
        sender_name,
        sender_address,
        reminder_working_days: input.reminder_working_days,
        reminder_pemda_time: pemda_time
            .map(|t| t.format("%H:%M").to_string())
            .unwrap_or_else(|| "10:00".into()),
        reminder_staff_time: staff_time,
        trusted_certificate,
        attach_confirmation: input.attach_confirmation,
        updated_at: None,
    })
}

pub async fn save_mail_settings(
    store: &Store,
    actor: &Actor,
    input: &MailSettingsInput,
    now: DateTime<Utc>,
) -> Result<MailSettingsView> {
    require(actor, Capability::Secretariat, "mengubah pengaturan surel")?;
    let mut row = parse_settings(input)?;
    row.updated_at = Some(Instant(now));
    let mut tx = store.write_serialised().await?;
    let before = db::settings(&mut tx).await?;
    db::save_settings(&mut tx, &row).await?;
    let mut entry = AuditEntry::new(actor, AuditAction::SaveMailSettings)
        .before(&AuditedSettings::of(&before))
        .after(&AuditedSettings::of(&row));
    match input.password.as_deref() {
        Some("") => entry = entry.note("Kata sandi SMTP dihapus"),
        Some(_) => entry = entry.note("Kata sandi SMTP diganti"),
        None => {}
    }
    tx.audit(&entry, now).await?;
    tx.commit().await?;
    if let Some(password) = input.password.as_deref() {
        crate::smtp::secret::write_password(store, Some(password).filter(|p| !p.is_empty()))?;
    }
    mail_settings(store).await
}

/// The settings as the audit log keeps them: everything but the password, which never is.
#[derive(Serialize)]
struct AuditedSettings<'a> {
    enabled: bool,
    host: &'a str,
    port: i64,
    security: &'a str,
    username: &'a str,
    sender_name: &'a str,
    sender_address: &'a str,
    reminder_working_days: i64,
    reminder_pemda_time: &'a str,
    reminder_staff_time: Option<&'a str>,
    /// The trusted certificates by fingerprint: what was trusted, in a line each.
    trusted_certificates: Vec<String>,
    attach_confirmation: bool,
}

impl<'a> AuditedSettings<'a> {
    fn of(row: &'a MailSettingsRow) -> Self {
        Self {
            enabled: row.enabled,
            host: &row.host,
            port: row.port,
            security: &row.security,
            username: &row.username,
            sender_name: &row.sender_name,
            sender_address: &row.sender_address,
            reminder_working_days: row.reminder_working_days,
            reminder_pemda_time: &row.reminder_pemda_time,
            reminder_staff_time: row.reminder_staff_time.as_deref(),
            trusted_certificates: row
                .trusted_certificate
                .as_deref()
                .map(crate::smtp::trust::fingerprints)
                .unwrap_or_default(),
            attach_confirmation: row.attach_confirmation,
        }
    }
}

/// Sends one plain message to `input.to` now, past the outbox, and answers what the server
/// said. Not reaching the server is an answer, not an error.
pub async fn send_test_mail(
    store: &Store,
    actor: &Actor,
    input: &MailTestInput,
    now: DateTime<Utc>,
) -> Result<MailTestResult> {
    require(actor, Capability::Secretariat, "mengirim surel uji")?;
    let to = EmailAddress::parse(&input.to, "Alamat tujuan")
        .map_err(|message| FieldErrors::single("to", message))?;
    let settings = db::settings(&mut store.read_session().await?).await?;
    if settings.host.is_empty() || settings.sender_address.is_empty() {
        return Ok(MailTestResult {
            delivered: false,
            answer: "Server SMTP dan alamat pengirim belum diisi; simpan pengaturannya dulu".into(),
        });
    }
    let message = MailMessage {
        from: sender_of(&settings),
        to: MailParty {
            name: String::new(),
            address: to.as_str().to_owned(),
        },
        subject: "Uji surel Konsultasi DJPK".into(),
        text: format!(
            "Surel ini dikirim dari Pengaturan › Surel aplikasi Konsultasi DJPK oleh {} pada {}.\n\
             Jika Anda menerimanya, undangan konsultasi dapat dikirim lewat server ini.",
            actor.name,
            office_label(now)
        ),
        calendar: None,
        calendar_file_name: String::new(),
        attachments: Vec::new(),
        message_id: format!("uji-{}@konsultasi.djpk.kemenkeu.go.id", now.timestamp()),
        date: now,
    };
    let composed = konsultasi_core::mail::compose(&message)
        .map_err(|message| FieldErrors::single("to", message))?;
    let password = crate::smtp::secret::read_password(store)?;
    let server = crate::smtp::Server::from_settings(&settings, password)?;
    let (delivered, answer) = match crate::smtp::send_once(&server, &composed).await {
        crate::smtp::Delivery::Accepted(answer) => (true, answer),
        other => (false, other.answer().to_owned()),
    };
    Ok(MailTestResult { delivered, answer })
}

fn sender_of(settings: &MailSettingsRow) -> MailParty {
    MailParty {
        name: if settings.sender_name.is_empty() {
            "Konsultasi DJPK".into()
        } else {
            settings.sender_name.clone()
        },
        address: settings.sender_address.clone(),
    }
}

/// Every message of a request, oldest first.
pub async fn mail_of_request(store: &Store, request_id: i64) -> Result<Vec<MailDeliveryView>> {
    get_request(store, request_id).await?;
    let rows = db::mail_of_request(&mut store.read_session().await?, request_id).await?;
    Ok(rows.iter().map(delivery_view).collect())
}

pub fn delivery_view(row: &MailRow) -> MailDeliveryView {
    MailDeliveryView {
        id: row.id,
        kind: row.kind,
        kind_label: row.kind.label().into(),
        sequence: row.sequence,
        audience: row.audience,
        recipient_name: row.recipient_name.clone(),
        recipient_address: row.recipient_address.clone(),
        state: row.state,
        state_label: row.state.label().into(),
        attempts: row.attempts,
        due_at: to_rfc3339(row.due_at),
        due_label: office_label(row.due_at),
        answer: row.answer.clone(),
        sent_at: row.sent_at.map(to_rfc3339),
        can_resend: matches!(row.state, DeliveryState::Failed | DeliveryState::Uncertain),
        attached_letter: row.attached_letter.clone(),
    }
}

/// Queues a failed or uncertain message again, due now.
pub async fn resend_mail(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<MailDeliveryView> {
    require(actor, Capability::Secretariat, "mengirim ulang surel")?;
    let mut tx = store.write_serialised().await?;
    let Some(current) = db::mail_by_id(&mut tx, id).await? else {
        return Err(Error::NotFound {
            what: "Surel",
            id: id.to_string(),
        });
    };
    let Some(row) = db::requeue(&mut tx, id, now).await? else {
        return Err(Error::Conflict {
            message: format!(
                "Surel #{id} berstatus \"{}\"; hanya surel yang gagal atau tidak pasti yang dapat \
                 dikirim ulang",
                current.state.label()
            ),
            findings: Vec::new(),
        });
    };
    tx.audit(
        &AuditEntry::new(actor, AuditAction::MailResent)
            .on_request(row.request_id)
            .note(format!(
                "{} ke {} <{}> diantrekan lagi",
                row.kind.label(),
                row.recipient_name,
                row.recipient_address
            )),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(delivery_view(&row))
}

/// A message the worker took, with its lease.
pub struct Taken {
    pub row: MailRow,
}

/// Marks messages whose worker died while sending as uncertain (audited), then takes the next
/// one due, if sending is switched on.
pub async fn take_next(
    store: &Store,
    now: DateTime<Utc>,
    lease: Duration,
) -> Result<Option<Taken>> {
    // A read first: an idle outbox (the usual case) costs no write.
    match db::next_wake(&mut store.read_session().await?).await? {
        Some(at) if at <= now => {}
        _ => return Ok(None),
    }
    let mut tx = store.write_serialised().await?;
    let worker = Actor::desk_itself(WORKER_NAME);
    for row in db::interrupt_expired(&mut tx, now).await? {
        tx.audit(
            &AuditEntry::new(&worker, AuditAction::MailUncertain)
                .on_request(row.request_id)
                .note(format!(
                    "{} ke {} <{}>: pengiriman terputus, tidak dikirim ulang otomatis",
                    row.kind.label(),
                    row.recipient_name,
                    row.recipient_address
                )),
            now,
        )
        .await?;
    }
    let settings = db::settings(&mut tx).await?;
    let taken = if settings.enabled {
        db::take_due(&mut tx, now, now + lease).await?
    } else {
        None
    };
    tx.commit().await?;
    Ok(taken.map(|row| Taken { row }))
}

/// Records what became of a taken message, with its audit entry for a final outcome.
pub async fn finish(
    store: &Store,
    taken: &Taken,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<()> {
    let row = &taken.row;
    let mut tx = store.write_serialised().await?;
    if !db::record_outcome(&mut tx, row.id, outcome, now).await? {
        // Its lease ran out meanwhile and it was marked uncertain: that stands.
        return Ok(());
    }
    let worker = Actor::desk_itself(WORKER_NAME);
    let whom = format!(
        "{} ke {} <{}>",
        row.kind.label(),
        row.recipient_name,
        row.recipient_address
    );
    let entry = match outcome {
        Outcome::Sent {
            answer,
            attached_letter,
        } => Some(
            AuditEntry::new(&worker, AuditAction::MailSent).note(match attached_letter {
                Some(number) => format!("{whom}, dengan surat konfirmasi {number}: {answer}"),
                None => format!("{whom}: {answer}"),
            }),
        ),
        Outcome::Failed { answer } => Some(
            AuditEntry::new(&worker, AuditAction::MailFailed).note(format!("{whom}: {answer}")),
        ),
        Outcome::Uncertain { answer } => Some(
            AuditEntry::new(&worker, AuditAction::MailUncertain).note(format!("{whom}: {answer}")),
        ),
        Outcome::Retry { .. } | Outcome::Withdrawn { .. } | Outcome::Hold { .. } => None,
    };
    if let Some(entry) = entry {
        tx.audit(&entry.on_request(row.request_id), now).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// What a taken message says now, or why it is no longer to be sent.
pub enum Rendered {
    /// The message, and the number of the letter it carries.
    Compose(Box<MailMessage>, Option<String>),
    Withdraw(String),
    /// Not yet: a setting it prints is still a placeholder, or the letter it waits for is not
    /// issued (the answer says which).
    Hold(String),
}

/// How long a held message waits before it is looked at again; issuing the letter it waits
/// for makes it due at once.
pub const HOLD_PAUSE: Duration = Duration::minutes(10);

/// Composes a taken message from the booking as it stands.
pub async fn render(store: &Store, row: &MailRow, now: DateTime<Utc>) -> Result<Rendered> {
    let settings = db::settings(&mut store.read_session().await?).await?;
    let detail = get_request(store, row.request_id).await?;
    let Some(booking) = exports_db::latest_booking(store, row.request_id).await? else {
        return Ok(Rendered::Withdraw("Permohonan tidak lagi berjadwal".into()));
    };
    if booking.id != row.booking_id {
        return Ok(Rendered::Withdraw("Jadwalnya telah diganti".into()));
    }
    let speaks_of_current = booking.active && booking.sequence == row.sequence;
    match row.kind {
        MailKind::Invite | MailKind::Reminder if !speaks_of_current => {
            return Ok(Rendered::Withdraw(if booking.active {
                "Digantikan jadwal yang lebih baru".into()
            } else {
                "Jadwalnya dibatalkan".into()
            }));
        }
        _ => {}
    }
    let calendar = match row.kind.method() {
        Some(_) => {
            let method = match row.kind {
                MailKind::Cancel => InviteMethod::Cancel,
                _ => InviteMethod::Request,
            };
            let mut invite = match booking_invite(store, &detail, &booking, method).await {
                Ok(invite) => invite,
                Err(Error::Policy { message, .. }) => return Ok(Rendered::Hold(message)),
                Err(other) => return Err(other),
            };
            if method == InviteMethod::Cancel {
                // A cancellation speaks to the one it is sent to (RFC 5546 §3.2.5); its
                // SEQUENCE is the one it was queued with, never below the invite's.
                invite.event.sequence = u32::try_from(row.sequence).unwrap_or(0);
                let mine: Vec<_> = invite
                    .attendees
                    .iter()
                    .filter(|a| {
                        a.party
                            .address
                            .eq_ignore_ascii_case(&format!("mailto:{}", row.recipient_address))
                    })
                    .cloned()
                    .collect();
                if !mine.is_empty() {
                    invite.attendees = mine;
                } else {
                    invite.attendees = vec![crate::export::ics::InviteAttendee {
                        party: crate::export::ics::Party::email(
                            &row.recipient_name,
                            &row.recipient_address,
                        ),
                        role: crate::export::ics::AttendeeRole::Required,
                    }];
                }
            }
            Some((
                row.kind.method().unwrap_or("REQUEST").to_owned(),
                crate::export::ics::invite(&invite, now),
            ))
        }
        None => None,
    };
    let suffix = match row.kind {
        MailKind::Invite => "undangan",
        MailKind::Cancel => "pembatalan",
        MailKind::Reminder => "pengingat",
    };
    let mut attachments = Vec::new();
    let mut attached_letter = None;
    if settings.attach_confirmation
        && row.kind == MailKind::Invite
        && row.audience == MailAudience::Pemda
    {
        match issued_confirmation(store, row.request_id, row.sequence, now).await {
            Ok(Some((issued, file))) => {
                attachments.push(MailAttachment {
                    file_name: file.file_name,
                    mime_type: file.mime_type.to_owned(),
                    bytes: file.bytes,
                });
                attached_letter = Some(issued.number);
            }
            Ok(None) => {
                return Ok(Rendered::Hold(
                    "menunggu surat konfirmasi jadwal diterbitkan; undangan dikirim bersama \
                     suratnya"
                        .into(),
                ));
            }
            Err(Error::Policy { message, .. }) => return Ok(Rendered::Hold(message)),
            Err(other) => return Err(other),
        }
    }
    Ok(Rendered::Compose(
        Box::new(MailMessage {
            from: sender_of(&settings),
            to: MailParty {
                name: row.recipient_name.clone(),
                address: row.recipient_address.clone(),
            },
            subject: subject_of(row, &detail, &booking),
            text: text_of(row, &detail, &booking),
            calendar,
            calendar_file_name: format!("konsultasi-{}-{suffix}.ics", row.request_id),
            attachments,
            message_id: format!(
                "outbox-{}.{}",
                row.id,
                booking.ical_uid.replace(['<', '>', ' '], "")
            ),
            date: now,
        }),
        attached_letter,
    ))
}

fn subject_of(row: &MailRow, detail: &RequestDetail, booking: &ExportBooking) -> String {
    let date = konsultasi_core::mail::date_in_zone(booking.starts_at, row.recipient_zone);
    let what = match row.kind {
        MailKind::Invite if row.sequence > 0 => "Perubahan jadwal konsultasi",
        MailKind::Invite => "Undangan konsultasi",
        MailKind::Cancel => "Pembatalan konsultasi",
        MailKind::Reminder => "Pengingat konsultasi",
    };
    format!(
        "{what} DJPK {}: {} (permohonan #{})",
        date, detail.requester.label, detail.id
    )
}

fn text_of(row: &MailRow, detail: &RequestDetail, booking: &ExportBooking) -> String {
    let zone = match row.audience {
        MailAudience::Pemda => row.recipient_zone,
        MailAudience::Staff => ZoneLabel::Wib,
    };
    let when = when_label(booking.starts_at, booking.ends_at, zone);
    let channel = channel_words(detail.channel);
    let opening = match row.kind {
        MailKind::Invite if row.sequence > 0 => format!(
            "jadwal konsultasi {channel} Direktorat Jenderal Perimbangan Keuangan berikut telah \
             diubah. Jadwal yang berlaku:"
        ),
        MailKind::Invite => format!(
            "dengan hormat kami sampaikan jadwal konsultasi {channel} Direktorat Jenderal \
             Perimbangan Keuangan berikut:"
        ),
        MailKind::Cancel => format!(
            "konsultasi {channel} Direktorat Jenderal Perimbangan Keuangan berikut dibatalkan dan \
             tidak perlu dihadiri:"
        ),
        MailKind::Reminder => format!(
            "kami mengingatkan konsultasi {channel} Direktorat Jenderal Perimbangan Keuangan \
             berikut:"
        ),
    };
    let mut lines = vec![
        format!("Yth. {},", header_text(&row.recipient_name)),
        String::new(),
        opening,
        String::new(),
        format!("Pengguna layanan : {}", detail.requester.label),
        format!("Waktu            : {when}"),
    ];
    if let Some(place) = place_of(booking) {
        lines.push(format!("Tempat           : {place}"));
    }
    if let Some(url) = &booking.meeting_url
        && row.kind != MailKind::Cancel
    {
        lines.push(format!("Tautan rapat     : {url}"));
    }
    let topics: Vec<&str> = detail.topics.iter().map(|t| t.name.as_str()).collect();
    lines.push(format!("Topik            : {}", topics.join(", ")));
    lines.push(format!("Nomor permohonan : {}", detail.id));
    lines.push(String::new());
    match row.kind {
        MailKind::Invite => lines.push(
            "Undangan kalender terlampir; bukalah untuk menambahkan atau memperbarui jadwal di \
             kalender Anda."
                .into(),
        ),
        MailKind::Cancel => {
            lines.push("Lampiran kalender menghapus jadwal ini dari kalender Anda.".into())
        }
        MailKind::Reminder => {}
    }
    if row.audience == MailAudience::Pemda {
        lines.push(format!(
            "Narahubung Pemda yang tercatat: {} ({}).",
            detail.contact.name, detail.contact.whatsapp
        ));
    }
    lines.push(String::new());
    lines.push("Hormat kami,".into());
    lines.push("Sekretariat Konsultasi DJPK".into());
    lines.join("\n")
}

/// The server the settings name, with the kept password.
pub async fn smtp_server(store: &Store) -> Result<crate::smtp::Server> {
    let settings = db::settings(&mut store.read_session().await?).await?;
    let password = crate::smtp::secret::read_password(store)?;
    crate::smtp::Server::from_settings(&settings, password)
}

/// How many messages stand in each state (for the CLI and the benchmark).
pub async fn outbox_counts(store: &Store) -> Result<Vec<(DeliveryState, i64)>> {
    db::count_by_state(&mut store.read_session().await?).await
}

/// When the worker has something to do next.
pub async fn next_wake(store: &Store) -> Result<Option<DateTime<Utc>>> {
    db::next_wake(&mut store.read_session().await?).await
}
