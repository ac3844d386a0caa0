//! Checking, slot finding and scheduling against a real database.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use konsultasi::Store;
use konsultasi::api::{
    HolidayInput, PolicyInput, RequestInput, ResourcePersonInput, ScheduleInput, SlotSearch,
};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::{Error, ErrorCode};
use konsultasi::policy::PolicySettings;
use konsultasi::policy::calendar::HolidayKind;
use konsultasi::policy::rules::{RuleId, Severity};
use konsultasi::service::{self, scheduling, settings, workflow};
use konsultasi::store::backend::Backend;

use crate::common::{self, fresh_db, now, valid_input};

fn at_nine(date: &str, room: &str) -> ScheduleInput {
    ScheduleInput {
        date: date.into(),
        time: "09:00".into(),
        room_code: Some(room.into()),
        ..ScheduleInput::default()
    }
}

fn rules(error: &Error) -> Vec<RuleId> {
    match error {
        Error::Policy { findings, .. } | Error::Conflict { findings, .. } => findings
            .iter()
            .filter(|f| f.severity == Severity::Block)
            .map(|f| f.rule)
            .collect(),
        other => panic!("expected a refusal, got {other:?}"),
    }
}

/// A request created and verified by the secretariat, ready to schedule.
async fn verified(db: &common::TestDb, input: &RequestInput) -> konsultasi::api::RequestDetail {
    let created = service::create_request(&db.store, &db.actor, input, now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify")
}

async fn booking_count(store: &Store) -> i64 {
    let sql = "SELECT count(*) FROM bookings";
    match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
        Backend::Postgres(pool) => sqlx::query_scalar(sql).fetch_one(pool).await,
    }
    .expect("count")
}

/// Whether `sql` runs on the store's database.
async fn runs(store: &Store, sql: &'static str) -> bool {
    match store.pools() {
        Backend::Sqlite(pool) => sqlx::query(sql).execute(pool).await.is_ok(),
        Backend::Postgres(pool) => sqlx::query(sql).execute(pool).await.is_ok(),
    }
}

#[tokio::test]
async fn a_compliant_request_is_scheduled_with_a_fixed_uid() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = verified(&db, &valid_input()).await;
    let scheduled = scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &at_nine("2026-12-07", "RK-1"),
        now(),
    )
    .await
    .expect("schedule");
    assert_eq!(scheduled.status, RequestStatus::Scheduled);
    let booking = scheduled.booking.expect("booking");
    assert_eq!(booking.starts_at, "2026-12-07T02:00:00Z");
    assert_eq!(booking.ends_at, "2026-12-07T03:00:00Z");
    assert_eq!(booking.room_code.as_deref(), Some("RK-1"));
    assert_eq!(booking.unit_code, "DTU", "DAU routes to Dit. DTU");
    assert_eq!(booking.sequence, 0);
    assert!(
        booking
            .ical_uid
            .ends_with("@konsultasi.djpk.kemenkeu.go.id")
    );
    assert_eq!(booking.label, "Senin, 7 Desember 2026 09.00 WIB");

    // Scheduling again from "scheduled" is refused and changes nothing.
    let again = scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &at_nine("2026-12-08", "RK-1"),
        now(),
    )
    .await
    .expect_err("already scheduled");
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert_eq!(booking_count(&db.store).await, 1);
}

#[tokio::test]
async fn a_block_finding_refuses_scheduling_and_writes_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.letter = None;
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("saved despite findings");
    // The letter is judged when the secretariat verifies it: no letter, no verification.
    let error = workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect_err("no letter");
    assert_eq!(error.code(), ErrorCode::Policy);
    assert_eq!(rules(&error), vec![RuleId::LetterRequired]);
    assert!(error.to_string().contains("Surat Permintaan"), "{error}");
    let payload = serde_json::to_value(error.to_payload()).expect("json");
    assert_eq!(payload["details"]["findings"][0]["rule"], "letter-required");
    // Unverified, a tatap muka cannot be scheduled.
    let error = scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &at_nine("2026-12-07", "RK-1"),
        now(),
    )
    .await
    .expect_err("unverified");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(booking_count(&db.store).await, 0);
    let after = service::get_request(&db.store, created.id)
        .await
        .expect("get");
    assert_eq!(after.status, RequestStatus::Submitted);
    assert!(after.booking.is_none());

    // Too soon, a Saturday, and outside the hours are each refused with their rule.
    let letter_ok = verified(&db, &valid_input()).await;
    for (date, time, rule) in [
        ("2026-12-02", "09:00", RuleId::LeadTime),
        ("2026-12-12", "09:00", RuleId::ServiceHours),
        ("2026-12-07", "15:30", RuleId::ServiceHours),
    ] {
        let input = ScheduleInput {
            time: time.into(),
            ..at_nine(date, "RK-1")
        };
        let error = scheduling::schedule_request(&db.store, &db.actor, letter_ok.id, &input, now())
            .await
            .expect_err(date);
        assert!(
            rules(&error).contains(&rule),
            "{date} {time}: {:?}",
            rules(&error)
        );
    }
    assert_eq!(booking_count(&db.store).await, 0);
}

#[tokio::test]
async fn bad_schedule_input_names_the_field() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = verified(&db, &valid_input()).await;
    for (input, field) in [
        (
            ScheduleInput {
                room_code: None,
                ..at_nine("2026-12-07", "x")
            },
            "room_code",
        ),
        (at_nine("2026-12-07", "GUDANG"), "room_code"),
        (at_nine("2026-02-30", "RK-1"), "date"),
        (
            ScheduleInput {
                time: "9 pagi".into(),
                ..at_nine("2026-12-07", "RK-1")
            },
            "time",
        ),
        (
            ScheduleInput {
                duration_minutes: Some(5),
                ..at_nine("2026-12-07", "RK-1")
            },
            "duration_minutes",
        ),
        (
            ScheduleInput {
                unit_code: Some("NOPE".into()),
                ..at_nine("2026-12-07", "RK-1")
            },
            "unit_code",
        ),
        (
            ScheduleInput {
                meeting_url: Some("javascript:alert(1)".into()),
                ..at_nine("2026-12-07", "RK-1")
            },
            "meeting_url",
        ),
    ] {
        let error = scheduling::schedule_request(&db.store, &db.actor, created.id, &input, now())
            .await
            .expect_err(field);
        match error {
            Error::Validation(errors) => assert!(
                errors.as_slice().iter().any(|e| e.field == field),
                "{field}: {errors:?}"
            ),
            other => panic!("{field}: {other:?}"),
        }
    }
    assert_eq!(booking_count(&db.store).await, 0);
}

#[tokio::test]
async fn a_taken_room_is_a_conflict() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let first = verified(&db, &valid_input()).await;
    let mut other = valid_input();
    other.requester.region_code = Some("32.01".into());
    other.topics = vec!["DAK_FISIK".into()];
    let second = verified(&db, &other).await;
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        first.id,
        &at_nine("2026-12-07", "RK-1"),
        now(),
    )
    .await
    .expect("first");
    let error = scheduling::schedule_request(
        &db.store,
        &db.actor,
        second.id,
        &at_nine("2026-12-07", "RK-1"),
        now(),
    )
    .await
    .expect_err("room taken");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(rules(&error), vec![RuleId::RoomConflict]);
    // The other room at the same time is free (different unit too).
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        second.id,
        &at_nine("2026-12-07", "RK-2"),
        now(),
    )
    .await
    .expect("other room");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn many_attempts_on_one_slot_from_separate_connections_one_wins() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut ids = Vec::new();
    for (index, region) in [
        "17.06", "32.01", "32.71", "11.01", "12.73", "61.01", "73.71", "94",
    ]
    .iter()
    .enumerate()
    {
        let mut input = valid_input();
        input.requester.region_code = Some((*region).into());
        input.description = format!("Permohonan {index}");
        ids.push(verified(&db, &input).await.id);
    }
    let mut tasks = Vec::new();
    for id in ids {
        // A store of its own per task: separate connections, as separate processes would have.
        // Opened here: opening a PostgreSQL store is not a future a task can be spawned with.
        let store = Store::open_at(&db.location).await.expect("open");
        tasks.push(tokio::spawn(async move {
            let result = scheduling::schedule_request(
                &store,
                &common::team_leader(&store).await,
                id,
                &at_nine("2026-12-07", "RK-1"),
                now(),
            )
            .await;
            store.close().await;
            result.map(|_| ()).map_err(|e| e.code())
        }));
    }
    let mut won = 0;
    let mut conflicts = 0;
    for task in tasks {
        match task.await.expect("task") {
            Ok(()) => won += 1,
            Err(ErrorCode::Conflict) => conflicts += 1,
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!((won, conflicts), (1, 7));
    assert_eq!(booking_count(&db.store).await, 1);
}

#[tokio::test]
async fn suggested_slots_are_all_schedulable_and_earliest_first() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // Preferences far past the range searched: only the earliest free slots are offered.
    let mut input = valid_input();
    input.preferred_slots[0].date = "2027-02-09".into();
    input.preferred_slots[1].date = "2027-02-10".into();
    let created = verified(&db, &input).await;
    let search = SlotSearch {
        to: Some("2027-01-15".into()),
        count: Some(20),
        ..SlotSearch::default()
    };
    let answer = scheduling::suggest_slots(&db.store, created.id, &search, now())
        .await
        .expect("suggest");
    assert!(answer.preferences.iter().all(|p| p.suggestion.is_some()));
    let slots = answer.suggestions;
    assert!(
        slots
            .iter()
            .all(|s| s.source == konsultasi::api::SuggestionSource::Earliest)
    );
    assert_eq!(slots.len(), 20);
    // Received Fri 27 Nov: five working days later is Fri 4 Dec, 08.00 WIB.
    assert_eq!(slots[0].date, "2026-12-04");
    assert_eq!(slots[0].time, "08:00");
    assert_eq!(slots[0].room_code.as_deref(), Some("RK-1"));
    assert_eq!(
        slots[0].reason,
        "Paling awal: hari kerja pertama setelah tenggang 5 hari kerja"
    );
    assert_eq!(slots[1].reason, "Hari yang sama, sesudah saran 08.00");
    assert!(slots.windows(2).all(|w| w[0].starts_at < w[1].starts_at));
    for slot in &slots {
        let day = NaiveDate::parse_from_str(&slot.date, "%Y-%m-%d").expect("date");
        assert!(
            !matches!(day.format("%a").to_string().as_str(), "Sat" | "Sun"),
            "{}",
            slot.label
        );
    }
    // Book the first; it no longer appears, and the next one is still free.
    let first = &slots[0];
    let input = ScheduleInput {
        date: first.date.clone(),
        time: first.time.clone(),
        room_code: first.room_code.clone(),
        ..ScheduleInput::default()
    };
    scheduling::schedule_request(&db.store, &db.actor, created.id, &input, now())
        .await
        .expect("schedule first suggestion");
    let mut other = valid_input();
    other.requester.region_code = Some("32.01".into());
    let second = verified(&db, &other).await;
    let next = scheduling::suggest_slots(&db.store, second.id, &search, now())
        .await
        .expect("suggest")
        .suggestions;
    assert!(
        next.iter()
            .all(|s| s.starts_at != first.starts_at || s.room_code != first.room_code)
    );
    let input = ScheduleInput {
        date: next[0].date.clone(),
        time: next[0].time.clone(),
        room_code: next[0].room_code.clone(),
        ..ScheduleInput::default()
    };
    scheduling::schedule_request(&db.store, &db.actor, second.id, &input, now())
        .await
        .expect("schedule next suggestion");
}

#[tokio::test]
async fn policy_versions_judge_requests_by_their_receipt_date() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.planned_guest_count = 6;
    input.received_on = Some("2026-11-27".into());
    let before = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    let guest_limit = |findings: &[konsultasi::policy::rules::Finding]| {
        findings
            .iter()
            .any(|f| f.rule == RuleId::GuestLimit && f.severity == Severity::Block)
    };
    assert!(guest_limit(
        &scheduling::check_request(&db.store, before.id, now())
            .await
            .expect("check")
    ));

    let settings = PolicySettings {
        guest_cap_in_person: 8,
        ..PolicySettings::default()
    };
    let version = settings::set_policy(
        &db.store,
        &db.actor,
        &PolicyInput {
            effective_from: "2026-12-01".into(),
            settings,
            note: Some("Kapasitas ruang baru".into()),
        },
        now(),
    )
    .await
    .expect("new version");
    assert_eq!(version.settings.guest_cap_in_person, 8);

    // Received before the new version: still judged by the old cap of 5.
    assert!(guest_limit(
        &scheduling::check_request(&db.store, before.id, now())
            .await
            .expect("check")
    ));
    // Received on the day the new version starts, and entered that day.
    input.received_on = Some("2026-12-01".into());
    let on_the_day = now() + chrono::Duration::days(3);
    let after = service::create_request(&db.store, &db.actor, &input, on_the_day)
        .await
        .expect("create");
    assert!(!guest_limit(
        &scheduling::check_request(&db.store, after.id, on_the_day)
            .await
            .expect("check")
    ));

    let overview = settings::policy_overview(&db.store, now())
        .await
        .expect("overview");
    assert_eq!(overview.versions.len(), 2);
    assert_eq!(overview.defaults, PolicySettings::default());
    // History cannot be rewritten, even with SQL.
    assert!(!runs(&db.store, "UPDATE policy_versions SET note = 'x'").await);
    assert!(!runs(&db.store, "DELETE FROM policy_versions").await);

    let bad = PolicyInput {
        effective_from: "2026-13-01".into(),
        settings: PolicySettings {
            daily_cap_in_person: 0,
            ..PolicySettings::default()
        },
        note: None,
    };
    match settings::set_policy(&db.store, &db.actor, &bad, now())
        .await
        .expect_err("refused")
    {
        Error::Validation(errors) => {
            let fields: Vec<&str> = errors.as_slice().iter().map(|e| e.field.as_str()).collect();
            assert!(
                fields.contains(&"effective_from") && fields.contains(&"daily_cap_in_person"),
                "{fields:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        settings::policy_overview(&db.store, now())
            .await
            .expect("overview")
            .versions
            .len(),
        2
    );
}

#[tokio::test]
async fn shipped_holidays_cover_2023_to_2027_with_nyepi_and_idul_fitri_leave() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    for (year, nyepi, cuti_idul_fitri) in [
        (2023, "2023-03-22", "2023-04-21"),
        (2024, "2024-03-11", "2024-04-08"),
        (2025, "2025-03-29", "2025-04-02"),
        (2026, "2026-03-19", "2026-03-20"),
        (2027, "2027-03-08", "2027-03-09"),
    ] {
        let days = settings::list_holidays(&db.store, Some(year))
            .await
            .expect("list");
        assert!(days.len() >= 20, "{year}: only {} days", days.len());
        assert!(
            days.iter().any(|d| d.date == nyepi
                && d.name.contains("Nyepi")
                && d.kind == HolidayKind::National),
            "{year}: Nyepi on {nyepi}"
        );
        assert!(
            days.iter().any(|d| d.date == cuti_idul_fitri
                && d.name.contains("Idul Fitri")
                && d.kind == HolidayKind::CutiBersama),
            "{year}: cuti bersama Idul Fitri on {cuti_idul_fitri}"
        );
        assert!(
            days.iter().any(|d| d.date == format!("{year}-08-17")),
            "{year}: Hari Kemerdekaan"
        );
    }
    let nyepi = settings::list_holidays(&db.store, Some(2026))
        .await
        .expect("list");
    let label = nyepi
        .iter()
        .find(|d| d.date == "2026-03-19")
        .map(|d| d.label.clone());
    assert_eq!(label.as_deref(), Some("Kamis, 19 Maret 2026"));
}

#[tokio::test]
async fn a_holiday_added_later_blocks_a_preferred_slot() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    let blocked = |findings: Vec<konsultasi::policy::rules::Finding>| {
        findings
            .iter()
            .any(|f| f.rule == RuleId::ServiceHours && f.slot_index == Some(0))
    };
    assert!(!blocked(
        scheduling::check_request(&db.store, created.id, now())
            .await
            .expect("check")
    ));
    settings::add_holiday(
        &db.store,
        &db.actor,
        &HolidayInput {
            date: "2026-12-08".into(),
            name: "Libur kantor".into(),
            kind: Some(HolidayKind::Office),
        },
        now(),
    )
    .await
    .expect("add holiday");
    assert!(blocked(
        scheduling::check_request(&db.store, created.id, now())
            .await
            .expect("check")
    ));
    let duplicate = settings::add_holiday(
        &db.store,
        &db.actor,
        &HolidayInput {
            date: "2026-12-08".into(),
            name: "Libur kantor".into(),
            kind: None,
        },
        now(),
    )
    .await
    .expect_err("already there");
    assert_eq!(duplicate.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn holidays_import_from_ics_all_or_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let before = settings::list_holidays(&db.store, Some(2028))
        .await
        .expect("list")
        .len();
    assert_eq!(before, 0);
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//ID//\r\n\
BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20271201T000000Z\r\nDTSTART;VALUE=DATE:20280101\r\nSUMMARY:Tahun Baru Masehi\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:b@test\r\nDTSTAMP:20271201T000000Z\r\nDTSTART;VALUE=DATE:20280226\r\nDTEND;VALUE=DATE:20280229\r\nSUMMARY:Cuti Bersama Idul Fitri\r\nEND:VEVENT\r\n\
BEGIN:VEVENT\r\nUID:c@test\r\nDTSTAMP:20271201T000000Z\r\nDTSTART:20280301T020000Z\r\nSUMMARY:Rapat\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";
    let first = settings::import_holidays_ics(&db.store, &db.actor, ics, now())
        .await
        .expect("import");
    assert_eq!((first.added, first.skipped), (4, 0));
    assert_eq!(
        first.problems.len(),
        1,
        "the timed meeting is not a holiday"
    );
    let days = settings::list_holidays(&db.store, Some(2028))
        .await
        .expect("list");
    let leave: Vec<&str> = days
        .iter()
        .filter(|d| d.kind == HolidayKind::CutiBersama)
        .map(|d| d.date.as_str())
        .collect();
    assert_eq!(leave, vec!["2028-02-26", "2028-02-27", "2028-02-28"]);
    let again = settings::import_holidays_ics(&db.store, &db.actor, ics, now())
        .await
        .expect("import again");
    assert_eq!((again.added, again.skipped), (0, 4));

    let error = settings::import_holidays_ics(&db.store, &db.actor, "ini bukan kalender", now())
        .await
        .expect_err("not ics");
    assert_eq!(error.code(), ErrorCode::Validation);
    assert_eq!(
        settings::list_holidays(&db.store, Some(2028))
            .await
            .expect("list")
            .len(),
        4
    );
}

#[tokio::test]
async fn an_unsaved_form_is_checked_like_a_saved_request() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input: RequestInput = valid_input();
    input.letter = None;
    input.channel = Some(Channel::InPerson);
    let findings = scheduling::check_request_input(&db.store, None, &input, now())
        .await
        .expect("check");
    assert!(
        findings
            .iter()
            .any(|f| f.rule == RuleId::LetterRequired && f.severity == Severity::Block)
    );
    // An open request of the same Pemda on the same topic makes this one a duplicate.
    service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("earlier request");
    let findings = scheduling::check_request_input(&db.store, None, &input, now())
        .await
        .expect("check");
    assert!(findings.iter().any(|f| f.rule == RuleId::Duplicate));
    // Invalid input is a validation error, as saving would be.
    input.contact.name.clear();
    let error = scheduling::check_request_input(&db.store, None, &input, now())
        .await
        .expect_err("invalid");
    assert_eq!(error.code(), ErrorCode::Validation);
}

#[tokio::test]
async fn slot_labels_are_right_for_every_region() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let reference = db.store.reference();
    let base = Utc
        .with_ymd_and_hms(2026, 12, 7, 1, 0, 0)
        .single()
        .expect("instant");
    for region in reference.regions() {
        for step in 0..24 {
            let instant = base + Duration::minutes(37 * step);
            let label = konsultasi::time::slot_label(instant, region.time_zone);
            let offset = match region.zone() {
                konsultasi::domain::region::ZoneLabel::Wib => 7,
                konsultasi::domain::region::ZoneLabel::Wita => 8,
                konsultasi::domain::region::ZoneLabel::Wit => 9,
            };
            let wib = (instant + Duration::hours(7))
                .format("%H.%M WIB")
                .to_string();
            assert!(label.contains(&wib), "{label} lacks {wib}");
            if offset != 7 {
                let local = (instant + Duration::hours(offset))
                    .format(&format!("%H.%M {})", region.zone().as_str()))
                    .to_string();
                assert!(
                    label.contains(&local),
                    "{}: {label} lacks {local}",
                    region.name
                );
            } else {
                assert!(!label.contains('('), "{}: {label}", region.name);
            }
        }
    }
}

#[tokio::test]
async fn rooms_units_and_topic_routing_are_maintained_in_settings() {
    use konsultasi::api::{RoomInput, TopicRouting, UnitInput};
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let rooms = settings::save_room(
        &db.store,
        &db.actor,
        &RoomInput {
            code: "RK-3".into(),
            name: "Ruang Konsultasi 3".into(),
            capacity: 10,
            active: true,
        },
        now(),
    )
    .await
    .expect("room");
    assert_eq!(rooms.len(), 3);
    let bad = settings::save_room(
        &db.store,
        &db.actor,
        &RoomInput {
            code: "rk 3".into(),
            name: "".into(),
            capacity: 0,
            active: true,
        },
        now(),
    )
    .await
    .expect_err("refused");
    match bad {
        Error::Validation(errors) => assert_eq!(errors.as_slice().len(), 3, "{errors:?}"),
        other => panic!("{other:?}"),
    }
    settings::save_unit(
        &db.store,
        &db.actor,
        &UnitInput {
            code: "HKFN".into(),
            name: "Direktorat Harmonisasi Kebijakan Fiskal Nasional".into(),
            short_name: "Dit. HKFN".into(),
        },
        now(),
    )
    .await
    .expect("unit");
    let topics = settings::route_topic(
        &db.store,
        &db.actor,
        &TopicRouting {
            topic_code: "APBD".into(),
            unit_code: "HKFN".into(),
        },
        now(),
    )
    .await
    .expect("route");
    assert!(
        topics
            .iter()
            .any(|t| t.code == "APBD" && t.unit_name.contains("Harmonisasi"))
    );
    assert!(
        settings::route_topic(
            &db.store,
            &db.actor,
            &TopicRouting {
                topic_code: "APBD".into(),
                unit_code: "NONE".into()
            },
            now()
        )
        .await
        .is_err()
    );

    // A new request on APBD is offered slots with the new unit.
    let mut input = valid_input();
    input.topics = vec!["APBD".into()];
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    let slots = scheduling::suggest_slots(
        &db.store,
        created.id,
        &SlotSearch {
            count: Some(1),
            ..SlotSearch::default()
        },
        now(),
    )
    .await
    .expect("slots");
    assert_eq!(slots.suggestions[0].unit_code, "HKFN");
}

#[tokio::test]
async fn named_resource_persons_are_booked_checked_and_invited() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let person = |name: &str, unit: &str, email: Option<&str>| ResourcePersonInput {
        id: None,
        unit_code: unit.into(),
        name: name.into(),
        position: Some("Kepala Seksi".into()),
        email: email.map(Into::into),
        active: true,
    };
    settings::save_resource_person(
        &db.store,
        &db.actor,
        &person("Andi Wijaya", "DTU", Some("andi@kemenkeu.go.id")),
        now(),
    )
    .await
    .expect("first");
    settings::save_resource_person(
        &db.store,
        &db.actor,
        &person("Budi Santoso", "DTU", None),
        now(),
    )
    .await
    .expect("second");
    let all = settings::save_resource_person(
        &db.store,
        &db.actor,
        &person("Citra Lestari", "PKD", None),
        now(),
    )
    .await
    .expect("third");
    let id_of = |name: &str| all.iter().find(|p| p.name == name).expect("saved").id;
    let (andi, budi, citra) = (
        id_of("Andi Wijaya"),
        id_of("Budi Santoso"),
        id_of("Citra Lestari"),
    );

    let bad = settings::save_resource_person(
        &db.store,
        &db.actor,
        &person("Dedi", "NOPE", Some("bukan surel")),
        now(),
    )
    .await
    .expect_err("unknown unit, bad address");
    let Error::Validation(fields) = bad else {
        panic!("validation expected: {bad:?}")
    };
    let fields: Vec<&str> = fields.as_slice().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, vec!["unit_code", "email"]);

    let video = |region: &str| {
        let mut input = valid_input();
        input.channel = Some(Channel::VideoConference);
        input.requester.region_code = Some(region.into());
        input
    };
    let at_ten = |persons: Vec<i64>| ScheduleInput {
        date: "2026-12-10".into(),
        time: "10:00".into(),
        resource_person_ids: Some(persons),
        ..ScheduleInput::default()
    };
    let mut ids = Vec::new();
    for region in ["32.01", "32.71", "32.73"] {
        ids.push(
            service::create_request(&db.store, &db.actor, &video(region), now())
                .await
                .expect("create")
                .id,
        );
    }

    // A resource person of another unit is refused by field, and nothing is booked.
    let refused =
        scheduling::schedule_request(&db.store, &db.actor, ids[0], &at_ten(vec![citra]), now())
            .await
            .expect_err("PKD person on a DTU booking");
    let Error::Validation(fields) = refused else {
        panic!("validation expected: {refused:?}")
    };
    assert_eq!(fields.as_slice()[0].field, "resource_person_ids");
    assert_eq!(booking_count(&db.store).await, 0);

    let first =
        scheduling::schedule_request(&db.store, &db.actor, ids[0], &at_ten(vec![andi]), now())
            .await
            .expect("Andi at ten");
    assert_eq!(
        first.booking.as_ref().expect("booked").resource_person_ids,
        vec![andi]
    );
    // The slot finder sees it too: with Budi named, ten o'clock is free; with Andi, or with
    // the unit as a whole, it is not.
    let ten_offered = |persons: Vec<i64>| {
        let store = &db.store;
        let id = ids[1];
        async move {
            let search = SlotSearch {
                from: Some("2026-12-10".into()),
                to: Some("2026-12-10".into()),
                count: Some(50),
                resource_person_ids: persons,
                ..SlotSearch::default()
            };
            let slots = scheduling::suggest_slots(store, id, &search, now()).await?;
            Ok::<bool, Error>(slots.suggestions.iter().any(|s| s.time == "10:00"))
        }
    };
    assert!(ten_offered(vec![budi]).await.expect("search with Budi"));
    assert!(!ten_offered(vec![andi]).await.expect("search with Andi"));
    assert!(!ten_offered(Vec::new()).await.expect("search for the unit"));
    let wrong = ten_offered(vec![citra]).await.expect_err("a PKD person");
    let Error::Validation(fields) = wrong else {
        panic!("validation expected: {wrong:?}")
    };
    assert_eq!(fields.as_slice()[0].field, "resource_person_ids");

    // Budi is free at ten: same unit, different person.
    scheduling::schedule_request(&db.store, &db.actor, ids[1], &at_ten(vec![budi]), now())
        .await
        .expect("Budi at ten");
    // Andi is not.
    let busy =
        scheduling::schedule_request(&db.store, &db.actor, ids[2], &at_ten(vec![andi]), now())
            .await
            .expect_err("Andi twice at ten");
    assert!(rules(&busy).contains(&RuleId::UnitConflict), "{busy:?}");

    // The invite names Andi, who has an address, as the one who leads.
    let invite = konsultasi::service::export::invite(&db.store, ids[0], false, now())
        .await
        .expect("invite");
    let text = String::from_utf8(invite.bytes)
        .expect("utf-8")
        .replace("\r\n ", "");
    let line = text
        .lines()
        .find(|l| l.contains("mailto:andi@kemenkeu.go.id"))
        .expect("Andi invited");
    assert!(line.contains("ROLE=CHAIR"), "{line}");

    // Moving the booking without naming persons keeps Andi.
    let moved = scheduling::reschedule_request(
        &db.store,
        &db.actor,
        ids[0],
        &ScheduleInput {
            date: "2026-12-11".into(),
            time: "10:00".into(),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("move");
    assert_eq!(
        moved.booking.expect("booked").resource_person_ids,
        vec![andi]
    );
}

/// A room or resource person that bookings ahead still count on cannot be taken out of use:
/// the refusal names how many and the first few; once they are past, it can.
#[tokio::test]
async fn a_room_or_person_with_bookings_ahead_stays_in_use() {
    use konsultasi::api::RoomInput;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let persons = settings::save_resource_person(
        &db.store,
        &db.actor,
        &ResourcePersonInput {
            id: None,
            unit_code: "DTU".into(),
            name: "Andi Wijaya".into(),
            position: None,
            email: None,
            active: true,
        },
        now(),
    )
    .await
    .expect("person");
    let andi = persons[0].clone();
    let mut booked = Vec::new();
    for (region, date) in [
        ("17.06", "2026-12-07"),
        ("32.01", "2026-12-08"),
        ("32.71", "2026-12-09"),
        ("11.01", "2026-12-10"),
    ] {
        let mut input = valid_input();
        input.requester.region_code = Some(region.into());
        let request = verified(&db, &input).await;
        scheduling::schedule_request(
            &db.store,
            &db.actor,
            request.id,
            &ScheduleInput {
                resource_person_ids: Some(vec![andi.id]),
                ..at_nine(date, "RK-2")
            },
            now(),
        )
        .await
        .expect("schedule");
        booked.push(request.id);
    }
    let log = workflow::search_audit(&db.store, "").await.expect("audit");
    let closed = RoomInput {
        code: "RK-2".into(),
        name: "Ruang Konsultasi 2".into(),
        capacity: 8,
        active: false,
    };
    let error = settings::save_room(&db.store, &db.actor, &closed, now())
        .await
        .expect_err("bookings ahead");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert_eq!(
        error.to_string(),
        format!(
            "Ruang RK-2 tidak dapat dinonaktifkan: masih ada 4 jadwal mendatang (#{} pada \
             07/12/2026 09.00 WIB; #{} pada 08/12/2026 09.00 WIB; #{} pada 09/12/2026 09.00 WIB, \
             dan 1 lainnya). Pindahkan atau batalkan jadwal itu terlebih dahulu",
            booked[0], booked[1], booked[2]
        )
    );
    let retired = ResourcePersonInput {
        id: Some(andi.id),
        unit_code: "DTU".into(),
        name: "Andi Wijaya".into(),
        position: None,
        email: None,
        active: false,
    };
    let error = settings::save_resource_person(&db.store, &db.actor, &retired, now())
        .await
        .expect_err("bookings ahead");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert!(
        error
            .to_string()
            .starts_with("Narasumber Andi Wijaya tidak dapat dinonaktifkan: masih ada 4 jadwal"),
        "{error}"
    );
    assert!(
        settings::list_rooms(&db.store)
            .await
            .expect("rooms")
            .iter()
            .all(|r| r.active)
    );
    assert!(
        settings::resource_persons(&db.store)
            .await
            .expect("persons")
            .iter()
            .all(|p| p.active)
    );
    assert_eq!(
        workflow::search_audit(&db.store, "").await.expect("audit"),
        log,
        "a refusal writes no entry"
    );

    // Renaming is no deactivation; and once the bookings are past, the room can close.
    settings::save_room(
        &db.store,
        &db.actor,
        &RoomInput {
            active: true,
            name: "Ruang Konsultasi Dua".into(),
            ..closed.clone()
        },
        now(),
    )
    .await
    .expect("rename");
    let after_all = Utc
        .with_ymd_and_hms(2026, 12, 11, 0, 0, 0)
        .single()
        .expect("instant");
    let rooms = settings::save_room(&db.store, &db.actor, &closed, after_all)
        .await
        .expect("nothing ahead");
    assert!(rooms.iter().any(|r| r.code == "RK-2" && !r.active));
    settings::save_resource_person(&db.store, &db.actor, &retired, after_all)
        .await
        .expect("nothing ahead");
}

#[tokio::test]
async fn a_slot_search_for_an_impossible_length_is_refused_by_field() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = verified(&db, &valid_input()).await;
    for minutes in [0, 10, 481, 100_000] {
        let search = SlotSearch {
            duration_minutes: Some(minutes),
            ..SlotSearch::default()
        };
        let error = scheduling::suggest_slots(&db.store, created.id, &search, now())
            .await
            .expect_err("refused");
        let payload = error.to_payload();
        assert_eq!(payload.code, ErrorCode::Validation, "{minutes}");
        assert_eq!(
            payload.details.fields[0].field, "duration_minutes",
            "{minutes}"
        );
    }
}

/// Books `id` (verified first) at `date` `time` in `room` for `unit`.
async fn book_at(
    db: &common::TestDb,
    region: &str,
    date: &str,
    time: &str,
    room: &str,
    unit: &str,
) {
    let mut input = valid_input();
    input.requester.region_code = Some(region.into());
    let other = verified(db, &input).await;
    let slot = ScheduleInput {
        date: date.into(),
        time: time.into(),
        room_code: Some(room.into()),
        unit_code: Some(unit.into()),
        ..ScheduleInput::default()
    };
    scheduling::schedule_request(&db.store, &db.actor, other.id, &slot, now())
        .await
        .expect("book the other request");
}

fn cards(answer: &konsultasi::api::SlotSuggestions) -> Vec<(String, String, String)> {
    answer
        .suggestions
        .iter()
        .map(|s| (s.date.clone(), s.time.clone(), s.reason.clone()))
        .collect()
}

fn card(date: &str, time: &str, reason: &str) -> (String, String, String) {
    (date.into(), time.into(), reason.into())
}

#[tokio::test]
async fn passing_preferences_come_first_then_the_nearest_slots_each_with_its_own_reason() {
    use konsultasi::api::SuggestionSource;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // Preferences: Tue 8 Dec 09.00 and Wed 9 Dec 13.30; nothing else is booked.
    let created = verified(&db, &valid_input()).await;
    let answer = scheduling::suggest_slots(&db.store, created.id, &SlotSearch::default(), now())
        .await
        .expect("suggest");
    assert!(
        answer.request_blocks.is_empty(),
        "{:?}",
        answer.request_blocks
    );
    assert_eq!(answer.preferences.len(), 2);
    for (index, verdict) in answer.preferences.iter().enumerate() {
        assert!(verdict.refusals.is_empty(), "{:?}", verdict.refusals);
        let passing = verdict.suggestion.as_ref().expect("passes");
        assert_eq!(
            passing.source,
            SuggestionSource::Preference {
                index: index as u32
            }
        );
        assert_eq!(passing.starts_at, verdict.starts_at);
    }
    // The preferences in the Pemda's order; then, on their own days, the nearest half hours
    // (later before earlier at equal distance); then the working days either side.
    assert_eq!(
        cards(&answer),
        vec![
            card("2026-12-08", "09:00", "Sesuai usulan ke-1"),
            card("2026-12-09", "13:30", "Sesuai usulan ke-2"),
            card(
                "2026-12-08",
                "09:30",
                "Terdekat dari usulan ke-1 (30 menit lebih lambat)"
            ),
            card(
                "2026-12-09",
                "14:00",
                "Terdekat dari usulan ke-2 (30 menit lebih lambat)"
            ),
            card(
                "2026-12-08",
                "08:30",
                "Terdekat dari usulan ke-1 (30 menit lebih awal)"
            ),
            card(
                "2026-12-09",
                "13:00",
                "Terdekat dari usulan ke-2 (30 menit lebih awal)"
            ),
            card(
                "2026-12-09",
                "09:00",
                "Hari kerja berikutnya setelah usulan ke-1 (jam sama)"
            ),
            card(
                "2026-12-10",
                "13:30",
                "Hari kerja berikutnya setelah usulan ke-2 (jam sama)"
            ),
            card(
                "2026-12-07",
                "09:00",
                "Hari kerja sebelum usulan ke-1 (jam sama)"
            ),
            card(
                "2026-12-08",
                "13:30",
                "Hari kerja sebelum usulan ke-2 (jam sama)"
            ),
        ]
    );
    let reasons: std::collections::HashSet<&str> = answer
        .suggestions
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), answer.suggestions.len());

    // Two working days either side come next; with room left, the earliest free slots follow
    // (Fri 4 Dec 09.00 is offered above already), each with its own reason too.
    let more = SlotSearch {
        count: Some(17),
        ..SlotSearch::default()
    };
    let answer = scheduling::suggest_slots(&db.store, created.id, &more, now())
        .await
        .expect("suggest more");
    let tail: Vec<_> = cards(&answer).split_off(10);
    assert_eq!(
        tail,
        vec![
            card(
                "2026-12-10",
                "09:00",
                "2 hari kerja setelah usulan ke-1 (jam sama)"
            ),
            card(
                "2026-12-11",
                "13:30",
                "2 hari kerja setelah usulan ke-2 (jam sama)"
            ),
            card(
                "2026-12-07",
                "13:30",
                "2 hari kerja sebelum usulan ke-2 (jam sama)"
            ),
            card(
                "2026-12-04",
                "09:00",
                "2 hari kerja sebelum usulan ke-1 (jam sama)"
            ),
            card(
                "2026-12-04",
                "08:00",
                "Waktu kosong paling awal yang belum disarankan di atas"
            ),
            card("2026-12-04", "08:30", "Hari yang sama, sesudah saran 08.00"),
            card("2026-12-04", "09:30", "Hari yang sama, sesudah saran 08.30"),
        ]
    );
    let reasons: std::collections::HashSet<&str> = answer
        .suggestions
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), answer.suggestions.len());
    assert!(
        answer.suggestions[14..]
            .iter()
            .all(|s| s.source == SuggestionSource::Earliest)
    );

    // The first suggestion is what scheduling accepts.
    let first = &answer.suggestions[0];
    let input = ScheduleInput {
        date: first.date.clone(),
        time: first.time.clone(),
        room_code: first.room_code.clone(),
        ..ScheduleInput::default()
    };
    let booked = scheduling::schedule_request(&db.store, &db.actor, created.id, &input, now())
        .await
        .expect("the preference books");
    assert_eq!(
        booked.booking.expect("booking").starts_at,
        answer.preferences[0].starts_at
    );
}

#[tokio::test]
async fn a_preference_on_a_holiday_is_refused_and_the_nearest_working_slot_comes_first() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.preferred_slots.truncate(1);
    input.preferred_slots[0].date = "2026-12-24".into();
    input.preferred_slots[0].time = "10:00".into();
    let created = verified(&db, &input).await;
    let answer = scheduling::suggest_slots(&db.store, created.id, &SlotSearch::default(), now())
        .await
        .expect("suggest");
    let verdict = &answer.preferences[0];
    assert!(verdict.suggestion.is_none());
    assert_eq!(verdict.refusals.len(), 1, "{:?}", verdict.refusals);
    let refusal = &verdict.refusals[0];
    assert_eq!(refusal.rule, RuleId::ServiceHours);
    assert_eq!(refusal.severity, Severity::Block);
    assert_eq!(
        refusal.message,
        "Kamis, 24 Desember 2026 hari libur: Cuti Bersama Hari Raya Natal"
    );
    assert_eq!(
        refusal.clause,
        "Kebijakan layanan konsultasi DJPK (Pengaturan)"
    );
    assert_eq!(refusal.slot_index, Some(0));
    // Scheduling it is refused by the same rule.
    let error = scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &ScheduleInput {
            date: "2026-12-24".into(),
            time: "10:00".into(),
            room_code: Some("RK-1".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect_err("a holiday");
    assert_eq!(rules(&error), vec![RuleId::ServiceHours]);

    // Wed 23 Dec is one day before; Mon 28 Dec, after Christmas and the weekend, four.
    assert_eq!(
        cards(&answer)[..4].to_vec(),
        vec![
            card(
                "2026-12-23",
                "10:00",
                "Hari kerja sebelum usulan ke-1 (libur, jam sama)"
            ),
            card(
                "2026-12-28",
                "10:00",
                "Hari kerja berikutnya setelah usulan ke-1 (libur, jam sama)"
            ),
            card(
                "2026-12-22",
                "10:00",
                "2 hari kerja sebelum usulan ke-1 (libur, jam sama)"
            ),
            card(
                "2026-12-29",
                "10:00",
                "2 hari kerja setelah usulan ke-1 (libur, jam sama)"
            ),
        ]
    );
    assert_eq!(
        cards(&answer)[4],
        card(
            "2026-12-04",
            "08:00",
            "Waktu kosong paling awal yang belum disarankan di atas"
        )
    );
    let reasons: std::collections::HashSet<&str> = answer
        .suggestions
        .iter()
        .map(|s| s.reason.as_str())
        .collect();
    assert_eq!(reasons.len(), answer.suggestions.len());
}

#[tokio::test]
async fn taken_rooms_move_a_preference_to_another_room_or_refuse_it_and_alternatives_go_by_nearness()
 {
    use konsultasi::api::SuggestionSource;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = verified(&db, &valid_input()).await;
    // RK-1 is taken at the first preference (Tue 8 Dec 09.00) by another unit's consultation.
    book_at(&db, "32.01", "2026-12-08", "09:00", "RK-1", "DTK").await;
    let answer = scheduling::suggest_slots(&db.store, created.id, &SlotSearch::default(), now())
        .await
        .expect("suggest");
    let first = &answer.suggestions[0];
    assert_eq!(first.reason, "Sesuai usulan ke-1");
    assert_eq!(first.room_code.as_deref(), Some("RK-2"));
    // On the next working day RK-1 is free again: another room than the preference's.
    let next_day = answer
        .suggestions
        .iter()
        .find(|s| s.date == "2026-12-09" && s.time == "09:00")
        .expect("the next working day");
    assert_eq!(next_day.room_code.as_deref(), Some("RK-1"));
    assert_eq!(
        next_day.reason,
        "Hari kerja berikutnya setelah usulan ke-1 (jam sama, ruang lain)"
    );

    // Now RK-2 is taken too: the preference is refused, naming both rooms.
    book_at(&db, "32.02", "2026-12-08", "09:00", "RK-2", "DIOK").await;
    let answer = scheduling::suggest_slots(&db.store, created.id, &SlotSearch::default(), now())
        .await
        .expect("suggest");
    let verdict = &answer.preferences[0];
    assert!(verdict.suggestion.is_none());
    let refused: Vec<(RuleId, bool, bool)> = verdict
        .refusals
        .iter()
        .map(|f| {
            (
                f.rule,
                f.message.contains("RK-1"),
                f.message.contains("RK-2"),
            )
        })
        .collect();
    assert_eq!(
        refused,
        vec![
            (RuleId::RoomConflict, true, false),
            (RuleId::RoomConflict, false, true)
        ]
    );
    assert_eq!(answer.suggestions[0].reason, "Sesuai usulan ke-2");
    // Around the refused 09.00 both rooms are held until 10.00 plus the 15-minute buffer: the
    // nearest free start that day is 10.30, after the second preference's own half hours.
    let near: Vec<&konsultasi::api::SlotSuggestion> = answer
        .suggestions
        .iter()
        .filter(|s| matches!(s.source, SuggestionSource::NearPreference { .. }))
        .collect();
    assert_eq!(
        near.iter()
            .take(3)
            .map(|s| (s.date.as_str(), s.time.as_str(), s.reason.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                "2026-12-09",
                "14:00",
                "Terdekat dari usulan ke-2 (30 menit lebih lambat)"
            ),
            (
                "2026-12-09",
                "13:00",
                "Terdekat dari usulan ke-2 (30 menit lebih awal)"
            ),
            (
                "2026-12-08",
                "10:30",
                "Terdekat dari usulan ke-1 (1 jam 30 menit lebih lambat)"
            ),
        ]
    );
    // Same-day alternatives before other days; within each, nearer first.
    let preference_start = |s: &konsultasi::api::SlotSuggestion| {
        let SuggestionSource::NearPreference { index } = s.source else {
            unreachable!()
        };
        konsultasi::time::parse_rfc3339(&answer.preferences[index as usize].starts_at)
            .expect("instant")
    };
    let keys: Vec<(bool, i64)> = near
        .iter()
        .map(|s| {
            let pref = preference_start(s);
            let start = konsultasi::time::parse_rfc3339(&s.starts_at).expect("instant");
            (
                s.date
                    != pref
                        .with_timezone(&chrono_tz::Asia::Jakarta)
                        .date_naive()
                        .to_string(),
                (start - pref).num_minutes().abs(),
            )
        })
        .collect();
    let same_day: Vec<i64> = keys.iter().filter(|k| !k.0).map(|k| k.1).collect();
    assert_eq!(same_day.len(), 3);
    assert!(same_day.windows(2).all(|w| w[0] <= w[1]), "{keys:?}");
    assert!(keys.windows(2).all(|w| w[0].0 <= w[1].0), "{keys:?}");
    for suggestion in &answer.suggestions {
        let input = ScheduleInput {
            date: suggestion.date.clone(),
            time: suggestion.time.clone(),
            room_code: suggestion.room_code.clone(),
            ..ScheduleInput::default()
        };
        // Every card would book (checked without booking: a refusal writes nothing).
        let mut check = valid_input();
        check.requester.region_code = Some("32.03".into());
        let probe = verified(&db, &check).await;
        scheduling::schedule_request(&db.store, &db.actor, probe.id, &input, now())
            .await
            .unwrap_or_else(|e| panic!("{} {}: {e}", suggestion.date, suggestion.time));
        workflow::cancel_request(&db.store, &db.actor, probe.id, "Uji coba pemesanan", now())
            .await
            .expect("cancel the probe");
    }
}
