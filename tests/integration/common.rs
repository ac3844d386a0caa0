//! Helpers shared by the core's integration tests: a fresh database per test, a valid request.

use std::path::PathBuf;
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError};

use chrono::{DateTime, TimeZone, Utc};
use konsultasi::Store;
use konsultasi::api::UserInput;
use konsultasi::api::{
    ContactInput, GuestInput, LetterInput, PreferredSlotInput, RequestInput, RequesterInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::service::workflow::{self, Actor};
use konsultasi::store::backend::{Backend, Location};
use konsultasi::workflow::Role;

pub struct TestDb {
    pub store: Store,
    /// The SQLite file (on a PostgreSQL run: a file name in the test's folder that nothing
    /// creates, for the tests that name a path).
    pub path: PathBuf,
    /// What `--db` names for this test's database: the file, or the PostgreSQL URL.
    #[allow(
        dead_code,
        reason = "read through db_arg once the CLI tests run on both backends"
    )]
    pub location: Location,
    /// A secretariat profile that makes the tests' changes.
    pub actor: Actor,
    // Held so the directory lives as long as the test.
    _dir: tempfile::TempDir,
}

/// The environment variable naming the PostgreSQL server of a PostgreSQL run (a superuser URL,
/// exported by `scripts/test.sh`); with `KONSULTASI_TEST_BACKEND=postgres` every test's fresh
/// database is a new database on that server.
pub const POSTGRES_ENV: &str = "KONSULTASI_TEST_POSTGRES";
pub const BACKEND_ENV: &str = "KONSULTASI_TEST_BACKEND";

/// Whether this run tests the team database. A PostgreSQL run without a server named is a
/// mistake of the runner, and fails loudly rather than testing SQLite again.
pub fn on_postgres() -> bool {
    match std::env::var(BACKEND_ENV).as_deref() {
        Ok("postgres") => true,
        Ok("sqlite") | Err(_) => false,
        Ok(other) => panic!("{BACKEND_ENV}={other}: expected sqlite or postgres"),
    }
}

pub async fn fresh_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("konsultasi.db");
    let location = if on_postgres() {
        Location::parse(&fresh_postgres_database().await).expect("test database URL")
    } else {
        Location::File(path.clone())
    };
    let store = Store::open_at(&location)
        .await
        .expect("open fresh database");
    let actor = team_leader(&store).await;
    TestDb {
        store,
        path,
        location,
        actor,
        _dir: dir,
    }
}

/// A new, migrated database on the run's PostgreSQL server, copied from a template this test
/// process migrates once; its URL.
pub async fn fresh_postgres_database() -> String {
    static TEMPLATE: tokio::sync::OnceCell<String> = tokio::sync::OnceCell::const_new();
    static COUNTER: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let server = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
        panic!("{BACKEND_ENV}=postgres needs {POSTGRES_ENV} (scripts/test.sh starts the server)")
    });
    let template = TEMPLATE
        .get_or_init(|| async {
            let name = format!("konsultasi_template_{}", std::process::id());
            create_database(&server, &name, None).await;
            let store = Store::open_at(
                &Location::parse(&database_url(&server, &name)).expect("template URL"),
            )
            .await
            .expect("migrate the template database");
            store.close().await;
            name
        })
        .await;
    let name = format!(
        "konsultasi_test_{}_{}",
        std::process::id(),
        COUNTER.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    );
    create_database(&server, &name, Some(template)).await;
    database_url(&server, &name)
}

/// `server` (a URL ending in a database name) with `name` as its database.
pub fn database_url(server: &str, name: &str) -> String {
    let (base, query) = match server.split_once('?') {
        Some((base, query)) => (base, format!("?{query}")),
        None => (server, String::new()),
    };
    let base = base.rsplit_once('/').map_or(base, |(head, _)| head);
    format!("{base}/{name}{query}")
}

async fn create_database(server: &str, name: &str, template: Option<&str>) {
    use sqlx::Connection;
    let mut admin = sqlx::PgConnection::connect(server)
        .await
        .expect("connect to the test PostgreSQL server");
    // Names are the test's own ([a-z0-9_]), so quoting them is all they need.
    let statement = match template {
        Some(template) => {
            format!("CREATE DATABASE \"{name}\" TEMPLATE \"{template}\" STRATEGY FILE_COPY")
        }
        None => format!("CREATE DATABASE \"{name}\""),
    };
    sqlx::raw_sql(sqlx::AssertSqlSafe(statement))
        .execute(&mut admin)
        .await
        .expect("create a test database");
    admin.close().await.expect("close");
}

/// One number the test asks of the database, as another client would, on either backend.
pub async fn scalar(store: &Store, sql: &'static str) -> i64 {
    match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// A SQLite file at `path` migrated to just before `version`, as an older app left it: the
/// caller writes the rows that version knew, then opens it with this app to migrate.
pub async fn sqlite_before(path: &std::path::Path, version: i64) -> sqlx::SqlitePool {
    let pool = sqlx::SqlitePool::connect_with(
        sqlx::sqlite::SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .foreign_keys(true),
    )
    .await
    .expect("open");
    let older = sqlx::migrate::Migrator {
        migrations: konsultasi::store::migrator()
            .iter()
            .filter(|m| m.version < version)
            .cloned()
            .collect::<Vec<_>>()
            .into(),
        ..sqlx::migrate::Migrator::DEFAULT
    };
    older.run(&pool).await.expect("old migrations");
    pool
}

/// A statement the test runs on the database as another client would (a clock moved on, a
/// row tampered with), on either backend.
pub async fn execute(store: &Store, sql: &str) {
    let statement = sqlx::AssertSqlSafe(sql.to_owned());
    match store.pools() {
        Backend::Sqlite(pool) => sqlx::query(statement).execute(pool).await.map(drop),
        Backend::Postgres(pool) => sqlx::query(statement).execute(pool).await.map(drop),
    }
    .unwrap_or_else(|e| panic!("{sql}: {e}"));
}

/// An instant as an SQL literal both backends store: RFC 3339 text, which PostgreSQL casts to
/// `timestamptz` on assignment.
pub fn instant_sql(at: DateTime<Utc>) -> String {
    format!("'{}'", at.format("%Y-%m-%dT%H:%M:%SZ"))
}

/// A fresh SQLite desk whatever the run's backend, for what only an SQLite file has (pragmas,
/// its migration files, the file itself).
pub async fn fresh_sqlite_db() -> TestDb {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("konsultasi.db");
    let store = Store::open(&path).await.expect("open fresh database");
    let actor = team_leader(&store).await;
    TestDb {
        store,
        location: Location::File(path.clone()),
        path,
        actor,
        _dir: dir,
    }
}

impl TestDb {
    /// The `--db` argument that reaches this test's database, password included.
    #[allow(dead_code, reason = "for the CLI tests once they run on both backends")]
    pub fn db_arg(&self) -> String {
        match &self.location {
            Location::File(path) => path.display().to_string(),
            Location::Postgres(url) => url.expose().to_owned(),
        }
    }
}

pub const LEADER: &str = "Ketua Tim Uji";

/// The team leader's profile of a test database, the desk's first, created on first use: it
/// may do everything the desk does (the policy, the reports, profiles).
pub async fn team_leader(store: &Store) -> Actor {
    if let Ok(actor) = workflow::actor(store, LEADER).await {
        return actor;
    }
    let input = UserInput {
        name: LEADER.into(),
        role: Some(Role::TeamLeader),
    };
    // The first profile of a fresh database makes itself.
    workflow::create_user(store, None, &input, now())
        .await
        .expect("create team leader");
    workflow::actor(store, LEADER).await.expect("team leader")
}

/// An agent profile, made by the team leader.
pub async fn agent(store: &Store) -> Actor {
    let input = UserInput {
        name: "Agen Uji".into(),
        role: Some(Role::Agent),
    };
    let leader = team_leader(store).await;
    workflow::create_user(store, Some(&leader), &input, now())
        .await
        .expect("create agent");
    workflow::actor(store, "Agen Uji").await.expect("agent")
}

pub fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 3, 0, 0)
        .single()
        .expect("valid instant")
}

/// A complete, valid face-to-face request from Kabupaten Mukomuko.
pub fn valid_input() -> RequestInput {
    RequestInput {
        channel: Some(Channel::InPerson),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some("17.06".into()),
            name: None,
        },
        contact: ContactInput {
            name: "Rina Marlina".into(),
            whatsapp: "0812-3456-7890".into(),
            email: Some("bpkad@mukomukokab.go.id".into()),
        },
        topics: vec!["DAU".into(), "DANA_DESA".into()],
        description: "Konsultasi penyaluran DAU yang ditentukan penggunaannya.".into(),
        preferred_slots: vec![
            PreferredSlotInput {
                date: "2026-12-08".into(),
                time: "09:00".into(),
            },
            PreferredSlotInput {
                date: "2026-12-09".into(),
                time: "13:30".into(),
            },
        ],
        planned_guest_count: 4,
        guests: vec![
            GuestInput {
                name: "H. Sapuan".into(),
                position: "Bupati".into(),
                institution: "Pemerintah Kabupaten Mukomuko".into(),
                contact: None,
                is_regional_head: true,
            },
            GuestInput {
                name: "Ni Luh Ayu Wéndri".into(),
                position: "Kepala BPKAD".into(),
                institution: "BPKAD Kabupaten Mukomuko".into(),
                contact: Some("0813 1111 2222".into()),
                is_regional_head: false,
            },
        ],
        letter: Some(LetterInput {
            number: "900/412/BPKAD/2026".into(),
            date: "2026-11-20".into(),
            subject: "Permohonan Konsultasi DAU".into(),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
            signer: "Sekretaris Daerah Kabupaten Mukomuko".into(),
            scan: None,
        }),
        received_on: Some("2026-11-27".into()),
    }
}

/// Row counts of every table that a request writes to, to prove a refusal wrote nothing.
pub async fn row_counts(store: &Store) -> Vec<(&'static str, i64)> {
    const COUNTS: [(&str, &str); 11] = [
        ("requests", "SELECT count(*) FROM requests"),
        ("request_topics", "SELECT count(*) FROM request_topics"),
        ("preferred_slots", "SELECT count(*) FROM preferred_slots"),
        ("guests", "SELECT count(*) FROM guests"),
        ("request_letters", "SELECT count(*) FROM request_letters"),
        ("stored_files", "SELECT count(*) FROM stored_files"),
        ("check_ins", "SELECT count(*) FROM check_ins"),
        ("attendees", "SELECT count(*) FROM attendees"),
        ("violations", "SELECT count(*) FROM violations"),
        (
            "consultations_held",
            "SELECT count(*) FROM consultations_held",
        ),
        ("audit_log", "SELECT count(*) FROM audit_log"),
    ];
    let mut counts = Vec::new();
    for (table, sql) in COUNTS {
        let count: i64 = match store.pools() {
            Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
            Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        }
        .expect("count rows");
        counts.push((table, count));
    }
    counts
}

/// The smallest file that passes for a PDF scan.
pub fn tiny_pdf() -> Vec<u8> {
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n".to_vec()
}

/// The text of a PDF after `qpdf --check` passed on it (both tools installed by the test command).
pub fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("letter.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    let check = std::process::Command::new("qpdf")
        .arg("--check")
        .arg(&path)
        .output()
        .expect("qpdf must be installed (Debian package qpdf)");
    assert!(
        check.status.success(),
        "qpdf --check: {}",
        String::from_utf8_lossy(&check.stdout)
    );
    let text = std::process::Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext must be installed (Debian package poppler-utils)");
    assert!(text.status.success());
    String::from_utf8(text.stdout).expect("utf-8")
}

/// The `konsultasi` binary on database `db`, acting as the test's secretariat profile
/// "Sekretariat", blind to the user's own database setting.
pub fn cli(db: impl AsRef<std::ffi::OsStr>) -> std::process::Command {
    use assert_cmd::cargo::CommandCargoExt as _;
    let mut command = std::process::Command::cargo_bin("konsultasi").expect("binary built");
    command
        .arg("--db")
        .arg(db)
        .args(["--as", "Sekretariat"])
        .env_remove("KONSULTASI_DB");
    command
}

/// The signatory the tests' letters are signed by.
pub const SIGNATORY: &str = "Dr. Adriyanto, S.E., M.A.";

/// Replaces the seeded placeholder signatory with a real one, as the secretariat does at first
/// start: letters are refused until then.
pub async fn fill_letter_settings(store: &Store, actor: &Actor) {
    let mut settings = konsultasi::service::export::export_settings(store)
        .await
        .expect("export settings");
    settings.signatory_name = SIGNATORY.into();
    konsultasi::service::export::save_export_settings(store, actor, &settings, now())
        .await
        .expect("save export settings");
}

/// [`fill_letter_settings`] through the CLI (`export settings --set`), acting as "Sekretariat".
pub fn fill_letter_settings_cli(db: &std::path::Path) {
    let shown = cli(db)
        .args(["export", "settings"])
        .output()
        .expect("run export settings");
    assert!(shown.status.success(), "{shown:?}");
    let mut settings: serde_json::Value =
        serde_json::from_slice(&shown.stdout).expect("settings JSON");
    settings["signatory_name"] = SIGNATORY.into();
    let file = db.with_extension("letter-settings.json");
    std::fs::write(&file, settings.to_string()).expect("write settings");
    let set = cli(db)
        .args(["export", "settings", "--set"])
        .arg(&file)
        .output()
        .expect("run export settings --set");
    assert!(set.status.success(), "{set:?}");
}

/// Who may run now: any number of tests side by side, or one test alone.
struct Turns {
    beside: usize,
    alone: bool,
}

static TURNS: Mutex<Turns> = Mutex::new(Turns {
    beside: 0,
    alone: false,
});
static TURN_ENDED: Condvar = Condvar::new();

/// A test's claim on the machine, given back when it drops (also when the test panics).
pub struct Turn {
    alone: bool,
}

fn turns() -> MutexGuard<'static, Turns> {
    // Nothing panics while this is held; a test that failed holding a turn gave it back in
    // `Drop` while unwinding.
    TURNS.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Every test but `race` starts with this: it runs at once beside any number of other tests
/// and waits only while a test runs alone. It never waits for a test beside it, so a test that
/// took a turn cannot block itself by taking another.
pub fn run_beside_others() -> Turn {
    let mut turns = turns();
    while turns.alone {
        turns = TURN_ENDED
            .wait(turns)
            .unwrap_or_else(PoisonError::into_inner);
    }
    turns.beside += 1;
    Turn { alone: false }
}

/// Waits until no other test runs, then keeps the others waiting until the turn drops.
///
/// For `race` only: in a binary of its own its 200 processes had the machine to themselves,
/// and it asserts that none waits past SQLite's busy timeout (10 s) for the write lock while
/// each letter is drawn and written. On two cores, with any other test using the second one,
/// some did and were told "database is locked".
pub fn run_alone() -> Turn {
    let mut turns = turns();
    while turns.alone || turns.beside > 0 {
        turns = TURN_ENDED
            .wait(turns)
            .unwrap_or_else(PoisonError::into_inner);
    }
    turns.alone = true;
    Turn { alone: true }
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut turns = turns();
        if self.alone {
            turns.alone = false;
        } else {
            turns.beside -= 1;
        }
        TURN_ENDED.notify_all();
    }
}
