//! Outgoing letter numbers: which letters carry one, the pattern the desk numbers them by, and
//! how a sequence renders. Handing the numbers out (never twice) is the store's register.

use chrono::{Datelike, NaiveDate};

/// The kinds of letter that carry an outgoing number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberedLetter {
    Confirmation,
    Certificate,
}

impl NumberedLetter {
    /// The kind as the register stores it.
    pub fn as_str(self) -> &'static str {
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

/// The tokens a numbering pattern may hold.
const TOKENS: [&str; 4] = ["{seq}", "{year}", "{month}", "{roman_month}"];

/// A numbering pattern: `{seq}` once, and only the known tokens; the refusal in Indonesian.
pub fn parse_number_pattern(raw: &str) -> Result<String, String> {
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
        if !TOKENS.contains(&token) {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pattern_renders_its_tokens() {
        let date = NaiveDate::from_ymd_opt(2026, 12, 7).expect("date");
        assert_eq!(
            render_number("S-{seq}/PK.1/{roman_month}/{year}", 12, date),
            "S-12/PK.1/XII/2026"
        );
        assert_eq!(render_number("{seq}-{month}", 3, date), "3-12");
    }

    #[test]
    fn a_pattern_needs_one_sequence_and_known_tokens() {
        assert!(parse_number_pattern("S-{seq}/PK.1/{year}").is_ok());
        assert!(parse_number_pattern("S-/PK.1/{year}").is_err());
        assert!(parse_number_pattern("{seq}{seq}").is_err());
        assert!(parse_number_pattern("{seq}/{day}").is_err());
        assert!(parse_number_pattern("{seq}/{year").is_err());
    }
}
