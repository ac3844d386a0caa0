//! Importing the desk's earlier records and reporting a month, through the command line.

use std::process::Command;

use crate::common::{self, cli};
use serde_json::Value;

const MARCH: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/riwayat-maret-2023.csv"
);

fn run(command: &mut Command) -> Vec<u8> {
    let output = command.output().expect("run");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

fn fresh() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("riwayat.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
    (dir, db)
}

#[test]
fn a_file_with_an_unknown_requester_imports_nothing_and_names_the_row() {
    let _turn = common::run_beside_others();
    let (dir, db) = fresh();
    let mut text = std::fs::read_to_string(MARCH).expect("fixture");
    text.push_str("Tatap Muka,3 Maret 2023,Kab. Atlantis Raya,DAU\n");
    text.push_str("Rapat,3 Maret 2023,Kota Bogor,DAU\n");
    let file = dir.path().join("salah.csv");
    std::fs::write(&file, text).expect("write");

    let output = cli(&db).arg("import").arg(&file).output().expect("import");
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("Atlantis"), "{stderr}");
    let report: Value =
        serde_json::from_slice(&run(cli(&db).args(["report", "monthly", "2023-03"])))
            .expect("present");
    assert_eq!(report["video_conference"]["count"], 0, "not half a file");
    assert_eq!(report["in_person"]["count"], 0);
}

#[test]
fn import_then_report_march_2023() {
    let _turn = common::run_beside_others();
    let (_dir, db) = fresh();
    let summary: Value =
        serde_json::from_slice(&run(cli(&db).arg("import").arg(MARCH))).expect("present");
    assert_eq!(summary["imported"], 25);
    let guessed: Vec<String> = summary["guessed"]
        .as_array()
        .expect("present")
        .iter()
        .map(|g| {
            g["notes"].as_array().expect("present")[0]
                .as_str()
                .expect("present")
                .to_owned()
        })
        .collect();
    let said = |needle: &str| guessed.iter().any(|note| note.contains(needle));
    assert!(said("dibaca sebagai Kota Sibolga"), "{guessed:?}");
    assert!(
        said("\"ARKI\" dicatat sebagai pengguna layanan bukan Pemda"),
        "{guessed:?}"
    );
    assert!(
        guessed.iter().any(|n| n.contains("Kepulauan Sula")),
        "{guessed:?}"
    );
    // A name written with its kind abbreviated is no guess: only real readings are reported.
    let lines: Vec<u64> = summary["guessed"]
        .as_array()
        .expect("present")
        .iter()
        .map(|g| g["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, vec![2, 8, 11, 14, 15], "{guessed:?}");
    // "Kab. Muko-Muko" is Kabupaten Mukomuko without any guessing; its typo'd topic is a guess.
    let mukomuko = summary["guessed"]
        .as_array()
        .expect("present")
        .iter()
        .find(|g| g["written_as"] == "Kab. Muko-Muko")
        .expect("the DAK typo is reported");
    assert_eq!(
        mukomuko["notes"],
        serde_json::json!(["topik \"DAK Nok Fisik\" dibaca sebagai DAK Non Fisik"])
    );

    let report: Value =
        serde_json::from_slice(&run(cli(&db).args(["report", "monthly", "2023-03"])))
            .expect("present");
    let video = &report["video_conference"];
    assert_eq!(video["count"], 16);
    assert_eq!(video["top_topics"], serde_json::json!(["DAU"]));
    assert_eq!(
        video["sentence"],
        "Selama bulan Maret 2023, telah dilaksanakan Video Conference melalui aplikasi Ms. Teams sebanyak 16 kali dimana topik terbanyak adalah DAU."
    );
    let dates: Vec<&str> = video["rows"]
        .as_array()
        .expect("present")
        .iter()
        .map(|r| r["date"].as_str().expect("present"))
        .collect();
    let mut sorted = dates.clone();
    sorted.sort();
    assert_eq!(dates, sorted, "ordered by date");
    assert_eq!(video["rows"][15]["requester"], "Prov. Sumatera Utara");
    let in_person = &report["in_person"];
    assert_eq!(in_person["count"], 8);
    assert_eq!(
        in_person["rows"][1]["requester"],
        "Prov. Kalimantan Timur (DPRD)"
    );
    assert!(in_person["sentence"].as_str().expect("present").contains(
        "8 kali konsultasi tatap muka dengan topik konsultasi terbanyak adalah mengenai DAU"
    ));
    let february = &report["last_six_months"][4];
    assert_eq!(february["month"], "2023-02");
    assert_eq!(february["video_conference"], 1);

    let csv = String::from_utf8(run(
        cli(&db).args(["report", "monthly", "2023-03", "--format", "csv"])
    ))
    .expect("present");
    assert_eq!(csv.lines().count(), 1 + 16 + 8);
    assert!(csv.starts_with("Bagian,No,Tanggal,Pengguna Layanan,Topik,Pelanggaran,Keterangan\n"));
    assert!(
        csv.contains("Tatap Muka,1,2023-03-01,Kab. Tanah Datar,DAU,,\n"),
        "{csv}"
    );

    // The import is in the audit log under its actor.
    let audit = String::from_utf8(run(cli(&db).args(["audit", "--search", "riwayat-maret"])))
        .expect("present");
    assert!(audit.contains("\"import\""), "{audit}");
}

fn run_with_stdin(command: &mut Command, stdin: &str) -> Vec<u8> {
    use std::io::Write as _;
    let mut child = command
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    let output = child.wait_with_output().expect("wait");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// A delegation without booking, registered from the command line: its violations reach the
/// Pemda's history, and once completed the month's report (CSV and PDF) counts it.
#[test]
fn walk_in_then_history_and_the_report_of_the_month() {
    let _turn = common::run_beside_others();
    let (dir, db) = fresh();
    let walk_in = serde_json::json!({
        "request": {
            "requester": { "kind": "regional_government", "region_code": "17.06" },
            "contact": { "name": "Rina Marlina", "whatsapp": "0812-3456-7890" },
            "topics": ["DAU"],
            "description": "Datang langsung menanyakan penyaluran DAU.",
            "preferred_slots": [],
            "planned_guest_count": 2,
            "guests": [
                { "name": "Ni Luh Ayu Wéndri", "position": "Kepala BPKAD", "institution": "BPKAD Kabupaten Mukomuko" },
                { "name": "Bambang", "position": "Staf", "institution": "BPKAD Kabupaten Mukomuko" }
            ]
        },
        "check_in": { "present": [0, 1] }
    });
    let out: Value = serde_json::from_slice(&run_with_stdin(
        cli(&db).args(["walk-in"]),
        &walk_in.to_string(),
    ))
    .expect("json");
    let id = out["request"]["id"].as_i64().expect("id");
    let month = out["request"]["received_on"].as_str().expect("date")[..7].to_owned();
    let kinds: Vec<&str> = out["check_in"]["violations"]
        .as_array()
        .expect("violations")
        .iter()
        .map(|v| v["kind"].as_str().expect("kind"))
        .collect();
    assert_eq!(kinds, vec!["no_booking", "no_letter"]);

    // A booked check-in is refused for a request that is not scheduled: exit 2, nothing changes.
    let refused = cli(&db)
        .args(["checkin", &id.to_string(), "--all"])
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("tidak dapat dicatat kehadirannya"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let history: Value =
        serde_json::from_slice(&run(cli(&db).args(["history", "17.06"]))).expect("json");
    assert_eq!(history["violations"].as_array().map(Vec::len), Some(2));
    assert_eq!(history["held"], 0);

    run(cli(&db).args(["requests", "complete", &id.to_string()]));
    let history: Value =
        serde_json::from_slice(&run(cli(&db).args(["history", "17.06"]))).expect("json");
    assert_eq!(history["held"], 1);

    let csv = String::from_utf8(run(
        cli(&db).args(["report", "monthly", &month, "--format", "csv"])
    ))
    .expect("utf-8");
    assert!(csv.contains(",Kab. Mukomuko,DAU,,\n"), "{csv}");
    assert!(
        csv.contains(",Kab. Mukomuko,,Datang tanpa jadwal,"),
        "{csv}"
    );

    let pdf = dir.path().join("laporan.pdf");
    run(cli(&db)
        .args(["report", "monthly", &month, "--format", "pdf", "--out"])
        .arg(&pdf));
    let text = common::pdf_text(&std::fs::read(&pdf).expect("pdf written"));
    assert!(text.contains("Kab. Mukomuko"), "{text}");
    assert!(text.contains("Datang tanpa jadwal"), "{text}");

    // PDF on standard output is refused before anything is opened.
    let no_out = cli(&db)
        .args(["report", "monthly", &month, "--format", "pdf"])
        .output()
        .expect("run");
    assert_eq!(no_out.status.code(), Some(2));
}

/// A walk-in recorded by mistake is voided from the command line: refused without a reason, for
/// an unknown check-in and twice; once voided, its violations leave the Pemda's history.
#[test]
fn a_check_in_is_voided_from_the_command_line() {
    let _turn = common::run_beside_others();
    let (_dir, db) = fresh();
    let walk_in = serde_json::json!({
        "request": {
            "requester": { "kind": "regional_government", "region_code": "17.06" },
            "contact": { "name": "Rina Marlina", "whatsapp": "0812-3456-7890" },
            "topics": ["DAU"],
            "description": "Datang langsung menanyakan penyaluran DAU.",
            "preferred_slots": [],
            "planned_guest_count": 1,
            "guests": [
                { "name": "Ni Luh Ayu Wéndri", "position": "Kepala BPKAD", "institution": "BPKAD Kabupaten Mukomuko" }
            ]
        },
        "check_in": { "present": [0] }
    });
    let out: Value = serde_json::from_slice(&run_with_stdin(
        cli(&db).args(["walk-in"]),
        &walk_in.to_string(),
    ))
    .expect("json");
    let id = out["request"]["id"].as_i64().expect("id").to_string();
    let check_in = out["check_in"]["id"]
        .as_i64()
        .expect("check-in id")
        .to_string();
    let violations = |db: &std::path::Path| {
        let history: Value =
            serde_json::from_slice(&run(cli(db).args(["history", "17.06"]))).expect("json");
        history["violations"].as_array().map(Vec::len)
    };
    assert_eq!(violations(&db), Some(2));

    let code = |args: &[&str]| {
        let output = cli(&db).args(args).output().expect("run");
        (
            output.status.code(),
            String::from_utf8_lossy(&output.stderr).into_owned(),
        )
    };
    let (status, stderr) = code(&["checkin", "void", &check_in, "--reason", " "]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("reason"), "{stderr}");
    let (status, stderr) = code(&["checkin", "void", "999", "--reason", "Salah"]);
    assert_eq!(status, Some(3), "{stderr}");
    assert!(
        stderr.contains("Kedatangan #999 tidak ditemukan"),
        "{stderr}"
    );
    assert_eq!(violations(&db), Some(2));

    let voided: Value = serde_json::from_slice(&run(cli(&db).args([
        "checkin",
        "void",
        &check_in,
        "--reason",
        "Bukan delegasi Mukomuko",
    ])))
    .expect("json");
    assert_eq!(voided["request"]["status"], "submitted");
    assert_eq!(
        voided["check_ins"][0]["voided"]["reason"],
        "Bukan delegasi Mukomuko"
    );
    assert_eq!(violations(&db), Some(0));
    let (status, stderr) = code(&["checkin", "void", &check_in, "--reason", "Lagi"]);
    assert_eq!(status, Some(2), "{stderr}");
    assert!(stderr.contains("sudah dibatalkan"), "{stderr}");

    let listed: Value =
        serde_json::from_slice(&run(cli(&db).args(["checkin", "list", &id]))).expect("json");
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert_eq!(listed[0]["violations"].as_array().map(Vec::len), Some(2));
}

/// The CSV path reads its cells with the form's field rules: an over-long or NUL-bearing
/// requester, a date outside the desk's years or not yet past, an invisible name.
#[tokio::test]
async fn import_cells_follow_the_same_field_rules_as_the_form() {
    use konsultasi::ErrorCode;
    use konsultasi::service::history::import_held_csv;

    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    let before = common::row_counts(&db.store).await;
    let header = "saluran,tanggal,pengguna_layanan,topik\n";
    let long_requester = format!("Tatap Muka,2 Maret 2023,{},DAU\n", "A".repeat(5_000_000));
    let cases: Vec<(String, &str)> = vec![
        (long_requester, "terlalu panjang"),
        (
            "Tatap Muka,2 Maret 2023,Asosiasi\u{0}Pemda,DAU\n".into(),
            "U+0000",
        ),
        (
            "Tatap Muka,2 Maret 2023,\u{200B}\u{202E}\u{3164},DAU\n".into(),
            "tak terlihat",
        ),
        (
            "Tatap Muka,0000-01-01,Kota Bogor,DAU\n".into(),
            "tahun 2000",
        ),
        (
            "Tatap Muka,9999-12-31,Kota Bogor,DAU\n".into(),
            "tahun 2000",
        ),
        (
            "Tatap Muka,2026-12-30,Kota Bogor,DAU\n".into(),
            "belum lewat",
        ),
        (
            format!(
                "Tatap Muka,2 Maret 2023,Kota Bogor,{}\n",
                "DAU;".repeat(200)
            ),
            "terlalu panjang",
        ),
    ];
    for (row, expected) in &cases {
        let text = format!("{header}{row}");
        let error = import_held_csv(&db.store, &db.actor, "riwayat.csv", &text, common::now())
            .await
            .expect_err("refused");
        assert_eq!(error.code(), ErrorCode::Validation);
        let payload = error.to_payload();
        let field = &payload.details.fields[0];
        assert_eq!(field.field, "rows[2]");
        assert!(
            field.message.contains(expected),
            "{expected}: {}",
            field.message
        );
        assert!(field.message.chars().count() < 400, "{}", field.message);
    }
    let good = format!("{header}Tatap Muka,2 Maret 2023,Kota Bogor,DAU\n");
    let error = import_held_csv(&db.store, &db.actor, "a\u{0}.csv", &good, common::now())
        .await
        .expect_err("file name");
    assert_eq!(error.to_payload().details.fields[0].field, "file_name");
    assert_eq!(
        common::row_counts(&db.store).await,
        before,
        "nothing written"
    );

    let summary = import_held_csv(&db.store, &db.actor, "riwayat.csv", &good, common::now())
        .await
        .expect("a sound row imports");
    assert_eq!(summary.imported, 1);
}
