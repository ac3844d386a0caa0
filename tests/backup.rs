//! Backup while another process writes, and a restore that checks before it replaces.

mod common;

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use common::cli;
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/request_in_person.json"
);

fn run(command: &mut Command) -> Value {
    let output = command.output().expect("run konsultasi");
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

fn request_ids(db: &Path) -> Vec<i64> {
    let list = run(cli(db).args(["requests", "list"]));
    let mut ids: Vec<i64> = list
        .as_array()
        .expect("array")
        .iter()
        .map(|r| r["id"].as_i64().expect("id"))
        .collect();
    ids.sort();
    ids
}

#[test]
fn a_backup_taken_while_another_process_writes_holds_every_committed_row() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "secretariat"]));

    // Another process keeps adding requests, one committed transaction each.
    let writer = Command::new("sh")
        .arg("-c")
        .arg(
            r#"for i in $(seq 1 60); do "$0" --db "$1" --as Sekretariat requests add "$2" >/dev/null || exit 1; done"#,
        )
        .arg(assert_cmd::cargo::cargo_bin("konsultasi"))
        .arg(&db)
        .arg(FIXTURE)
        .stdout(Stdio::null())
        .spawn()
        .expect("writer");
    let mut writer = writer;

    // Wait until the writer is well under way, note what is committed, then back up.
    let mut committed = Vec::new();
    for _ in 0..200 {
        committed = request_ids(&db);
        if committed.len() >= 10 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert!(committed.len() >= 10, "the writer is running");
    let backup = dir.path().join("cadangan.db");
    let report = run(cli(&db).args(["backup", "--out"]).arg(&backup));
    let still_writing = writer.try_wait().expect("writer state").is_none();
    assert!(writer.wait().expect("writer").success());
    assert!(
        still_writing,
        "the backup ran while the writer was still writing"
    );
    let all = request_ids(&db);
    assert_eq!(all.len(), 60);

    // The copy holds at least what was committed before it began, and no more than the end.
    let in_backup = report["requests"].as_i64().expect("count") as usize;
    assert!(
        (committed.len()..=all.len()).contains(&in_backup),
        "{in_backup} not in {}..={}",
        committed.len(),
        all.len()
    );

    // Restore into a new place: integrity-checked, every row committed before the backup there.
    let restored = dir.path().join("pulih.db");
    let out = run(cli(&restored).arg("restore").arg(&backup));
    assert_eq!(out["requests"].as_i64(), Some(in_backup as i64));
    let ids = request_ids(&restored);
    for id in &committed {
        assert!(
            ids.contains(id),
            "request {id} was committed before the backup"
        );
    }
    assert_eq!(
        ids,
        all[..in_backup].to_vec(),
        "a prefix of the writes, in order"
    );
}

#[test]
fn a_damaged_or_foreign_file_is_refused_and_the_database_stays() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "secretariat"]));
    run(cli(&db).args(["requests", "add", FIXTURE]));

    let text = dir.path().join("bukan.db");
    std::fs::write(&text, b"bukan basis data").expect("write");
    let damaged = dir.path().join("rusak.db");
    run(cli(&db).args(["backup", "--out"]).arg(&damaged));
    let mut bytes = std::fs::read(&damaged).expect("backup");
    let middle = bytes.len() / 2;
    for byte in &mut bytes[middle..middle + 4096] {
        *byte = 0xA5;
    }
    std::fs::write(&damaged, bytes).expect("damage");
    // Restore reads the candidate before it opens, copies or replaces anything.
    let before = std::fs::read(&db).expect("db");

    for candidate in [&text, &damaged, &dir.path().join("tidak-ada.db")] {
        let output = cli(&db)
            .arg("restore")
            .arg(candidate)
            .output()
            .expect("restore");
        assert_eq!(output.status.code(), Some(2), "{candidate:?} is refused");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(stderr.contains("tidak dapat dipulihkan"), "{stderr}");
    }
    assert_eq!(
        std::fs::read(&db).expect("db"),
        before,
        "the database is untouched"
    );
    assert_eq!(request_ids(&db).len(), 1);

    // A backup is never written over an existing file.
    let output = cli(&db)
        .args(["backup", "--out"])
        .arg(&text)
        .output()
        .expect("backup");
    assert_eq!(output.status.code(), Some(2));
    assert_eq!(std::fs::read(&text).expect("kept"), b"bukan basis data");
}

#[test]
fn a_restore_over_a_database_keeps_the_one_it_replaces() {
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "secretariat"]));
    run(cli(&db).args(["requests", "add", FIXTURE]));
    let good = dir.path().join("baik.db");
    run(cli(&db).args(["backup", "--out"]).arg(&good));
    run(cli(&db).args(["requests", "add", FIXTURE]));
    assert_eq!(request_ids(&db).len(), 2);

    let out = run(cli(&db).arg("restore").arg(&good));
    assert_eq!(request_ids(&db).len(), 1, "back to the backup");
    let kept = out["previous_kept_as"].as_str().expect("kept").to_owned();
    assert!(kept.contains(".before-restore-"), "{kept}");
    assert_eq!(request_ids(Path::new(&kept)).len(), 2, "nothing is lost");
}
