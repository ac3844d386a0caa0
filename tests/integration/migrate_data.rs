//! Moving a desk's SQLite file to the team database (`konsultasi migrate-data`): every kind of
//! row arrives with its values, the counts are printed for both sides, and a used target is
//! refused and left as it was. Needs the run's PostgreSQL server, whichever backend the rest
//! of the run tests.

use sqlx::{Connection, PgConnection};

use crate::common;
use konsultasi::Store;

/// One row of every table, written by hand into a desk's file, with the values that change
/// type on the way: instants, days, flags, JSON, bytes, NULLs and text in any script.
const DESK: &[&str] = &[
    "INSERT INTO users (id, name, role, active, created_at) VALUES
        (7, 'Sari Wulandari', 'secretariat', 1, '2026-11-02T01:00:00Z'),
        (8, 'Agen ' || char(8238) || 'txt.exe', 'agent', 0, '2026-11-03T01:00:00Z')",
    "INSERT INTO users (id, name, role, active, created_at, username, password_hash,
                        must_change_password, failed_sign_ins, locked_until) VALUES
        (9, 'Admin Tim', 'admin', 1, '2026-11-03T02:00:00Z', 'admin',
         '$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2hoYXNo', 1, 2, '2026-11-05T01:00:00Z')",
    "INSERT INTO sessions (token_hash, user_id, desk, created_at, last_used_at, expires_at) VALUES
        ('0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', 9, 'MEJA-1',
         '2026-11-04T01:00:00Z', '2026-11-04T01:30:00Z', '2026-11-04T02:30:00Z')",
    "INSERT INTO stored_files (id, file_name, mime_type, size_bytes, sha256, content, created_at)
     VALUES (3, 'surat.pdf', 'application/pdf', 4, 'aa5f5b7e2a8a5b8f7e1d2c3b4a5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f',
             x'25504446', '2026-11-04T02:00:00Z')",
    "INSERT INTO resource_persons (id, unit_code, name, position, active, email)
     VALUES (5, 'DTU', 'Budi Santoso', 'Kasubdit', 1, 'budi@kemenkeu.go.id')",
    "INSERT INTO holidays (date, name, kind, source) VALUES ('2026-12-31', 'Libur Kantor', 'office', 'manual')",
    "INSERT INTO session_overrides (id, label, from_date, to_date, windows)
     VALUES (2, 'Ramadan', '2027-02-08', '2027-03-09', '[[{\"start\":\"08:00\",\"end\":\"15:00\"}],[],[],[],[],[],[]]')",
    "INSERT INTO policy_versions (id, effective_from, settings, note, created_at)
     SELECT 9, '2026-11-01', json_set(settings, '$.buffer_minutes', 30), 'Jeda 30 menit', '2026-10-30T03:00:00Z'
     FROM policy_versions WHERE id = 1",
    "UPDATE export_settings SET signatory_name = 'Dr. Adriyanto', signatory_nip = '197001011990011001'",
    "INSERT INTO requests (id, status, status_reason, channel, requester_kind, region_code, requester_name,
         contact_name, contact_whatsapp, contact_email, description, planned_guest_count,
         regional_head_attends, received_on, created_at, updated_at, version)
     VALUES (41, 'checked_in', NULL, 'in_person', 'regional_government', '17.06', NULL, 'Sari',
             '+6281234567890', 'sari@mukomukokab.go.id', 'DAU 2027 — \"tanya\" ''kutip''', 3, 1,
             '2026-11-20', '2026-11-20T02:00:00Z', '2026-11-27T02:00:00Z', 5),
            (42, 'cancelled', 'Pemda membatalkan', 'video_conference', 'academic', NULL, 'Universitas Uji',
             'Budi', '+6281200000000', NULL, 'Kapasitas fiskal', 1, 0, NULL, '2026-11-21T02:00:00Z',
             '2026-11-22T02:00:00Z', 2)",
    "INSERT INTO request_topics (request_id, topic_code) VALUES (41, 'DAU'), (41, 'DBH'), (42, 'KAPASITAS_FISKAL')",
    "INSERT INTO preferred_slots (request_id, ordinal, starts_at) VALUES (41, 0, '2026-12-03T02:00:00Z'), (41, 1, '2026-12-04T03:00:00Z')",
    "INSERT INTO guests (id, request_id, ordinal, name, job_title, institution, contact, is_regional_head)
     VALUES (11, 41, 0, 'H. Sapuan', 'Bupati', 'Pemkab Mukomuko', NULL, 1),
            (12, 41, 1, 'Rina', 'Kabid Anggaran', 'BPKD', '+6281311111111', 0)",
    "INSERT INTO request_letters (request_id, number, letter_date, subject, addressee, signer, scan_file_id)
     VALUES (41, '900/123/BPKD/2026', '2026-11-18', 'Permohonan konsultasi', 'Dirjen PK', 'Bupati', 3)",
    "INSERT INTO bookings (id, request_id, channel, starts_at, ends_at, room_code, meeting_url, unit_code,
         ical_uid, sequence, active, created_at, updated_at)
     VALUES (21, 41, 'in_person', '2026-12-03T02:00:00Z', '2026-12-03T03:00:00Z', 'RK-1', NULL, 'DTU',
             'b21@konsultasi.djpk', 1, 1, '2026-11-25T02:00:00Z', '2026-11-26T02:00:00Z'),
            (22, 42, 'video_conference', '2026-12-03T02:30:00Z', '2026-12-03T03:30:00Z', NULL,
             'https://zoom.us/j/1', 'PKD', 'b22@konsultasi.djpk', 2, 0, '2026-11-21T02:00:00Z', '2026-11-22T02:00:00Z')",
    "INSERT INTO booking_resource_persons (booking_id, resource_person_id) VALUES (21, 5)",
    "INSERT INTO booking_history (id, booking_id, sequence, starts_at, ends_at, room_code, unit_code,
         meeting_url, replaced_at, actor_id)
     VALUES (1, 21, 0, '2026-12-02T02:00:00Z', '2026-12-02T03:00:00Z', 'RK-2', 'DTU', NULL, '2026-11-26T02:00:00Z', 7)",
    "INSERT INTO confirmations (id, request_id, booking_id, sequence, confirmed_at, confirmed_by, via,
         recorded_by, recorded_at)
     VALUES (1, 41, 21, 1, '2026-11-26T04:00:00Z', 'Sari', 'whatsapp', 7, '2026-11-26T04:05:00Z')",
    "INSERT INTO audit_log (id, at, actor_id, actor_name, action, request_id, before, after, note)
     VALUES (1, '2026-11-20T02:00:00Z', 7, 'Sari Wulandari', 'request.create', 41, NULL,
             '{\"b\":1,\"a\":[true,null,\"ü\"]}', NULL),
            (2, '2026-11-26T02:00:00Z', 7, 'Sari Wulandari', 'booking.move', 41,
             '{\"start\":\"2026-12-02\"}', '{\"start\":\"2026-12-03\"}', 'atas permintaan Pemda')",
    "INSERT INTO issued_letters (id, year, sequence, number, kind, request_id, booking_sequence,
         issued_at, issued_by)
     VALUES (1, 2026, 17, 'S-17/PK.1/2026', 'confirmation', 41, 1, '2026-11-26T05:00:00Z', 'Sari Wulandari')",
    "INSERT INTO consultations_held (id, held_on, channel, requester_kind, region_code, requester_name,
         written_as, source, request_id, import_file, created_at)
     VALUES (1, '2023-03-17', 'video_conference', 'regional_council', '17.06', NULL, 'DPRD Kab. Muko-Muko',
             'import', NULL, 'maret-2023.csv', '2026-11-10T02:00:00Z')",
    "INSERT INTO consultations_held_topics (held_id, topic_code) VALUES (1, 'DAU')",
    "INSERT INTO check_ins (id, request_id, booking_id, arrived_at, regional_head_present, note,
         recorded_by, recorded_at)
     VALUES (1, 41, 21, '2026-12-03T01:55:00Z', 0, 'salah catat', 7, '2026-12-03T02:00:00Z'),
            (2, 41, 21, '2026-12-03T01:56:00Z', 1, NULL, 7, '2026-12-03T02:10:00Z')",
    "INSERT INTO attendees (id, check_in_id, ordinal, guest_id, name, job_title, institution, is_regional_head)
     VALUES (1, 1, 0, 12, 'Rina', 'Kabid Anggaran', 'BPKD', 0),
            (2, 2, 0, 11, 'H. Sapuan', 'Bupati', 'Pemkab Mukomuko', 1)",
    "INSERT INTO violations (id, request_id, check_in_id, kind, evidence, occurred_on, region_code,
         recorded_by, recorded_at)
     VALUES (1, 41, 1, 'regional_head_absent', 'Bupati tidak hadir', '2026-12-03', '17.06', 7, '2026-12-03T02:00:00Z')",
    "INSERT INTO check_in_voids (id, check_in_id, reason, voided_by, voided_at)
     VALUES (1, 1, 'Bupati ternyata hadir', 7, '2026-12-03T02:05:00Z')",
    "UPDATE mail_settings SET enabled = 1, host = 'smtp.kemenkeu.go.id', port = 465, security = 'tls',
         username = 'konsultasi', sender_name = 'Sekretariat', sender_address = 'k@kemenkeu.go.id',
         updated_at = '2026-11-25T02:00:00Z' WHERE id = 1",
    "INSERT INTO mail_outbox (id, request_id, booking_id, kind, sequence, audience, recipient_name,
         recipient_address, recipient_zone, state, attempts, due_at, lease_until, answer, created_at,
         updated_at, sent_at)
     VALUES (1, 41, 21, 'invite', 1, 'pemda', 'Sari', 'sari@pemda.go.id', 'WIT', 'sent', 1,
             '2026-11-26T02:00:00Z', NULL, '250 2.0.0 OK', '2026-11-26T02:00:00Z',
             '2026-11-26T02:00:05Z', '2026-11-26T02:00:05Z'),
            (2, 41, 21, 'reminder', 1, 'pemda', 'Sari', 'sari@pemda.go.id', 'WIT', 'queued', 0,
             '2026-12-02T01:00:00Z', NULL, NULL, '2026-11-26T02:00:00Z', '2026-11-26T02:00:00Z', NULL)",
];

async fn desk_file() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().expect("dir");
    let path = dir.path().join("desk.db");
    let store = Store::open(&path).await.expect("desk");
    for statement in DESK {
        sqlx::query(*statement)
            .execute(store.pool())
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
    }
    store.close().await;
    (dir, path)
}

fn migrate(from: &std::path::Path, to: &str) -> std::process::Output {
    use assert_cmd::cargo::CommandCargoExt as _;
    std::process::Command::cargo_bin("konsultasi")
        .expect("binary")
        .args(["migrate-data", "--from"])
        .arg(from)
        .args(["--to", to])
        .env_remove("KONSULTASI_DB")
        .output()
        .expect("run migrate-data")
}

#[tokio::test]
async fn every_kind_of_row_arrives_with_its_values_and_the_counts_are_printed() {
    let _turn = common::run_beside_others();
    let (_dir, desk) = desk_file().await;
    let target = common::fresh_postgres_database().await;
    let moved = migrate(&desk, &target);
    let stderr = String::from_utf8_lossy(&moved.stderr);
    assert!(moved.status.success(), "migrate-data failed: {stderr}");
    let report: serde_json::Value = serde_json::from_slice(&moved.stdout).expect("JSON report");
    let password = target
        .split_once("://")
        .and_then(|(_, rest)| rest.split_once('@'))
        .and_then(|(user, _)| user.split_once(':'))
        .map(|(_, password)| password)
        .expect("the test server's URL has a password");
    let printed = String::from_utf8_lossy(&moved.stdout);
    assert!(
        !printed.contains(password),
        "the password was printed: {printed}"
    );
    assert!(
        report["to"].as_str().expect("to").contains(":***@"),
        "{report}"
    );
    let tables = report["tables"].as_array().expect("tables");
    assert_eq!(tables.len(), 30, "every table of the desk is checked");
    for table in tables {
        assert_eq!(table["same"], true, "{table}");
        assert_eq!(table["source_rows"], table["target_rows"], "{table}");
    }
    let rows = |name: &str| {
        tables
            .iter()
            .find(|t| t["table"] == name)
            .map(|t| t["target_rows"].as_i64().expect("count"))
            .expect("table listed")
    };
    assert_eq!(
        (rows("requests"), rows("guests"), rows("check_ins")),
        (2, 2, 2)
    );
    assert_eq!(
        rows("policy_versions"),
        2,
        "the shipped version and the desk's own"
    );

    // Read back as another client would, in PostgreSQL's own types.
    let mut pg = PgConnection::connect(&target).await.expect("connect");
    let (received, created, head): (chrono::NaiveDate, chrono::DateTime<chrono::Utc>, bool) =
        sqlx::query_as(
            "SELECT r.received_on, r.created_at, g.is_regional_head
             FROM requests r JOIN guests g ON g.request_id = r.id AND g.ordinal = 0 WHERE r.id = 41",
        )
        .fetch_one(&mut pg)
        .await
        .expect("request 41");
    assert_eq!(received.to_string(), "2026-11-20");
    assert_eq!(created.to_rfc3339(), "2026-11-20T02:00:00+00:00");
    assert!(head);
    let entered_day: chrono::NaiveDate =
        sqlx::query_scalar("SELECT received_on FROM requests WHERE id = 42")
            .fetch_one(&mut pg)
            .await
            .expect("request 42");
    assert_eq!(
        entered_day.to_string(),
        "2026-11-21",
        "a row without it: the day entered"
    );
    let (scan, sha): (Vec<u8>, String) =
        sqlx::query_as("SELECT content, sha256 FROM stored_files WHERE id = 3")
            .fetch_one(&mut pg)
            .await
            .expect("scan");
    assert_eq!(scan, b"%PDF");
    assert!(sha.starts_with("aa5f5b7e"));
    let after: serde_json::Value = sqlx::query_scalar("SELECT after FROM audit_log WHERE id = 1")
        .fetch_one(&mut pg)
        .await
        .expect("audit");
    assert_eq!(after, serde_json::json!({"a": [true, null, "ü"], "b": 1}));
    let name: String = sqlx::query_scalar("SELECT name FROM users WHERE id = 8")
        .fetch_one(&mut pg)
        .await
        .expect("user");
    assert_eq!(name, "Agen \u{202e}txt.exe");
    let blocked: String = sqlx::query_scalar(
        "SELECT to_char(blocked_until AT TIME ZONE 'UTC', 'HH24:MI') FROM bookings WHERE id = 21",
    )
    .fetch_one(&mut pg)
    .await
    .expect("block");
    assert_eq!(
        blocked, "03:30",
        "the 30-minute buffer of the version in force since 1 November"
    );

    // The ids continue after the copied ones.
    let next: i64 = sqlx::query_scalar(
        "INSERT INTO users (name, role, created_at) VALUES ('Baru', 'agent', now()) RETURNING id",
    )
    .fetch_one(&mut pg)
    .await
    .expect("a new profile");
    assert_eq!(next, 10);

    // The team database opens in the app and reads the desk's request.
    let store = Store::open_at(&konsultasi::store::backend::Location::parse(&target).expect("URL"))
        .await
        .expect("open");
    assert_eq!(store.policy_data().await.expect("policy").versions.len(), 2);
    store.close().await;
}

#[tokio::test]
async fn a_used_target_a_missing_file_and_a_file_target_are_refused_and_change_nothing() {
    let _turn = common::run_beside_others();
    let (_dir, desk) = desk_file().await;
    let target = common::fresh_postgres_database().await;
    assert!(migrate(&desk, &target).status.success(), "first move");
    let mut pg = PgConnection::connect(&target).await.expect("connect");
    let before: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&mut pg)
        .await
        .expect("count");

    let again = migrate(&desk, &target);
    assert_eq!(again.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&again.stderr);
    assert!(stderr.contains("sudah dipakai"), "{stderr}");
    assert_eq!(stderr.trim().lines().count(), 1, "one line: {stderr}");
    let after: i64 = sqlx::query_scalar("SELECT count(*) FROM audit_log")
        .fetch_one(&mut pg)
        .await
        .expect("count");
    assert_eq!(before, after);

    let missing = migrate(&desk.with_file_name("tidak-ada.db"), &target);
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("tidak ditemukan"));
    assert!(
        !desk.with_file_name("tidak-ada.db").exists(),
        "no file was created"
    );

    let to_file = migrate(&desk, "/tmp/lain.db");
    assert_eq!(to_file.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&to_file.stderr).contains("postgres://"));
}
