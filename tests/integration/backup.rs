//! Backup while another process writes, and a restore that checks before it replaces.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::common::{self, cli};
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
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));

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
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
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
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
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

/// Runs a refused command: exit 2 and the reason on standard error.
fn refused(command: &mut Command) -> String {
    let output = command.output().expect("run konsultasi");
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    assert_eq!(output.status.code(), Some(2), "refused: {stderr}");
    stderr
}

async fn integrity(db: &Path) -> Vec<String> {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display()))
        .await
        .expect("open");
    let rows: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await
        .expect("integrity_check");
    pool.close().await;
    rows
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_restore_while_the_database_is_open_is_refused_and_loses_nothing() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    let backup = dir.path().join("cadangan.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
    run(cli(&db).args(["backup", "--out"]).arg(&backup));

    // The app has the database open and writes; another process writes through the CLI.
    let app = konsultasi::Store::open(&db).await.expect("open");
    let actor = konsultasi::service::workflow::actor(&app, "Sekretariat")
        .await
        .expect("actor");
    let writer = Command::new("sh")
        .arg("-c")
        .arg(
            r#"for i in $(seq 1 15); do out=$("$0" --db "$1" --as Sekretariat requests add "$2") || exit 1; printf '%s\n' "$out" | grep -m1 '"id"'; done"#,
        )
        .arg(assert_cmd::cargo::cargo_bin("konsultasi"))
        .arg(&db)
        .arg(FIXTURE)
        .stdout(Stdio::piped())
        .spawn()
        .expect("writer");
    let mut acknowledged = Vec::new();
    for _ in 0..5 {
        let created = konsultasi::service::create_request(
            &app,
            &actor,
            &common::valid_input(),
            konsultasi::time::system_now(),
        )
        .await
        .expect("the app writes");
        acknowledged.push(created.id);
        let stderr = refused(cli(&db).arg("restore").arg(&backup));
        assert!(stderr.contains(konsultasi::store::lock::IN_USE), "{stderr}");
    }
    let output = writer.wait_with_output().expect("writer");
    assert!(output.status.success());
    for line in String::from_utf8_lossy(&output.stdout).lines() {
        let id: i64 = line
            .trim()
            .trim_start_matches("\"id\":")
            .trim_end_matches(',')
            .trim()
            .parse()
            .expect("printed id");
        acknowledged.push(id);
    }
    assert_eq!(acknowledged.len(), 20);
    app.close().await;

    acknowledged.sort();
    assert_eq!(request_ids(&db), acknowledged, "every acknowledged write");
    assert_eq!(integrity(&db).await, ["ok"]);
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("restore"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "a refused restore leaves nothing: {leftovers:?}"
    );
}

#[tokio::test]
async fn of_two_restores_at_once_one_runs_and_the_other_is_refused() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
    run(cli(&db).args(["requests", "add", FIXTURE]));
    let one = dir.path().join("satu.db");
    run(cli(&db).args(["backup", "--out"]).arg(&one));
    run(cli(&db).args(["requests", "add", FIXTURE]));
    let two = dir.path().join("dua.db");
    run(cli(&db).args(["backup", "--out"]).arg(&two));

    let (first, second) = tokio::join!(
        konsultasi::store::backup::restore(&one, &db, "20261201T000000Z"),
        konsultasi::store::backup::restore(&two, &db, "20261201T000000Z"),
    );
    let (ran, refusal, expected) = match (first, second) {
        (Ok(report), Err(e)) => (report, e, 1),
        (Err(e), Ok(report)) => (report, e, 2),
        (first, second) => panic!("exactly one runs: {first:?} / {second:?}"),
    };
    assert_eq!(refusal.code(), konsultasi::ErrorCode::Conflict);
    assert_eq!(refusal.to_string(), konsultasi::store::lock::IN_USE);
    assert_eq!(ran.requests, expected);
    assert_eq!(request_ids(&db).len() as i64, expected, "the one that ran");
    assert_eq!(integrity(&db).await, ["ok"]);
}

#[tokio::test]
async fn a_row_that_lives_only_in_the_backups_write_ahead_log_is_restored() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let source = dir.path().join("sumber.db");
    let store = konsultasi::Store::open(&source).await.expect("open");
    let actor = common::team_leader(&store).await;
    let now = konsultasi::time::system_now();
    konsultasi::service::create_request(&store, &actor, &common::valid_input(), now)
        .await
        .expect("first");
    store.close().await;
    // The second request is committed to the log and not yet checkpointed into the file.
    let store = konsultasi::Store::open(&source).await.expect("reopen");
    let second = konsultasi::service::create_request(&store, &actor, &common::valid_input(), now)
        .await
        .expect("second");
    // What a copy of the folder taken now holds: the file and its log, no index.
    let copy = dir.path().join("salinan.db");
    std::fs::copy(&source, &copy).expect("copy");
    std::fs::copy(
        dir.path().join("sumber.db-wal"),
        dir.path().join("salinan.db-wal"),
    )
    .expect("copy log");
    store.close().await;
    let main_only = dir.path().join("tanpa-log.db");
    std::fs::copy(&copy, &main_only).expect("copy");
    let ids_without_log = {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", main_only.display()))
            .await
            .expect("open");
        let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM requests")
            .fetch_all(&pool)
            .await
            .expect("ids");
        pool.close().await;
        ids
    };
    assert!(
        !ids_without_log.contains(&second.id),
        "the row lives only in the log"
    );

    let target = dir.path().join("pulih.db");
    let report = konsultasi::store::backup::restore(&copy, &target, "20261201T000000Z")
        .await
        .expect("restore");
    assert_eq!(report.requests, 2);
    assert_eq!(request_ids(&target), vec![1, second.id]);
}

/// A copy of `good` changed by `sql` (run with foreign keys off), as a candidate backup.
async fn altered(good: &Path, name: &str, sql: &[&'static str]) -> std::path::PathBuf {
    let path = good.with_file_name(name);
    std::fs::copy(good, &path).expect("copy");
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .expect("open");
    let mut conn = pool.acquire().await.expect("connection");
    sqlx::query("PRAGMA foreign_keys = OFF")
        .execute(&mut *conn)
        .await
        .expect("pragma");
    for statement in sql {
        sqlx::query(*statement)
            .execute(&mut *conn)
            .await
            .expect("alter");
    }
    drop(conn);
    pool.close().await;
    path
}

#[tokio::test]
async fn a_backup_whose_history_or_references_are_wrong_is_refused_and_the_database_stays() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("live.db");
    run(cli(&db).args(["users", "add", "Sekretariat", "--role", "team_leader"]));
    run(cli(&db).args(["requests", "add", FIXTURE]));
    let good = dir.path().join("baik.db");
    run(cli(&db).args(["backup", "--out"]).arg(&good));

    let cases = [
        (
            altered(
                &good,
                "lebih-baru.db",
                &["INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                   VALUES (99990101000001, 'future', 1, x'00', 0)"],
            )
            .await,
            "versi aplikasi yang lebih baru",
        ),
        (
            altered(
                &good,
                "tak-dikenal.db",
                &["INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
                   VALUES (20261128000000, 'foreign', 1, x'00', 0)"],
            )
            .await,
            "tidak dikenal",
        ),
        (
            altered(
                &good,
                "diubah.db",
                &["UPDATE _sqlx_migrations SET checksum = x'0badc0de' WHERE version = 20261128000002"],
            )
            .await,
            "checksum berbeda",
        ),
        (
            altered(
                &good,
                "setengah.db",
                &["UPDATE _sqlx_migrations SET success = 0
                   WHERE version = (SELECT max(version) FROM _sqlx_migrations)"],
            )
            .await,
            "hanya sebagian diterapkan",
        ),
        (
            altered(
                &good,
                "yatim.db",
                &["INSERT INTO request_topics (request_id, topic_code) VALUES (9999, 'DAU')"],
            )
            .await,
            "merujuk data yang tidak ada",
        ),
    ];

    let before = std::fs::read(&db).expect("db");
    for (candidate, reason) in &cases {
        let stderr = refused(cli(&db).arg("restore").arg(candidate));
        assert!(stderr.contains("tidak dapat dipulihkan"), "{stderr}");
        assert!(stderr.contains(reason), "{candidate:?}: {stderr}");
    }
    assert_eq!(
        std::fs::read(&db).expect("db"),
        before,
        "the database is untouched"
    );
    assert_eq!(request_ids(&db).len(), 1);
    // The unchanged backup passes the same checks.
    run(cli(&db).arg("restore").arg(&good));
}
