//! A consultation request (*permohonan konsultasi*) as the core trusts it.
//!
//! [`NewRequest::parse`] is the only way in: it turns a [`RequestInput`] into checked values,
//! or lists every field that is wrong. It needs the reference data (regions, topics) because an
//! unknown region code or topic is bad input, not a database accident.

use std::collections::HashSet;

use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::region::{Region, RegionCode};
use super::{Channel, RequesterKind};
use crate::api::{GuestInput, LetterInput, RequestInput, RequesterInput, ScanUpload};
use crate::time::office_local_to_utc;
use crate::validate::{
    Description, EmailAddress, FieldErrors, FileName, GuestContact, GuestCount, InstitutionName,
    JobTitle, LetterLine, LetterNumber, PersonName, WhatsAppNumber, parse_date, parse_time, quoted,
};

pub const MAX_PREFERRED_SLOTS: usize = 3;
/// More topics than one consultation can hold is a broken form, not a request.
pub const MAX_TOPICS: usize = 20;
pub const MAX_GUESTS: usize = GuestCount::MAX as usize;
/// Scans larger than this are refused: a letter of a few pages fits comfortably.
pub const MAX_SCAN_BYTES: usize = 20 * 1024 * 1024;
/// Length of [`MAX_SCAN_BYTES`] in padded base64, as uploads carry it.
const MAX_SCAN_BASE64_LEN: usize = MAX_SCAN_BYTES.div_ceil(3) * 4;

/// What the parser needs to know about the reference tables.
pub trait Reference {
    fn region(&self, code: &RegionCode) -> Option<&Region>;
    fn has_topic(&self, code: &str) -> bool;
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Requester {
    /// A Pemda or its DPRD, identified by the official region.
    Regional {
        kind: RequesterKind,
        region: RegionCode,
    },
    /// A ministry, agency, university, association or anyone else, by name.
    Named {
        kind: RequesterKind,
        name: InstitutionName,
    },
}

impl Requester {
    pub fn kind(&self) -> RequesterKind {
        match self {
            Requester::Regional { kind, .. } | Requester::Named { kind, .. } => *kind,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    pub name: PersonName,
    pub whatsapp: WhatsAppNumber,
    pub email: Option<EmailAddress>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Guest {
    pub name: PersonName,
    pub position: JobTitle,
    pub institution: InstitutionName,
    pub contact: Option<GuestContact>,
    pub is_regional_head: bool,
}

/// The kinds of file accepted as a scanned letter, recognised by their first bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ScanKind {
    Pdf,
    Png,
    Jpeg,
}

impl ScanKind {
    fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(b"%PDF-") {
            Some(ScanKind::Pdf)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ScanKind::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ScanKind::Jpeg)
        } else {
            None
        }
    }

    pub fn mime_type(self) -> &'static str {
        match self {
            ScanKind::Pdf => "application/pdf",
            ScanKind::Png => "image/png",
            ScanKind::Jpeg => "image/jpeg",
        }
    }
}

/// A scanned letter whose content has been checked to be a PDF or an image.
#[derive(Clone, PartialEq, Eq)]
pub struct LetterScan {
    pub file_name: FileName,
    pub kind: ScanKind,
    pub content: Vec<u8>,
    /// Lower-case hex SHA-256 of `content`.
    pub sha256: String,
}

impl std::fmt::Debug for LetterScan {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("LetterScan")
            .field("file_name", &self.file_name)
            .field("kind", &self.kind)
            .field("size", &self.content.len())
            .field("sha256", &self.sha256)
            .finish()
    }
}

impl LetterScan {
    pub fn from_bytes(file_name: &str, content: Vec<u8>) -> Result<Self, String> {
        let file_name = FileName::parse(file_name, "Nama berkas pindaian")?;
        if content.is_empty() {
            return Err("Berkas pindaian kosong".to_owned());
        }
        if content.len() > MAX_SCAN_BYTES {
            return Err(format!(
                "Berkas pindaian terlalu besar: {:.1} MB, paling besar {} MB",
                content.len() as f64 / (1024.0 * 1024.0),
                MAX_SCAN_BYTES / (1024 * 1024)
            ));
        }
        let kind = ScanKind::sniff(&content).ok_or_else(|| {
            format!(
                "Berkas \"{}\" bukan PDF, PNG atau JPEG: pindaian surat harus berupa PDF atau gambar",
                file_name
            )
        })?;
        let sha256 = hex(&Sha256::digest(&content));
        Ok(Self {
            file_name,
            kind,
            content,
            sha256,
        })
    }

    fn from_upload(upload: &ScanUpload) -> Result<Self, String> {
        // Refused before decoding, so an oversized upload costs no second copy in memory.
        let encoded = upload.content_base64.trim();
        if encoded.len() > MAX_SCAN_BASE64_LEN {
            return Err(format!(
                "Berkas pindaian terlalu besar: {:.1} MB, paling besar {} MB",
                (encoded.len() / 4 * 3) as f64 / (1024.0 * 1024.0),
                MAX_SCAN_BYTES / (1024 * 1024)
            ));
        }
        let content = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .map_err(|_| "Isi berkas pindaian rusak (bukan base64 yang valid)".to_owned())?;
        Self::from_bytes(&upload.file_name, content)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestLetter {
    pub number: LetterNumber,
    pub date: NaiveDate,
    pub subject: LetterLine,
    pub addressee: LetterLine,
    pub signer: PersonName,
    /// `None` keeps whatever scan is already stored (on update) or stores none (on create).
    pub scan: Option<LetterScan>,
}

/// A request whose every field has been checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewRequest {
    pub channel: Channel,
    pub requester: Requester,
    pub contact: Contact,
    /// Topic codes, unique, in the order given.
    pub topics: Vec<String>,
    pub description: Description,
    /// Preferred starts, as instants.
    pub preferred_slots: Vec<DateTime<Utc>>,
    pub planned_guest_count: GuestCount,
    pub regional_head_attends: bool,
    pub guests: Vec<Guest>,
    pub letter: Option<RequestLetter>,
    /// When the request reached the desk; `None` means today (or, on edit, unchanged).
    pub received_on: Option<NaiveDate>,
}

impl NewRequest {
    /// `today` is the office's date (WIB): a request cannot have been received after it, since
    /// lead time counts from the received date.
    pub fn parse(
        input: &RequestInput,
        reference: &dyn Reference,
        today: NaiveDate,
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();

        let channel = input.channel;
        if channel.is_none() {
            errors.push("channel", "Pilih saluran: video conference atau tatap muka");
        }
        let requester = parse_requester(&input.requester, reference, &mut errors);
        let contact = parse_contact(input, &mut errors);
        let topics = parse_topics(&input.topics, reference, &mut errors);
        let description = errors.take(
            "description",
            Description::parse(&input.description, "Uraian permohonan"),
        );
        let preferred_slots = parse_slots(input, &mut errors);

        let planned_guest_count = errors.take(
            "planned_guest_count",
            GuestCount::parse(input.planned_guest_count, "Jumlah tamu direncanakan"),
        );
        let guests = parse_guests(&input.guests, &mut errors);
        if let Some(count) = planned_guest_count
            && input.guests.len() > count.get() as usize
        {
            errors.push(
                "planned_guest_count",
                format!(
                    "Jumlah tamu direncanakan ({}) lebih kecil dari jumlah nama tamu ({})",
                    count.get(),
                    input.guests.len()
                ),
            );
        }
        let letter = input
            .letter
            .as_ref()
            .and_then(|letter| parse_letter(letter, &mut errors));
        let received_on = match input.received_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => errors.take(
                "received_on",
                parse_date(raw, "Tanggal permohonan diterima").and_then(|day| {
                    if day > today {
                        Err(format!(
                            "Tanggal permohonan diterima tidak boleh setelah hari ini ({})",
                            crate::time::format_date(today)
                        ))
                    } else {
                        Ok(day)
                    }
                }),
            ),
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            channel,
            requester,
            contact,
            description,
            planned_guest_count,
        ) {
            (
                Some(channel),
                Some(requester),
                Some(contact),
                Some(description),
                Some(planned_guest_count),
            ) => Ok(NewRequest {
                channel,
                requester,
                contact,
                topics,
                description,
                preferred_slots,
                planned_guest_count,
                // One fact: the guest marked Kepala Daerah is the claim that the Kepala Daerah
                // attends.
                regional_head_attends: guests.iter().any(|g| g.is_regional_head),
                guests,
                letter,
                received_on,
            }),
            // Every `None` above recorded an error, so this arm is unreachable in practice;
            // it stays an error rather than a panic.
            _ => Err(FieldErrors::single("", "Data permohonan tidak lengkap")),
        }
    }
}

fn parse_requester(
    input: &RequesterInput,
    reference: &dyn Reference,
    errors: &mut FieldErrors,
) -> Option<Requester> {
    let Some(kind) = input.kind else {
        errors.push("requester.kind", "Pilih jenis pengguna layanan");
        return None;
    };
    if kind.is_regional() {
        let raw = input.region_code.as_deref().unwrap_or("").trim();
        if raw.is_empty() {
            errors.push(
                "requester.region_code",
                "Pilih Pemda dari daftar wilayah resmi",
            );
            return None;
        }
        let code = errors.take("requester.region_code", RegionCode::parse(raw))?;
        if reference.region(&code).is_none() {
            errors.push(
                "requester.region_code",
                format!(
                    "Kode wilayah {} tidak ada dalam daftar wilayah Kemendagri",
                    quoted(raw)
                ),
            );
            return None;
        }
        Some(Requester::Regional { kind, region: code })
    } else {
        let name = errors.take(
            "requester.name",
            InstitutionName::parse(input.name.as_deref().unwrap_or(""), "Nama pengguna layanan"),
        )?;
        Some(Requester::Named { kind, name })
    }
}

fn parse_contact(input: &RequestInput, errors: &mut FieldErrors) -> Option<Contact> {
    let contact = &input.contact;
    let name = errors.take(
        "contact.name",
        PersonName::parse(&contact.name, "Nama narahubung"),
    );
    let whatsapp = errors.take(
        "contact.whatsapp",
        WhatsAppNumber::parse(&contact.whatsapp, "Nomor WhatsApp"),
    );
    let email = match contact.email.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => errors
            .take("contact.email", EmailAddress::parse(raw, "E-mail"))
            .map(Some),
    };
    Some(Contact {
        name: name?,
        whatsapp: whatsapp?,
        email: email?,
    })
}

fn parse_topics(
    raw: &[String],
    reference: &dyn Reference,
    errors: &mut FieldErrors,
) -> Vec<String> {
    if raw.is_empty() {
        errors.push("topics", "Pilih minimal satu topik konsultasi");
        return Vec::new();
    }
    if raw.len() > MAX_TOPICS {
        errors.push(
            "topics",
            format!("Paling banyak {MAX_TOPICS} topik (ada {})", raw.len()),
        );
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut topics = Vec::new();
    for (index, code) in raw.iter().enumerate() {
        let code = code.trim();
        if !reference.has_topic(code) {
            errors.push(
                format!("topics[{index}]"),
                format!("Topik \"{}\" tidak dikenal", quoted(code)),
            );
        } else if seen.insert(code.to_owned()) {
            topics.push(code.to_owned());
        }
    }
    topics
}

fn parse_slots(input: &RequestInput, errors: &mut FieldErrors) -> Vec<DateTime<Utc>> {
    let raw = &input.preferred_slots;
    if raw.is_empty() || raw.len() > MAX_PREFERRED_SLOTS {
        errors.push(
            "preferred_slots",
            format!(
                "Isi satu sampai {MAX_PREFERRED_SLOTS} usulan jadwal (ada {})",
                raw.len()
            ),
        );
        return Vec::new();
    }
    let mut slots = Vec::new();
    for (index, slot) in raw.iter().enumerate() {
        let ordinal = index + 1;
        let date = errors.take(
            format!("preferred_slots[{index}].date"),
            parse_date(&slot.date, &format!("Tanggal usulan ke-{ordinal}")),
        );
        let time = errors.take(
            format!("preferred_slots[{index}].time"),
            parse_time(&slot.time, &format!("Jam usulan ke-{ordinal}")),
        );
        if let (Some(date), Some(time)) = (date, time) {
            let start = office_local_to_utc(date, time);
            if slots.contains(&start) {
                errors.push(
                    format!("preferred_slots[{index}].date"),
                    format!("Usulan jadwal ke-{ordinal} sama dengan usulan sebelumnya"),
                );
            } else {
                slots.push(start);
            }
        }
    }
    slots
}

fn parse_guests(raw: &[GuestInput], errors: &mut FieldErrors) -> Vec<Guest> {
    parse_guest_list(raw, "guests", errors)
}

/// Parses a list of guests whose fields are reported under `list` (`guests[1].name`).
pub fn parse_guest_list(raw: &[GuestInput], list: &str, errors: &mut FieldErrors) -> Vec<Guest> {
    if raw.len() > MAX_GUESTS {
        errors.push(
            list,
            format!("Paling banyak {MAX_GUESTS} nama tamu (ada {})", raw.len()),
        );
        return Vec::new();
    }
    let heads = raw.iter().filter(|g| g.is_regional_head).count();
    if heads > 1 {
        errors.push(
            list,
            format!("Hanya satu tamu yang dapat ditandai sebagai Kepala Daerah (ada {heads})"),
        );
    }
    let mut guests = Vec::new();
    for (index, guest) in raw.iter().enumerate() {
        let ordinal = index + 1;
        let field = |name: &str| format!("{list}[{index}].{name}");
        let name = errors.take(
            field("name"),
            PersonName::parse(&guest.name, &format!("Nama tamu ke-{ordinal}")),
        );
        let position = errors.take(
            field("position"),
            JobTitle::parse(&guest.position, &format!("Jabatan tamu ke-{ordinal}")),
        );
        let institution = errors.take(
            field("institution"),
            InstitutionName::parse(&guest.institution, &format!("Instansi tamu ke-{ordinal}")),
        );
        let contact = match guest.contact.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => errors
                .take(
                    field("contact"),
                    GuestContact::parse(raw, &format!("Kontak tamu ke-{ordinal}")),
                )
                .map(Some),
        };
        if let (Some(name), Some(position), Some(institution), Some(contact)) =
            (name, position, institution, contact)
        {
            guests.push(Guest {
                name,
                position,
                institution,
                contact,
                is_regional_head: guest.is_regional_head,
            });
        }
    }
    guests
}

fn parse_letter(input: &LetterInput, errors: &mut FieldErrors) -> Option<RequestLetter> {
    let number = errors.take(
        "letter.number",
        LetterNumber::parse(&input.number, "Nomor surat"),
    );
    let date = errors.take("letter.date", parse_date(&input.date, "Tanggal surat"));
    let subject = errors.take(
        "letter.subject",
        LetterLine::parse(&input.subject, "Perihal surat"),
    );
    let addressee = errors.take(
        "letter.addressee",
        LetterLine::parse(&input.addressee, "Tujuan surat"),
    );
    let signer = errors.take(
        "letter.signer",
        PersonName::parse(&input.signer, "Penandatangan surat"),
    );
    let scan = match &input.scan {
        None => Some(None),
        Some(upload) => errors
            .take("letter.scan", LetterScan::from_upload(upload))
            .map(Some),
    };
    Some(RequestLetter {
        number: number?,
        date: date?,
        subject: subject?,
        addressee: addressee?,
        signer: signer?,
        scan: scan?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_upload_is_refused_before_it_is_decoded() {
        // Not even valid base64: only the length was looked at.
        let upload = ScanUpload {
            file_name: "surat.pdf".into(),
            content_base64: "!".repeat(MAX_SCAN_BASE64_LEN + 4),
        };
        let why = LetterScan::from_upload(&upload).expect_err("too large");
        assert!(why.contains("terlalu besar"), "{why}");
        let at_cap = ScanUpload {
            file_name: "surat.pdf".into(),
            content_base64: base64::engine::general_purpose::STANDARD
                .encode(vec![0u8; MAX_SCAN_BYTES]),
        };
        let why = LetterScan::from_upload(&at_cap).expect_err("not a PDF");
        assert!(why.contains("bukan PDF"), "{why}");
    }
}
