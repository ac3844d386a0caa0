//! What only the team database does: opening a PostgreSQL server with its refusals, and the
//! database itself refusing double bookings and rewritten history, whoever writes the row.
//!
//! These tests need the run's PostgreSQL server (`KONSULTASI_TEST_POSTGRES`, started by
//! `scripts/test.sh`) whichever backend the rest of the run tests; without it they fail, they
//! are never skipped.

use std::time::{Duration, Instant};

use sqlx::{Connection, PgConnection};

use crate::common;
use konsultasi::Store;
use konsultasi::store::backend::Location;

fn server() -> String {
    std::env::var(common::POSTGRES_ENV).unwrap_or_else(|_| {
        panic!(
            "{} is not set: these tests need the PostgreSQL server that scripts/test.sh starts",
            common::POSTGRES_ENV
        )
    })
}

async fn open(url: &str) -> konsultasi::Result<Store> {
    Store::open_at(&Location::parse(url).expect("URL parses")).await
}

/// A fresh, migrated database of this app, and a plain connection to it as another client.
async fn migrated() -> (String, Store, PgConnection) {
    let url = common::fresh_postgres_database().await;
    let store = open(&url).await.expect("open the team database");
    let conn = PgConnection::connect(&url).await.expect("psql-like client");
    (url, store, conn)
}

/// A request and its in-person booking of RK-1 from `start` to `end`, written by hand as `psql`
/// would; the request's id, or the database's refusal of the booking.
async fn hand_written_booking(
    conn: &mut PgConnection,
    uid: &str,
    start: &str,
    end: &str,
) -> Result<i64, sqlx::Error> {
    let request: i64 = sqlx::query_scalar(
        "INSERT INTO requests (status, channel, requester_kind, requester_name, contact_name,
             contact_whatsapp, description, planned_guest_count, regional_head_attends,
             received_on, created_at, updated_at)
         VALUES ('scheduled', 'in_person', 'academic', 'Universitas Uji', 'Sari', '+6281234567890',
                 'Konsultasi DAU', 2, false, '2026-12-01', now(), now())
         RETURNING id",
    )
    .fetch_one(&mut *conn)
    .await
    .expect("request");
    sqlx::query(
        "INSERT INTO bookings (request_id, channel, starts_at, ends_at, room_code, unit_code,
             ical_uid, created_at, updated_at)
         VALUES ($1, 'in_person', $2::timestamptz, $3::timestamptz, 'RK-1', 'DTU', $4, now(), now())",
    )
    .bind(request)
    .bind(start)
    .bind(end)
    .bind(uid)
    .execute(&mut *conn)
    .await
    .map(|_| request)
}

fn is_exclusion(error: &sqlx::Error) -> bool {
    error
        .as_database_error()
        .and_then(|e| e.code())
        .is_some_and(|code| code == "23P01")
}

#[tokio::test]
async fn an_overlapping_booking_written_by_hand_is_refused_by_the_constraint() {
    let _turn = common::run_beside_others();
    let (_url, store, mut conn) = migrated().await;
    let first = hand_written_booking(
        &mut conn,
        "first@test",
        "2026-12-03 09:00+07",
        "2026-12-03 10:00+07",
    )
    .await
    .expect("the first booking of the room is accepted");
    assert!(first > 0);
    let blocked: (String,) = sqlx::query_as(
        "SELECT to_char(blocked_until AT TIME ZONE 'Asia/Jakarta', 'HH24:MI') FROM bookings",
    )
    .fetch_one(&mut conn)
    .await
    .expect("block");
    assert_eq!(blocked.0, "10:15", "the shipped policy's 15-minute buffer");

    // 10.10 is inside the buffer; 10.15 is not.
    let inside = hand_written_booking(
        &mut conn,
        "inside@test",
        "2026-12-03 10:10+07",
        "2026-12-03 11:00+07",
    )
    .await;
    assert!(
        inside.as_ref().is_err_and(is_exclusion),
        "an overlap with the buffer is an exclusion violation: {inside:?}"
    );
    let after = hand_written_booking(
        &mut conn,
        "after@test",
        "2026-12-03 10:15+07",
        "2026-12-03 11:00+07",
    )
    .await
    .expect("a booking after the buffer is accepted");
    assert!(after > first);

    // A resource person in two overlapping bookings of different rooms.
    sqlx::query("UPDATE bookings SET room_code = 'RK-2' WHERE ical_uid = 'after@test'")
        .execute(&mut conn)
        .await
        .expect("move to RK-2");
    sqlx::query(
        "UPDATE bookings SET starts_at = '2026-12-03 09:30+07' WHERE ical_uid = 'after@test'",
    )
    .execute(&mut conn)
    .await
    .expect("another room may overlap");
    let person: i64 = sqlx::query_scalar(
        "INSERT INTO resource_persons (unit_code, name) VALUES ('DTU', 'Narasumber Uji') RETURNING id",
    )
    .fetch_one(&mut conn)
    .await
    .expect("person");
    for uid in ["first@test", "after@test"] {
        let added = sqlx::query(
            "INSERT INTO booking_resource_persons (booking_id, resource_person_id)
             SELECT id, $1 FROM bookings WHERE ical_uid = $2",
        )
        .bind(person)
        .bind(uid)
        .execute(&mut conn)
        .await;
        match uid {
            "first@test" => {
                added.expect("the person's first booking");
            }
            _ => assert!(
                added.as_ref().is_err_and(is_exclusion),
                "one person, two overlapping bookings: {added:?}"
            ),
        }
    }
    // A cancelled booking frees the room and the person.
    sqlx::query("UPDATE bookings SET active = false WHERE ical_uid = 'first@test'")
        .execute(&mut conn)
        .await
        .expect("cancel");
    sqlx::query(
        "INSERT INTO booking_resource_persons (booking_id, resource_person_id)
         SELECT id, $1 FROM bookings WHERE ical_uid = 'after@test'",
    )
    .bind(person)
    .execute(&mut conn)
    .await
    .expect("the person is free once the first booking is cancelled");
    store.close().await;
}

#[tokio::test]
async fn history_tables_refuse_update_delete_and_truncate() {
    let _turn = common::run_beside_others();
    let (_url, store, mut conn) = migrated().await;
    sqlx::query("INSERT INTO audit_log (at, actor_name, action) VALUES (now(), 'Uji', 'test')")
        .execute(&mut conn)
        .await
        .expect("append");
    for statement in [
        "UPDATE audit_log SET note = 'diubah'",
        "DELETE FROM audit_log",
        "TRUNCATE audit_log CASCADE",
        "UPDATE policy_versions SET note = 'diubah'",
        "DELETE FROM policy_versions",
    ] {
        let refused = sqlx::query(statement).execute(&mut conn).await;
        let message = refused.expect_err(statement).to_string();
        assert!(message.contains("append-only"), "{statement}: {message}");
    }
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&mut conn)
        .await
        .expect("count");
    assert_eq!(kept, 1);
    store.close().await;
}

#[tokio::test]
async fn a_server_that_does_not_answer_is_refused_within_five_seconds() {
    let _turn = common::run_beside_others();
    // Accepts the TCP connection (the kernel's backlog) but never says a word.
    let silent = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = silent.local_addr().expect("port").port();
    let started = Instant::now();
    let refused = open(&format!(
        "postgres://desk:rahasia@127.0.0.1:{port}/konsultasi"
    ))
    .await
    .err()
    .expect("a silent server is refused");
    let waited = started.elapsed();
    assert!(waited < Duration::from_secs(7), "refused after {waited:?}");
    let message = refused.to_string();
    assert!(
        message.contains("tidak menjawab dalam 5 detik"),
        "{message}"
    );
    assert!(
        !message.contains("rahasia"),
        "the password leaked: {message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    drop(silent);
}

#[tokio::test]
async fn a_wrong_password_a_missing_database_and_a_closed_port_are_refused_in_indonesian() {
    let _turn = common::run_beside_others();
    let server = server();
    let wrong = server.replacen("konsultasi:", "konsultasi:salah", 1);
    let message = open(&wrong)
        .await
        .err()
        .expect("wrong password")
        .to_string();
    assert!(message.contains("kata sandi PostgreSQL salah"), "{message}");
    assert!(
        !message.contains("salah@"),
        "the password leaked: {message}"
    );

    let missing = common::database_url(&server, "tidak_ada_basis_data_ini");
    let message = open(&missing).await.err().expect("missing").to_string();
    assert!(message.contains("basis data itu tidak ada"), "{message}");

    let closed = std::net::TcpListener::bind("127.0.0.1:0").expect("free port");
    let port = closed.local_addr().expect("port").port();
    drop(closed);
    let message = open(&format!("postgres://desk@127.0.0.1:{port}/konsultasi"))
        .await
        .err()
        .expect("closed port")
        .to_string();
    assert!(message.contains("tidak dapat dihubungi"), "{message}");
}

#[tokio::test]
async fn a_database_of_something_else_or_of_a_newer_app_is_refused_and_left_as_it_was() {
    let _turn = common::run_beside_others();
    // Someone else's tables, no migration history.
    let url = common::fresh_postgres_database().await;
    let mut conn = PgConnection::connect(&url).await.expect("connect");
    sqlx::raw_sql(
        "DROP SCHEMA public CASCADE; CREATE SCHEMA public;
         CREATE TABLE payroll (id bigint PRIMARY KEY, amount bigint);
         INSERT INTO payroll VALUES (1, 100);",
    )
    .execute(&mut conn)
    .await
    .expect("a foreign database");
    let message = open(&url).await.err().expect("foreign").to_string();
    assert!(
        message.contains("sudah berisi tabel lain (payroll"),
        "{message}"
    );
    let tables: i64 =
        sqlx::query_scalar("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
            .fetch_one(&mut conn)
            .await
            .expect("tables");
    assert_eq!(tables, 1, "nothing was created beside the foreign table");

    // This app's database, migrated by a newer build.
    let (newer, store, mut conn) = migrated().await;
    store.close().await;
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, success, checksum, execution_time)
         VALUES (29991231000001, 'from the future', true, '\\x00', 0)",
    )
    .execute(&mut conn)
    .await
    .expect("a newer migration");
    let message = open(&newer).await.err().expect("newer").to_string();
    assert!(
        message.contains("versi aplikasi yang lebih baru"),
        "{message}"
    );
}

#[tokio::test]
async fn a_migration_cut_off_half_way_leaves_nothing_and_the_next_open_finishes_it() {
    let _turn = common::run_beside_others();
    let server = server();
    let name = format!("konsultasi_cut_{}", std::process::id());
    let mut admin = PgConnection::connect(&server).await.expect("admin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .expect("create");
    let url = common::database_url(&server, &name);
    // Half of the schema in a transaction that never commits: the connection dies first.
    let mut cut = PgConnection::connect(&url).await.expect("connect");
    sqlx::raw_sql(
        "BEGIN; CREATE EXTENSION IF NOT EXISTS btree_gist; CREATE TABLE regions (code text);",
    )
    .execute(&mut cut)
    .await
    .expect("half a migration");
    drop(cut);
    let store = open(&url)
        .await
        .expect("the next open migrates from scratch");
    let regions: i64 = sqlx::query_scalar("SELECT count(*) FROM regions")
        .fetch_one(&mut PgConnection::connect(&url).await.expect("connect"))
        .await
        .expect("regions");
    assert!(regions > 500, "the reference data is there: {regions}");
    store.close().await;
}

#[tokio::test]
async fn desks_opening_one_new_database_at_once_all_succeed() {
    let _turn = common::run_beside_others();
    let server = server();
    let name = format!("konsultasi_many_{}", std::process::id());
    let mut admin = PgConnection::connect(&server).await.expect("admin");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("CREATE DATABASE \"{name}\"")))
        .execute(&mut admin)
        .await
        .expect("create");
    let url = common::database_url(&server, &name);
    // Each desk in a thread of its own with its own runtime, as separate processes would be.
    let opens: Vec<_> = (0..8)
        .map(|_| {
            let url = url.clone();
            std::thread::spawn(move || {
                tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("runtime")
                    .block_on(async { open(&url).await.map(|store| store.location().clone()) })
            })
        })
        .collect();
    for opened in opens {
        opened.join().expect("thread").expect("every desk opens");
    }
}

fn cli_on(url: &str, args: &[&str]) -> std::process::Output {
    use assert_cmd::cargo::CommandCargoExt as _;
    std::process::Command::cargo_bin("konsultasi")
        .expect("binary")
        .args(["--db", url])
        .args(args)
        .env_remove("KONSULTASI_DB")
        .output()
        .expect("run konsultasi")
}

async fn count(url: &str, sql: &'static str) -> i64 {
    let mut conn = PgConnection::connect(url).await.expect("connect");
    let n = sqlx::query_scalar(sql)
        .fetch_one(&mut conn)
        .await
        .expect(sql);
    conn.close().await.expect("close");
    n
}

#[tokio::test]
async fn a_backup_by_pg_dump_restores_what_it_held_and_keeps_the_database_it_replaced() {
    let _turn = common::run_beside_others();
    let (url, store, mut conn) = migrated().await;
    store.close().await;
    hand_written_booking(
        &mut conn,
        "kept@test",
        "2026-12-03 09:00+07",
        "2026-12-03 10:00+07",
    )
    .await
    .expect("a request with its booking");
    conn.close().await.expect("close");
    let dir = tempfile::tempdir().expect("dir");
    let dump = dir.path().join("tim.dump");
    let backed = cli_on(&url, &["backup", "--out", dump.to_str().expect("path")]);
    assert!(
        backed.status.success(),
        "{}",
        String::from_utf8_lossy(&backed.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&backed.stdout).expect("report");
    assert_eq!(report["requests"], 1);

    // Written after the backup: gone once it is restored, kept in the replaced database.
    let mut conn = PgConnection::connect(&url).await.expect("connect");
    hand_written_booking(
        &mut conn,
        "later@test",
        "2026-12-04 09:00+07",
        "2026-12-04 10:00+07",
    )
    .await
    .expect("a later request");
    // A desk still connected: the restore is refused and nothing changes.
    let refused = cli_on(&url, &["restore", dump.to_str().expect("path")]);
    assert_eq!(
        refused.status.code(),
        Some(2),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
    assert!(String::from_utf8_lossy(&refused.stderr).contains("sedang dipakai"));
    conn.close().await.expect("close");
    assert_eq!(
        count(&url, "SELECT count(*) FROM requests").await,
        2,
        "unchanged"
    );

    let restored = cli_on(&url, &["restore", dump.to_str().expect("path")]);
    assert!(
        restored.status.success(),
        "{}",
        String::from_utf8_lossy(&restored.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&restored.stdout).expect("report");
    assert_eq!(report["requests"], 1);
    assert_eq!(count(&url, "SELECT count(*) FROM requests").await, 1);
    let kept = report["previous_kept_as"].as_str().expect("kept as");
    let kept_url = common::database_url(&server(), kept);
    assert_eq!(
        count(&kept_url, "SELECT count(*) FROM requests").await,
        2,
        "the replaced one"
    );
    assert_eq!(
        count(
            &url,
            "SELECT count(*) FROM bookings WHERE blocked_until > ends_at"
        )
        .await,
        1,
        "the constraint's block came back with the booking"
    );
}

#[tokio::test]
async fn a_damaged_dump_is_refused_and_the_database_stays_as_it_was() {
    let _turn = common::run_beside_others();
    let (url, store, mut conn) = migrated().await;
    store.close().await;
    hand_written_booking(
        &mut conn,
        "one@test",
        "2026-12-03 09:00+07",
        "2026-12-03 10:00+07",
    )
    .await
    .expect("request");
    conn.close().await.expect("close");
    let dir = tempfile::tempdir().expect("dir");
    let dump = dir.path().join("tim.dump");
    assert!(
        cli_on(&url, &["backup", "--out", dump.to_str().expect("path")])
            .status
            .success()
    );
    let mut bytes = std::fs::read(&dump).expect("dump");
    let middle = bytes.len() / 2;
    bytes.truncate(middle);
    let cut = dir.path().join("terpotong.dump");
    std::fs::write(&cut, &bytes).expect("write");
    let not_a_dump = dir.path().join("bukan.dump");
    std::fs::write(&not_a_dump, "bukan cadangan").expect("write");
    for file in [&cut, &not_a_dump] {
        let refused = cli_on(&url, &["restore", file.to_str().expect("path")]);
        let stderr = String::from_utf8_lossy(&refused.stderr);
        assert_eq!(refused.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("tidak dapat dipulihkan"), "{stderr}");
        assert_eq!(stderr.trim().lines().count(), 1, "{stderr}");
    }
    assert_eq!(count(&url, "SELECT count(*) FROM requests").await, 1);
    let name = url.rsplit('/').next().expect("database name");
    let mut admin = PgConnection::connect(&common::database_url(&server(), "postgres"))
        .await
        .expect("admin");
    let leftovers: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM pg_database WHERE starts_with(datname, $1 || '_restore_')",
    )
    .bind(name)
    .fetch_one(&mut admin)
    .await
    .expect("databases");
    assert_eq!(leftovers, 0, "no half-restored database is left behind");
}
