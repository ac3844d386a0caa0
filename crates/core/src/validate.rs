//! Parsing of untrusted input into the domain's value types.
//!
//! Everything typed by staff or sent by a Pemda crosses into the core here, once. A value type
//! can only be built by its `parse`, so code past this point trusts it. Messages are Indonesian
//! and name the field in words staff use; the dotted field path travels beside them.

use std::fmt;

use chrono::{Datelike as _, NaiveDate, NaiveTime};

use serde::Serialize;
use ts_rs::TS;

/// One field's complaint, with a dotted path such as `guests[1].name`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

/// Every complaint about one input, in field order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FieldErrors(Vec<FieldError>);

impl FieldErrors {
    pub fn single(field: impl Into<String>, message: impl Into<String>) -> Self {
        let mut errors = Self::default();
        errors.push(field, message);
        errors
    }

    pub fn push(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }

    /// Keeps the value of a successful parse, or records why it failed under `field`.
    pub fn take<T>(&mut self, field: impl Into<String>, parsed: Result<T, String>) -> Option<T> {
        match parsed {
            Ok(value) => Some(value),
            Err(message) => {
                self.push(field, message);
                None
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Adds another input's complaints with their paths under `prefix` (`request.guests[0].name`).
    pub fn extend_prefixed(&mut self, prefix: &str, other: FieldErrors) {
        for error in other.0 {
            self.push(format!("{prefix}.{}", error.field), error.message);
        }
    }

    /// `Ok` when there is nothing to complain about.
    pub fn into_result(self) -> Result<(), FieldErrors> {
        if self.is_empty() { Ok(()) } else { Err(self) }
    }

    pub fn as_slice(&self) -> &[FieldError] {
        &self.0
    }

    /// One line for the banner above a form: the first complaint and how many others.
    /// Field paths stay out of it; they travel beside each message.
    pub fn summary(&self) -> String {
        match self.0.as_slice() {
            [] => "Data tidak valid".to_owned(),
            [only] => format!("Data tidak valid: {}", only.message),
            [first, rest @ ..] => format!(
                "Data tidak valid: {}, dan {} kesalahan lain",
                first.message,
                rest.len()
            ),
        }
    }
}

/// How much of an input a message quotes back: enough to recognise it, never a whole file.
pub const QUOTED_CHARS: usize = 40;

/// `raw` as a message quotes it: its first [`QUOTED_CHARS`] characters, with "…" when cut.
pub fn quoted(raw: &str) -> String {
    let mut chars = raw.chars();
    let head: String = chars.by_ref().take(QUOTED_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

/// Explicit bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069):
/// they reorder what follows them on screen, so a name could display as something else.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// Invisible characters pasted from word processors and web pages, removed from text: the
/// soft hyphen, zero-width space, word joiner and friends, and the byte-order mark.
fn is_removed_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{180E}' | '\u{200B}' | '\u{2060}'..='\u{2064}' | '\u{FEFF}'
    )
}

/// Characters that show nothing by themselves: spaces, joiners and marks, variation
/// selectors, tag characters and the Hangul and Braille blanks. Text must have something else.
fn is_invisible(c: char) -> bool {
    c.is_whitespace()
        || c.is_control()
        || is_bidi_control(c)
        || is_removed_invisible(c)
        || matches!(
            c,
            '\u{034F}'
                | '\u{061C}'
                | '\u{115F}'
                | '\u{1160}'
                | '\u{17B4}'
                | '\u{17B5}'
                | '\u{180B}'..='\u{180D}'
                | '\u{200C}'..='\u{200F}'
                | '\u{206A}'..='\u{206F}'
                | '\u{2800}'
                | '\u{3164}'
                | '\u{FE00}'..='\u{FE0F}'
                | '\u{FFA0}'
                | '\u{FFF9}'..='\u{FFFB}'
                | '\u{1D173}'..='\u{1D17A}'
                | '\u{E0000}'..='\u{E007F}'
                | '\u{E0100}'..='\u{E01EF}'
        )
}

/// The one rule for text typed by staff or sent by a Pemda, whatever path it comes by (a form,
/// a JSON file, a CSV row): line ends unified (multi-line text only), invisible characters
/// pasted from documents removed, trimmed; then refused when empty, when it shows nothing but
/// invisible characters, when it holds a control character (newlines and tabs allowed in
/// multi-line text) or a bidirectional control, and when it is longer than `max_chars`
/// characters (not bytes: Indonesian and foreign names are measured as people count them).
fn clean_text(raw: &str, label: &str, max_chars: usize, multiline: bool) -> Result<String, String> {
    // Line ends typed on Windows or pasted from old documents become plain newlines.
    let unified;
    let raw = if multiline && raw.contains('\r') {
        unified = raw.replace("\r\n", "\n").replace('\r', "\n");
        unified.as_str()
    } else {
        raw
    };
    let stripped;
    let raw = if raw.chars().any(is_removed_invisible) {
        stripped = raw
            .chars()
            .filter(|c| !is_removed_invisible(*c))
            .collect::<String>();
        stripped.as_str()
    } else {
        raw
    };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Err(format!("{label} wajib diisi"));
    }
    let allowed = |c: char| !c.is_control() || (multiline && (c == '\n' || c == '\t'));
    if let Some(bad) = trimmed.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "{label} memuat karakter yang tidak diizinkan (U+{:04X})",
            bad as u32
        ));
    }
    if trimmed.chars().all(is_invisible) {
        return Err(format!(
            "{label} hanya berisi karakter tak terlihat; tulis dengan huruf atau angka"
        ));
    }
    if let Some(bad) = trimmed.chars().find(|c| is_bidi_control(*c)) {
        return Err(format!(
            "{label} memuat karakter pengatur arah teks yang tidak diizinkan (U+{:04X})",
            bad as u32
        ));
    }
    let text = if multiline {
        trimmed.to_owned()
    } else {
        trimmed.split_whitespace().collect::<Vec<_>>().join(" ")
    };
    let length = text.chars().count();
    if length > max_chars {
        return Err(format!(
            "{label} terlalu panjang: {length} karakter, paling banyak {max_chars}"
        ));
    }
    Ok(text)
}

macro_rules! text_type {
    ($(#[$meta:meta])* $name:ident, max = $max:expr, multiline = $multiline:expr) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq)]
        pub struct $name(String);

        impl $name {
            pub const MAX_CHARS: usize = $max;

            /// `label` is the field's Indonesian name, used in the error message.
            pub fn parse(raw: &str, label: &str) -> Result<Self, String> {
                clean_text(raw, label, $max, $multiline).map(Self)
            }

            pub fn as_str(&self) -> &str {
                &self.0
            }

            pub fn into_string(self) -> String {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_type!(
    /// A person's name: a contact, a guest, a signer.
    PersonName, max = 100, multiline = false
);
text_type!(
    /// A guest's position (*jabatan*).
    JobTitle, max = 100, multiline = false
);
text_type!(
    /// An institution or organisation name.
    InstitutionName, max = 200, multiline = false
);
text_type!(
    /// A guest's phone number or e-mail, kept as written.
    GuestContact, max = 100, multiline = false
);
text_type!(
    /// The number of an incoming letter, e.g. `900/123/BPKAD/2026`.
    LetterNumber, max = 100, multiline = false
);
text_type!(
    /// A letter's subject (*perihal*) or addressee.
    LetterLine, max = 300, multiline = false
);
text_type!(
    /// Free text written over several lines, such as the description of a request.
    Description, max = 4000, multiline = true
);
text_type!(
    /// The original name of an uploaded or imported file.
    FileName, max = 255, multiline = false
);
text_type!(
    /// The name of a holiday: "Hari Raya Idul Fitri 1448 H".
    HolidayName, max = 200, multiline = false
);
text_type!(
    /// The words staff search for in a list; a search is a few words, not a document.
    SearchText, max = 200, multiline = false
);

impl SearchText {
    /// Most words a search may hold: each word is matched against several columns.
    pub const MAX_WORDS: usize = 12;

    /// `None` when nothing (or only spaces) was typed: no filter.
    pub fn parse_optional(raw: Option<&str>, label: &str) -> Result<Option<Self>, String> {
        match raw {
            None => Ok(None),
            Some(text) if text.trim().is_empty() => Ok(None),
            Some(text) => {
                let parsed = Self::parse(text, label)?;
                let words = parsed.as_str().split_whitespace().count();
                if words > Self::MAX_WORDS {
                    return Err(format!(
                        "{label} terlalu banyak kata: {words}, paling banyak {}",
                        Self::MAX_WORDS
                    ));
                }
                Ok(Some(parsed))
            }
        }
    }
}

/// An Indonesian mobile number reachable on WhatsApp, kept in E.164 form (`+62812…`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WhatsAppNumber(String);

impl WhatsAppNumber {
    pub fn parse(raw: &str, label: &str) -> Result<Self, String> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err(format!("{label} wajib diisi"));
        }
        let mut digits = String::with_capacity(trimmed.len());
        for (index, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if index == 0 => {}
                ' ' | '-' | '.' | '(' | ')' => {}
                _ => return Err(format!("{label} hanya boleh berisi angka, spasi, + atau -")),
            }
        }
        let national = if let Some(rest) = digits.strip_prefix("62") {
            rest
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            return Err(format!(
                "{label} harus nomor Indonesia, diawali 08, 62 atau +62"
            ));
        };
        // Indonesian mobile numbers: 8xx followed by 6–10 more digits.
        if !national.starts_with('8') || !(8..=12).contains(&national.len()) {
            return Err(format!(
                "{label} bukan nomor seluler Indonesia yang valid (contoh: 0812-3456-7890)"
            ));
        }
        Ok(Self(format!("+62{national}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An e-mail address, checked for shape only: deliverability is the mail server's business.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmailAddress(String);

impl EmailAddress {
    pub fn parse(raw: &str, label: &str) -> Result<Self, String> {
        let address = raw.trim();
        let invalid = || format!("{label} tidak valid (contoh: nama@daerah.go.id)");
        if address.is_empty() {
            return Err(format!("{label} wajib diisi"));
        }
        if address.chars().count() > 254
            || address.chars().any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid());
        }
        let (local, domain) = address.split_once('@').ok_or_else(invalid)?;
        let domain_ok = !domain.contains('@')
            && domain.contains('.')
            && domain
                .split('.')
                .all(|label| !label.is_empty() && !label.starts_with('-') && !label.ends_with('-'));
        if local.is_empty() || !domain_ok {
            return Err(invalid());
        }
        Ok(Self(address.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The number of people a delegation plans to send: a whole number from 1 to 100.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct GuestCount(u32);

impl GuestCount {
    pub const MAX: u32 = 100;

    pub fn parse(raw: i64, label: &str) -> Result<Self, String> {
        match u32::try_from(raw) {
            Ok(count) if (1..=Self::MAX).contains(&count) => Ok(Self(count)),
            _ => Err(format!(
                "{label} harus bilangan bulat 1 sampai {}, bukan {raw}",
                Self::MAX
            )),
        }
    }

    pub fn get(self) -> u32 {
        self.0
    }
}

/// The first and last years a date at the desk may fall in: letters, receipts, holidays,
/// policies, schedules, confirmations, filters and imported records alike.
pub const FIRST_YEAR: i32 = 2000;
pub const LAST_YEAR: i32 = 2100;

/// How far ahead of today a consultation may be booked, in days (two years).
pub const SCHEDULE_DAYS_AHEAD: i64 = 731;

/// Refuses a date outside [`FIRST_YEAR`]..=[`LAST_YEAR`], whichever way it was written.
pub fn check_year(date: NaiveDate, label: &str) -> Result<NaiveDate, String> {
    if (FIRST_YEAR..=LAST_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "{label} harus antara tahun {FIRST_YEAR} dan {LAST_YEAR}, bukan {}",
            date.format("%Y-%m-%d")
        ))
    }
}

/// A calendar date written `YYYY-MM-DD` in the years the desk deals with; a date that does
/// not exist (30 February) is refused.
pub fn parse_date(raw: &str, label: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(format!("{label} wajib diisi"));
    }
    let well_formed = raw.len() == 10
        && raw.char_indices().all(|(i, c)| {
            if i == 4 || i == 7 {
                c == '-'
            } else {
                c.is_ascii_digit()
            }
        });
    if !well_formed {
        return Err(format!(
            "{label} harus berformat TTTT-BB-HH, bukan \"{}\"",
            quoted(raw)
        ));
    }
    let date = NaiveDate::parse_from_str(raw, "%Y-%m-%d")
        .map_err(|_| format!("{label} tidak ada di kalender: {raw}"))?;
    check_year(date, label)
}

/// A date as [`parse_date`] reads it, no later than `latest` (e.g. how far ahead a
/// consultation can be booked).
pub fn parse_date_until(raw: &str, label: &str, latest: NaiveDate) -> Result<NaiveDate, String> {
    let date = parse_date(raw, label)?;
    if date > latest {
        return Err(format!(
            "{label} paling lambat {}, bukan {}",
            latest.format("%Y-%m-%d"),
            date.format("%Y-%m-%d")
        ));
    }
    Ok(date)
}

/// A month written `YYYY-MM`, as its first day, in the desk's years.
pub fn parse_month(raw: &str, label: &str) -> Result<NaiveDate, String> {
    let raw = raw.trim();
    let well_formed = raw.len() == 7
        && raw
            .char_indices()
            .all(|(i, c)| if i == 4 { c == '-' } else { c.is_ascii_digit() });
    let first = well_formed
        .then(|| NaiveDate::parse_from_str(&format!("{raw}-01"), "%Y-%m-%d").ok())
        .flatten()
        .ok_or_else(|| format!("{label} harus berformat TTTT-BB, bukan \"{}\"", quoted(raw)))?;
    check_year(first, label)
}

/// A wall-clock time written `HH:MM` (24-hour).
pub fn parse_time(raw: &str, label: &str) -> Result<NaiveTime, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(format!("{label} wajib diisi"));
    }
    let well_formed = raw.len() == 5
        && raw
            .char_indices()
            .all(|(i, c)| if i == 2 { c == ':' } else { c.is_ascii_digit() });
    if !well_formed {
        return Err(format!(
            "{label} harus berformat JJ:MM, bukan \"{}\"",
            quoted(raw)
        ));
    }
    NaiveTime::parse_from_str(raw, "%H:%M")
        .map_err(|_| format!("{label} bukan jam yang valid: {raw}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_trimmed_and_collapsed_and_measured_in_characters() {
        let name = PersonName::parse("  Siti   Nurhaliza ", "Nama").expect("valid");
        assert_eq!(name.as_str(), "Siti Nurhaliza");
        let hundred_accented = "é".repeat(100);
        assert!(PersonName::parse(&hundred_accented, "Nama").is_ok());
        let err = PersonName::parse(&"é".repeat(101), "Nama").expect_err("too long");
        assert_eq!(err, "Nama terlalu panjang: 101 karakter, paling banyak 100");
    }

    #[test]
    fn empty_and_control_characters_are_refused() {
        assert_eq!(
            PersonName::parse("   ", "Nama tamu").expect_err("empty"),
            "Nama tamu wajib diisi"
        );
        assert!(PersonName::parse("A\u{0}B", "Nama").is_err());
        assert!(PersonName::parse("A\nB", "Nama").is_err());
        let description =
            Description::parse("baris 1\r\nbaris 2", "Uraian").expect("multiline allowed");
        assert_eq!(description.as_str(), "baris 1\nbaris 2");
    }

    #[test]
    fn invisible_and_direction_controls_are_no_name() {
        for invisible in [
            "\u{200B}\u{200B}",
            "\u{202E}\u{2066}",
            "\u{3164}",
            "\u{FEFF} \u{00AD}",
            "\u{200D}\u{FE0F}\u{E0041}",
        ] {
            let err = PersonName::parse(invisible, "Nama").expect_err(invisible);
            assert!(
                err.starts_with("Nama wajib diisi") || err.contains("tak terlihat"),
                "{invisible:?}: {err}"
            );
        }
        let err = PersonName::parse("Rina \u{202E}anilraM", "Nama").expect_err("override");
        assert!(err.contains("U+202E"), "{err}");
        // Pasted zero-width spaces and soft hyphens vanish; the visible name stays.
        let name = PersonName::parse("Ri\u{200B}na Mar\u{00AD}lina\u{FEFF}", "Nama").expect("name");
        assert_eq!(name.as_str(), "Rina Marlina");
        assert!(
            Description::parse("baris\u{0}", "Uraian").is_err(),
            "NUL in multi-line text"
        );
    }

    #[test]
    fn long_input_is_quoted_back_in_part() {
        let err = parse_date(&"9".repeat(100_000), "Tanggal").expect_err("not a date");
        assert!(err.chars().count() < 120, "{err}");
        assert!(err.ends_with("…\""), "{err}");
    }

    #[test]
    fn dates_lie_in_the_desks_years() {
        for raw in ["0000-01-01", "1999-12-31", "2101-01-01", "9999-12-31"] {
            let err = parse_date(raw, "Tanggal surat").expect_err(raw);
            assert_eq!(
                err,
                format!("Tanggal surat harus antara tahun 2000 dan 2100, bukan {raw}")
            );
        }
        assert!(parse_date("2000-01-01", "T").is_ok());
        assert!(parse_date("2100-12-31", "T").is_ok());
        let latest = NaiveDate::from_ymd_opt(2028, 11, 29).expect("date");
        assert!(parse_date_until("2028-11-29", "T", latest).is_ok());
        assert_eq!(
            parse_date_until("2028-11-30", "Tanggal jadwal", latest).expect_err("too far"),
            "Tanggal jadwal paling lambat 2028-11-29, bukan 2028-11-30"
        );
        assert_eq!(
            parse_month("2026-03", "Bulan").expect("month"),
            NaiveDate::from_ymd_opt(2026, 3, 1).expect("date")
        );
        for raw in ["0000-01", "9999-12", "2026-13", "2026-3", "2026-03-01"] {
            assert!(parse_month(raw, "Bulan").is_err(), "{raw}");
        }
    }

    #[test]
    fn search_text_is_a_few_words() {
        assert_eq!(SearchText::parse_optional(Some("  "), "Cari"), Ok(None));
        assert_eq!(
            SearchText::parse_optional(Some(" kab  bogor "), "Cari")
                .expect("ok")
                .map(SearchText::into_string),
            Some("kab bogor".to_owned())
        );
        let long = "a".repeat(100_000);
        let err = SearchText::parse_optional(Some(&long), "Cari").expect_err("long");
        assert_eq!(
            err,
            "Cari terlalu panjang: 100000 karakter, paling banyak 200"
        );
        let many = "a ".repeat(13);
        assert!(SearchText::parse_optional(Some(&many), "Cari").is_err());
    }

    #[test]
    fn whatsapp_numbers_are_normalised_to_e164() {
        for raw in [
            "0812-3456-7890",
            "+62 812 3456 7890",
            "6281234567890",
            "(0812) 3456.7890",
        ] {
            assert_eq!(
                WhatsAppNumber::parse(raw, "WA").expect(raw).as_str(),
                "+6281234567890"
            );
        }
        for raw in [
            "",
            "021-555-1234",
            "12345",
            "0812abc",
            "+1 202 555 0100",
            "08123",
        ] {
            assert!(
                WhatsAppNumber::parse(raw, "WA").is_err(),
                "{raw} should be refused"
            );
        }
    }

    #[test]
    fn email_shape() {
        assert!(EmailAddress::parse("bpkad@bogorkab.go.id", "E-mail").is_ok());
        for raw in ["bpkad", "a@b", "@x.go.id", "a b@x.id", "a@@x.id", "a@x..id"] {
            assert!(EmailAddress::parse(raw, "E-mail").is_err(), "{raw}");
        }
    }

    #[test]
    fn guest_count_is_a_positive_whole_number_within_bounds() {
        assert_eq!(GuestCount::parse(5, "Jumlah").expect("5").get(), 5);
        for bad in [0, -3, 101, i64::MAX] {
            assert!(GuestCount::parse(bad, "Jumlah").is_err(), "{bad}");
        }
    }

    #[test]
    fn dates_that_do_not_exist_are_refused() {
        assert_eq!(
            parse_date("2026-02-30", "Tanggal surat").expect_err("no such day"),
            "Tanggal surat tidak ada di kalender: 2026-02-30"
        );
        assert!(parse_date("2024-02-29", "T").is_ok());
        assert!(parse_date("2025-02-29", "T").is_err());
        assert!(parse_date("3/12/2026", "T").is_err());
        assert!(parse_time("09:30", "J").is_ok());
        assert!(parse_time("24:00", "J").is_err());
        assert!(parse_time("9:30", "J").is_err());
    }

    #[test]
    fn summary_gives_the_first_message_and_counts_the_rest() {
        let mut errors = FieldErrors::default();
        errors.push("contact.name", "Nama narahubung wajib diisi");
        errors.push("topics", "Pilih minimal satu topik");
        assert_eq!(
            errors.summary(),
            "Data tidak valid: Nama narahubung wajib diisi, dan 1 kesalahan lain"
        );
    }
}
