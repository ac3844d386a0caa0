//! Opening the database: pragmas, migrations, backups and the shipped reference data.

use konsultasi::Store;
use konsultasi::store::backend::Backend;
use konsultasi::store::{migrator, postgres_migrator};
use konsultasi::workflow::Role;

use crate::common;

#[tokio::test]
async fn open_sets_wal_foreign_keys_and_busy_timeout() {
    let _turn = common::run_beside_others();
    let db = common::fresh_sqlite_db().await;
    let pool = db.store.pool();
    let journal: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(pool)
        .await
        .expect("pragma");
    let foreign_keys: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(pool)
        .await
        .expect("pragma");
    let busy: i64 = sqlx::query_scalar("PRAGMA busy_timeout")
        .fetch_one(pool)
        .await
        .expect("pragma");
    assert_eq!(journal, "wal");
    assert_eq!(foreign_keys, 1);
    assert!(busy >= 5000, "busy_timeout {busy}");
}

#[tokio::test]
async fn every_migration_is_applied_on_open() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    const APPLIED: &str = "SELECT version FROM _sqlx_migrations WHERE success ORDER BY version";
    let (applied, shipped): (Vec<i64>, Vec<i64>) = match db.store.pools() {
        Backend::Sqlite(pool) => (
            sqlx::query_scalar(APPLIED)
                .fetch_all(pool)
                .await
                .expect("history"),
            migrator().iter().map(|m| m.version).collect(),
        ),
        Backend::Postgres(pool) => (
            sqlx::query_scalar(APPLIED)
                .fetch_all(pool)
                .await
                .expect("history"),
            postgres_migrator().iter().map(|m| m.version).collect(),
        ),
    };
    assert_eq!(applied, shipped);
}

#[tokio::test]
async fn the_schema_refuses_what_the_core_would_never_write() {
    let _turn = common::run_beside_others();
    // The SQLite schema's CHECKs, in SQLite's spelling; PostgreSQL's are in postgres_only.
    let db = common::fresh_sqlite_db().await;
    let pool = db.store.pool();
    let insert = |status: &str,
                  channel: &str,
                  kind: &str,
                  region: Option<&str>,
                  name: Option<&str>| {
        sqlx::query(
            "INSERT INTO requests (status, channel, requester_kind, region_code, requester_name, contact_name,
                 contact_whatsapp, description, planned_guest_count, regional_head_attends, created_at, updated_at)
             VALUES (?, ?, ?, ?, ?, 'A', '+6281234567890', 'x', 1, 0, 't', 't')",
        )
        .bind(status.to_owned())
        .bind(channel.to_owned())
        .bind(kind.to_owned())
        .bind(region.map(str::to_owned))
        .bind(name.map(str::to_owned))
        .execute(pool)
    };
    assert!(
        insert(
            "submitted",
            "in_person",
            "regional_government",
            Some("32.01"),
            None
        )
        .await
        .is_ok()
    );
    assert!(
        insert(
            "pending",
            "in_person",
            "regional_government",
            Some("32.01"),
            None
        )
        .await
        .is_err(),
        "status CHECK"
    );
    assert!(
        insert(
            "submitted",
            "phone",
            "regional_government",
            Some("32.01"),
            None
        )
        .await
        .is_err(),
        "channel CHECK"
    );
    assert!(
        insert(
            "submitted",
            "in_person",
            "regional_government",
            Some("99.99"),
            None
        )
        .await
        .is_err(),
        "region FK"
    );
    assert!(
        insert(
            "submitted",
            "in_person",
            "regional_government",
            None,
            Some("X")
        )
        .await
        .is_err(),
        "Pemda needs a region"
    );
    assert!(
        insert("submitted", "in_person", "academic", None, Some("UGM"))
            .await
            .is_ok()
    );
    assert!(
        insert(
            "submitted",
            "in_person",
            "academic",
            Some("32.01"),
            Some("UGM")
        )
        .await
        .is_err()
    );
}

#[tokio::test]
async fn an_existing_database_is_copied_aside_before_migrating() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("lama.db");
    // A database from before this app's migrations: one table with a row worth keeping.
    {
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
            .await
            .expect("create old db");
        sqlx::query("CREATE TABLE catatan (isi TEXT)")
            .execute(&pool)
            .await
            .expect("create");
        sqlx::query("INSERT INTO catatan VALUES ('penting')")
            .execute(&pool)
            .await
            .expect("insert");
        pool.close().await;
    }
    let store = Store::open(&path).await.expect("open and migrate");
    store.close().await;
    let backup = dir.path().join("lama.db.before-migration-0.bak");
    assert!(backup.exists(), "no backup at {}", backup.display());
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", backup.display()))
        .await
        .expect("open backup");
    let kept: String = sqlx::query_scalar("SELECT isi FROM catatan")
        .fetch_one(&pool)
        .await
        .expect("row");
    assert_eq!(kept, "penting");
    let migrated: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE name = 'requests')")
            .fetch_one(&pool)
            .await
            .expect("query");
    assert!(!migrated, "the backup is the state before migrating");
}

/// A database from before this app's migrations, holding `note` in a table of its own.
async fn pre_app_database(path: &std::path::Path, note: &str) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=rwc", path.display()))
        .await
        .expect("create old db");
    sqlx::query("CREATE TABLE catatan (isi TEXT)")
        .execute(&pool)
        .await
        .expect("create");
    sqlx::query("INSERT INTO catatan VALUES (?)")
        .bind(note.to_owned())
        .execute(&pool)
        .await
        .expect("insert");
    pool.close().await;
}

#[tokio::test]
async fn a_second_copy_before_migrating_from_the_same_version_keeps_the_first() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("lama.db");
    for note in ["pertama", "kedua"] {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(dir.path().join(format!("lama.db{suffix}")));
        }
        pre_app_database(&path, note).await;
        Store::open(&path)
            .await
            .expect("open and migrate")
            .close()
            .await;
    }
    for (name, note) in [
        ("lama.db.before-migration-0.bak", "pertama"),
        ("lama.db.before-migration-0-2.bak", "kedua"),
    ] {
        let backup = dir.path().join(name);
        let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", backup.display()))
            .await
            .expect("open backup");
        let kept: String = sqlx::query_scalar("SELECT isi FROM catatan")
            .fetch_one(&pool)
            .await
            .expect("row");
        assert_eq!(kept, note, "{name}");
        pool.close().await;
    }
}

#[tokio::test]
async fn reopening_an_up_to_date_database_makes_no_backup_and_keeps_data() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("konsultasi.db");
    let store = Store::open(&path).await.expect("first open");
    let created = konsultasi::service::create_request(
        &store,
        &common::team_leader(&store).await,
        &common::valid_input(),
        common::now(),
    )
    .await
    .expect("create");
    store.close().await;

    let store = Store::open(&path).await.expect("second open");
    let again = konsultasi::service::get_request(&store, created.id)
        .await
        .expect("still there");
    assert_eq!(again, created);
    let backups: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .collect();
    assert!(backups.is_empty(), "unexpected backup: {backups:?}");
}

#[tokio::test]
async fn a_file_that_is_not_a_database_is_refused_untouched() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("bukan.db");
    std::fs::write(
        &path,
        b"ini bukan basis data SQLite, hanya teks biasa yang cukup panjang",
    )
    .expect("write");
    let before = std::fs::read(&path).expect("read");
    let error = Store::open(&path).await.err().expect("refused");
    assert_eq!(error.code(), konsultasi::ErrorCode::Internal);
    assert_eq!(std::fs::read(&path).expect("read"), before);
}

#[test]
fn a_hundred_processes_opening_one_new_database_all_succeed() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("baru.db");
    let children: Vec<_> = (0..100)
        .map(|_| {
            common::cli(&db)
                .args(["topics", "list"])
                .env("RUST_BACKTRACE", "0")
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn konsultasi")
        })
        .collect();
    let failures: Vec<String> = children
        .into_iter()
        .map(|child| child.wait_with_output().expect("wait"))
        .filter(|output| !output.status.success())
        .map(|output| String::from_utf8_lossy(&output.stderr).into_owned())
        .collect();
    assert!(
        failures.is_empty(),
        "{} of 100 failed: {:?}",
        failures.len(),
        failures
    );
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let store = Store::open(&db).await.expect("open");
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations ORDER BY version")
                .fetch_all(store.pool())
                .await
                .expect("history");
        let shipped: Vec<i64> = migrator().iter().map(|m| m.version).collect();
        assert_eq!(applied, shipped, "each migration applied once");
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(store.pool())
            .await
            .expect("integrity");
        assert_eq!(integrity, "ok");
        store.close().await;
    });
    let backups = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".bak"))
        .count();
    assert_eq!(backups, 0, "a new database needs no copy before migrating");
}

/// The CLI on `db` as a user who may not write the file or its folder: as root (who may write
/// anything) it runs as `nobody`; otherwise the permissions below suffice.
fn cli_without_write_access(db: &std::path::Path) -> std::process::Command {
    use std::os::unix::process::CommandExt as _;
    let mut command = common::cli(db);
    let is_root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .expect("id must be installed")
        .stdout
        .starts_with(b"0\n");
    if is_root {
        command.uid(65534).gid(65534);
    }
    command
}

fn set_mode(path: &std::path::Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

#[test]
fn a_database_that_cannot_be_written_is_listed_and_refuses_changes() {
    let _turn = common::run_beside_others();
    const FIXTURE: &str = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/request_in_person.json"
    );
    let dir = tempfile::tempdir().expect("dir");
    set_mode(dir.path(), 0o755);
    let folder = dir.path().join("arsip");
    let db = folder.join("desk.db");
    for args in [
        &["users", "add", "Sekretariat", "--role", "team_leader"][..],
        &["requests", "add", FIXTURE][..],
    ] {
        assert!(common::cli(&db).args(args).status().expect("run").success());
    }
    let readable = |label: &str| {
        set_mode(&folder, 0o555);
        for entry in std::fs::read_dir(&folder).expect("list") {
            set_mode(&entry.expect("entry").path(), 0o444);
        }
        let listed = cli_without_write_access(&db)
            .args(["requests", "list"])
            .output()
            .expect("list");
        assert!(
            listed.status.success(),
            "{label}: {}",
            String::from_utf8_lossy(&listed.stderr)
        );
        let rows: serde_json::Value = serde_json::from_slice(&listed.stdout).expect("JSON");
        assert_eq!(rows.as_array().map(Vec::len), Some(1), "{label}");

        let refused = cli_without_write_access(&db)
            .args(["requests", "add", FIXTURE])
            .output()
            .expect("add");
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{label}: {stderr}");
        assert!(
            stderr.contains("basis data hanya-baca"),
            "{label}: {stderr}"
        );
        set_mode(&folder, 0o755);
        for entry in std::fs::read_dir(&folder).expect("list") {
            set_mode(&entry.expect("entry").path(), 0o644);
        }
    };
    // As the CLI left it: the last request may still be in the write-ahead log.
    readable("with its log");

    // Closed cleanly (no log, no index), in a folder that cannot take a new one.
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime")
        .block_on(async {
            Store::open(&db).await.expect("open").close().await;
        });
    assert!(!folder.join("desk.db-wal").exists());
    readable("closed cleanly");
    assert!(
        common::cli(&db)
            .args(["users", "list"])
            .status()
            .expect("run")
            .success()
    );
}

/// A desk from before team accounts: its profiles and their history survive the rebuild of
/// `users` with their ids, and its first secretariat becomes the team leader who now holds the
/// policy, the reports and the profiles, as the audit log says.
#[tokio::test]
async fn profiles_and_their_history_survive_the_accounts_migration() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lama.db");
    {
        let pool = common::sqlite_before(&path, 20261203000051).await;
        for statement in [
            "INSERT INTO users (id, name, role, created_at) VALUES
                 (4, 'Sari', 'secretariat', '2026-11-01T01:00:00Z'),
                 (9, 'Rina', 'agent', '2026-11-02T01:00:00Z'),
                 (12, 'Dewi', 'secretariat', '2026-11-03T01:00:00Z')",
            "INSERT INTO audit_log (at, actor_id, actor_name, action) VALUES
                 ('2026-11-02T01:00:00Z', 4, 'Sari', 'user.create')",
        ] {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .expect(statement);
        }
        pool.close().await;
    }

    let store = Store::open(&path).await.expect("migrate");
    let users = konsultasi::service::workflow::list_users(&store)
        .await
        .expect("users");
    let roles: Vec<(i64, &str, Role)> = users
        .iter()
        .map(|u| (u.id, u.name.as_str(), u.role))
        .collect();
    assert_eq!(
        roles,
        [
            (12, "Dewi", Role::Secretariat),
            (9, "Rina", Role::Agent),
            (4, "Sari", Role::TeamLeader)
        ]
    );
    let promoted = konsultasi::service::audit::search_audit(&store, "Dijadikan ketua tim")
        .await
        .expect("audit");
    assert_eq!(promoted.len(), 1);
    assert_eq!(promoted[0].actor_name, "Sari");
    assert_eq!(
        common::scalar(&store, "SELECT count(*) FROM audit_log WHERE actor_id = 4").await,
        2
    );
    let dangling: i64 =
        common::scalar(&store, "SELECT count(*) FROM pragma_foreign_key_check").await;
    assert_eq!(dangling, 0, "every reference still points at its profile");
    let enforced: i64 =
        common::scalar(&store, "SELECT foreign_keys FROM pragma_foreign_keys").await;
    assert_eq!(enforced, 1, "foreign keys are on again after the rebuild");
    store.close().await;
}
