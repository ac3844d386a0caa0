//! Many desks at once: 200 real `konsultasi` processes on one database (the SQLite file, or on a
//! PostgreSQL run one team database, each process with its own connections), racing for one
//! room and time, for one booking's confirmation, and for letter numbers. Each race has exactly the
//! outcome a single desk would see, and a loser is told so on one line with exit code 2, never
//! "database is locked".
//!
//! The database is created (and migrated) once before each race, in this process.

use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use konsultasi::Store;
use konsultasi::api::{ScheduleInput, SlotSearch, UserInput};
use konsultasi::service::{self, scheduling, workflow};
use konsultasi::store::backend::{Backend, Location};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;

use crate::common;

const PROCESSES: usize = 200;
/// Every race must be over well within this, or the test fails.
const RACE_LIMIT: Duration = Duration::from_secs(120);

/// A database with the profile the CLI acts as ("Sekretariat") and `count` verified requests.
async fn desk_with_requests(count: usize) -> (tempfile::TempDir, String, Store, Vec<i64>) {
    let dir = tempfile::tempdir().expect("dir");
    let location = if common::on_postgres() {
        Location::parse(&common::fresh_postgres_database().await).expect("URL")
    } else {
        Location::File(dir.path().join("race.db"))
    };
    let db = match &location {
        Location::File(path) => path.display().to_string(),
        Location::Postgres(url) => url.expose().to_owned(),
    };
    let store = Store::open_at(&location).await.expect("open");
    let now = system_now();
    workflow::create_user(
        &store,
        None,
        &UserInput {
            name: "Sekretariat".into(),
            role: Some(Role::TeamLeader),
        },
        now,
    )
    .await
    .expect("profile");
    let actor = workflow::actor(&store, "Sekretariat").await.expect("actor");
    common::fill_letter_settings(&store, &actor).await;
    let mut input = common::valid_input();
    // Received today, so every slot the finder offers passes the lead time by the real clock.
    input.received_on = Some(
        now.with_timezone(&konsultasi::time::OFFICE_TZ)
            .format("%Y-%m-%d")
            .to_string(),
    );
    let mut ids = Vec::with_capacity(count);
    for _ in 0..count {
        let created = service::create_request(&store, &actor, &input, now)
            .await
            .expect("create");
        workflow::verify_request(&store, &actor, created.id, now)
            .await
            .expect("verify");
        ids.push(created.id);
    }
    (dir, db, store, ids)
}

/// Starts every process at once, then collects each one's exit code and standard error.
fn race(db: &str, runs: Vec<Vec<String>>) -> Vec<(i32, String)> {
    let started = Instant::now();
    let children: Vec<Child> = runs
        .iter()
        .map(|args| {
            common::cli(db)
                .args(args)
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn konsultasi")
        })
        .collect();
    let outcomes: Vec<(i32, String)> = children
        .into_iter()
        .map(|child| {
            let output = child.wait_with_output().expect("wait");
            (
                output.status.code().unwrap_or(-1),
                String::from_utf8_lossy(&output.stderr).into_owned(),
            )
        })
        .collect();
    assert!(
        started.elapsed() < RACE_LIMIT,
        "{} processes took {:?}",
        runs.len(),
        started.elapsed()
    );
    outcomes
}

/// Each loser was refused on one clear line with exit code 2; the database was never "locked".
fn losers_were_refused_clearly(outcomes: &[(i32, String)], expected: &str) {
    for (code, stderr) in outcomes.iter().filter(|(code, _)| *code != 0) {
        assert_eq!(*code, 2, "{stderr}");
        assert!(
            stderr.starts_with("galat: ") && stderr.trim_end().lines().count() == 1,
            "one line: {stderr:?}"
        );
        assert!(stderr.contains(expected), "{stderr:?}");
        assert!(
            !stderr.contains("locked") && !stderr.contains("basis data"),
            "{stderr:?}"
        );
    }
}

fn winners(outcomes: &[(i32, String)]) -> usize {
    outcomes.iter().filter(|(code, _)| *code == 0).count()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_hundred_desks_race_for_one_slot_one_confirmation_and_letter_numbers() {
    let _alone = common::run_alone();
    let setup = Instant::now();
    let (dir, db, store, ids) = desk_with_requests(PROCESSES).await;
    let actor = workflow::actor(&store, "Sekretariat").await.expect("actor");
    let slot = scheduling::suggest_slots(
        &store,
        ids[0],
        &SlotSearch {
            count: Some(1),
            ..SlotSearch::default()
        },
        system_now(),
    )
    .await
    .expect("slots")
    .suggestions
    .remove(0);
    let room = slot.room_code.clone().expect("a room for a tatap muka");
    eprintln!("setup of {PROCESSES} requests: {:?}", setup.elapsed());

    // 1. One room, one time, 200 requests.
    let started = Instant::now();
    let outcomes = race(
        &db,
        ids.iter()
            .map(|id| {
                [
                    "requests",
                    "schedule",
                    &id.to_string(),
                    "--date",
                    &slot.date,
                    "--time",
                    &slot.time,
                    "--room",
                    &room,
                ]
                .map(str::to_owned)
                .to_vec()
            })
            .collect(),
    );
    eprintln!("scheduling race: {:?}", started.elapsed());
    assert_eq!(winners(&outcomes), 1, "{outcomes:?}");
    losers_were_refused_clearly(&outcomes, "Jadwal tidak dapat dibuat");
    const BOOKED: &str = "SELECT request_id FROM bookings WHERE active";
    let booked: Vec<i64> = match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_scalar(BOOKED).fetch_all(pool).await,
        Backend::Postgres(pool) => sqlx::query_scalar(BOOKED).fetch_all(pool).await,
    }
    .expect("bookings");
    assert_eq!(booked.len(), 1, "one booking: {booked:?}");
    let winner = booked[0];

    // 2. 200 desks record the Pemda's confirmation of that booking.
    let started = Instant::now();
    let outcomes = race(
        &db,
        (0..PROCESSES)
            .map(|i| {
                [
                    "requests",
                    "confirm",
                    &winner.to_string(),
                    "--by",
                    &format!("Petugas {i}"),
                    "--via",
                    "whatsapp",
                ]
                .map(str::to_owned)
                .to_vec()
            })
            .collect(),
    );
    eprintln!("confirmation race: {:?}", started.elapsed());
    assert_eq!(winners(&outcomes), 1, "{outcomes:?}");
    losers_were_refused_clearly(&outcomes, "");
    const CONFIRMS: &str =
        "SELECT count(*) FROM audit_log WHERE request_id = $1 AND action = 'confirm'";
    let confirms: i64 = match store.pools() {
        Backend::Sqlite(pool) => {
            sqlx::query_scalar(CONFIRMS)
                .bind(winner)
                .fetch_one(pool)
                .await
        }
        Backend::Postgres(pool) => {
            sqlx::query_scalar(CONFIRMS)
                .bind(winner)
                .fetch_one(pool)
                .await
        }
    }
    .expect("audit");
    assert_eq!(confirms, 1);

    // 3. Letters: 100 booked requests (the winner and 99 more, each in a free slot). 80 get
    // their confirmation letter from two desks at once (a reprint keeps its number); for 20
    // both desks fail to write the file after the number was drawn.
    let started = Instant::now();
    let mut letters = vec![winner];
    for &id in ids.iter().filter(|&&id| id != winner).take(99) {
        let slot = scheduling::suggest_slots(
            &store,
            id,
            &SlotSearch {
                count: Some(1),
                ..SlotSearch::default()
            },
            system_now(),
        )
        .await
        .expect("slots")
        .suggestions
        .remove(0);
        scheduling::schedule_request(
            &store,
            &actor,
            id,
            &ScheduleInput {
                date: slot.date,
                time: slot.time,
                room_code: slot.room_code,
                ..ScheduleInput::default()
            },
            system_now(),
        )
        .await
        .expect("schedule");
        letters.push(id);
    }
    eprintln!("booking 99 more: {:?}", started.elapsed());
    let out = dir.path().join("surat");
    std::fs::create_dir(&out).expect("dir");
    // The destination is free, but the file beside it that the write starts with has a name
    // longer than the file system allows: the write fails after the number was drawn.
    let too_long = out.join(format!("{}.pdf", "x".repeat(240)));
    let (written, failing) = letters.split_at(80);
    let mut runs = Vec::new();
    for (i, id) in written.iter().enumerate() {
        for desk in 0..2 {
            runs.push(vec![
                "export".to_owned(),
                "letter".to_owned(),
                id.to_string(),
                "--kind".to_owned(),
                "confirmation".to_owned(),
                "--out".to_owned(),
                out.join(format!("surat-{i}-{desk}.pdf"))
                    .to_string_lossy()
                    .into_owned(),
            ]);
        }
    }
    for id in failing {
        for _ in 0..2 {
            runs.push(vec![
                "export".to_owned(),
                "letter".to_owned(),
                id.to_string(),
                "--kind".to_owned(),
                "confirmation".to_owned(),
                "--out".to_owned(),
                too_long.to_string_lossy().into_owned(),
            ]);
        }
    }
    assert_eq!(runs.len(), PROCESSES);
    let started = Instant::now();
    let outcomes = race(&db, runs);
    eprintln!("letter race: {:?}", started.elapsed());
    assert_eq!(winners(&outcomes), 160, "{outcomes:?}");
    losers_were_refused_clearly(&outcomes, "out: Berkas tidak dapat disimpan");

    const REGISTER: &str =
        "SELECT request_id, sequence, number FROM issued_letters ORDER BY sequence";
    let register: Vec<(i64, i64, String)> = match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_as(REGISTER).fetch_all(pool).await,
        Backend::Postgres(pool) => sqlx::query_as(REGISTER).fetch_all(pool).await,
    }
    .expect("register");
    let sequences: Vec<i64> = register.iter().map(|(_, s, _)| *s).collect();
    assert_eq!(
        sequences,
        (1..=80).collect::<Vec<i64>>(),
        "no number twice, no gap"
    );
    let mut numbered: Vec<i64> = register.iter().map(|(id, _, _)| *id).collect();
    numbered.sort_unstable();
    let mut expected = written.to_vec();
    expected.sort_unstable();
    assert_eq!(numbered, expected, "only the letters written took a number");
    // Both desks' copies of a letter carry its one number (ten letters read back suffice).
    for (i, id) in written.iter().enumerate().step_by(8) {
        let number = &register
            .iter()
            .find(|(r, _, _)| r == id)
            .expect("numbered")
            .2;
        for desk in 0..2 {
            let file = out.join(format!("surat-{i}-{desk}.pdf"));
            let text = common::pdf_text(&std::fs::read(&file).expect("letter written"));
            assert!(text.contains(number.as_str()), "{number} not in {file:?}");
        }
    }
    store.close().await;
}
