//! Speed of the policy engine with 100,000 stored bookings, on SQLite and on PostgreSQL side by
//! side in one run.
//!
//! `bash scripts/bench.sh` (starts a PostgreSQL of its own on loopback, then runs
//! `cargo bench --bench policy` against it) — prints p50/p99 of checking one request (the whole
//! service: reading the request, the policy in force, the calendar and nearby bookings, then
//! every rule) and of finding 20 slots over 90 days, for each backend, and their ratio.
//! Targets: check ≤ 1 ms p99 on SQLite, ≤ 2 ms on PostgreSQL; 20 slots ≤ 5 ms / ≤ 10 ms. Then
//! the time `migrate-data` takes to move the 100,000-request desk into the team database, and
//! the monthly report over 1,000,000 held consultations (≤ 200 ms on both).

use std::time::{Duration, Instant};

use chrono::{TimeZone, Utc};
use konsultasi::Store;
use konsultasi::api::UserInput;
use konsultasi::api::{
    ContactInput, LetterInput, PreferredSlotInput, RequestInput, RequesterInput, SlotSearch,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::service::{self, history, scheduling, workflow};
use konsultasi::store::backend::{Backend, Location};
use konsultasi::store::migrate_data;
use konsultasi::workflow::Role;

const BOOKINGS: i64 = 100_000;

/// 100,000 past and future consultations, about 30 a day from 2018 into 2027: one in ten tatap
/// muka in the two rooms, the rest video conferences, spread over seven units and eight hours.
async fn seed(store: &Store) {
    match store.pools() {
        Backend::Sqlite(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                 INSERT INTO requests (status, channel, requester_kind, region_code, contact_name, contact_whatsapp,
                     description, planned_guest_count, regional_head_attends, created_at, updated_at, received_on)
                 SELECT 'scheduled', CASE WHEN i % 10 = 0 THEN 'in_person' ELSE 'video_conference' END,
                        'regional_government', '32.01', 'Narahubung', '+6281234567890', 'Beban', 3, 0,
                        '2018-01-01T00:00:00Z', '2018-01-01T00:00:00Z', '2018-01-01'
                 FROM n",
            )
            .bind(BOOKINGS)
            .execute(&mut *tx)
            .await
            .expect("requests");
            sqlx::query(
                "INSERT INTO bookings (request_id, channel, starts_at, ends_at, room_code, unit_code, ical_uid,
                     sequence, active, created_at, updated_at)
                 SELECT r.id, r.channel,
                        strftime('%Y-%m-%dT%H:%M:%SZ', '2018-01-01 01:00:00', '+' || (r.id / 30) || ' days', '+' || ((r.id / 7) % 8) || ' hours'),
                        strftime('%Y-%m-%dT%H:%M:%SZ', '2018-01-01 02:00:00', '+' || (r.id / 30) || ' days', '+' || ((r.id / 7) % 8) || ' hours'),
                        CASE WHEN r.channel = 'in_person' THEN CASE WHEN r.id % 20 = 0 THEN 'RK-1' ELSE 'RK-2' END END,
                        CASE r.id % 7 WHEN 0 THEN 'DTU' WHEN 1 THEN 'DTK' WHEN 2 THEN 'DIOK' WHEN 3 THEN 'PDRD' WHEN 4 THEN 'PKD' WHEN 5 THEN 'EPIKD' ELSE 'SET' END,
                        'bench-' || r.id || '@konsultasi', 0, 1, r.created_at, r.created_at
                 FROM requests r",
            )
            .execute(&mut *tx)
            .await
            .expect("bookings");
            tx.commit().await.expect("commit");
        }
        // The same rows in PostgreSQL's spelling.
        Backend::Postgres(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query(
                "INSERT INTO requests (status, channel, requester_kind, region_code, contact_name, contact_whatsapp,
                     description, planned_guest_count, regional_head_attends, created_at, updated_at, received_on)
                 SELECT 'scheduled', CASE WHEN i % 10 = 0 THEN 'in_person' ELSE 'video_conference' END,
                        'regional_government', '32.01', 'Narahubung', '+6281234567890', 'Beban', 3, false,
                        '2018-01-01T00:00:00Z', '2018-01-01T00:00:00Z', '2018-01-01'
                 FROM generate_series(1, $1) AS i",
            )
            .bind(BOOKINGS)
            .execute(&mut *tx)
            .await
            .expect("requests");
            sqlx::query(
                "INSERT INTO bookings (request_id, channel, starts_at, ends_at, room_code, unit_code, ical_uid,
                     sequence, active, created_at, updated_at)
                 SELECT r.id, r.channel,
                        timestamptz '2018-01-01 01:00:00Z' + make_interval(days => (r.id / 30)::int, hours => ((r.id / 7) % 8)::int),
                        timestamptz '2018-01-01 02:00:00Z' + make_interval(days => (r.id / 30)::int, hours => ((r.id / 7) % 8)::int),
                        CASE WHEN r.channel = 'in_person' THEN CASE WHEN r.id % 20 = 0 THEN 'RK-1' ELSE 'RK-2' END END,
                        CASE r.id % 7 WHEN 0 THEN 'DTU' WHEN 1 THEN 'DTK' WHEN 2 THEN 'DIOK' WHEN 3 THEN 'PDRD' WHEN 4 THEN 'PKD' WHEN 5 THEN 'EPIKD' ELSE 'SET' END,
                        'bench-' || r.id || '@konsultasi', 0, true, r.created_at, r.created_at
                 FROM requests r",
            )
            .execute(&mut *tx)
            .await
            .expect("bookings");
            tx.commit().await.expect("commit");
            sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
        }
    }
}

const HELD: i64 = 1_000_000;

/// 1,000,000 consultations held from 2018 on (about 270 a day), each with one topic.
async fn seed_held(store: &Store) {
    const TOPICS: &str = "INSERT INTO consultations_held_topics (held_id, topic_code)
         SELECT id, CASE id % 4 WHEN 0 THEN 'DAU' WHEN 1 THEN 'DBH' WHEN 2 THEN 'DAK_FISIK' ELSE 'PDRD' END
         FROM consultations_held";
    match store.pools() {
        Backend::Sqlite(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query(
                "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
                 INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
                     written_as, source, created_at)
                 SELECT date('2018-01-01', '+' || (i / 270) || ' days'),
                        CASE WHEN i % 3 = 0 THEN 'in_person' ELSE 'video_conference' END,
                        'regional_government', '32.01', 'Kab. Bogor', 'import', '2026-01-01T00:00:00Z'
                 FROM n",
            )
            .bind(HELD)
            .execute(&mut *tx)
            .await
            .expect("held");
            sqlx::query(TOPICS).execute(&mut *tx).await.expect("topics");
            tx.commit().await.expect("commit");
        }
        Backend::Postgres(pool) => {
            let mut tx = pool.begin().await.expect("begin");
            sqlx::query(
                "INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
                     written_as, source, created_at)
                 SELECT date '2018-01-01' + (i / 270)::int,
                        CASE WHEN i % 3 = 0 THEN 'in_person' ELSE 'video_conference' END,
                        'regional_government', '32.01', 'Kab. Bogor', 'import', '2026-01-01T00:00:00Z'
                 FROM generate_series(1, $1) AS i",
            )
            .bind(HELD)
            .execute(&mut *tx)
            .await
            .expect("held");
            sqlx::query(TOPICS).execute(&mut *tx).await.expect("topics");
            tx.commit().await.expect("commit");
            sqlx::query("ANALYZE").execute(pool).await.expect("analyze");
        }
    }
}

/// The p99 of the monthly report of March 2023 (six months of the chart read) on `store`.
async fn measure_report(store: &Store, backend: &str) -> Duration {
    let started = Instant::now();
    seed_held(store).await;
    println!(
        "[{backend}] seeded {HELD} held consultations in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    for _ in 0..3 {
        history::monthly(store, "2023-03").await.expect("report");
    }
    let mut samples = Vec::new();
    for _ in 0..30 {
        let t = Instant::now();
        history::monthly(store, "2023-03").await.expect("report");
        samples.push(t.elapsed());
    }
    report(
        &format!("[{backend}] monthly report over 1,000,000 held"),
        samples,
        Duration::from_millis(200),
    )
}

fn request() -> RequestInput {
    RequestInput {
        channel: Some(Channel::InPerson),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some("17.06".into()),
            name: None,
        },
        contact: ContactInput {
            name: "Rina".into(),
            whatsapp: "081234567890".into(),
            email: None,
        },
        topics: vec!["DAU".into()],
        description: "Konsultasi DAU".into(),
        preferred_slots: vec![
            PreferredSlotInput {
                date: "2026-12-07".into(),
                time: "09:00".into(),
            },
            PreferredSlotInput {
                date: "2026-12-08".into(),
                time: "13:30".into(),
            },
        ],
        planned_guest_count: 4,
        guests: vec![],
        letter: Some(LetterInput {
            number: "900/1".into(),
            date: "2026-11-20".into(),
            subject: "Konsultasi".into(),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
            signer: "Sekda".into(),
            scan: None,
        }),
        received_on: Some("2026-11-27".into()),
    }
}

/// Prints one measure; its p99.
fn report(name: &str, mut samples: Vec<Duration>, target: Duration) -> Duration {
    samples.sort();
    let at = |q: f64| samples[((samples.len() as f64 * q) as usize).min(samples.len() - 1)];
    let p99 = at(0.99);
    println!(
        "{name:<44} n={:<5} p50 {:>8.3} ms  p99 {:>8.3} ms  max {:>8.3} ms  (target p99 ≤ {} ms: {})",
        samples.len(),
        at(0.5).as_secs_f64() * 1e3,
        p99.as_secs_f64() * 1e3,
        samples[samples.len() - 1].as_secs_f64() * 1e3,
        target.as_millis(),
        if p99 <= target { "met" } else { "MISSED" }
    );
    p99
}

/// The p99s of checking one request and of 20 slot suggestions on `store`.
async fn measure(
    store: &Store,
    backend: &str,
    check_target: Duration,
    slots_target: Duration,
) -> (Duration, Duration) {
    let started = Instant::now();
    seed(store).await;
    println!(
        "[{backend}] seeded {BOOKINGS} bookings in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let now = Utc
        .with_ymd_and_hms(2026, 11, 28, 3, 0, 0)
        .single()
        .expect("now");
    let user = UserInput {
        name: "Sekretariat".into(),
        role: Some(Role::Secretariat),
    };
    workflow::create_user(store, None, &user, now)
        .await
        .expect("user");
    let actor = workflow::actor(store, "Sekretariat").await.expect("actor");
    let id = service::create_request(store, &actor, &request(), now)
        .await
        .expect("request")
        .id;

    // Warm-up: caches and pages, as in a running app.
    for _ in 0..50 {
        scheduling::check_request(store, id, now)
            .await
            .expect("check");
    }
    let mut samples = Vec::new();
    let mut findings = 0;
    for _ in 0..2000 {
        let t = Instant::now();
        findings = scheduling::check_request(store, id, now)
            .await
            .expect("check")
            .len();
        samples.push(t.elapsed());
    }
    let check = report(
        &format!("[{backend}] check one request (service, 100k bookings)"),
        samples,
        check_target,
    );
    println!("  ({findings} findings per check)");

    let search = SlotSearch {
        from: Some("2026-12-01".into()),
        to: Some("2027-02-28".into()),
        count: Some(20),
        ..SlotSearch::default()
    };
    let mut samples = Vec::new();
    let mut found = 0;
    for _ in 0..10 {
        scheduling::suggest_slots(store, id, &search, now)
            .await
            .expect("slots");
    }
    for _ in 0..300 {
        let t = Instant::now();
        found = scheduling::suggest_slots(store, id, &search, now)
            .await
            .expect("slots")
            .suggestions
            .len();
        samples.push(t.elapsed());
    }
    let slots = report(
        &format!("[{backend}] 20 slot suggestions over 90 days (service)"),
        samples,
        slots_target,
    );
    println!("  ({found} slots found)");
    assert_eq!(found, 20);
    (check, slots)
}

fn main() {
    let postgres = std::env::var("KONSULTASI_BENCH_POSTGRES").unwrap_or_else(|_| {
        panic!("KONSULTASI_BENCH_POSTGRES is not set: run `bash scripts/bench.sh`, which starts the server")
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    runtime.block_on(async {
        let dir = tempfile::tempdir().expect("dir");
        let sqlite = Store::open(&dir.path().join("bench.db"))
            .await
            .expect("open");
        let (sqlite_check, sqlite_slots) = measure(
            &sqlite,
            "sqlite",
            Duration::from_millis(1),
            Duration::from_millis(5),
        )
        .await;
        let moved_to = Store::open_at(
            &Location::parse(&format!("{postgres}_migrated")).expect("URL"),
        )
        .await
        .expect("open the migration's target");
        let started = Instant::now();
        let moved = migrate_data::migrate_data(&sqlite, &moved_to)
            .await
            .expect("migrate-data");
        let rows: i64 = moved.tables.iter().map(|t| t.target_rows).sum();
        println!(
            "[sqlite → postgres] migrate-data of the 100,000-request desk ({rows} rows, checked): {:.1} s",
            started.elapsed().as_secs_f64()
        );
        moved_to.close().await;
        let sqlite_report = measure_report(&sqlite, "sqlite").await;
        sqlite.close().await;
        let team = Store::open_at(&Location::parse(&postgres).expect("URL"))
            .await
            .expect("open the bench's PostgreSQL database");
        let (pg_check, pg_slots) = measure(
            &team,
            "postgres",
            Duration::from_millis(2),
            Duration::from_millis(10),
        )
        .await;
        let pg_report = measure_report(&team, "postgres").await;
        team.close().await;
        let ratio = |pg: Duration, sqlite: Duration| pg.as_secs_f64() / sqlite.as_secs_f64();
        println!(
            "PostgreSQL/SQLite p99: check {:.2}×, 20 slots {:.2}×, monthly report {:.2}×",
            ratio(pg_check, sqlite_check),
            ratio(pg_slots, sqlite_slots),
            ratio(pg_report, sqlite_report)
        );
    });
}
