//! The letters of a booking as PDF (confirmation, attendance sheet, certificate of attendance)
//! and their outgoing numbers, handed out inside one serialised write from the append-only
//! register, so no number is given twice, even by two processes.

use chrono::{DateTime, Datelike, NaiveDate, Utc};

use super::{
    ExportedFile, PDF_MIME, StandingBooking, channel_words, letterhead_of, place_of,
    standing_booking, when_label,
};
use crate::api::{LetterKind, RequestDetail};
use crate::domain::Channel;
use crate::error::{Error, Result};
use crate::export::pdf;
use crate::service::setup::{Document, require_ready};
use crate::store::Store;
use crate::store::checkin as checkin_db;
use crate::store::exports::{self as db, ExportBooking, ExportSettingsRow, NewNumber};
use crate::store::write::SerialisedWrite;
use crate::time::office_day;
use crate::validate::FieldErrors;
use crate::workflow::Actor;

pub use konsultasi_core::letter_number::{IssuedNumber, NumberedLetter, render_number};

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
    let pattern = db::settings(store).await?.number_pattern;
    let mut tx = store.write_serialised().await?;
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

/// [`issue_number`] inside the caller's serialised write: the number counts only once the caller
/// commits, so a letter that fails afterwards leaves no gap.
async fn issue_number_in(
    tx: &mut SerialisedWrite,
    pattern: &str,
    actor: &Actor,
    request_id: i64,
    kind: NumberedLetter,
    booking_sequence: i64,
    now: DateTime<Utc>,
) -> Result<IssuedNumber> {
    if let Some(given) = db::issued_number(tx, request_id, kind, booking_sequence).await? {
        return Ok(IssuedNumber {
            number: given.number,
            issued_on: office_day(given.issued_at),
        });
    }
    let today = office_day(now);
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
            kind,
            request_id,
            booking_sequence,
            issued_at: now,
            issued_by: &actor.name,
        },
    )
    .await?;
    if kind == NumberedLetter::Confirmation {
        // A Pemda invitation that waits for this letter goes out with it once this commits.
        crate::store::mail::release_waiting_for_letter(tx, request_id, booking_sequence, now)
            .await?;
    }
    Ok(IssuedNumber {
        number,
        issued_on: today,
    })
}

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
    let standing = standing_booking(store, request_id).await?;
    let (detail, booking, settings) = (&standing.detail, &standing.booking, &standing.settings);
    // A letter that would print a placeholder is refused before any number is considered.
    let document = match kind {
        LetterKind::Confirmation => Document::Confirmation,
        LetterKind::Certificate => Document::Certificate,
        LetterKind::AttendanceSheet => Document::AttendanceSheet,
    };
    require_ready(settings, document)?;
    let numbered = match kind {
        LetterKind::Confirmation => Some(NumberedLetter::Confirmation),
        LetterKind::Certificate => Some(NumberedLetter::Certificate),
        LetterKind::AttendanceSheet => None,
    };
    if kind == LetterKind::Certificate && now < standing.starts {
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
    let attended: Vec<pdf::AttendanceRow> = checkin_db::attendees_of_request(store, request_id)
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
    let facts = standing.letter_facts(now, attended);
    let Some((letter, actor)) = numbering else {
        let file = render_letter(&facts, kind, None, request_id)?;
        return write(&file);
    };
    // The number, the rendering and the write in one transaction: nothing fails after the
    // number is committed.
    let pattern = settings.number_pattern.clone();
    let mut tx = store.write_serialised().await?;
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

/// The confirmation letter of the request's standing booking at `booking_sequence`, as it was
/// issued (its number and date from the register), or `None` while no number was given to it:
/// an e-mail may carry an issued letter but never issues one.
pub async fn issued_confirmation(
    store: &Store,
    request_id: i64,
    booking_sequence: i64,
    now: DateTime<Utc>,
) -> Result<Option<(IssuedNumber, ExportedFile)>> {
    let standing = standing_booking(store, request_id).await?;
    if standing.booking.sequence != booking_sequence {
        return Ok(None);
    }
    let given = db::issued_number(
        &mut store.read_session().await?,
        request_id,
        NumberedLetter::Confirmation,
        booking_sequence,
    )
    .await?;
    let Some(given) = given else {
        return Ok(None);
    };
    require_ready(&standing.settings, Document::Confirmation)?;
    let issued = IssuedNumber {
        number: given.number,
        issued_on: office_day(given.issued_at),
    };
    let facts = standing.letter_facts(now, Vec::new());
    let file = render_letter(&facts, LetterKind::Confirmation, Some(&issued), request_id)?;
    Ok(Some((issued, file)))
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
        mime_type: PDF_MIME,
        warnings: rendered.warning().into_iter().collect(),
        bytes: rendered.bytes,
    })
}

impl StandingBooking {
    fn letter_facts(
        &self,
        now: DateTime<Utc>,
        attended: Vec<pdf::AttendanceRow>,
    ) -> LetterFacts<'_> {
        LetterFacts {
            detail: &self.detail,
            booking: &self.booking,
            settings: &self.settings,
            cap: self.cap,
            when: when_label(self.starts, self.ends, self.detail.requester.zone),
            day: office_day(self.starts),
            now,
            attended,
        }
    }
}

/// What every letter of one booking draws on.
struct LetterFacts<'a> {
    detail: &'a RequestDetail,
    booking: &'a ExportBooking,
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
