//! The workflow through the services: roles, SEQUENCE and history, the audit trail.

mod common;

use konsultasi::Store;
use konsultasi::api::{ConfirmInput, ScheduleInput};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::ErrorCode;
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::service::{self, policy};

use common::{agent, fresh_db, now, valid_input};

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
    let by_agent = policy::schedule_request(
        &db.store,
        &agent,
        id,
        &slot("2026-12-07", "09:00", "RK-1"),
        now(),
    )
    .await
    .expect_err("agent schedules tatap muka");
    assert_eq!(by_agent.code(), ErrorCode::Policy);
    let scheduled = policy::schedule_request(
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

    let moved = policy::reschedule_request(
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
    let history: Vec<(i64, String)> = sqlx::query_as(
        "SELECT sequence, starts_at FROM booking_history WHERE booking_id = ? ORDER BY id",
    )
    .bind(first.id)
    .fetch_all(db.store.pool())
    .await
    .expect("history");
    assert_eq!(history, vec![(0, "2026-12-07T02:00:00Z".to_owned())]);

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
    let (active, sequence): (bool, i64) =
        sqlx::query_as("SELECT active, sequence FROM bookings WHERE id = ?")
            .bind(first.id)
            .fetch_one(db.store.pool())
            .await
            .expect("booking row");
    assert_eq!(
        (active, sequence),
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
            ("verify", "Sekretariat Uji"),
            ("schedule", "Sekretariat Uji"),
            ("confirm", "Agen Uji"),
            ("reschedule", "Sekretariat Uji"),
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
    assert!(
        sqlx::query("UPDATE audit_log SET note = 'x'")
            .execute(db.store.pool())
            .await
            .is_err()
    );
    assert!(
        sqlx::query("DELETE FROM audit_log")
            .execute(db.store.pool())
            .await
            .is_err()
    );
}

#[tokio::test]
async fn refused_transitions_leave_no_trace() {
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
    let scheduled = policy::schedule_request(
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
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    policy::schedule_request(
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
        let path = db.path.clone();
        let id = created.id;
        tasks.push(tokio::spawn(async move {
            // Separate stores: separate connections, like two desks running the app.
            let store = Store::open(&path).await.expect("open");
            let actor = common::secretary(&store).await;
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
    let confirmations: i64 = sqlx::query_scalar("SELECT count(*) FROM confirmations")
        .fetch_one(db.store.pool())
        .await
        .expect("count");
    assert_eq!(confirmations, 1);
}

#[tokio::test]
async fn the_calendar_and_dashboard_show_bookings_and_what_now_breaks_a_rule() {
    use konsultasi::api::{CalendarFilter, HolidayInput};
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    let waiting = policy::dashboard(&db.store, now())
        .await
        .expect("dashboard");
    assert!(waiting.awaiting_verification.is_empty());
    policy::schedule_request(
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
    let entries = policy::calendar(&db.store, &week).await.expect("calendar");
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].requester_label, "Kabupaten Mukomuko");
    assert_eq!(entries[0].label, "Senin, 7 Desember 2026 09.00 WIB");
    let other_room = CalendarFilter {
        room_code: Some("RK-2".into()),
        ..week.clone()
    };
    assert!(
        policy::calendar(&db.store, &other_room)
            .await
            .expect("calendar")
            .is_empty()
    );
    let backwards = CalendarFilter {
        from: "2026-12-13".into(),
        to: "2026-12-07".into(),
        ..CalendarFilter::default()
    };
    assert!(policy::calendar(&db.store, &backwards).await.is_err());

    // On the Monday itself the dashboard lists it today; a week earlier it waits for confirmation.
    let monday = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 12, 7, 1, 0, 0)
        .single()
        .expect("instant");
    let board = policy::dashboard(&db.store, monday)
        .await
        .expect("dashboard");
    assert_eq!(board.today, "2026-12-07");
    assert_eq!(board.today_entries.len(), 1);
    assert_eq!(board.awaiting_confirmation.len(), 1);
    assert!(board.now_breaking.is_empty());

    // A holiday declared after scheduling makes the booking break a rule.
    policy::add_holiday(
        &db.store,
        &HolidayInput {
            date: "2026-12-07".into(),
            name: "Libur tambahan".into(),
            kind: None,
        },
    )
    .await
    .expect("holiday");
    let board = policy::dashboard(&db.store, now())
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
    let db = fresh_db().await;
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    let mut edit = valid_input();
    edit.description = "Diubah sebelum ditutup.".into();
    service::update_request(&db.store, &db.actor, created.id, &edit, now())
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
    let error = service::update_request(&db.store, &db.actor, created.id, &edit, now())
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
