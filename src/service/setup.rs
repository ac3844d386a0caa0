//! The desk's setup: which of the settings letters and invites print are still placeholders (the
//! seeded "Nama Penandatangan", an `example.com` address, an empty line) or missing, and the
//! refusal of a document that would print one.
//!
//! A document is refused only for what it prints: the attendance sheet needs a letterhead, the
//! numbered letters also a signatory, the confirmation letter and the invite an organizer whose
//! address reaches someone (the letter asks the Pemda to write there; calendar clients send
//! every acceptance and decline of an invite there).

use crate::api::{SetupItem, SetupStatus, SetupStep};
use crate::error::{Error, Result};
use crate::store::Store;
use crate::store::exports::{self as db, ExportSettingsRow};

/// What the refusal points to.
const WHERE: &str = "Isi di Pengaturan → Surat & undangan.";

/// The documents made from the settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Document {
    Confirmation,
    Certificate,
    AttendanceSheet,
    Invite,
}

impl Document {
    fn noun(self) -> &'static str {
        match self {
            Self::Invite => "Undangan",
            _ => "Surat",
        }
    }
}

/// One setting a document cannot print yet.
struct Gap {
    step: SetupStep,
    field: String,
    /// The clause of the refusal: "nama penandatangan masih contoh".
    reason: String,
    /// What the wizard says beside the field.
    message: String,
}

impl Gap {
    fn blocks(&self, document: Document) -> bool {
        match self.step {
            SetupStep::Letterhead => document != Document::Invite,
            SetupStep::Signatory => {
                matches!(document, Document::Confirmation | Document::Certificate)
            }
            SetupStep::Organizer => matches!(document, Document::Confirmation | Document::Invite),
            SetupStep::Rooms | SetupStep::Units => false,
        }
    }
}

/// Texts that stand for a value nobody has filled in yet (compared without case and with runs
/// of spaces as one), besides empty text and text without a letter or digit.
const PLACEHOLDERS: [&str; 16] = [
    "nama penandatangan",
    "nama pejabat",
    "jabatan penandatangan",
    "jabatan",
    "nama",
    "contoh",
    "kop surat",
    "nama instansi",
    "alamat",
    "nama penyelenggara",
    "penyelenggara",
    "tbd",
    "tba",
    "placeholder",
    "lorem ipsum",
    "isi di sini",
];

/// Whether `value` is empty or a stand-in: a known placeholder, only x's ("XXX"), or a word in
/// brackets ("[Nama]", "<nama>", "{nama}").
pub fn is_placeholder_text(value: &str) -> bool {
    let words: Vec<&str> = value.split_whitespace().collect();
    let text = words.join(" ").to_lowercase();
    if !text.chars().any(char::is_alphanumeric) {
        return true;
    }
    let bracketed = [('[', ']'), ('<', '>'), ('{', '}'), ('(', ')')]
        .iter()
        .any(|(open, close)| text.starts_with(*open) && text.ends_with(*close));
    bracketed
        || text.chars().all(|c| c == 'x' || c == ' ' || c == '.')
        || PLACEHOLDERS.contains(&text.as_str())
}

/// Whether an e-mail address is a stand-in: a domain reserved for examples and tests
/// (RFC 2606, RFC 6761), or a local part such as "contoh@" or "nama@".
pub fn is_placeholder_email(address: &str) -> bool {
    let address = address.trim().to_lowercase();
    let Some((local, domain)) = address.rsplit_once('@') else {
        return true;
    };
    let reserved_domain = ["example.com", "example.org", "example.net", "localhost"]
        .contains(&domain)
        || [".example", ".invalid", ".test", ".localhost"]
            .iter()
            .any(|tld| domain.ends_with(tld) || domain == &tld[1..]);
    reserved_domain || ["contoh", "nama", "email", "surel", "user"].contains(&local)
}

fn text_gap(step: SetupStep, field: String, value: &str, label: &str, hint: &str) -> Option<Gap> {
    if !is_placeholder_text(value) {
        return None;
    }
    let state = if value.trim().is_empty() {
        "belum diisi"
    } else {
        "masih contoh"
    };
    Some(Gap {
        step,
        field,
        reason: format!("{} {state}", label.to_lowercase()),
        message: format!("{label} {state}; {hint}."),
    })
}

/// What of the export settings is still a placeholder, in the wizard's order.
fn gaps(settings: &ExportSettingsRow) -> Vec<Gap> {
    let mut gaps = Vec::new();
    let letterhead: Vec<&str> = settings
        .letterhead
        .lines()
        .filter(|l| !l.trim().is_empty())
        .collect();
    if letterhead.is_empty() {
        gaps.push(Gap {
            step: SetupStep::Letterhead,
            field: "letterhead".into(),
            reason: "kop surat belum diisi".into(),
            message: "Kop surat belum diisi; tulis nama instansi dan alamatnya, satu baris per baris kop."
                .into(),
        });
    } else if let Some(index) = letterhead.iter().position(|l| is_placeholder_text(l)) {
        gaps.push(Gap {
            step: SetupStep::Letterhead,
            field: format!("letterhead[{index}]"),
            reason: "kop surat masih contoh".into(),
            message: format!(
                "Baris {} kop surat masih contoh; tulis nama instansi atau alamat yang sebenarnya.",
                index + 1
            ),
        });
    }
    gaps.extend(text_gap(
        SetupStep::Signatory,
        "signatory_name".into(),
        &settings.signatory_name,
        "Nama penandatangan",
        "isi nama pejabat yang menandatangani surat",
    ));
    gaps.extend(text_gap(
        SetupStep::Signatory,
        "signatory_position".into(),
        &settings.signatory_position,
        "Jabatan penandatangan",
        "isi jabatan pejabat yang menandatangani surat",
    ));
    gaps.extend(text_gap(
        SetupStep::Organizer,
        "organizer_name".into(),
        &settings.organizer_name,
        "Nama penyelenggara undangan",
        "isi nama layanan yang mengirim undangan",
    ));
    if is_placeholder_email(&settings.organizer_email) {
        gaps.push(Gap {
            step: SetupStep::Organizer,
            field: "organizer_email".into(),
            reason: "surel penyelenggara undangan masih alamat contoh".into(),
            message: "Surel penyelenggara undangan masih alamat contoh; isi alamat yang dibaca \
                      layanan, karena jawaban atas undangan dan surat dikirim ke sana."
                .into(),
        });
    }
    gaps
}

/// The refusal of `document` while a setting it prints is a placeholder: a `policy` error that
/// names each and points to Settings. Checked before any letter number is considered.
pub fn refusal(settings: &ExportSettingsRow, document: Document) -> Option<Error> {
    let reasons: Vec<String> = gaps(settings)
        .into_iter()
        .filter(|gap| gap.blocks(document))
        .map(|gap| gap.reason)
        .collect();
    if reasons.is_empty() {
        return None;
    }
    Some(Error::Policy {
        message: format!(
            "{} belum dapat dibuat: {}. {WHERE}",
            document.noun(),
            reasons.join("; ")
        ),
        findings: Vec::new(),
    })
}

/// `Err` with [`refusal`] when `document` cannot be made from `settings`.
pub fn require_ready(settings: &ExportSettingsRow, document: Document) -> Result<()> {
    match refusal(settings, document) {
        Some(error) => Err(error),
        None => Ok(()),
    }
}

/// What is still a placeholder or missing: the letterhead, the signatory, the invites'
/// organizer, an active room and a unit; and whether the database was opened read-only.
pub async fn setup_status(store: &Store) -> Result<SetupStatus> {
    let settings = db::settings(store).await?;
    let mut items: Vec<SetupItem> = gaps(&settings)
        .into_iter()
        .map(|gap| SetupItem {
            step: gap.step,
            field: gap.field,
            message: gap.message,
        })
        .collect();
    let rooms = super::settings::list_rooms(store).await?;
    if !rooms.iter().any(|room| room.active) {
        items.push(SetupItem {
            step: SetupStep::Rooms,
            field: String::new(),
            message: "Belum ada ruang rapat aktif; aktifkan atau tambah ruang agar konsultasi \
                      tatap muka dapat dijadwalkan."
                .into(),
        });
    }
    if super::settings::units(store).is_empty() {
        items.push(SetupItem {
            step: SetupStep::Units,
            field: String::new(),
            message: "Belum ada unit; tambah unit di Pengaturan → Ruang & unit agar topik dapat \
                      diteruskan."
                .into(),
        });
    }
    let letters_refusal = refusal(&settings, Document::Confirmation).map(|e| e.to_string());
    Ok(SetupStatus {
        complete: items.is_empty(),
        letters_ready: letters_refusal.is_none(),
        invites_ready: refusal(&settings, Document::Invite).is_none(),
        letters_refusal,
        items,
        read_only: store.is_read_only(),
        database_path: store.location().to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stand_ins_are_placeholders_and_real_names_are_not() {
        for value in [
            "Nama Penandatangan",
            "  nama   PENANDATANGAN ",
            "",
            "   ",
            "-",
            "XXX",
            "x.x.x",
            "[Nama]",
            "<nama pejabat>",
            "Jabatan",
        ] {
            assert!(is_placeholder_text(value), "{value:?}");
        }
        for value in [
            "Dr. Adriyanto, S.E., M.A.",
            "Sekretaris Direktorat Jenderal",
            "Xaverius",
            "Contact Center DJPK",
        ] {
            assert!(!is_placeholder_text(value), "{value:?}");
        }
    }

    #[test]
    fn reserved_domains_are_placeholder_addresses() {
        for address in [
            "djpk@example.com",
            "a@sub.example",
            "a@desk.test",
            "a@x.invalid",
            "contoh@kemenkeu.go.id",
            "tanpa-at",
        ] {
            assert!(is_placeholder_email(address), "{address}");
        }
        for address in ["callcenter.djpk@kemenkeu.go.id", "a@examples.co.id"] {
            assert!(!is_placeholder_email(address), "{address}");
        }
    }
}
