//! The PDF documents, checked with the tools a reader's machine has: `qpdf --check` for the
//! file's structure, `pdffonts` for embedded and subset fonts, `pdftotext` for the text a search
//! or a copy gets, `pdfinfo` for pages and metadata. A missing tool fails the test and names the
//! Debian package to install; nothing is skipped.

use std::io::ErrorKind;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use chrono::{NaiveDate, TimeZone, Utc};
use konsultasi::export::pdf::{
    AttendanceRow, AttendanceSheet, Certificate, ConfirmationLetter, DocumentMeta, LetterHeader,
    Letterhead, Signatory, render_attendance_sheet, render_certificate, render_confirmation,
};

use crate::common;

const REQUESTER: &str = "Pemerintah Kabupaten Mukomuko";

/// Guest names a form may well receive: diacritics from Bali, Vietnam, Germany, Poland,
/// Scandinavia, Greek and Cyrillic script, and text that looks like markup or SQL.
const GUESTS: &[&str] = &[
    "Ni Luh Putu Ayu Ṣāliḥ",
    "Đặng Thị Hương",
    "Zoë Müller-Łukasiewicz",
    "Nguyễn Văn Ánh",
    "Søren Ærø Ødegård",
    "Γιώργος Παπαδόπουλος",
    "Алексей Смирнов",
    "O'Brien; DROP TABLE tamu;--",
    "<b>Budi</b> & \"Sari\"",
    "Çağrı Şahin Öztürk",
    "Muhammad Ḥusain",
];

/// Too long for the name column: it has to wrap inside its cell.
const LONG_NAME: &str = "Raden Mas Haryo Bagus Kusumawardhana Wicaksono Adiningrat \
                         Prawiranegara Soerjosoemarno Hadikusumo";

fn tool(name: &str, package: &str, args: &[&str], file: &Path) -> Output {
    match Command::new(name).args(args).arg(file).output() {
        Ok(output) => output,
        Err(e) if e.kind() == ErrorKind::NotFound => panic!(
            "`{name}` is not installed; it comes with the Debian package `{package}` \
             (apt-get install {package})"
        ),
        Err(e) => panic!("`{name}` could not run: {e}"),
    }
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn qpdf_check(file: &Path) {
    let output = tool("qpdf", "qpdf", &["--check"], file);
    let text = stdout(&output);
    assert!(
        output.status.success() && text.contains("No syntax or stream encoding errors"),
        "qpdf --check failed:\n{text}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Poppler draws every page without complaint (a broken embedded font shows up here).
fn renders_cleanly(file: &Path) {
    let output = tool("pdftoppm", "poppler-utils", &["-r", "20", "-png"], file);
    let errors = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success() && errors.trim().is_empty(),
        "pdftoppm could not draw the file cleanly:\n{errors}"
    );
    assert!(output.stdout.starts_with(b"\x89PNG"), "no image drawn");
}

/// Every font is embedded, subset (`ABCDEF+` prefix), with a Unicode map, and is DejaVu.
fn fonts_embedded_and_subset(file: &Path) {
    let output = tool("pdffonts", "poppler-utils", &[], file);
    assert!(output.status.success(), "pdffonts failed");
    let text = stdout(&output);
    // pdffonts prints a header line and a rule before one line per font.
    let lines: Vec<&str> = text.lines().collect();
    let fonts = lines.get(2..).unwrap_or_default();
    assert!(!fonts.is_empty(), "no fonts listed:\n{text}");
    for line in fonts {
        let columns: Vec<&str> = line.split_whitespace().collect();
        let name = columns[0];
        let (tag, base) = name.split_once('+').unwrap_or(("", name));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "not a subset name: {line}"
        );
        assert!(base.starts_with("DejaVuSans"), "unexpected font: {line}");
        // name type… encoding emb sub uni object ID
        let n = columns.len();
        let (emb, sub, uni) = (columns[n - 5], columns[n - 4], columns[n - 3]);
        assert_eq!(
            (emb, sub, uni),
            ("yes", "yes", "yes"),
            "font not embedded/subset/unicode: {line}"
        );
    }
}

fn pdftotext(file: &Path, page: Option<usize>) -> String {
    let page = page.map(|p| p.to_string());
    let mut args = vec!["-layout", "-enc", "UTF-8"];
    if let Some(page) = &page {
        args.extend(["-f", page, "-l", page]);
    }
    let output = tool("pdftotext", "poppler-utils", &args, file);
    // pdftotext writes to stdout when the output file is "-"; `tool` puts the input last,
    // so ask for the file's text by name and read it back.
    assert!(output.status.success(), "pdftotext failed");
    let text_file = file.with_extension("txt");
    let text = std::fs::read_to_string(&text_file).expect("pdftotext output");
    std::fs::remove_file(&text_file).expect("remove text");
    text
}

fn pdfinfo(file: &Path) -> String {
    let output = tool("pdfinfo", "poppler-utils", &[], file);
    assert!(output.status.success(), "pdfinfo failed");
    stdout(&output)
}

fn info_field(info: &str, field: &str) -> String {
    info.lines()
        .find_map(|l| l.strip_prefix(&format!("{field}:")))
        .map(|v| v.trim().to_owned())
        .unwrap_or_else(|| panic!("pdfinfo has no {field}:\n{info}"))
}

fn page_count(file: &Path) -> usize {
    info_field(&pdfinfo(file), "Pages")
        .parse()
        .expect("Pages is a number")
}

/// Text as pdftotext reads it, with runs of white space made single (so a phrase is found even
/// when justification widened its spaces).
fn words(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn assert_no_replacement(text: &str) {
    assert!(
        !text.contains('?'),
        "a '?' stands for a lost character:\n{text}"
    );
    assert!(!text.contains('\u{FFFD}'), "replacement character:\n{text}");
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    assert!(bytes.starts_with(b"%PDF-"), "not a PDF");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write PDF");
    path
}

fn letterhead() -> Letterhead {
    Letterhead {
        institution: vec![
            "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA".into(),
            "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN".into(),
        ],
        contact: vec![
            "GEDUNG RADIUS PRAWIRO LANTAI 9, JALAN DR. WAHIDIN RAYA NOMOR 1, JAKARTA 10710".into(),
            "TELEPON (021) 3509442; LAMAN www.djpk.kemenkeu.go.id".into(),
        ],
    }
}

fn signatory() -> Signatory {
    Signatory {
        position: "a.n. Direktur Jenderal Perimbangan Keuangan\nSekretaris Direktorat Jenderal,"
            .into(),
        name: "Dr. Ir. Wahyu Utomo Ṣāliḥ, M.Sc.".into(),
        id_line: Some("NIP 197001011995031001".into()),
    }
}

fn meta(title: &str) -> DocumentMeta {
    DocumentMeta {
        title: title.into(),
        created: Utc
            .with_ymd_and_hms(2027, 2, 22, 3, 15, 0)
            .single()
            .expect("valid instant"),
        author: "Sekretariat DJPK".into(),
    }
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

fn details() -> Vec<(String, String)> {
    vec![
        ("Hari, tanggal".into(), "Senin, 1 Maret 2027".into()),
        (
            "Waktu".into(),
            "09.00 – 11.00 WIB (11.00 – 13.00 WIT)".into(),
        ),
        (
            "Tempat".into(),
            "Ruang Rapat Lantai 9, Gedung Radius Prawiro, Jalan Dr. Wahidin Raya Nomor 1, \
             Jakarta Pusat"
                .into(),
        ),
        (
            "Unit".into(),
            "Direktorat Pembiayaan dan Kapasitas Daerah".into(),
        ),
        (
            "Narahubung".into(),
            "Đặng Thị Hương (0812-3456-7890)".into(),
        ),
    ]
}

fn confirmation() -> ConfirmationLetter {
    ConfirmationLetter {
        letterhead: letterhead(),
        header: LetterHeader {
            number: "S-123/PK.1/2027".into(),
            nature: "Biasa".into(),
            attachment: "-".into(),
            subject: "Konfirmasi Jadwal Konsultasi Pengelolaan Transfer ke Daerah \
                      Pemerintah Kabupaten Mukomuko"
                .into(),
            place: "Jakarta".into(),
            date: date(2027, 2, 22),
        },
        addressee: vec![
            "Bupati Mukomuko".into(),
            REQUESTER.into(),
            "di Mukomuko".into(),
        ],
        paragraphs: vec![
            format!(
                "Sehubungan dengan surat Sekretaris Daerah {REQUESTER} Nomor \
                 900/145/BPKD/2027 tanggal 15 Februari 2027 hal Permohonan Konsultasi, \
                 dengan hormat kami sampaikan bahwa permohonan konsultasi mengenai \
                 penyaluran Dana Alokasi Khusus Fisik dan Dana Desa dapat kami terima."
            ),
            "Konsultasi akan dilaksanakan pada:".into(),
        ],
        details: details(),
        closing: vec![
            "Mengingat keterbatasan ruang rapat, peserta paling banyak 5 (lima) orang. \
             Mohon daftar peserta disampaikan paling lambat 2 (dua) hari kerja sebelum \
             pelaksanaan melalui narahubung di atas."
                .into(),
            "Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami \
             ucapkan terima kasih."
                .into(),
        ],
        signatory: signatory(),
        copies: vec![
            "Direktur Jenderal Perimbangan Keuangan".into(),
            "Direktur Pembiayaan dan Kapasitas Daerah".into(),
            format!("Sekretaris Daerah {REQUESTER}"),
        ],
        meta: meta("Konfirmasi Jadwal Konsultasi – Pemerintah Kabupaten Mukomuko"),
    }
}

fn guest(i: usize) -> AttendanceRow {
    AttendanceRow {
        name: GUESTS[i % GUESTS.len()].into(),
        position: if i.is_multiple_of(3) {
            "Kepala Badan Pengelolaan Keuangan dan Aset Daerah".into()
        } else {
            "Analis Keuangan Pusat dan Daerah".into()
        },
        institution: REQUESTER.into(),
    }
}

fn attendance(guests: usize, spare_rows: usize) -> AttendanceSheet {
    let mut rows: Vec<AttendanceRow> = (0..guests).map(guest).collect();
    if let Some(first) = rows.first_mut() {
        first.name = LONG_NAME.into();
    }
    AttendanceSheet {
        letterhead: letterhead(),
        title: "DAFTAR HADIR".into(),
        details: vec![
            ("Hari, tanggal".into(), "Senin, 1 Maret 2027".into()),
            ("Waktu".into(), "09.00 – 11.00 WIB".into()),
            (
                "Tempat".into(),
                "Ruang Rapat Lantai 9, Gedung Radius Prawiro".into(),
            ),
            (
                "Acara".into(),
                format!("Konsultasi Pengelolaan Transfer ke Daerah – {REQUESTER}"),
            ),
        ],
        rows,
        spare_rows,
        meta: meta("Daftar Hadir Konsultasi – Pemerintah Kabupaten Mukomuko"),
    }
}

fn certificate() -> Certificate {
    Certificate {
        letterhead: letterhead(),
        number: "SKET-7/PK.1/2027".into(),
        title: "SURAT KETERANGAN KEHADIRAN".into(),
        paragraphs: vec![
            "Yang bertanda tangan di bawah ini, Sekretaris Direktorat Jenderal Perimbangan \
             Keuangan, menerangkan bahwa:"
                .into(),
        ],
        details: vec![
            ("Instansi".into(), REQUESTER.into()),
            ("Hari, tanggal".into(), "Senin, 1 Maret 2027".into()),
            ("Tempat".into(), "Gedung Radius Prawiro, Jakarta".into()),
            (
                "Hal".into(),
                "Konsultasi Pengelolaan Transfer ke Daerah".into(),
            ),
        ],
        attendees: (0..GUESTS.len())
            .map(|i| AttendanceRow {
                name: GUESTS[i].into(),
                position: "Analis Keuangan Pusat dan Daerah".into(),
                institution: REQUESTER.into(),
            })
            .collect(),
        closing: vec![
            "telah hadir dan melaksanakan konsultasi di Direktorat Jenderal Perimbangan \
             Keuangan. Demikian surat keterangan ini dibuat untuk dipergunakan \
             sebagaimana mestinya."
                .into(),
        ],
        place: "Jakarta".into(),
        date: date(2027, 3, 1),
        signatory: signatory(),
        meta: meta("Surat Keterangan Kehadiran – Pemerintah Kabupaten Mukomuko"),
    }
}

/// Metadata is the one passed in, and the paper is A4.
fn metadata_and_paper(file: &Path, title: &str) {
    let info = pdfinfo(file);
    assert_eq!(info_field(&info, "Title"), title);
    assert_eq!(info_field(&info, "Author"), "Sekretariat DJPK");
    let created = info_field(&info, "CreationDate");
    assert!(
        created.contains("2027") && created.contains("03:15:00"),
        "creation date is not meta.created: {created}"
    );
    assert!(info_field(&info, "Producer").contains("Konsultasi DJPK"));
    assert!(
        info_field(&info, "Page size").contains("(A4)"),
        "not A4:\n{info}"
    );
}

#[test]
fn confirmation_letter_is_a_valid_searchable_a4_letter() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = confirmation();
    let file = write(
        dir.path(),
        "konfirmasi.pdf",
        &render_confirmation(&doc).expect("render").bytes,
    );

    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    metadata_and_paper(&file, &doc.meta.title);
    assert_eq!(page_count(&file), 1);

    let text = pdftotext(&file, None);
    assert_no_replacement(&text);
    let flat = words(&text);
    for expected in [
        "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
        "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN",
        "Jakarta, 22 Februari 2027",
        "Nomor : S-123/PK.1/2027",
        "Sifat : Biasa",
        "Lampiran : -",
        "Hal : Konfirmasi Jadwal Konsultasi",
        "Yth. Bupati Mukomuko",
        REQUESTER,
        "Hari, tanggal : Senin, 1 Maret 2027",
        "Đặng Thị Hương",
        "Demikian kami sampaikan.",
        "Sekretaris Direktorat Jenderal,",
        "Dr. Ir. Wahyu Utomo Ṣāliḥ, M.Sc.",
        "NIP 197001011995031001",
        "Tembusan:",
        "1. Direktur Jenderal Perimbangan Keuangan",
        "3. Sekretaris Daerah Pemerintah Kabupaten Mukomuko",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // The date sits right of the Nomor column, the signature block in the right half.
    let date_line = text
        .lines()
        .find(|l| l.contains("Jakarta, 22 Februari 2027"))
        .expect("date line");
    assert!(
        date_line.find("Jakarta").unwrap_or(0) > 40,
        "date is not right-aligned: {date_line:?}"
    );
    let name_line = text
        .lines()
        .find(|l| l.contains("Wahyu Utomo"))
        .expect("signatory line");
    assert!(
        name_line.find("Dr.").unwrap_or(0) > 30,
        "signature block is not on the right: {name_line:?}"
    );
}

#[test]
fn attendance_sheet_of_500_guests_repeats_its_header_on_every_page() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = attendance(500, 10);
    let file = write(
        dir.path(),
        "daftar-hadir.pdf",
        &render_attendance_sheet(&doc).expect("render").bytes,
    );

    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    metadata_and_paper(&file, &doc.meta.title);

    let pages = page_count(&file);
    assert!(pages >= 5, "500 guests on only {pages} pages");
    for page in 1..=pages {
        let text = pdftotext(&file, Some(page));
        for header in ["No", "Nama", "Jabatan", "Instansi", "Tanda Tangan"] {
            assert!(
                text.contains(header),
                "page {page} lacks the header {header:?}:\n{text}"
            );
        }
        let footer = format!("Halaman {page} dari {pages}");
        assert!(text.contains(&footer), "page {page} lacks {footer:?}");
        assert_no_replacement(&text);
    }

    let text = pdftotext(&file, None);
    let flat = words(&text);
    assert!(flat.contains("DAFTAR HADIR"));
    assert!(flat.contains("Senin, 1 Maret 2027"));
    assert!(text.contains(REQUESTER));
    // Every row's name is printed: whole when it is of ordinary length, else wrapped inside
    // its cell with each of its words there.
    for name in GUESTS {
        let rows = doc.rows.iter().filter(|r| r.name == *name).count();
        if name.chars().count() <= 24 {
            let printed = text.matches(name).count();
            assert_eq!(
                printed, rows,
                "{name:?} is in {rows} rows, printed {printed} times"
            );
        } else {
            for word in name.split_whitespace() {
                let printed = text.matches(word).count();
                assert!(
                    printed >= rows,
                    "{word:?} of {name:?}: {printed} of {rows} rows"
                );
            }
        }
    }
    // The long name wraps inside its cell: its first and last words are there.
    assert!(text.contains("Raden Mas"), "long name lost");
    assert!(text.contains("Hadikusumo"), "long name lost");
    // Spare rows continue the numbering.
    assert!(text.contains("510"), "spare rows are not numbered to 510");
    assert!(!text.contains("511"), "more rows than guests and spares");
}

#[test]
fn attendance_sheet_with_few_guests_fits_one_page_with_its_spare_rows() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = attendance(3, 5);
    doc.rows[0].name = "Zoë Müller-Łukasiewicz".into();
    let file = write(
        dir.path(),
        "kecil.pdf",
        &render_attendance_sheet(&doc).expect("render").bytes,
    );
    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    assert_eq!(page_count(&file), 1);
    let text = pdftotext(&file, None);
    assert!(text.contains("Zoë Müller-Łukasiewicz"), "{text}");
    assert!(text.contains("Halaman 1 dari 1"), "{text}");
    // 3 guests and 5 spare rows: numbers 1 to 8, each twice (No column and signature box).
    let numbers: Vec<&str> = text.split_whitespace().collect();
    for n in 1..=8 {
        let with_dot = format!("{n}.");
        assert!(
            numbers.contains(&with_dot.as_str()),
            "no signature box {n}:\n{text}"
        );
    }
    assert!(!numbers.contains(&"9."), "{text}");
}

#[test]
fn certificate_lists_every_attendee() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = certificate();
    let file = write(
        dir.path(),
        "keterangan.pdf",
        &render_certificate(&doc).expect("render").bytes,
    );

    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    metadata_and_paper(&file, &doc.meta.title);

    let text = pdftotext(&file, None);
    let flat = words(&text);
    for expected in [
        "SURAT KETERANGAN KEHADIRAN",
        "Nomor SKET-7/PK.1/2027",
        "Instansi : Pemerintah Kabupaten Mukomuko",
        "Jakarta, 1 Maret 2027",
        "Dr. Ir. Wahyu Utomo Ṣāliḥ, M.Sc.",
        "NIP 197001011995031001",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    for name in GUESTS {
        assert!(text.contains(name), "attendee {name:?} missing:\n{text}");
    }
    assert_no_replacement(&text);
    // The title is centred: as far from the left margin as from the right.
    let title_line = text
        .lines()
        .find(|l| l.contains("SURAT KETERANGAN KEHADIRAN"))
        .expect("title");
    let left = title_line.find('S').unwrap_or(0);
    assert!(left > 10, "title is not centred: {title_line:?}");
}

#[test]
fn a_letter_too_long_for_one_page_continues_and_is_numbered() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = confirmation();
    let paragraph = doc.paragraphs[0].clone();
    doc.paragraphs = vec![paragraph; 12];
    let file = write(
        dir.path(),
        "panjang.pdf",
        &render_confirmation(&doc).expect("render").bytes,
    );
    qpdf_check(&file);
    renders_cleanly(&file);
    let pages = page_count(&file);
    assert!(pages >= 2, "{pages} pages");
    let last = pdftotext(&file, Some(pages));
    assert!(
        last.contains(&format!("Halaman {pages} dari {pages}")),
        "{last}"
    );
    // The signature block is never split from its name.
    let text = pdftotext(&file, None);
    let pages_text: Vec<&str> = text.split('\u{c}').collect();
    let with_position = pages_text
        .iter()
        .position(|p| p.contains("Sekretaris Direktorat Jenderal,"))
        .expect("position printed");
    assert!(pages_text[with_position].contains("NIP 197001011995031001"));
}

#[test]
fn names_outside_the_font_still_make_a_valid_readable_file() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut doc = attendance(2, 0);
    // DejaVu has no Han characters and no emoji: each prints as a visible white square (□),
    // the rest of the row is unharmed, and the result says which characters were replaced.
    doc.rows[0].name = "王小明 (Wang Xiaoming)".into();
    doc.rows[1].name = "Budi 🙂 Santoso".into();
    let rendered = render_attendance_sheet(&doc).expect("render");
    assert_eq!(rendered.missing, vec!['小', '明', '王', '🙂']);
    let warning = rendered.warning().expect("a warning");
    assert!(
        warning.contains("4 karakter") && warning.contains("U+738B") && warning.contains('□'),
        "{warning}"
    );
    let file = write(dir.path(), "luar-huruf.pdf", &rendered.bytes);
    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    let text = pdftotext(&file, None);
    assert!(text.contains("□□□ (Wang Xiaoming)"), "{text}");
    assert!(text.contains("Budi □ Santoso"), "{text}");
    assert_no_replacement(&text);
    // A document the font fully covers carries no warning.
    assert_eq!(
        render_attendance_sheet(&attendance(2, 0))
            .expect("render")
            .warning(),
        None
    );
}

// The monthly report (Laporan Layanan Konsultasi).

use konsultasi::checkin::ViolationKind;
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::export::pdf::{MonthlyReportDocument, render_monthly_report};
use konsultasi::history::report::{HeldItem, ViolationItem, held_counts, monthly_report};

/// A requester whose name needs more than ASCII.
const REPORT_REQUESTER: &str = "Đặng Thị Hương (ARKI)";
const EVIDENCE: &str = "8 tamu, batas 5 orang";

fn held(
    on: NaiveDate,
    channel: Channel,
    kind: RequesterKind,
    who: &str,
    province: Option<&str>,
    topics: &[&str],
) -> HeldItem {
    HeldItem {
        held_on: on,
        channel,
        requester_kind: kind,
        requester_label: who.into(),
        province: province.map(str::to_owned),
        topics: topics.iter().map(|t| (*t).to_owned()).collect(),
    }
}

/// March 2023: four video conferences and three tatap muka, two violations of one delegation,
/// and the five months before with their own counts (Okt 3+1, Nov 0+0, Des 5+2, Jan 1+3,
/// Feb 2+0).
fn march_2023_items() -> Vec<HeldItem> {
    use Channel::{InPerson, VideoConference};
    use RequesterKind::{Association, RegionalCouncil, RegionalGovernment};
    let mut items = vec![
        held(
            date(2023, 3, 2),
            VideoConference,
            RegionalGovernment,
            "Kab. Lembata",
            Some("Nusa Tenggara Timur"),
            &["DAU", "Dana Desa"],
        ),
        held(
            date(2023, 3, 6),
            VideoConference,
            RegionalGovernment,
            "Prov. Jawa Barat",
            Some("Jawa Barat"),
            &["DBH"],
        ),
        held(
            date(2023, 3, 14),
            VideoConference,
            RegionalGovernment,
            "Kab. Demak",
            Some("Jawa Tengah"),
            &["DAU"],
        ),
        held(
            date(2023, 3, 20),
            VideoConference,
            Association,
            REPORT_REQUESTER,
            None,
            &["DAU"],
        ),
        held(
            date(2023, 3, 1),
            InPerson,
            RegionalGovernment,
            "Kab. Tanah Datar",
            Some("Sumatera Barat"),
            &["DAU"],
        ),
        held(
            date(2023, 3, 10),
            InPerson,
            RegionalCouncil,
            "Prov. Kalimantan Timur (DPRD)",
            Some("Kalimantan Timur"),
            &["PDRD"],
        ),
        held(
            date(2023, 3, 17),
            InPerson,
            RegionalGovernment,
            "Kota Kendari",
            Some("Sulawesi Tenggara"),
            &["PDRD"],
        ),
    ];
    for ((year, month), video, in_person) in [
        ((2022, 10), 3, 1),
        ((2022, 11), 0, 0),
        ((2022, 12), 5, 2),
        ((2023, 1), 1, 3),
        ((2023, 2), 2, 0),
    ] {
        for (channel, count) in [(VideoConference, video), (InPerson, in_person)] {
            for day in 1..=count {
                items.push(held(
                    date(year, month, day * 3),
                    channel,
                    RegionalGovernment,
                    &format!("Kab. Terdahulu {day}"),
                    Some("Aceh"),
                    &["DAU"],
                ));
            }
        }
    }
    items
}

fn march_2023_violations() -> Vec<ViolationItem> {
    vec![
        ViolationItem {
            occurred_on: date(2023, 3, 17),
            request_id: 11,
            kind: ViolationKind::OverGuestCap,
            requester_label: "Kota Kendari".into(),
            evidence: EVIDENCE.into(),
        },
        ViolationItem {
            occurred_on: date(2023, 3, 17),
            request_id: 11,
            kind: ViolationKind::NotConfirmed,
            requester_label: "Kota Kendari".into(),
            evidence: "Jadwal tidak dikonfirmasi Pemda".into(),
        },
    ]
}

/// With `KONSULTASI_PDF_SAMPLES=/tmp`, a report test also leaves its file there to be looked at
/// (`pdftoppm -png -r 60 /tmp/report-sample.pdf /tmp/report-page`).
fn keep_sample(name: &str, bytes: &[u8]) {
    if let Some(dir) = std::env::var_os("KONSULTASI_PDF_SAMPLES") {
        std::fs::write(Path::new(&dir).join(name), bytes).expect("write sample");
    }
}

fn report_document(
    month: NaiveDate,
    items: &[HeldItem],
    violations: &[ViolationItem],
) -> MonthlyReportDocument {
    let arrivals = [date(2023, 3, 1), date(2023, 3, 10), date(2023, 3, 17)];
    let report = monthly_report(month, items, &held_counts(items), &arrivals, violations);
    MonthlyReportDocument {
        letterhead: letterhead(),
        meta: meta(&format!(
            "Laporan Layanan Konsultasi – {}",
            report.month_label
        )),
        report,
        place: "Jakarta".into(),
        printed_on: date(2023, 4, 3),
    }
}

#[test]
fn monthly_report_is_a_valid_searchable_report() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = report_document(
        date(2023, 3, 1),
        &march_2023_items(),
        &march_2023_violations(),
    );
    let bytes = render_monthly_report(&doc).expect("render").bytes;
    keep_sample("report-sample.pdf", &bytes);
    let file = write(dir.path(), "laporan.pdf", &bytes);

    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    metadata_and_paper(&file, &doc.meta.title);

    let text = pdftotext(&file, None);
    assert_no_replacement(&text);
    let flat = words(&text);
    let report = &doc.report;
    assert!(
        report
            .compliance
            .sentence
            .contains("2 pelanggaran oleh 1 delegasi")
    );
    for expected in [
        "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA",
        "LAPORAN LAYANAN KONSULTASI",
        "Bulan Maret 2023",
        "A. Video Conference",
        report.video_conference.sentence.as_str(),
        "B. Konsultasi Tatap Muka",
        report.in_person.sentence.as_str(),
        "C. Enam Bulan Terakhir",
        "D. Pengguna Layanan",
        "E. Kepatuhan",
        report.compliance.sentence.as_str(),
        REPORT_REQUESTER,
        "Prov. Kalimantan Timur (DPRD)",
        "Kalimantan Timur",
        EVIDENCE,
        "Tamu melebihi batas",
        "Datang tanpa konfirmasi",
        "Jakarta, 3 April 2023",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // Every month of the chart is labelled, under the bars and in the table beside it.
    for label in [
        "Okt 2022", "Nov 2022", "Des 2022", "Jan 2023", "Feb 2023", "Mar 2023",
    ] {
        assert!(
            text.matches(label).count() >= 2,
            "{label:?} not under the bars and in the table:\n{text}"
        );
    }
    // The six-month table row of December: 5 video conferences, 2 tatap muka, 7 together.
    let december = text
        .lines()
        .filter(|l| l.contains("Des 2022"))
        .map(words)
        .find(|l| l.starts_with("Des 2022 "))
        .expect("December row");
    assert_eq!(december, "Des 2022 5 2 7");
    let pages = page_count(&file);
    let last = pdftotext(&file, Some(pages));
    assert!(
        last.contains(&format!("Halaman {pages} dari {pages}")),
        "{last}"
    );
}

#[test]
fn monthly_report_of_120_video_conferences_repeats_the_table_header() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let items: Vec<HeldItem> = (0..120)
        .map(|i| {
            held(
                date(2023, 3, 1 + i % 28),
                Channel::VideoConference,
                RequesterKind::RegionalGovernment,
                &format!("Kab. Contoh {:03}", i + 1),
                Some("Papua Pegunungan"),
                &["DAU"],
            )
        })
        .collect();
    let doc = report_document(date(2023, 3, 1), &items, &[]);
    let bytes = render_monthly_report(&doc).expect("render").bytes;
    keep_sample("report-long.pdf", &bytes);
    let file = write(dir.path(), "laporan-panjang.pdf", &bytes);
    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);

    let pages = page_count(&file);
    assert!(pages > 1, "120 video conferences on {pages} page");
    let mut pages_with_rows = 0;
    let mut printed = 0;
    for page in 1..=pages {
        let text = pdftotext(&file, Some(page));
        assert_no_replacement(&text);
        let footer = format!("Halaman {page} dari {pages}");
        assert!(text.contains(&footer), "page {page} lacks {footer:?}");
        let rows = text.matches("Kab. Contoh ").count();
        if rows == 0 {
            continue;
        }
        pages_with_rows += 1;
        printed += rows;
        let header = text.lines().map(words).find(|l| {
            l.find("No")
                .zip(l.find("Tanggal"))
                .zip(l.find("Pengguna Layanan"))
                .zip(l.find("Topik"))
                .is_some_and(|(((no, date), who), topic)| no < date && date < who && who < topic)
        });
        assert!(
            header.is_some(),
            "page {page} holds table rows without the header:\n{text}"
        );
    }
    assert!(pages_with_rows > 1, "the table did not span pages");
    assert_eq!(printed, 120, "every video conference is listed once");
    let text = pdftotext(&file, None);
    assert!(text.contains("Kab. Contoh 001") && text.contains("Kab. Contoh 120"));
    assert!(
        words(&text).contains("sebanyak 120 kali"),
        "sentence lacks the count:\n{text}"
    );
    assert!(text.contains("Tidak ada konsultasi tatap muka pada bulan ini."));
}

#[test]
fn monthly_report_of_an_empty_month_says_so() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let doc = report_document(date(2024, 4, 1), &[], &[]);
    let bytes = render_monthly_report(&doc).expect("render").bytes;
    keep_sample("report-empty.pdf", &bytes);
    let file = write(dir.path(), "laporan-kosong.pdf", &bytes);
    qpdf_check(&file);
    renders_cleanly(&file);
    fonts_embedded_and_subset(&file);
    metadata_and_paper(&file, &doc.meta.title);

    let text = pdftotext(&file, None);
    assert_no_replacement(&text);
    let flat = words(&text);
    for expected in [
        "Bulan April 2024",
        "Selama bulan April 2024, tidak ada Video Conference yang dilaksanakan.",
        "Tidak ada video conference pada bulan ini.",
        "Tidak ada konsultasi tatap muka pada bulan ini.",
        "Tidak ada pengguna layanan pada bulan ini.",
        "Selama bulan April 2024 tercatat 0 kedatangan tanpa pelanggaran.",
        "Tidak ada pelanggaran tercatat.",
        "Nov 2023",
        "Apr 2024",
    ] {
        assert!(flat.contains(expected), "missing {expected:?} in:\n{text}");
    }
    // No list table is drawn for an empty list.
    assert!(!flat.contains("Tanggal Pengguna Layanan Topik"), "{text}");
}
