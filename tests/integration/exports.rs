//! Exports read back by independent tools: every invite and calendar by libical (with its iTIP
//! restriction check) and by Python icalendar; letters by qpdf and poppler.

use std::path::Path;
use std::process::Command;

use chrono::{DateTime, TimeZone, Utc};
use konsultasi::api::{CalendarFilter, ExportRequest, LetterKind, ScheduleInput};
use konsultasi::error::ErrorCode;
use konsultasi::export::ics::{
    AttendeeRole, CalendarEvent, Invite, InviteAttendee, InviteMethod, Party,
};
use konsultasi::service::export::{self, NumberedLetter};
use konsultasi::service::{self, scheduling, workflow};
use serde_json::Value;

use konsultasi::store::on;

use crate::common::{self, TestDb, fresh_db, now, pdf_text, valid_input};

/// The reading of an .ics file by both parsers (see tests/tools/read_ics.py).
fn read_ics(path: &Path) -> Value {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/tools/read_ics.py");
    let output = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(path)
        .output()
        .expect("/usr/bin/python3 must exist (scripts/test.sh installs Debian's python3)");
    assert!(
        output.status.success(),
        "the ICS parsers failed (scripts/test.sh installs python3-gi, gir1.2-ical-3.0 and \
         python3-icalendar): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("parser output is JSON")
}

/// Both parsers' readings, after checking that neither reported an error.
fn both_readings(text: &[u8]) -> [Value; 2] {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("export.ics");
    std::fs::write(&path, text).expect("write ics");
    let reading = read_ics(&path);
    let readings = [reading["libical"].clone(), reading["icalendar"].clone()];
    for (parser, reading) in ["libical", "icalendar"].iter().zip(&readings) {
        assert_eq!(
            reading["errors"],
            Value::Array(vec![]),
            "{parser} found errors in:\n{}",
            String::from_utf8_lossy(text)
        );
    }
    readings
}

fn timestamp(instant: DateTime<Utc>) -> i64 {
    instant.timestamp()
}

/// A tatap muka request, verified and scheduled in RK-1 on Monday 7 December 2026 at 09.00 WIB.
async fn scheduled(db: &TestDb) -> konsultasi::api::RequestDetail {
    common::fill_letter_settings(&db.store, &db.actor).await;
    let mut input = valid_input();
    input.contact.name = "Marlina, S.E.; Kasubbag: Anggaran".into();
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &ScheduleInput {
            date: "2026-12-07".into(),
            time: "09:00".into(),
            room_code: Some("RK-1".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("schedule")
}

#[tokio::test]
async fn the_invite_follows_the_booking_through_reschedule_and_cancellation() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;
    let booking = detail.booking.expect("booking");

    let file = export::invite(&db.store, detail.id, false, now())
        .await
        .expect("invite");
    assert_eq!(file.mime_type, "text/calendar");
    assert!(file.file_name.ends_with(".ics"));
    let starts = Utc
        .with_ymd_and_hms(2026, 12, 7, 2, 0, 0)
        .single()
        .expect("valid instant");
    for reading in both_readings(&file.bytes) {
        assert_eq!(reading["method"], "REQUEST");
        let events = reading["events"].as_array().expect("events");
        assert_eq!(events.len(), 1, "one event per invite file");
        let event = &events[0];
        assert_eq!(event["uid"], booking.ical_uid.as_str());
        assert_eq!(event["sequence"], 0);
        assert_eq!(event["start_utc"], timestamp(starts));
        assert_eq!(event["alarms"], 1);
        assert!(
            event["location"]
                .as_str()
                .expect("present")
                .starts_with("Ruang Konsultasi 1")
        );
        let description = event["description"].as_str().expect("present");
        assert!(
            description.contains("Topik: DAU, Dana Desa"),
            "{description}"
        );
        assert!(description.contains("900/412/BPKAD/2026"), "{description}");
        assert!(description.contains("09.00–10.00 WIB"), "{description}");
        let attendees = event["attendees"].as_array().expect("attendees");
        let names: Vec<&str> = attendees.iter().filter_map(|a| a["cn"].as_str()).collect();
        assert!(
            names.contains(&"Marlina, S.E.; Kasubbag: Anggaran"),
            "a CN with , ; : is kept whole: {names:?}"
        );
        assert!(names.contains(&"Ni Luh Ayu Wéndri"), "{names:?}");
        assert!(
            attendees
                .iter()
                .all(|a| a["role"].as_str().unwrap_or("").contains("PARTICIPANT")),
            "{attendees:?}"
        );
        assert!(
            event["organizer"]
                .as_str()
                .expect("present")
                .contains("callcenter.djpk@kemenkeu.go.id")
        );
    }

    // A request for a cancellation while the meeting stands is refused.
    let refused = export::invite(&db.store, detail.id, true, now())
        .await
        .expect_err("still booked");
    assert_eq!(refused.code(), ErrorCode::Conflict);

    scheduling::reschedule_request(
        &db.store,
        &db.actor,
        detail.id,
        &ScheduleInput {
            date: "2026-12-08".into(),
            time: "13:00".into(),
            room_code: Some("RK-2".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("reschedule");
    let moved = export::invite(&db.store, detail.id, false, now())
        .await
        .expect("invite after reschedule");
    for reading in both_readings(&moved.bytes) {
        let event = &reading["events"][0];
        assert_eq!(reading["method"], "REQUEST");
        assert_eq!(event["uid"], booking.ical_uid.as_str(), "the same event");
        assert_eq!(event["sequence"], 1, "a newer version of it");
        assert_eq!(
            event["start_utc"],
            timestamp(
                Utc.with_ymd_and_hms(2026, 12, 8, 6, 0, 0)
                    .single()
                    .expect("valid instant")
            )
        );
    }

    workflow::cancel_request(&db.store, &db.actor, detail.id, "Pemda membatalkan", now())
        .await
        .expect("cancel");
    let cancel = export::invite(&db.store, detail.id, true, now())
        .await
        .expect("cancellation");
    assert!(cancel.file_name.contains("pembatalan"));
    for reading in both_readings(&cancel.bytes) {
        let event = &reading["events"][0];
        assert_eq!(reading["method"], "CANCEL");
        assert_eq!(event["uid"], booking.ical_uid.as_str());
        assert_eq!(event["sequence"], 2);
        assert_eq!(event["status"], "CANCELLED");
        assert_eq!(event["alarms"], 0);
    }
}

#[tokio::test]
async fn hostile_text_round_trips_exactly_through_both_parsers() {
    let _turn = common::run_beside_others();
    let indonesian = "Pemerintah Kabupaten Kepulauan Seribu menyampaikan permohonan konsultasi \
                      mengenai penyaluran Dana Alokasi Umum yang ditentukan penggunaannya; ";
    let mut summary = String::from("Rapat, koordinasi; DAU: \"tahap\" \\ II\nbaris kedua\n");
    while summary.chars().count() < 540 {
        summary.push_str(indonesian);
    }
    let summary: String = summary.chars().take(540).collect();
    let invite = Invite {
        method: InviteMethod::Request,
        event: CalendarEvent {
            uid: "booking-77@konsultasi.djpk.kemenkeu.go.id".into(),
            sequence: 4,
            starts_at: Utc.with_ymd_and_hms(2027, 3, 1, 2, 0, 0).single().expect("valid instant"),
            ends_at: Utc.with_ymd_and_hms(2027, 3, 1, 3, 0, 0).single().expect("valid instant"),
            summary: summary.clone(),
            description: format!("{summary}\n\\n bukan baris baru"),
            location: Some("Ruang 1, Lantai 9; Gedung: Radius Prawiro".into()),
            url: Some("https://teams.microsoft.com/l/meetup-join/19%3ameeting_abc%40thread.v2/0?context=%7b%7d".into()),
            confirmed: false,
        },
        organizer: Party::email("Contact Center DJPK", "callcenter.djpk@kemenkeu.go.id"),
        attendees: vec![
            InviteAttendee {
                party: Party::email("Đặng Thị Hương, M.Ak.", "huong@example.go.id"),
                role: AttendeeRole::Chair,
            },
            InviteAttendee {
                party: Party::phone("Zoë Müller-Łukasiewicz; Tamu", "+6281234567890"),
                role: AttendeeRole::Optional,
            },
        ],
        reminder_minutes: Some(1440),
    };
    let text = konsultasi::export::ics::invite(&invite, now());
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "a line of {} octets", line.len());
    }
    let [libical, icalendar] = both_readings(text.as_bytes());
    // A backslash followed by "n" in the text is written `\\n`. libical reads it back as
    // written; Python icalendar 4 unescapes `\\n` into a newline (its replacements run one
    // after another), so that one case is checked with libical alone.
    assert_eq!(
        libical["events"][0]["description"].as_str(),
        Some(format!("{summary}\n\\n bukan baris baru").as_str())
    );
    for reading in [libical, icalendar] {
        let event = &reading["events"][0];
        assert_eq!(event["summary"].as_str(), Some(summary.as_str()));
        assert_eq!(
            event["location"],
            "Ruang 1, Lantai 9; Gedung: Radius Prawiro"
        );
        assert_eq!(event["sequence"], 4);
        let names: Vec<&str> = event["attendees"]
            .as_array()
            .expect("present")
            .iter()
            .filter_map(|a| a["cn"].as_str())
            .collect();
        assert_eq!(
            names,
            vec!["Đặng Thị Hương, M.Ak.", "Zoë Müller-Łukasiewicz; Tamu"]
        );
    }
}

#[tokio::test]
async fn the_staff_calendar_publishes_every_booking_without_attendees() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let first = scheduled(&db).await;
    let mut video = valid_input();
    video.channel = Some(konsultasi::domain::Channel::VideoConference);
    video.requester.region_code = Some("91.03".into());
    let second = service::create_request(&db.store, &db.actor, &video, now())
        .await
        .expect("create video");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        second.id,
        &ScheduleInput {
            date: "2026-12-09".into(),
            time: "10:00".into(),
            meeting_url: Some("https://teams.microsoft.com/l/meetup-join/abc".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("schedule video");

    let filter = |from: &str, to: &str| CalendarFilter {
        from: from.into(),
        to: to.into(),
        ..CalendarFilter::default()
    };
    let file = export::calendar(&db.store, &filter("2026-12-01", "2026-12-31"), now())
        .await
        .expect("calendar");
    assert!(!String::from_utf8_lossy(&file.bytes).contains("ATTENDEE"));
    for reading in both_readings(&file.bytes) {
        assert_eq!(reading["method"], "PUBLISH");
        let uids: Vec<&str> = reading["events"]
            .as_array()
            .expect("present")
            .iter()
            .map(|e| e["uid"].as_str().expect("present"))
            .collect();
        assert_eq!(uids.len(), 2);
        assert_eq!(
            uids[0],
            first.booking.as_ref().expect("present").ical_uid,
            "earliest first"
        );
        let video_event = &reading["events"][1];
        assert!(
            video_event["description"]
                .as_str()
                .expect("present")
                .contains("(12.00–13.00 WIT)"),
            "the requester's own zone: {video_event}"
        );
    }
    // One day holds only the first; a reversed range is refused by field.
    let day = export::calendar(&db.store, &filter("2026-12-07", "2026-12-07"), now())
        .await
        .expect("one day");
    assert_eq!(
        String::from_utf8_lossy(&day.bytes)
            .matches("BEGIN:VEVENT")
            .count(),
        1
    );
    let reversed = export::calendar(&db.store, &filter("2026-12-31", "2026-12-01"), now())
        .await
        .expect_err("reversed");
    assert_eq!(reversed.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn the_whatsapp_message_names_the_time_place_and_cap() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;
    let text = export::whatsapp_message(&db.store, detail.id)
        .await
        .expect("message");
    assert!(text.contains("Yth. Bapak/Ibu Marlina, S.E.; Kasubbag: Anggaran,"));
    assert!(
        text.contains("Senin, 7 Desember 2026 pukul 09.00–10.00 WIB"),
        "{text}"
    );
    assert!(text.contains("Ruang Konsultasi 1"), "{text}");
    assert!(text.contains("paling banyak"), "{text}");
    assert!(text.contains("tatap muka Kabupaten Mukomuko"), "{text}");
}

#[tokio::test]
async fn letter_numbers_follow_the_pattern_and_a_reprint_keeps_its_number() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;
    let first = export::issue_number(
        &db.store,
        &db.actor,
        detail.id,
        NumberedLetter::Confirmation,
        0,
        now(),
    )
    .await
    .expect("number");
    assert_eq!(first.number, "S-1/PK.1/2026");
    let again = export::issue_number(
        &db.store,
        &db.actor,
        detail.id,
        NumberedLetter::Confirmation,
        0,
        now(),
    )
    .await
    .expect("reprint");
    assert_eq!(
        again, first,
        "printing the same letter again keeps its number"
    );
    let certificate = export::issue_number(
        &db.store,
        &db.actor,
        detail.id,
        NumberedLetter::Certificate,
        0,
        now(),
    )
    .await
    .expect("another letter");
    assert_eq!(certificate.number, "S-2/PK.1/2026");

    // The register is permanent.
    let deleted = on!(db.store.pools(), p => sqlx::query("DELETE FROM issued_letters")
        .execute(p)
        .await
        .map(|done| done.rows_affected()));
    assert!(deleted.is_err(), "numbers cannot be deleted");

    // A pattern change mid-year never hands out a number twice.
    let mut settings = export::export_settings(&db.store).await.expect("settings");
    settings.number_pattern = "S-{seq}/PK.1/{year}".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("same pattern saves");
    settings.number_pattern = "S-{seq}/PK.1/{roman_month}/{year}".into();
    export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect("new pattern");
    let third = export::issue_number(
        &db.store,
        &db.actor,
        detail.id,
        NumberedLetter::Confirmation,
        1,
        now(),
    )
    .await
    .expect("after the change");
    assert_eq!(third.number, "S-3/PK.1/XI/2026");

    settings.number_pattern = "S/PK.1/{year}".into();
    let refused = export::save_export_settings(&db.store, &db.actor, &settings, now())
        .await
        .expect_err("a pattern without {seq}");
    assert_eq!(refused.code(), ErrorCode::Validation);
    assert_eq!(
        export::export_settings(&db.store)
            .await
            .expect("present")
            .number_pattern,
        "S-{seq}/PK.1/{roman_month}/{year}",
        "a refused save changes nothing"
    );
}

#[tokio::test]
async fn two_connections_numbering_at_once_never_share_a_number() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;
    let mut tasks = Vec::new();
    for sequence in 0..8 {
        // Each task has its own pool, as a second process would (opened here: opening a
        // PostgreSQL store is not a future a task can be spawned with).
        let store = konsultasi::Store::open_at(&db.location)
            .await
            .expect("open");
        let actor = db.actor.clone();
        tasks.push(tokio::spawn(async move {
            let issued = export::issue_number(
                &store,
                &actor,
                detail.id,
                NumberedLetter::Confirmation,
                sequence,
                now(),
            )
            .await
            .expect("number");
            store.close().await;
            issued.number
        }));
    }
    let mut numbers = Vec::new();
    for task in tasks {
        numbers.push(task.await.expect("task"));
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 8, "eight distinct numbers: {numbers:?}");
}

#[tokio::test]
async fn the_letters_of_a_booking_carry_its_facts() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;

    let confirmation = export::letter(
        &db.store,
        Some(&db.actor),
        detail.id,
        LetterKind::Confirmation,
        now(),
    )
    .await
    .expect("confirmation");
    let text = pdf_text(&confirmation.bytes);
    for expected in [
        "S-1/PK.1/2026",
        "Jakarta, 28 November 2026",
        "Senin, 7 Desember 2026",
        "Kabupaten Mukomuko",
        "Ruang Konsultasi 1",
        "900/412/BPKAD/2026",
        common::SIGNATORY,
    ] {
        assert!(text.contains(expected), "{expected} missing from:\n{text}");
    }

    let sheet = export::letter(
        &db.store,
        None,
        detail.id,
        LetterKind::AttendanceSheet,
        now(),
    )
    .await
    .expect("attendance sheet needs no number");
    let text = pdf_text(&sheet.bytes);
    assert!(text.contains("DAFTAR HADIR"));
    assert!(text.contains("Ni Luh Ayu Wéndri"), "{text}");
    assert!(text.contains("H. Sapuan"), "{text}");

    let early = export::letter(
        &db.store,
        Some(&db.actor),
        detail.id,
        LetterKind::Certificate,
        now(),
    )
    .await
    .expect_err("not before the consultation");
    assert_eq!(early.code(), ErrorCode::Conflict);
    let after = Utc
        .with_ymd_and_hms(2026, 12, 7, 4, 0, 0)
        .single()
        .expect("valid instant");
    let certificate = export::letter(
        &db.store,
        Some(&db.actor),
        detail.id,
        LetterKind::Certificate,
        after,
    )
    .await
    .expect("certificate");
    let text = pdf_text(&certificate.bytes);
    assert!(text.contains("SURAT KETERANGAN KEHADIRAN"), "{text}");
    assert!(text.contains("S-2/PK.1/2026"), "{text}");
    assert!(text.contains("Ni Luh Ayu Wéndri"), "{text}");

    let anonymous = export::letter(&db.store, None, detail.id, LetterKind::Confirmation, now())
        .await
        .expect_err("a numbered letter names who issued it");
    assert_eq!(anonymous.code(), ErrorCode::Validation);
}

async fn letters_issued(db: &TestDb) -> i64 {
    on!(db.store.pools(), p => sqlx::query_scalar("SELECT count(*) FROM issued_letters")
        .fetch_one(p)
        .await
        .expect("count"))
}

#[tokio::test]
async fn a_letter_that_cannot_be_saved_uses_up_no_number() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let detail = scheduled(&db).await;
    let dir = tempfile::tempdir().expect("dir");
    let request = ExportRequest::Letter {
        request_id: detail.id,
        letter: LetterKind::Confirmation,
    };
    // The writer fails after the number was drawn: nothing is committed.
    let failed = export::produce_to(&db.store, Some(&db.actor), &request, now(), |_| {
        Err::<(), _>(konsultasi::Error::Internal("disk penuh".into()))
    })
    .await
    .expect_err("the write failed");
    assert_eq!(failed.code(), ErrorCode::Internal);
    assert_eq!(letters_issued(&db).await, 0);
    // The window's save path adds ".pdf", so it cannot name the database file itself; through
    // a link it could, and a copy of a database renamed .pdf is no export either (a PostgreSQL
    // store has no file to protect).
    if !common::on_postgres() {
        let link = dir.path().join("tautan.pdf");
        std::os::unix::fs::symlink(&db.path, &link).expect("symlink");
        let copy = dir.path().join("salinan.pdf");
        std::fs::copy(&db.path, &copy).expect("copy");
        for target in [link, copy.clone()] {
            let refused = export::save(&db.store, Some(&db.actor), &request, &target, now())
                .await
                .expect_err("protected");
            assert_eq!(refused.code(), ErrorCode::Validation, "{target:?}");
            assert_eq!(refused.to_payload().details.fields[0].field, "path");
        }
        assert_eq!(letters_issued(&db).await, 0);
        assert!(
            std::fs::read(&copy)
                .expect("copy")
                .starts_with(b"SQLite format 3\0")
        );
    }
    // The database is intact and the next letter takes the first number.
    let saved = export::save(
        &db.store,
        Some(&db.actor),
        &request,
        &dir.path().join("konfirmasi"),
        now(),
    )
    .await
    .expect("saved");
    assert!(saved.path.ends_with("konfirmasi.pdf"), "{}", saved.path);
    assert!(saved.warnings.is_empty(), "{:?}", saved.warnings);
    assert!(pdf_text(&std::fs::read(&saved.path).expect("read")).contains("S-1/PK.1/2026"));
    assert_eq!(letters_issued(&db).await, 1);
}

#[tokio::test]
async fn a_name_the_font_lacks_is_printed_as_a_box_and_reported() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.guests[1].name = "王小明".into();
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    let file = export::letter(
        &db.store,
        None,
        created.id,
        LetterKind::AttendanceSheet,
        now(),
    )
    .await
    .expect_err("not scheduled yet");
    assert_eq!(file.code(), ErrorCode::Conflict);
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &ScheduleInput {
            date: "2026-12-07".into(),
            time: "09:00".into(),
            room_code: Some("RK-1".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("schedule");
    let dir = tempfile::tempdir().expect("dir");
    let saved = export::save(
        &db.store,
        None,
        &ExportRequest::Letter {
            request_id: created.id,
            letter: LetterKind::AttendanceSheet,
        },
        &dir.path().join("daftar-hadir.pdf"),
        now(),
    )
    .await
    .expect("saved");
    assert_eq!(saved.warnings.len(), 1, "{:?}", saved.warnings);
    assert!(saved.warnings[0].contains("U+738B"), "{:?}", saved.warnings);
    let text = pdf_text(&std::fs::read(&saved.path).expect("read"));
    assert!(text.contains("□□□"), "{text}");
}
