//! PDF letters and sheets of the consultation desk: the confirmation letter, the attendance
//! sheet (daftar hadir) and the attendance certificate (surat keterangan kehadiran).
//!
//! Pure: plain structs in, PDF bytes out. The service layer fills the structs from the
//! database (numbers, names, dates already decided); nothing here reads a clock or a file.
//!
//! Text is set in DejaVu Sans, embedded and subset per document, so any Latin, Vietnamese,
//! Greek or Cyrillic name prints as written and can be searched and copied. Lines are
//! measured with the font's own advance widths, so wrapping, centring and right alignment
//! match what the viewer draws. [`layout`] is the reusable part (text flow, tables across pages)
//! for further reports.

mod documents;
mod emit;
mod font;
pub mod layout;
mod page;
mod report;
mod subset;

use chrono::{DateTime, NaiveDate, Utc};

pub use documents::{render_attendance_sheet, render_certificate, render_confirmation};
pub use font::{FontWeight, PLACEHOLDER};
pub use report::render_monthly_report;

/// Why a document could not be produced. None of these come from the data of a request:
/// they are bugs in a layout or in the embedded fonts.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PdfError {
    /// An embedded font could not be parsed or subset.
    #[error("huruf {face} tidak dapat dipakai: {reason}")]
    Font { face: &'static str, reason: String },

    /// A table has no columns, or a row (`row`, zero-based) has the wrong number of cells.
    #[error("bentuk tabel salah: {found} sel, seharusnya {expected} (baris {row:?})")]
    TableShape {
        row: Option<usize>,
        expected: usize,
        found: usize,
    },

    /// A table's columns are wider than the space between the margins.
    #[error("tabel selebar {width_mm} mm melebihi ruang {available_mm} mm")]
    TableTooWide { width_mm: f32, available_mm: f32 },

    /// printpdf reported an error while writing the file.
    #[error("PDF tidak dapat ditulis: {0}")]
    Write(String),
}

/// A finished document and the characters the embedded fonts could not draw, printed as
/// [`PLACEHOLDER`] instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RenderedPdf {
    pub bytes: Vec<u8>,
    /// Each missing character once, in code point order.
    pub missing: Vec<char>,
}

impl RenderedPdf {
    /// What to tell the user when characters were replaced; `None` when every one printed.
    pub fn warning(&self) -> Option<String> {
        if self.missing.is_empty() {
            return None;
        }
        const SHOWN: usize = 8;
        let mut listed: Vec<String> = self
            .missing
            .iter()
            .take(SHOWN)
            .map(|c| format!("\"{c}\" (U+{:04X})", u32::from(*c)))
            .collect();
        if self.missing.len() > SHOWN {
            listed.push(format!("dan {} lainnya", self.missing.len() - SHOWN));
        }
        Some(format!(
            "{} karakter tidak tersedia pada huruf PDF (DejaVu Sans) dan dicetak sebagai {PLACEHOLDER}: {}. Periksa ejaan nama atau tulis dengan huruf Latin.",
            self.missing.len(),
            listed.join(", ")
        ))
    }
}

/// The kop surat: who sends the document, centred at the top of the first page and ruled off
/// with a thick and a thin line.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Letterhead {
    /// Names of the ministry and the unit, top down, printed bold and large, e.g.
    /// `["KEMENTERIAN KEUANGAN REPUBLIK INDONESIA", "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN"]`.
    pub institution: Vec<String>,
    /// Address, telephone and website lines, printed small under the names.
    pub contact: Vec<String>,
}

/// Who signs, printed in the signature block on the right.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Signatory {
    /// Position, one or more lines (`\n` separates them), e.g. "a.n. Direktur Jenderal
    /// Perimbangan Keuangan\nSekretaris Direktorat Jenderal,".
    pub position: String,
    /// Full name with titles, printed under the space left for the signature.
    pub name: String,
    /// Staff number line, e.g. `Some("NIP 197001011995031001")`.
    pub id_line: Option<String>,
}

/// Nomor, Sifat, Lampiran and Hal of an official letter, and where and when it is dated.
#[derive(Debug, Clone, PartialEq)]
pub struct LetterHeader {
    /// Nomor, e.g. "S-123/PK.1/2027".
    pub number: String,
    /// Sifat, e.g. "Biasa" or "Segera".
    pub nature: String,
    /// Lampiran, e.g. "-" or "1 (satu) berkas".
    pub attachment: String,
    /// Hal (subject).
    pub subject: String,
    /// City the letter is dated in, e.g. "Jakarta".
    pub place: String,
    pub date: NaiveDate,
}

/// Title, author and creation time written into the PDF's document information.
#[derive(Debug, Clone, PartialEq)]
pub struct DocumentMeta {
    pub title: String,
    /// When the document was produced (passed in; the core does not read the clock).
    pub created: DateTime<Utc>,
    pub author: String,
}

/// The desk's monthly report (Laporan bulanan layanan konsultasi): both lists, their sentences,
/// the six-month chart, counts by requester kind and province, and the compliance figures.
#[derive(Debug, Clone, PartialEq)]
pub struct MonthlyReportDocument {
    pub letterhead: Letterhead,
    pub report: crate::history::report::MonthlyReport,
    /// Where and when it was printed: "Jakarta, 1 Desember 2026".
    pub place: String,
    pub printed_on: NaiveDate,
    pub meta: DocumentMeta,
}

/// The letter confirming a consultation's schedule to the requester.
#[derive(Debug, Clone, PartialEq)]
pub struct ConfirmationLetter {
    pub letterhead: Letterhead,
    pub header: LetterHeader,
    /// Lines after "Yth.": the addressee's position, then the institution and place, e.g.
    /// `["Bupati Mukomuko", "di Mukomuko"]`.
    pub addressee: Vec<String>,
    /// Body paragraphs before the details, justified.
    pub paragraphs: Vec<String>,
    /// Label and value pairs set as an aligned table ("Hari, tanggal", "Waktu", "Tempat",
    /// "Unit", …).
    pub details: Vec<(String, String)>,
    /// Paragraphs after the details ("Demikian kami sampaikan …").
    pub closing: Vec<String>,
    pub signatory: Signatory,
    /// Tembusan (copies to), printed as a numbered list; none prints no "Tembusan:".
    pub copies: Vec<String>,
    pub meta: DocumentMeta,
}

/// One person on an attendance sheet or certificate.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct AttendanceRow {
    pub name: String,
    /// Jabatan.
    pub position: String,
    /// Instansi.
    pub institution: String,
}

/// The daftar hadir signed at the consultation.
#[derive(Debug, Clone, PartialEq)]
pub struct AttendanceSheet {
    pub letterhead: Letterhead,
    /// Heading, e.g. "DAFTAR HADIR".
    pub title: String,
    /// Label and value pairs under the title (day and date, time, place, agenda).
    pub details: Vec<(String, String)>,
    /// Registered guests, printed in order and numbered from 1.
    pub rows: Vec<AttendanceRow>,
    /// Empty numbered rows after the guests, for walk-ins.
    pub spare_rows: usize,
    pub meta: DocumentMeta,
}

/// The surat keterangan kehadiran: states who attended a consultation.
#[derive(Debug, Clone, PartialEq)]
pub struct Certificate {
    pub letterhead: Letterhead,
    /// Nomor, printed centred under the title.
    pub number: String,
    /// Heading, e.g. "SURAT KETERANGAN KEHADIRAN"; centred and underlined.
    pub title: String,
    /// Paragraphs before the details ("Yang bertanda tangan di bawah ini … menerangkan bahwa").
    pub paragraphs: Vec<String>,
    /// Label and value pairs (institution, day and date, place, subject).
    pub details: Vec<(String, String)>,
    /// People who attended, printed as a table; none prints no table.
    pub attendees: Vec<AttendanceRow>,
    /// Paragraphs after the attendees ("Demikian surat keterangan ini …").
    pub closing: Vec<String>,
    /// Where and when it is signed, printed above the signatory.
    pub place: String,
    pub date: NaiveDate,
    pub signatory: Signatory,
    pub meta: DocumentMeta,
}

/// "17 Maret 2023".
pub fn format_indonesian_date(date: NaiveDate) -> String {
    crate::time::format_date(date)
}

/// "Jumat, 17 Maret 2023".
pub fn format_indonesian_date_with_day(date: NaiveDate) -> String {
    crate::time::format_date_with_day(date)
}

#[cfg(test)]
mod tests {
    use super::*;
    use layout::{Align, Column, Composer, PageSetup, Table, TextStyle};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn dates_are_written_the_indonesian_way() {
        assert_eq!(format_indonesian_date(date(2023, 3, 17)), "17 Maret 2023");
        assert_eq!(format_indonesian_date(date(2027, 1, 1)), "1 Januari 2027");
        assert_eq!(
            format_indonesian_date_with_day(date(2023, 3, 17)),
            "Jumat, 17 Maret 2023"
        );
        assert_eq!(
            format_indonesian_date_with_day(date(2027, 3, 1)),
            "Senin, 1 Maret 2027"
        );
        assert_eq!(
            format_indonesian_date_with_day(date(2024, 12, 31)),
            "Selasa, 31 Desember 2024"
        );
    }

    fn composer() -> Composer {
        Composer::new(PageSetup::a4_portrait()).expect("fonts load")
    }

    #[test]
    fn measuring_uses_the_glyph_widths() {
        let c = composer();
        let style = TextStyle::regular(10.0);
        // DejaVu Sans: "i" is 0.278 em, "m" 0.974 em; at 10 pt one em is 3.528 mm.
        let i = c.text_width_mm("iiiiiiiiii", style);
        let m = c.text_width_mm("mmmmmmmmmm", style);
        assert!((i - 10.0 * 0.278 * 3.5278).abs() < 0.05, "{i}");
        assert!((m - 10.0 * 0.974 * 3.5278).abs() < 0.05, "{m}");
        let bold = c.text_width_mm("mmmmmmmmmm", TextStyle::bold(10.0));
        assert!(bold > m, "bold is wider: {bold} vs {m}");
        assert!(c.text_width_mm("Nguyễn", style) > c.text_width_mm("Nguyen", style) - 0.01);
        assert_eq!(c.text_width_mm("", style), 0.0);
    }

    #[test]
    fn wrapping_keeps_every_word_and_every_line_fits() {
        let c = composer();
        let style = TextStyle::regular(11.0);
        let text = "Sehubungan dengan surat Saudara perihal permohonan konsultasi \
                    pengelolaan Transfer ke Daerah, dengan hormat kami sampaikan bahwa \
                    konsultasi dijadwalkan sebagai berikut.";
        for width in [40.0, 80.0, 165.0] {
            let lines = c.wrap(text, style, width);
            assert!(lines.len() > 1 || width > 160.0, "{width}: {lines:?}");
            for line in &lines {
                assert!(line.width_mm <= width + 0.01, "{width}: {line:?}");
                let measured = c.text_width_mm(&line.text, style);
                assert!((measured - line.width_mm).abs() < 0.01);
            }
            let rejoined: Vec<&str> = lines.iter().flat_map(|l| l.text.split(' ')).collect();
            let original: Vec<&str> = text.split_whitespace().collect();
            assert_eq!(rejoined, original);
            assert!(lines.last().is_some_and(|l| l.ends_paragraph));
            assert_eq!(lines.iter().filter(|l| l.ends_paragraph).count(), 1);
        }
    }

    #[test]
    fn wrapping_is_greedy() {
        let c = composer();
        let style = TextStyle::regular(11.0);
        let lines = c.wrap("satu dua tiga empat lima enam tujuh delapan", style, 30.0);
        // No line could have taken the next line's first word.
        for pair in lines.windows(2) {
            let first_next = pair[1].text.split(' ').next().unwrap_or_default();
            let longer = format!("{} {}", pair[0].text, first_next);
            assert!(c.text_width_mm(&longer, style) > 30.0, "{pair:?}");
        }
    }

    #[test]
    fn a_word_wider_than_the_line_is_cut_preferably_after_a_hyphen() {
        let c = composer();
        let style = TextStyle::regular(10.0);
        let lines = c.wrap("Zoë Müller-Łukasiewicz-Brzęczyszczykiewicz", style, 35.0);
        assert!(lines.iter().all(|l| l.width_mm <= 35.01), "{lines:?}");
        let joined: String = lines.iter().map(|l| l.text.replace(' ', "")).collect();
        assert_eq!(joined, "ZoëMüller-Łukasiewicz-Brzęczyszczykiewicz");
        assert!(lines.iter().any(|l| l.text.ends_with('-')), "{lines:?}");

        let word = "A".repeat(300);
        let lines = c.wrap(&word, style, 20.0);
        assert!(lines.len() > 5);
        assert_eq!(lines.iter().map(|l| l.text.len()).sum::<usize>(), 300);
        // Narrower than one letter still makes progress, one letter a line.
        assert_eq!(c.wrap("WWW", style, 0.5).len(), 3);
    }

    #[test]
    fn newlines_start_paragraphs_and_control_characters_vanish() {
        let c = composer();
        let style = TextStyle::regular(10.0);
        let lines = c.wrap("Jabatan\nKepala  Bagian\u{0}\tUmum\n\nakhir", style, 160.0);
        let texts: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(texts, ["Jabatan", "Kepala Bagian Umum", "", "akhir"]);
        assert!(lines.iter().all(|l| l.ends_paragraph));
        assert!(c.wrap("   ", style, 100.0).is_empty());
        assert!(c.wrap("", style, 100.0).is_empty());
    }

    #[test]
    fn tables_refuse_bad_shapes() {
        let mut c = composer();
        let mut table = Table::new(vec![
            Column::new("No", 10.0, Align::Center),
            Column::new("Nama", 60.0, Align::Left),
        ]);
        table.rows.push(vec!["1".into()]);
        assert_eq!(
            c.table(&table),
            Err(PdfError::TableShape {
                row: Some(0),
                expected: 2,
                found: 1
            })
        );
        let wide = Table::new(vec![Column::new("Nama", 400.0, Align::Left)]);
        assert!(matches!(c.table(&wide), Err(PdfError::TableTooWide { .. })));
        assert!(matches!(
            c.table(&Table::new(Vec::new())),
            Err(PdfError::TableShape { row: None, .. })
        ));
    }

    #[test]
    fn long_tables_continue_on_new_pages() {
        let mut c = composer();
        let mut table = Table::new(vec![
            Column::new("No", 10.0, Align::Center),
            Column::new("Nama", 100.0, Align::Left),
        ]);
        table.style.min_row_height_mm = 10.0;
        for i in 0..100 {
            table
                .rows
                .push(vec![(i + 1).to_string(), format!("Tamu {i}")]);
        }
        let placed = c.table(&table).expect("table fits");
        assert_eq!(placed.len(), 100);
        assert!(c.page_count() >= 4, "{} pages", c.page_count());
        let bottom = 297.0 - 20.0;
        for row in &placed {
            assert!(row.top_mm + row.height_mm <= bottom + 0.01, "{row:?}");
        }
        assert!(placed.windows(2).all(|w| w[0].page <= w[1].page));
    }

    #[test]
    fn a_cell_taller_than_a_page_is_cut_short_with_an_ellipsis() {
        let mut c = composer();
        let mut table = Table::new(vec![
            Column::new("No", 10.0, Align::Center),
            Column::new("Nama", 40.0, Align::Left),
        ]);
        let endless = "Sangat panjang sekali ".repeat(2000);
        table.rows.push(vec!["1".into(), endless]);
        table.rows.push(vec!["2".into(), "Đặng Thị Hương".into()]);
        let placed = c.table(&table).expect("table");
        let page_body = 297.0 - 20.0 - 20.0;
        assert!(placed[0].height_mm < page_body, "{placed:?}");
        assert_eq!(placed[1].page, placed[0].page + 1, "{placed:?}");
    }
}
