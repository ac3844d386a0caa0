//! Speed of the exports beside the same output from Python, measured in one run.
//!
//! `cargo bench --bench exports` — prints the median time of:
//! - one published calendar of 10,000 events (`export::ics`) and the same calendar built and
//!   serialised by Python icalendar (benches/python/icalendar_events.py);
//! - one confirmation letter and one 500-guest attendance sheet (`export::pdf`) and the same
//!   documents drawn by reportlab (benches/python/reportlab_docs.py).
//!
//! Goals: ≥ 20× faster than icalendar, ≥ 5× faster than reportlab. Needs Debian's python3 with
//! python3-icalendar and python3-reportlab (scripts/test.sh installs them).

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

use chrono::{NaiveDate, TimeZone, Utc};
use konsultasi::export::ics::{CalendarEvent, Party, published_calendar};
use konsultasi::export::pdf::{
    AttendanceRow, AttendanceSheet, ConfirmationLetter, DocumentMeta, LetterHeader, Letterhead,
    Signatory, render_attendance_sheet, render_confirmation,
};
use serde_json::{Value, json};

const EVENTS: usize = 10_000;
const GUESTS: usize = 500;

fn median(mut samples: Vec<Duration>) -> Duration {
    samples.sort();
    samples[samples.len() / 2]
}

fn time<T>(runs: usize, mut work: impl FnMut() -> T) -> Duration {
    std::hint::black_box(work()); // warm up
    median(
        (0..runs)
            .map(|_| {
                let started = Instant::now();
                std::hint::black_box(work());
                started.elapsed()
            })
            .collect(),
    )
}

fn python(script: &str, args: &[&str], stdin: Option<&Path>) -> Value {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut command = Command::new("/usr/bin/python3");
    command
        .arg(root.join("benches/python").join(script))
        .args(args);
    if let Some(input) = stdin {
        command.stdin(std::fs::File::open(input).expect("input"));
    }
    let output = command.output().expect("Debian's /usr/bin/python3");
    assert!(
        output.status.success(),
        "{script} failed (apt install python3-icalendar python3-reportlab): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON from the Python side")
}

fn events() -> Vec<CalendarEvent> {
    let first = Utc
        .with_ymd_and_hms(2027, 1, 4, 2, 0, 0)
        .single()
        .expect("valid instant");
    (0..EVENTS)
        .map(|i| {
            let starts_at = first + chrono::Duration::minutes(90 * i as i64);
            CalendarEvent {
                uid: format!("booking-{i}@konsultasi.djpk.kemenkeu.go.id"),
                sequence: (i % 3) as u32,
                starts_at,
                ends_at: starts_at + chrono::Duration::hours(1),
                summary: format!("Konsultasi video conference DJPK: Kabupaten Nomor {i}"),
                description: format!(
                    "Pengguna layanan: Kabupaten Nomor {i}\nTopik: DAU, Dana Desa; DAK Fisik\nJumlah tamu paling banyak 20 orang, direncanakan {} orang",
                    i % 20
                ),
                location: Some("Microsoft Teams (video conference)".into()),
                url: None,
                confirmed: true,
            }
        })
        .collect()
}

fn letterhead() -> Letterhead {
    Letterhead {
        institution: vec![
            "KEMENTERIAN KEUANGAN REPUBLIK INDONESIA".into(),
            "DIREKTORAT JENDERAL PERIMBANGAN KEUANGAN".into(),
        ],
        contact: vec![
            "GEDUNG RADIUS PRAWIRO LANTAI 9, JALAN DR. WAHIDIN RAYA NOMOR 1, JAKARTA 10710".into(),
            "TELEPON 150420; LAMAN WWW.DJPK.KEMENKEU.GO.ID".into(),
        ],
    }
}

fn meta(title: &str) -> DocumentMeta {
    DocumentMeta {
        title: title.into(),
        created: Utc
            .with_ymd_and_hms(2026, 11, 28, 3, 0, 0)
            .single()
            .expect("valid instant"),
        author: "Contact Center DJPK".into(),
    }
}

fn details() -> Vec<(String, String)> {
    vec![
        ("Hari, tanggal".into(), "Senin, 7 Desember 2026".into()),
        ("Waktu".into(), "09.00–10.00 WIB".into()),
        (
            "Tempat".into(),
            "Ruang Konsultasi 1, Direktorat Jenderal Perimbangan Keuangan".into(),
        ),
        ("Topik".into(), "DAU, Dana Desa".into()),
    ]
}

fn confirmation() -> ConfirmationLetter {
    ConfirmationLetter {
        letterhead: letterhead(),
        header: LetterHeader {
            number: "S-12/PK.1/2026".into(),
            nature: "Segera".into(),
            attachment: "-".into(),
            subject: "Konfirmasi Jadwal Konsultasi Tatap Muka".into(),
            place: "Jakarta".into(),
            date: NaiveDate::from_ymd_opt(2026, 11, 28).expect("present"),
        },
        addressee: vec!["Sekretaris Daerah Kabupaten Mukomuko".into(), "di Tempat".into()],
        paragraphs: vec!["Sehubungan dengan surat Saudara nomor 900/412/BPKAD/2026 tanggal 20 November 2026 hal Permohonan Konsultasi DAU, dengan hormat kami sampaikan bahwa konsultasi tatap muka Kabupaten Mukomuko dengan Direktorat Jenderal Perimbangan Keuangan dijadwalkan sebagai berikut:".into()],
        details: details(),
        closing: vec!["Sesuai ketentuan, jumlah peserta paling banyak 5 orang. Peserta diharapkan hadir 15 menit sebelum jadwal dengan membawa surat tugas dan kartu identitas. Demikian kami sampaikan. Atas perhatian dan kerja sama Saudara, kami ucapkan terima kasih.".into()],
        signatory: Signatory {
            position: "Sekretaris Direktorat Jenderal,".into(),
            name: "Nama Penandatangan".into(),
            id_line: Some("NIP 197001011995031001".into()),
        },
        copies: vec!["Direktur Jenderal Perimbangan Keuangan".into()],
        meta: meta("Surat konfirmasi"),
    }
}

fn sheet() -> AttendanceSheet {
    AttendanceSheet {
        letterhead: letterhead(),
        title: "DAFTAR HADIR".into(),
        details: details(),
        rows: (0..GUESTS)
            .map(|i| AttendanceRow {
                name: format!("Ni Luh Putu Ayu Wéndri {i}"),
                position: "Kepala Bidang Anggaran".into(),
                institution: "BPKAD Kabupaten Mukomuko".into(),
            })
            .collect(),
        spare_rows: 5,
        meta: meta("Daftar hadir"),
    }
}

fn report(what: &str, ours: Duration, theirs_ms: f64, theirs: &str, goal: f64) {
    let ours_ms = ours.as_secs_f64() * 1000.0;
    let ratio = theirs_ms / ours_ms;
    println!(
        "{what:<34} ours {ours_ms:>9.2} ms   {theirs} {theirs_ms:>9.2} ms   {ratio:>6.1}× (goal ≥ {goal}×){}",
        if ratio >= goal { "" } else { "  MISSED" }
    );
}

fn main() {
    // `cargo bench` passes --bench; nothing else is expected.
    let scratch = tempfile::tempdir().expect("temp dir");
    let stamp = Utc
        .with_ymd_and_hms(2026, 11, 28, 3, 0, 0)
        .single()
        .expect("valid instant");
    let organizer = Party::email("Contact Center DJPK", "callcenter.djpk@kemenkeu.go.id");

    let events = events();
    let ours = time(15, || {
        published_calendar("Konsultasi DJPK", &organizer, &events, stamp)
    });
    let json_events: Vec<Value> = events
        .iter()
        .map(|e| {
            json!({
                "uid": e.uid, "sequence": e.sequence, "starts_at": e.starts_at.timestamp(),
                "ends_at": e.ends_at.timestamp(), "summary": e.summary,
                "description": e.description, "location": e.location,
            })
        })
        .collect();
    let events_file = scratch.path().join("events.json");
    std::fs::write(
        &events_file,
        serde_json::to_vec(&json_events).expect("present"),
    )
    .expect("present");
    let theirs = python(
        "icalendar_events.py",
        &[events_file.to_str().expect("present"), "5"],
        None,
    );
    report(
        "ICS, 10,000 events",
        ours,
        theirs["median_ms"].as_f64().expect("present"),
        "icalendar",
        20.0,
    );

    let letter = confirmation();
    let ours_letter = time(30, || render_confirmation(&letter).expect("letter"));
    let sheet = sheet();
    let ours_sheet = time(15, || render_attendance_sheet(&sheet).expect("sheet"));
    let documents = scratch.path().join("documents.json");
    std::fs::write(
        &documents,
        serde_json::to_vec(&json!({
            "letterhead": letterhead().institution.iter().chain(&letterhead().contact).collect::<Vec<_>>(),
            "details": details(),
            "paragraphs": letter.paragraphs,
            "closing": letter.closing,
            "addressee": letter.addressee,
            "guests": sheet.rows.iter().map(|r| [&r.name, &r.position, &r.institution]).collect::<Vec<_>>(),
            "spare_rows": sheet.spare_rows,
        }))
        .expect("present"),
    )
    .expect("present");
    let theirs = python(
        "reportlab_docs.py",
        &[documents.to_str().expect("present"), "10"],
        None,
    );
    report(
        "PDF, confirmation letter",
        ours_letter,
        theirs["confirmation_ms"].as_f64().expect("present"),
        "reportlab",
        5.0,
    );
    report(
        "PDF, attendance sheet, 500 guests",
        ours_sheet,
        theirs["attendance_500_ms"].as_f64().expect("present"),
        "reportlab",
        5.0,
    );
}
