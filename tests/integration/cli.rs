//! The `konsultasi` binary, run for real: JSON in and out, exit codes, and nothing written when
//! input is refused.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

use crate::common;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/request_in_person.json"
);

fn cli(db: &Path) -> Command {
    Command::from_std(common::cli(db))
}

fn json(output: &[u8]) -> Value {
    serde_json::from_slice(output).unwrap_or_else(|e| {
        panic!(
            "stdout is not JSON ({e}): {}",
            String::from_utf8_lossy(output)
        )
    })
}

/// A database path in a fresh directory; nothing is created yet.
fn empty_dir_db() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("cli.db");
    (dir, path)
}

/// A fresh database with the secretariat profile the commands act as.
fn temp_db() -> (tempfile::TempDir, PathBuf) {
    let (dir, path) = empty_dir_db();
    cli(&path)
        .args(["users", "add", "Sekretariat", "--role", "team_leader"])
        .assert()
        .success();
    (dir, path)
}

fn list(db: &Path) -> Vec<Value> {
    let out = cli(db).args(["requests", "list"]).assert().success();
    json(&out.get_output().stdout)
        .as_array()
        .cloned()
        .expect("array")
}

#[test]
fn add_from_a_file_then_list_and_show() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let out = cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let created = json(&out.get_output().stdout);
    let id = created["id"].as_i64().expect("id");
    assert_eq!(created["requester"]["label"], "Kabupaten Mukomuko");
    assert_eq!(created["status"], "submitted");

    let rows = list(&db);
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["id"], id);
    assert_eq!(rows[0]["letter_number"], "900/412/BPKAD/2026");

    let out = cli(&db)
        .args(["requests", "show", &id.to_string()])
        .assert()
        .success();
    let shown = json(&out.get_output().stdout);
    assert_eq!(shown, created);
}

#[test]
fn add_from_stdin_with_a_scanned_letter() {
    let _turn = common::run_beside_others();
    let (dir, db) = temp_db();
    let scan = dir.path().join("surat permintaan.pdf");
    std::fs::write(&scan, b"%PDF-1.7\n% scan\n").expect("write scan");
    let input = std::fs::read_to_string(FIXTURE).expect("fixture");
    let out = cli(&db)
        .args(["requests", "add", "--letter-scan"])
        .arg(&scan)
        .write_stdin(input)
        .assert()
        .success();
    let created = json(&out.get_output().stdout);
    assert_eq!(
        created["letter"]["scan"]["file_name"],
        "surat permintaan.pdf"
    );
    assert_eq!(created["letter"]["scan"]["mime_type"], "application/pdf");
    assert_eq!(
        created["letter"]["scan"]["sha256"].as_str().map(str::len),
        Some(64)
    );
}

#[test]
fn list_filters_by_channel_and_text() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let out = cli(&db)
        .args(["requests", "list", "--channel", "video_conference"])
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout), Value::Array(vec![]));
    let out = cli(&db)
        .args([
            "requests",
            "list",
            "--channel",
            "in_person",
            "--text",
            "mukomuko",
        ])
        .assert()
        .success();
    assert_eq!(
        json(&out.get_output().stdout).as_array().map(Vec::len),
        Some(1)
    );
}

#[test]
fn regions_search_prints_code_name_kind_province_and_zone() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let out = cli(&db)
        .args(["regions", "search", "Kab. Muko-Muko"])
        .assert()
        .success();
    let hits = json(&out.get_output().stdout);
    assert_eq!(hits[0]["code"], "17.06");
    assert_eq!(hits[0]["name"], "Kabupaten Mukomuko");
    assert_eq!(hits[0]["kind"], "regency");
    assert_eq!(hits[0]["province_name"], "Bengkulu");
    assert_eq!(hits[0]["zone"], "WIB");

    let out = cli(&db)
        .args(["regions", "search", "jayapura"])
        .assert()
        .success();
    let hits = json(&out.get_output().stdout);
    assert!(hits.as_array().is_some_and(|h| h.len() >= 2));
    assert!(
        hits.as_array()
            .into_iter()
            .flatten()
            .all(|h| h["zone"] == "WIT")
    );
}

/// Runs a refused `requests add` and checks the one-line reason, the exit code and that the
/// database holds exactly what it held before.
fn refused(db: &Path, stdin: &str, extra: &[&str], field: &str) {
    let before = list(db);
    let out = cli(db)
        .args(["requests", "add"])
        .args(extra)
        .write_stdin(stdin.to_owned())
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.trim_end().lines().count(), 1, "one line: {stderr}");
    assert!(stderr.starts_with("galat: data tidak valid: "), "{stderr}");
    assert!(stderr.contains(field), "{field} not named in: {stderr}");
    assert!(out.get_output().stdout.is_empty());
    assert_eq!(list(db), before, "database changed after refusing {field}");
}

#[test]
fn refused_input_exits_2_names_the_field_and_changes_nothing() {
    let _turn = common::run_beside_others();
    let (dir, db) = temp_db();
    cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let base: Value =
        serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("fixture")).expect("json");
    let with = |path: &[&str], value: Value| {
        let mut input = base.clone();
        let mut target = &mut input;
        for key in &path[..path.len() - 1] {
            target = match key.parse::<usize>() {
                Ok(index) => &mut target[index],
                Err(_) => &mut target[*key],
            };
        }
        target[path[path.len() - 1]] = value;
        input.to_string()
    };
    refused(
        &db,
        &with(&["contact", "name"], Value::from("")),
        &[],
        "contact.name",
    );
    refused(
        &db,
        &with(&["guests", "0", "name"], Value::from("N".repeat(300))),
        &[],
        "guests[0].name",
    );
    refused(
        &db,
        &with(&["planned_guest_count"], Value::from(0)),
        &[],
        "planned_guest_count",
    );
    refused(
        &db,
        &with(&["planned_guest_count"], Value::from(2.5)),
        &[],
        "planned_guest_count",
    );
    refused(
        &db,
        &with(&["planned_guest_count"], Value::from("empat")),
        &[],
        "planned_guest_count",
    );
    refused(
        &db,
        &with(&["letter", "date"], Value::from("2026-02-30")),
        &[],
        "letter.date",
    );
    refused(
        &db,
        &with(&["requester", "region_code"], Value::from("99.99")),
        &[],
        "requester.region_code",
    );
    refused(&db, &with(&["warna"], Value::from("merah")), &[], "warna");
    refused(
        &db,
        &with(&["contact", "fax"], Value::from("021")),
        &[],
        "contact.fax",
    );
    refused(&db, "{ not json", &[], "JSON tidak valid");

    let not_a_pdf = dir.path().join("surat.docx");
    std::fs::write(&not_a_pdf, b"PK\x03\x04 a word document").expect("write");
    let scan_arg = not_a_pdf.to_string_lossy().into_owned();
    refused(
        &db,
        &base.to_string(),
        &["--letter-scan", &scan_arg],
        "letter.scan",
    );
}

#[test]
fn a_refused_first_input_does_not_even_create_the_database() {
    let _turn = common::run_beside_others();
    let (_dir, db) = empty_dir_db();
    cli(&db)
        .args(["requests", "add"])
        .write_stdin("{}")
        .assert()
        .code(2);
    assert!(!db.exists(), "database file created for a refused input");
}

#[test]
fn unknown_request_exits_3() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let out = cli(&db).args(["requests", "show", "42"]).assert().code(3);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert_eq!(stderr.trim_end(), "galat: Permohonan #42 tidak ditemukan");
}

#[test]
fn bad_usage_is_refused_by_the_argument_parser() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    cli(&db).args(["requests", "show", "satu"]).assert().code(2);
    cli(&db)
        .args(["requests", "list", "--channel", "telepon"])
        .assert()
        .code(2);
}

#[test]
fn check_slots_and_schedule_from_the_command_line() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let out = cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let id = json(&out.get_output().stdout)["id"]
        .as_i64()
        .expect("id")
        .to_string();

    let out = cli(&db).args(["requests", "check", &id]).assert().success();
    let findings = json(&out.get_output().stdout);
    let rules: Vec<&str> = findings
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(rules.contains(&"prefer-video"), "{rules:?}");
    assert!(rules.contains(&"regional-head"), "{rules:?}");

    // The CLI reads the real clock: look a few weeks ahead, from a Monday without holidays
    // (the 2nd week of a month avoids year-end and most long weekends).
    use chrono::Datelike as _;
    let mut monday = konsultasi::time::system_now().date_naive() + chrono::Duration::days(40);
    while monday.weekday() != chrono::Weekday::Mon || !(8..=14).contains(&monday.day()) {
        monday = monday.succ_opt().expect("date");
    }
    let from = monday.format("%Y-%m-%d").to_string();
    let to = (monday + chrono::Duration::days(4))
        .format("%Y-%m-%d")
        .to_string();
    let out = cli(&db)
        .args(["slots", &id, "--from", &from, "--to", &to, "--count", "3"])
        .assert()
        .success();
    let answer = json(&out.get_output().stdout);
    let slots = &answer["suggestions"];
    assert_eq!(slots.as_array().map(Vec::len), Some(3));
    assert_eq!(slots[0]["time"], "08:00");
    assert!(
        slots[0]["date"]
            .as_str()
            .is_some_and(|d| d >= from.as_str() && d <= to.as_str())
    );

    let date = slots[0]["date"].as_str().expect("date").to_owned();
    let room = slots[0]["room_code"].as_str().expect("room").to_owned();
    // A tatap muka is scheduled once its letter is verified.
    cli(&db)
        .args(["requests", "verify", &id])
        .assert()
        .success();
    let out = cli(&db)
        .args([
            "requests", "schedule", &id, "--date", &date, "--time", "08:00", "--room", &room,
        ])
        .assert()
        .success();
    let scheduled = json(&out.get_output().stdout);
    assert_eq!(scheduled["status"], "scheduled");
    assert_eq!(
        scheduled["booking"]["starts_at"],
        format!("{date}T01:00:00Z")
    );

    // A second request for the same room and time is a conflict: exit 2, one line, no booking.
    let out = cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let other = json(&out.get_output().stdout)["id"]
        .as_i64()
        .expect("id")
        .to_string();
    cli(&db)
        .args(["requests", "verify", &other])
        .assert()
        .success();
    let out = cli(&db)
        .args([
            "requests", "schedule", &other, "--date", &date, "--time", "08:00", "--room", &room,
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.starts_with("galat: Jadwal tidak dapat dibuat"),
        "{stderr}"
    );
    assert_eq!(stderr.trim_end().lines().count(), 1);
    let out = cli(&db)
        .args(["requests", "show", &other])
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout)["booking"], Value::Null);

    // Exports of the booked one: the invite to standard output, a letter to a file.
    let out = cli(&db).args(["export", "ics", &id]).assert().success();
    let invite = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    assert!(invite.starts_with("BEGIN:VCALENDAR\r\n"), "{invite}");
    assert!(invite.contains("\r\nMETHOD:REQUEST\r\n"));
    assert!(
        invite.contains(
            &scheduled["booking"]["ical_uid"]
                .as_str()
                .expect("present")
                .to_owned()
        )
    );
    let out = cli(&db)
        .args(["export", "ics", &id, "--cancel"])
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("masih berlaku"));
    let out = cli(&db)
        .args(["export", "whatsapp", &id])
        .assert()
        .success();
    assert!(String::from_utf8_lossy(&out.get_output().stdout).contains("*Waktu:*"));

    let letter = _dir.path().join("konfirmasi.pdf");
    let letter_arg = letter.to_str().expect("utf-8 path");
    // While the signatory is the seeded placeholder, the letter is refused and points to the
    // settings; the status says the same, and the number is still the first once filled in.
    let out = cli(&db)
        .args([
            "export",
            "letter",
            &id,
            "--kind",
            "confirmation",
            "--out",
            letter_arg,
        ])
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("Surat belum dapat dibuat: nama penandatangan masih contoh")
            && stderr.contains("Pengaturan → Surat & undangan"),
        "{stderr}"
    );
    assert!(!letter.exists(), "a refused letter writes nothing");
    let out = cli(&db).args(["export", "status"]).assert().success();
    let status = json(&out.get_output().stdout);
    assert_eq!(status["letters_ready"], false, "{status}");
    assert_eq!(status["items"][0]["field"], "signatory_name", "{status}");
    common::fill_letter_settings_cli(&db);
    let out = cli(&db).args(["export", "status"]).assert().success();
    assert_eq!(json(&out.get_output().stdout)["complete"], true);
    // A numbered letter needs the profile that issues it.
    Command::cargo_bin("konsultasi")
        .expect("binary built")
        .arg("--db")
        .arg(&db)
        .env_remove("KONSULTASI_DB")
        .args([
            "export",
            "letter",
            &id,
            "--kind",
            "confirmation",
            "--out",
            letter_arg,
        ])
        .assert()
        .code(2);
    assert!(!letter.exists(), "a refused export writes nothing");
    let out = cli(&db)
        .args([
            "export",
            "letter",
            &id,
            "--kind",
            "confirmation",
            "--out",
            letter_arg,
        ])
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout)["file"], letter_arg);
    let text = common::pdf_text(&std::fs::read(&letter).expect("pdf"));
    assert!(text.contains(common::SIGNATORY), "{text}");
    assert!(
        text.contains("S-1/PK.1/"),
        "the refusals used up no number: {text}"
    );
}

#[test]
fn policy_and_holidays_from_the_command_line() {
    let _turn = common::run_beside_others();
    let (dir, db) = temp_db();
    let out = cli(&db).args(["policy", "show"]).assert().success();
    let overview = json(&out.get_output().stdout);
    assert_eq!(overview["in_force"]["settings"]["guest_cap_in_person"], 5);
    assert_eq!(overview["defaults"]["daily_cap_in_person"], 4);

    let mut settings = overview["defaults"].clone();
    settings["guest_cap_in_person"] = Value::from(6);
    let input = serde_json::json!({ "effective_from": "2027-01-01", "settings": settings, "note": "Ruang baru" });
    cli(&db)
        .args(["policy", "set"])
        .write_stdin(input.to_string())
        .assert()
        .success();
    settings["buffer_minutes"] = Value::from(-1);
    let bad = serde_json::json!({ "effective_from": "2027-02-01", "settings": settings });
    cli(&db)
        .args(["policy", "set"])
        .write_stdin(bad.to_string())
        .assert()
        .code(2);
    let out = cli(&db).args(["policy", "show"]).assert().success();
    assert_eq!(
        json(&out.get_output().stdout)["versions"]
            .as_array()
            .map(Vec::len),
        Some(2)
    );

    let out = cli(&db)
        .args(["holidays", "list", "--year", "2026"])
        .assert()
        .success();
    let days = json(&out.get_output().stdout);
    assert!(
        days.as_array()
            .into_iter()
            .flatten()
            .any(|d| d["date"] == "2026-03-19" && d["name"] == "Hari Suci Nyepi")
    );

    let ics = dir.path().join("libur.ics");
    std::fs::write(
        &ics,
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//T//ID\r\nBEGIN:VEVENT\r\nUID:x@t\r\nDTSTAMP:20280101T000000Z\r\n\
DTSTART;VALUE=DATE:20280717\r\nSUMMARY:Libur Kantor\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
    )
    .expect("write ics");
    let out = cli(&db)
        .args(["holidays", "import"])
        .arg(&ics)
        .assert()
        .success();
    assert_eq!(json(&out.get_output().stdout)["added"], 1);
    cli(&db)
        .args(["holidays", "add", "2028-02-30", "Hari yang tidak ada"])
        .assert()
        .code(2);
}

/// Runs the CLI binary as its own OS process, returning its exit code.
fn spawn(db: &Path, args: &[&str]) -> std::process::Child {
    std::process::Command::new(assert_cmd::cargo::cargo_bin("konsultasi"))
        .arg("--db")
        .arg(db)
        .args(["--as", "Sekretariat"])
        .args(args)
        .env_remove("KONSULTASI_DB")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn konsultasi")
}

#[test]
fn two_processes_scheduling_one_slot_or_confirming_one_booking_one_wins() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let mut ids = Vec::new();
    for _ in 0..2 {
        let out = cli(&db)
            .args(["requests", "add", FIXTURE])
            .assert()
            .success();
        let id = json(&out.get_output().stdout)["id"]
            .as_i64()
            .expect("id")
            .to_string();
        cli(&db)
            .args(["requests", "verify", &id])
            .assert()
            .success();
        ids.push(id);
    }
    let out = cli(&db)
        .args(["slots", &ids[0], "--count", "1"])
        .assert()
        .success();
    let slot = json(&out.get_output().stdout)["suggestions"][0].clone();
    let (date, time, room) = (
        slot["date"].as_str().expect("date").to_owned(),
        slot["time"].as_str().expect("time").to_owned(),
        slot["room_code"].as_str().expect("room").to_owned(),
    );

    // Two requests, one room, one time, two processes at once.
    let children: Vec<_> = ids
        .iter()
        .map(|id| {
            spawn(
                &db,
                &[
                    "requests", "schedule", id, "--date", &date, "--time", &time, "--room", &room,
                ],
            )
        })
        .collect();
    let mut codes: Vec<i32> = children
        .into_iter()
        .map(|child| {
            child
                .wait_with_output()
                .expect("wait")
                .status
                .code()
                .unwrap_or(-1)
        })
        .collect();
    codes.sort();
    assert_eq!(codes, vec![0, 2], "exactly one scheduling wins");

    let scheduled = ids
        .iter()
        .find(|id| {
            let out = cli(&db)
                .args(["requests", "show", id.as_str()])
                .assert()
                .success();
            json(&out.get_output().stdout)["status"] == "scheduled"
        })
        .expect("one request scheduled")
        .clone();

    // Two desks record the Pemda's confirmation of that booking at once.
    let children: Vec<_> = ["Rina", "Budi"]
        .iter()
        .map(|by| {
            spawn(
                &db,
                &[
                    "requests", "confirm", &scheduled, "--by", by, "--via", "whatsapp",
                ],
            )
        })
        .collect();
    let mut outcomes: Vec<(i32, String)> = children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("wait");
            (
                output.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        })
        .collect();
    outcomes.sort();
    assert_eq!(outcomes[0].0, 0, "{outcomes:?}");
    assert_eq!(outcomes[1].0, 2, "{outcomes:?}");
    assert!(
        outcomes[1].1.starts_with("galat: "),
        "a clear one-line reason: {outcomes:?}"
    );
    let out = cli(&db).args(["audit", &scheduled]).assert().success();
    let confirms = json(&out.get_output().stdout)
        .as_array()
        .map(|entries| entries.iter().filter(|e| e["action"] == "confirm").count());
    assert_eq!(confirms, Some(1));
}

#[test]
fn an_export_never_overwrites_the_database_nor_a_file_without_force() {
    let _turn = common::run_beside_others();
    let (dir, db) = temp_db();
    let report = |out: &Path, force: bool| {
        let mut command = cli(&db);
        command
            .args(["report", "monthly", "2026-11", "--format", "csv", "--out"])
            .arg(out);
        if force {
            command.arg("--force");
        }
        command.assert()
    };
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("dir");
    let link = dir.path().join("laporan-tautan.csv");
    std::os::unix::fs::symlink(&db, &link).expect("symlink");
    for target in [
        db.clone(),
        sub.join("..").join("cli.db"),
        dir.path().join("cli.db-wal"),
        dir.path().join("cli.db.before-migration-9.bak"),
        link,
    ] {
        for force in [false, true] {
            let out = report(&target, force).code(2);
            let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
            assert!(
                stderr.starts_with("galat: data tidak valid: out: ")
                    && stderr.contains("basis data"),
                "{target:?} --force {force}: {stderr}"
            );
        }
    }
    // SQLite checkpoints its log into the file on a later open, so the bytes may move; what
    // matters is that no report landed in it and that it still opens as the same database.
    let after = std::fs::read(&db).expect("database");
    assert!(after.starts_with(b"SQLite format 3\0"));
    assert!(!String::from_utf8_lossy(&after).contains("Bagian,"));
    // SQLite may leave its own (empty) log behind; the report must never have landed in it.
    let wal = std::fs::read(dir.path().join("cli.db-wal")).unwrap_or_default();
    assert!(
        !String::from_utf8_lossy(&wal).contains("Bagian,"),
        "the report was written into the database's log"
    );
    assert_eq!(list(&db), Vec::<Value>::new(), "the database still opens");

    let existing = dir.path().join("laporan.csv");
    std::fs::write(&existing, "lama").expect("write");
    let out = report(&existing, false).code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("--force"));
    assert_eq!(std::fs::read_to_string(&existing).expect("read"), "lama");
    let out = report(&existing, true).success();
    assert_eq!(
        json(&out.get_output().stdout)["file"],
        existing.to_str().expect("utf-8")
    );
    assert!(
        std::fs::read_to_string(&existing)
            .expect("read")
            .starts_with("Bagian,")
    );
}

#[test]
fn reads_refuse_devices_fifos_and_oversized_files_at_once() {
    let _turn = common::run_beside_others();
    let (dir, db) = temp_db();
    let limit = std::time::Duration::from_secs(30);
    let out = cli(&db)
        .args(["requests", "add", FIXTURE, "--letter-scan", "/dev/zero"])
        .timeout(limit)
        .assert()
        .code(2);
    let stderr = String::from_utf8_lossy(&out.get_output().stderr).into_owned();
    assert!(
        stderr.contains("letter.scan: ") && stderr.contains("bukan berkas biasa"),
        "{stderr}"
    );

    let fifo = dir.path().join("pipa.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("mkfifo must be installed (coreutils)");
    assert!(made.success());
    let out = cli(&db)
        .arg("import")
        .arg(&fifo)
        .timeout(limit)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("bukan berkas biasa"));

    // A sparse file: large to the reader, nothing on the disk.
    let big = dir.path().join("besar.csv");
    std::fs::File::create(&big)
        .and_then(|f| f.set_len(konsultasi::files::MAX_TEXT_BYTES + 1))
        .expect("sparse file");
    let out = cli(&db)
        .arg("import")
        .arg(&big)
        .timeout(limit)
        .assert()
        .code(2);
    assert!(String::from_utf8_lossy(&out.get_output().stderr).contains("terlalu besar"));
    assert_eq!(list(&db), Vec::<Value>::new(), "nothing was written");
}

#[test]
fn a_reader_that_stops_early_ends_the_output_quietly() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    cli(&db)
        .args(["requests", "add", FIXTURE])
        .assert()
        .success();
    let mut child = common::cli(&db)
        .args(["requests", "list"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The reader goes away before the first byte, as `| head -0` would.
    drop(child.stdout.take());
    let output = child.wait_with_output().expect("wait");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn a_refusal_keeps_its_exit_code_when_nobody_reads_standard_error() {
    let _turn = common::run_beside_others();
    let (_dir, db) = temp_db();
    let mut child = common::cli(&db)
        .args(["requests", "show", "999"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn");
    // The error's reader is gone before the message is written (`2>` to a closed pipe).
    drop(child.stderr.take());
    let output = child.wait_with_output().expect("wait");
    // 3 is "not found"; a panic on the broken pipe would exit 101.
    assert_eq!(output.status.code(), Some(3));
}
