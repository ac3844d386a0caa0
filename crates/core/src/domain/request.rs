//! A consultation request (*permohonan konsultasi*) as the core trusts it.
//!
//! The wire contract's `RequestInput::parse` is the only way in: it turns the input into checked values,
//! or lists every field that is wrong. It needs the reference data (regions, topics) because an
//! unknown region code or topic is bad input, not a database accident.

use base64::Engine as _;
use chrono::{DateTime, NaiveDate, Utc};
use sha2::{Digest, Sha256};

use super::region::{Region, RegionCode};
use super::{Channel, RequesterKind};
use crate::validate::{
    Description, EmailAddress, FileName, GuestContact, GuestCount, InstitutionName, JobTitle,
    LetterLine, LetterNumber, PersonName, WhatsAppNumber,
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

    /// A scan as uploads carry it, in base64. Refused by length before decoding, so an
    /// oversized upload costs no second copy in memory.
    pub fn from_base64(file_name: &str, encoded: &str) -> Result<Self, String> {
        let encoded = encoded.trim();
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
        Self::from_bytes(file_name, content)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_oversized_upload_is_refused_before_it_is_decoded() {
        // Not even valid base64: only the length was looked at.
        let why = LetterScan::from_base64("surat.pdf", &"!".repeat(MAX_SCAN_BASE64_LEN + 4))
            .expect_err("too large");
        assert!(why.contains("terlalu besar"), "{why}");
        let at_cap = base64::engine::general_purpose::STANDARD.encode(vec![0u8; MAX_SCAN_BYTES]);
        let why = LetterScan::from_base64("surat.pdf", &at_cap).expect_err("not a PDF");
        assert!(why.contains("bukan PDF"), "{why}");
    }
}
