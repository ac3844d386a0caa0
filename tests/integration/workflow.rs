//! The workflow through the services: roles, SEQUENCE and history, the audit trail.

use konsultasi::Store;
use konsultasi::api::{
    AuditEntry, ConfirmInput, HolidayInput, PolicyInput, ResourcePersonInput, RoomInput,
    ScheduleInput, SessionOverrideInput, TopicRouting, UnitInput, UserInput,
};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::ErrorCode;
use konsultasi::policy::PolicySettings;
use konsultasi::policy::calendar::HolidayKind;
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::service::{self, calendar, export, scheduling, settings};
use konsultasi::store::backend::{Backend, Instant};
use konsultasi::workflow::Role;

use crate::common::{self, agent, fresh_db, now, valid_input};

/// The slots booking `id` held before, oldest first: SEQUENCE and start.
async fn booking_history(store: &Store, id: i64) -> Vec<(i64, String)> {
    let sql = "SELECT sequence, starts_at FROM booking_history WHERE booking_id = $1 ORDER BY id";
    let rows: Vec<(i64, Instant)> = match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_as(sql).bind(id).fetch_all(pool).await,
        Backend::Postgres(pool) => sqlx::query_as(sql).bind(id).fetch_all(pool).await,
    }
    .expect("history");
    rows.into_iter()
        .map(|(sequence, at)| (sequence, at.to_text()))
        .collect()
}

/// Whether booking `id` is active, and its SEQUENCE.
async fn booking_state(store: &Store, id: i64) -> (bool, i64) {
    let sql = "SELECT active, sequence FROM bookings WHERE id = $1";
    match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_as(sql).bind(id).fetch_one(pool).await,
        Backend::Postgres(pool) => sqlx::query_as(sql).bind(id).fetch_one(pool).await,
    }
    .expect("booking row")
}

async fn count(store: &Store, sql: &'static str) -> i64 {
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

fn confirmation(by: &str) -> ConfirmInput {
    ConfirmInput {
        date: "2026-11-28".into(),
        time: "09:30".into(),
        confirmed_by: by.into(),
        via: Some(ConfirmationChannel::Whatsapp),
    }
}

fn slot(date: &str, time: &str, room: &str) -> ScheduleInput {
    ScheduleInput {
        date: date.into(),
        time: time.into(),
        room_code: Some(room.into()),
        ..ScheduleInput::default()
    }
}

#[tokio::test]
async fn submit_verify_schedule_confirm_reschedule_cancel_with_sequence_history_and_audit() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let agent = agent(&db.store).await;
    let secretary = db.actor.clone();

    let created = service::create_request(&db.store, &agent, &valid_input(), now())
        .await
        .expect("create");
    let id = created.id;

    // An agent cannot verify a letter.
    let refused = workflow::verify_request(&db.store, &agent, id, now())
        .await
        .expect_err("agent");
    assert_eq!(refused.code(), ErrorCode::Policy);
    assert!(refused.to_string().contains("Sekretariat"), "{refused}");
    let verified = workflow::verify_request(&db.store, &secretary, id, now())
        .await
        .expect("verify");
    assert_eq!(verified.status, RequestStatus::Verified);

    // Confirming before scheduling is not a legal transition.
    let early = workflow::confirm_request(&db.store, &agent, id, &confirmation("Rina"), now())
        .await
        .expect_err("not scheduled");
    assert_eq!(early.code(), ErrorCode::Conflict);

    // An agent cannot schedule a tatap muka; the secretariat can.
    let by_agent = scheduling::schedule_request(
        &db.store,
        &agent,
        id,
        &slot("2026-12-07", "09:00", "RK-1"),
        now(),
    )
    .await
    .expect_err("agent schedules tatap muka");
    assert_eq!(by_agent.code(), ErrorCode::Policy);
    let scheduled = scheduling::schedule_request(
        &db.store,
        &secretary,
        id,
        &slot("2026-12-07", "09:00", "RK-1"),
        now(),
    )
    .await
    .expect("schedule");
    let first = scheduled.booking.clone().expect("booking");
    assert_eq!(first.sequence, 0);

    let confirmed =
        workflow::confirm_request(&db.store, &agent, id, &confirmation("Rina Marlina"), now())
            .await
            .expect("confirm");
    assert_eq!(confirmed.status, RequestStatus::Confirmed);

    let moved = scheduling::reschedule_request(
        &db.store,
        &secretary,
        id,
        &slot("2026-12-09", "13:00", "RK-2"),
        now(),
    )
    .await
    .expect("reschedule");
    let second = moved.booking.clone().expect("booking");
    assert_eq!(
        moved.status,
        RequestStatus::Scheduled,
        "a moved slot must be confirmed again"
    );
    assert_eq!(second.ical_uid, first.ical_uid, "the UID never changes");
    assert_eq!(second.sequence, 1);
    assert_eq!(second.starts_at, "2026-12-09T06:00:00Z");
    assert_eq!(second.room_code.as_deref(), Some("RK-2"));
    assert_eq!(
        booking_history(&db.store, first.id).await,
        vec![(0, "2026-12-07T02:00:00Z".to_owned())]
    );

    let empty_reason = workflow::cancel_request(&db.store, &agent, id, "  ", now())
        .await
        .expect_err("reason");
    assert_eq!(empty_reason.code(), ErrorCode::Validation);
    let cancelled =
        workflow::cancel_request(&db.store, &agent, id, "Pemda membatalkan kunjungan", now())
            .await
            .expect("cancel");
    assert_eq!(cancelled.status, RequestStatus::Cancelled);
    assert!(cancelled.booking.is_none());
    assert_eq!(
        booking_state(&db.store, first.id).await,
        (false, 2),
        "cancellation raises SEQUENCE again"
    );

    // Nothing leaves Cancelled.
    let again = workflow::verify_request(&db.store, &secretary, id, now())
        .await
        .expect_err("terminal");
    assert_eq!(again.code(), ErrorCode::Conflict);

    let trail = workflow::audit_trail(&db.store, id).await.expect("audit");
    let steps: Vec<(&str, &str)> = trail
        .iter()
        .map(|e| (e.action.as_str(), e.actor_name.as_str()))
        .collect();
    assert_eq!(
        steps,
        vec![
            ("create", "Agen Uji"),
            ("verify", "Ketua Tim Uji"),
            ("schedule", "Ketua Tim Uji"),
            ("confirm", "Agen Uji"),
            ("reschedule", "Ketua Tim Uji"),
            ("cancel", "Agen Uji"),
        ]
    );
    assert_eq!(
        trail[1].before.as_ref().map(|b| b["status"].clone()),
        Some("submitted".into())
    );
    assert_eq!(
        trail[1].after.as_ref().map(|a| a["status"].clone()),
        Some("verified".into())
    );
    assert_eq!(
        trail[4].after.as_ref().map(|a| a["starts_at"].clone()),
        Some("2026-12-09T06:00:00Z".into())
    );
    assert_eq!(
        trail[5].note.as_deref(),
        Some("Pemda membatalkan kunjungan")
    );
    let found = workflow::search_audit(&db.store, "membatalkan")
        .await
        .expect("search");
    assert_eq!(found.len(), 1);

    // The log is append-only, even to SQL.
    assert!(!runs(&db.store, "UPDATE audit_log SET note = 'x'").await);
    assert!(!runs(&db.store, "DELETE FROM audit_log").await);
}

#[tokio::test]
async fn refused_transitions_leave_no_trace() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let agent = agent(&db.store).await;
    let mut input = valid_input();
    input.channel = Some(Channel::VideoConference);
    let created = service::create_request(&db.store, &agent, &input, now())
        .await
        .expect("create");
    let before = workflow::audit_trail(&db.store, created.id)
        .await
        .expect("audit")
        .len();

    let reject = workflow::reject_request(
        &db.store,
        &agent,
        created.id,
        "Di luar kewenangan DJPK",
        now(),
    )
    .await
    .expect_err("agents do not reject");
    assert_eq!(reject.code(), ErrorCode::Policy);
    assert_eq!(
        workflow::audit_trail(&db.store, created.id)
            .await
            .expect("audit")
            .len(),
        before
    );

    // A video conference may be scheduled by an agent straight from "submitted".
    let scheduled = scheduling::schedule_request(
        &db.store,
        &agent,
        created.id,
        &ScheduleInput {
            date: "2026-12-07".into(),
            time: "10:00".into(),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("agent schedules a video conference");
    assert_eq!(scheduled.status, RequestStatus::Scheduled);
    let late_reject =
        workflow::reject_request(&db.store, &db.actor, created.id, "Terlambat", now())
            .await
            .expect_err("scheduled requests are cancelled, not rejected");
    assert_eq!(late_reject.code(), ErrorCode::Conflict);
    assert_eq!(
        service::get_request(&db.store, created.id)
            .await
            .expect("get")
            .status,
        RequestStatus::Scheduled
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_confirmations_at_once_one_wins_the_other_is_a_conflict() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &slot("2026-12-07", "09:00", "RK-1"),
        now(),
    )
    .await
    .expect("schedule");
    let mut tasks = Vec::new();
    for by in ["Rina", "Budi"] {
        let id = created.id;
        // Separate stores: separate connections, like two desks running the app. Opened here:
        // opening a PostgreSQL store is not a future a task can be spawned with.
        let store = Store::open_at(&db.location).await.expect("open");
        tasks.push(tokio::spawn(async move {
            let actor = common::team_leader(&store).await;
            let result =
                workflow::confirm_request(&store, &actor, id, &confirmation(by), now()).await;
            store.close().await;
            result.map(|_| ()).map_err(|e| e.code())
        }));
    }
    let mut outcomes = Vec::new();
    for task in tasks {
        outcomes.push(task.await.expect("task"));
    }
    outcomes.sort_by_key(|o| o.is_err());
    assert_eq!(outcomes, vec![Ok(()), Err(ErrorCode::Conflict)]);
    assert_eq!(
        count(&db.store, "SELECT count(*) FROM confirmations").await,
        1
    );
}

#[tokio::test]
async fn the_calendar_and_dashboard_show_bookings_and_what_now_breaks_a_rule() {
    use konsultasi::api::CalendarFilter;
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    let waiting = calendar::dashboard(&db.store, now())
        .await
        .expect("dashboard");
    assert!(waiting.awaiting_verification.is_empty());
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        created.id,
        &slot("2026-12-07", "09:00", "RK-1"),
        now(),
    )
    .await
    .expect("schedule");

    let week = CalendarFilter {
        from: "2026-12-07".into(),
        to: "2026-12-13".into(),
        ..CalendarFilter::default()
    };
    let entries = calendar::calendar(&db.store, &week)
        .await
        .expect("calendar");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].requester_label, "Kabupaten Mukomuko");
    assert_eq!(entries[0].label, "Senin, 7 Desember 2026 09.00 WIB");
    let other_room = CalendarFilter {
        room_code: Some("RK-2".into()),
        ..week.clone()
    };
    assert!(
        calendar::calendar(&db.store, &other_room)
            .await
            .expect("calendar")
            .is_empty()
    );
    let backwards = CalendarFilter {
        from: "2026-12-13".into(),
        to: "2026-12-07".into(),
        ..CalendarFilter::default()
    };
    assert!(calendar::calendar(&db.store, &backwards).await.is_err());

    // On the Monday itself the dashboard lists it today; a week earlier it waits for confirmation.
    let monday = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 7, 1, 0, 0)
        .single()
        .expect("instant");
    let board = calendar::dashboard(&db.store, monday)
        .await
        .expect("dashboard");
    assert_eq!(board.today, "2026-12-07");
    assert_eq!(board.today_entries.len(), 1);
    assert_eq!(board.awaiting_confirmation.len(), 1);
    assert!(board.now_breaking.is_empty());

    // A holiday declared after scheduling makes the booking break a rule.
    settings::add_holiday(
        &db.store,
        &db.actor,
        &HolidayInput {
            date: "2026-12-07".into(),
            name: "Libur tambahan".into(),
            kind: None,
        },
        now(),
    )
    .await
    .expect("holiday");
    let board = calendar::dashboard(&db.store, now())
        .await
        .expect("dashboard");
    assert_eq!(board.now_breaking.len(), 1);
    assert!(
        board.now_breaking[0].findings[0]
            .message
            .contains("Libur tambahan")
    );
}

#[tokio::test]
async fn a_closed_request_cannot_be_edited_and_stays_as_it_was() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    let mut edit = valid_input();
    edit.description = "Diubah sebelum ditutup.".into();
    service::update_request(
        &db.store,
        &db.actor,
        created.id,
        created.version,
        &edit,
        now(),
    )
    .await
    .expect("an open request is editable");

    workflow::cancel_request(&db.store, &db.actor, created.id, "Pemda membatalkan", now())
        .await
        .expect("cancel");
    let before = service::get_request(&db.store, created.id)
        .await
        .expect("get");
    let trail_before = workflow::audit_trail(&db.store, created.id)
        .await
        .expect("trail")
        .len();

    edit.description = "Diubah setelah dibatalkan.".into();
    let error = service::update_request(
        &db.store,
        &db.actor,
        created.id,
        before.version,
        &edit,
        now(),
    )
    .await
    .expect_err("a cancelled request is history");
    assert_eq!(error.code(), ErrorCode::Conflict);
    assert!(error.to_string().contains("Dibatalkan"), "{error}");
    assert_eq!(
        service::get_request(&db.store, created.id)
            .await
            .expect("get"),
        before
    );
    assert_eq!(
        workflow::audit_trail(&db.store, created.id)
            .await
            .expect("trail")
            .len(),
        trail_before,
        "nothing was recorded"
    );
}

/// Every audit entry, oldest first (the settings ones have no request).
async fn audit_log(store: &Store) -> Vec<AuditEntry> {
    let mut entries = workflow::search_audit(store, "").await.expect("audit");
    entries.reverse();
    entries
}

fn settings_inputs() -> (
    PolicyInput,
    HolidayInput,
    SessionOverrideInput,
    RoomInput,
    UnitInput,
    ResourcePersonInput,
    TopicRouting,
) {
    (
        PolicyInput {
            effective_from: "2027-01-01".into(),
            settings: PolicySettings {
                guest_cap_in_person: 6,
                ..PolicySettings::default()
            },
            note: Some("Ruang diperluas".into()),
        },
        HolidayInput {
            date: "2027-01-02".into(),
            name: "Libur kantor".into(),
            kind: Some(HolidayKind::Office),
        },
        SessionOverrideInput {
            label: "Jam Ramadan".into(),
            from: "2027-02-08".into(),
            to: "2027-03-09".into(),
            weekly_windows: PolicySettings::default().weekly_windows,
        },
        RoomInput {
            code: "RK-3".into(),
            name: "Ruang Konsultasi 3".into(),
            capacity: 10,
            active: true,
        },
        UnitInput {
            code: "HKFN".into(),
            name: "Direktorat Harmonisasi Kebijakan Fiskal Nasional".into(),
            short_name: "Dit. HKFN".into(),
        },
        ResourcePersonInput {
            id: None,
            unit_code: "DTU".into(),
            name: "Andi Wijaya".into(),
            position: None,
            email: None,
            active: true,
        },
        TopicRouting {
            topic_code: "APBD".into(),
            unit_code: "DTU".into(),
        },
    )
}

const ICS: &str = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Test//ID//\r\n\
BEGIN:VEVENT\r\nUID:a@test\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru Masehi\r\nEND:VEVENT\r\n\
END:VCALENDAR\r\n";

#[tokio::test]
async fn an_agent_changes_no_setting_and_nothing_is_written() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let agent = agent(&db.store).await;
    let (policy_input, holiday, special, room, unit, person, routing) = settings_inputs();
    let mut letters = export::export_settings(&db.store).await.expect("settings");
    letters.place = "Bogor".into();
    let user = UserInput {
        name: "Budi".into(),
        role: Some(Role::Agent),
    };
    let log = audit_log(&db.store).await;
    let holidays = settings::list_holidays(&db.store, None)
        .await
        .expect("list");
    let some_holiday = holidays.first().expect("shipped holidays").id;

    let refusals = vec![
        settings::set_policy(&db.store, &agent, &policy_input, now())
            .await
            .map(drop),
        settings::add_holiday(&db.store, &agent, &holiday, now())
            .await
            .map(drop),
        settings::delete_holiday(&db.store, &agent, some_holiday, now()).await,
        settings::import_holidays_ics(&db.store, &agent, ICS, now())
            .await
            .map(drop),
        settings::add_session_override(&db.store, &agent, &special, now())
            .await
            .map(drop),
        settings::save_room(&db.store, &agent, &room, now())
            .await
            .map(drop),
        settings::save_unit(&db.store, &agent, &unit, now())
            .await
            .map(drop),
        settings::save_resource_person(&db.store, &agent, &person, now())
            .await
            .map(drop),
        settings::route_topic(&db.store, &agent, &routing, now())
            .await
            .map(drop),
        export::save_export_settings(&db.store, &agent, &letters, now())
            .await
            .map(drop),
        workflow::create_user(&db.store, Some(&agent), &user, now())
            .await
            .map(drop),
    ];
    // The policy is the team leader's, profiles the team leader's and the admin's, the rest
    // the secretariat's (and the team leader's).
    let holders = |n: usize| match n {
        0 => "Hanya Ketua tim yang dapat",
        10 => "Hanya Ketua tim atau Admin yang dapat",
        _ => "Hanya Sekretariat atau Ketua tim yang dapat",
    };
    for (n, refusal) in refusals.into_iter().enumerate() {
        let error = refusal.expect_err("an agent is refused");
        assert_eq!(error.code(), ErrorCode::Policy, "call {n}: {error}");
        assert!(
            error.to_string().starts_with(holders(n))
                && error.to_string().contains("Agen Uji masuk sebagai agen"),
            "call {n}: {error}"
        );
    }
    assert_eq!(audit_log(&db.store).await, log, "no entry written");
    assert_eq!(
        settings::list_holidays(&db.store, None)
            .await
            .expect("list"),
        holidays
    );
    assert_eq!(
        settings::list_rooms(&db.store).await.expect("rooms").len(),
        2
    );
    assert_eq!(
        settings::policy_overview(&db.store, now())
            .await
            .expect("policy")
            .versions
            .len(),
        1
    );
    assert_ne!(
        export::export_settings(&db.store).await.expect("settings"),
        letters
    );
    assert_eq!(
        workflow::list_users(&db.store).await.expect("users").len(),
        2
    );
}

#[tokio::test]
async fn each_settings_change_by_the_secretariat_leaves_one_audit_entry() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let secretary = db.actor.clone();
    let (policy_input, holiday, special, room, unit, person, routing) = settings_inputs();
    let mut letters = export::export_settings(&db.store).await.expect("settings");
    letters.place = "Bogor".into();
    let start = audit_log(&db.store).await.len();

    settings::set_policy(&db.store, &secretary, &policy_input, now())
        .await
        .expect("policy");
    let added = settings::add_holiday(&db.store, &secretary, &holiday, now())
        .await
        .expect("holiday");
    let office_day = added
        .iter()
        .find(|h| h.name == "Libur kantor")
        .expect("added")
        .id;
    settings::delete_holiday(&db.store, &secretary, office_day, now())
        .await
        .expect("delete holiday");
    settings::import_holidays_ics(&db.store, &secretary, ICS, now())
        .await
        .expect("import");
    let overrides = settings::add_session_override(&db.store, &secretary, &special, now())
        .await
        .expect("special hours");
    settings::delete_session_override(&db.store, &secretary, overrides[0].id, now())
        .await
        .expect("delete special hours");
    settings::save_room(&db.store, &secretary, &room, now())
        .await
        .expect("room");
    settings::save_room(
        &db.store,
        &secretary,
        &RoomInput {
            capacity: 12,
            ..room.clone()
        },
        now(),
    )
    .await
    .expect("room again");
    settings::save_unit(&db.store, &secretary, &unit, now())
        .await
        .expect("unit");
    settings::save_resource_person(&db.store, &secretary, &person, now())
        .await
        .expect("person");
    settings::route_topic(&db.store, &secretary, &routing, now())
        .await
        .expect("route");
    export::save_export_settings(&db.store, &secretary, &letters, now())
        .await
        .expect("letters");
    workflow::create_user(
        &db.store,
        Some(&secretary),
        &UserInput {
            name: "Budi".into(),
            role: Some(Role::Agent),
        },
        now(),
    )
    .await
    .expect("user");

    let log = audit_log(&db.store).await;
    let written: Vec<&str> = log[start..].iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        written,
        vec![
            "policy.set",
            "holiday.add",
            "holiday.delete",
            "holiday.import",
            "session_override.add",
            "session_override.delete",
            "room.save",
            "room.save",
            "unit.save",
            "resource_person.save",
            "topic.route",
            "export_settings.save",
            "user.create",
        ]
    );
    for entry in &log[start..] {
        assert_eq!(entry.request_id, None, "{}", entry.action);
        assert_eq!(entry.actor_name, "Ketua Tim Uji", "{}", entry.action);
        assert_eq!(entry.at, "2026-11-28T03:00:00Z");
    }
    let rooms: Vec<&AuditEntry> = log[start..]
        .iter()
        .filter(|e| e.action == "room.save")
        .collect();
    assert_eq!(rooms[0].before, None, "a new room replaced nothing");
    assert_eq!(
        rooms[1].before, rooms[0].after,
        "the second save replaced the first"
    );
    assert_eq!(
        rooms[1].after.as_ref().map(|a| &a["capacity"]),
        Some(&12.into())
    );
    let route = log
        .iter()
        .find(|e| e.action == "topic.route")
        .expect("route");
    assert_ne!(route.before, route.after);
    assert_eq!(
        route.after.as_ref().map(|a| &a["unit_code"]),
        Some(&"DTU".into())
    );
    let letters_entry = log
        .iter()
        .find(|e| e.action == "export_settings.save")
        .expect("letters");
    assert_eq!(
        letters_entry.after.as_ref().map(|a| &a["place"]),
        Some(&"Bogor".into())
    );
    assert_ne!(letters_entry.before, letters_entry.after);

    // The search finds entries without a request, as it finds the others.
    let found = workflow::search_audit(&db.store, "room.save")
        .await
        .expect("search");
    assert_eq!(found.len(), 2);
    assert!(found.iter().all(|e| e.request_id.is_none()));
    let found = workflow::search_audit(&db.store, "Ruang Konsultasi 3")
        .await
        .expect("search");
    assert_eq!(found.len(), 2);
}

#[tokio::test]
async fn the_first_profile_makes_itself_and_later_ones_need_a_team_leader() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let store = Store::open(&dir.path().join("konsultasi.db"))
        .await
        .expect("open");
    let profile = |name: &str, role| UserInput {
        name: name.into(),
        role: Some(role),
    };
    let error = workflow::create_user(&store, None, &profile("Rina", Role::Agent), now())
        .await
        .expect_err("the first profile must be able to add the others");
    assert_eq!(error.code(), ErrorCode::Validation);
    assert!(
        workflow::list_users(&store)
            .await
            .expect("users")
            .is_empty()
    );

    let error = workflow::create_user(&store, None, &profile("Sari", Role::Secretariat), now())
        .await
        .expect_err("a secretariat cannot set the policy or add profiles");
    assert_eq!(error.code(), ErrorCode::Validation);
    let first = workflow::create_user(&store, None, &profile("Sari", Role::TeamLeader), now())
        .await
        .expect("the desk can start");
    let log = audit_log(&store).await;
    assert_eq!(log.len(), 1);
    assert_eq!(
        (log[0].action.as_str(), log[0].actor_name.as_str()),
        ("user.create", "Sari"),
        "audited as creating itself"
    );
    assert_eq!(log[0].request_id, None);

    let again = workflow::create_user(&store, None, &profile("Budi", Role::Secretariat), now())
        .await
        .expect_err("no actor once a profile exists");
    assert_eq!(again.code(), ErrorCode::Policy);
    assert!(again.to_string().contains("ketua tim"), "{again}");

    let sari = workflow::actor(&store, &first.id.to_string())
        .await
        .expect("actor");
    workflow::create_user(&store, Some(&sari), &profile("Rina", Role::Agent), now())
        .await
        .expect("a team leader adds an agent");
    let rina = workflow::actor(&store, "Rina").await.expect("actor");
    let refused = workflow::create_user(&store, Some(&rina), &profile("Dodi", Role::Agent), now())
        .await
        .expect_err("an agent adds nobody");
    assert_eq!(refused.code(), ErrorCode::Policy);
    let names: Vec<String> = workflow::list_users(&store)
        .await
        .expect("users")
        .into_iter()
        .map(|u| u.name)
        .collect();
    assert_eq!(names, vec!["Rina", "Sari"]);
    assert_eq!(audit_log(&store).await.len(), 2);
    store.close().await;
}

/// The command line needs `--as` for every settings change, except the very first profile.
#[test]
fn settings_commands_need_a_profile_that_holds_them() {
    use assert_cmd::cargo::CommandCargoExt as _;
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("konsultasi.db");
    let bare = || {
        let mut command = std::process::Command::cargo_bin("konsultasi").expect("binary");
        command.arg("--db").arg(&db).env_remove("KONSULTASI_DB");
        command
    };
    let run = |command: &mut std::process::Command| {
        let out = command.output().expect("run");
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    assert_eq!(
        run(bare().args(["users", "add", "Sari", "--role", "team_leader"])).0,
        Some(0),
        "the first profile needs nobody"
    );
    let (code, stderr) = run(bare().args(["users", "add", "Rina", "--role", "agent"]));
    assert_eq!(code, Some(2), "{stderr}");
    assert_eq!(
        run(bare().args(["--as", "Sari", "users", "add", "Rina", "--role", "agent"])).0,
        Some(0)
    );
    let save = [
        "rooms",
        "save",
        "RK-3",
        "Ruang Konsultasi 3",
        "--capacity",
        "10",
    ];
    let (code, stderr) = run(bare().args(save));
    assert_eq!(code, Some(2));
    assert!(stderr.contains("--as"), "{stderr}");
    let (code, stderr) = run(bare().args(["--as", "Rina"]).args(save));
    assert_eq!(code, Some(2));
    assert!(
        stderr.contains("Hanya Sekretariat atau Ketua tim"),
        "{stderr}"
    );
    for command in [
        vec!["topics", "route", "APBD", "DTU"],
        vec!["holidays", "add", "2027-01-02", "Libur kantor"],
        vec![
            "resource-persons",
            "save",
            "--unit",
            "DTU",
            "--name",
            "Andi Wijaya",
        ],
    ] {
        let (code, stderr) = run(bare().args(["--as", "Rina"]).args(&command));
        assert_eq!(code, Some(2), "{command:?}: {stderr}");
        assert!(
            stderr.contains("Hanya Sekretariat atau Ketua tim"),
            "{command:?}: {stderr}"
        );
    }
    assert_eq!(run(bare().args(["--as", "Sari"]).args(save)).0, Some(0));
    let out = bare()
        .args(["audit", "--search", "room.save"])
        .output()
        .expect("run");
    let found: serde_json::Value = serde_json::from_slice(&out.stdout).expect("json");
    assert_eq!(found.as_array().map(Vec::len), Some(1));
    assert_eq!(found[0]["actor_name"], "Sari");
    assert_eq!(found[0]["request_id"], serde_json::Value::Null);
}
