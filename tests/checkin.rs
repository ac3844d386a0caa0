//! The day of the visit through the services: check-in and each violation it records, walk-ins,
//! no-shows, completion into the monthly report, and the requester's compliance history.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use konsultasi::api::{
    CheckInInput, ConfirmInput, GuestInput, LetterKind, RequestDetail, ScheduleInput, WalkInInput,
};
use konsultasi::checkin::ViolationKind;
use konsultasi::domain::RequestStatus;
use konsultasi::error::{Error, ErrorCode};
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::service::{self, checkin, export, history, policy};

use common::{TestDb, fresh_db, now, pdf_text, row_counts, valid_input};

/// 7 December 2026, `hh:mm` WIB.
fn on_the_day(hour: u32, minute: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 7, hour - 7, minute, 0)
        .single()
        .expect("valid instant")
}

fn extra(name: &str) -> GuestInput {
    GuestInput {
        name: name.into(),
        position: "Staf".into(),
        institution: "BPKAD Kabupaten Mukomuko".into(),
        contact: None,
        is_regional_head: false,
    }
}

/// The Mukomuko tatap muka (two guests, the Bupati claimed) booked 7 December 09:00 WIB.
async fn booked(db: &TestDb, confirm: bool) -> RequestDetail {
    let created = service::create_request(&db.store, &db.actor, &valid_input(), now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    let slot = ScheduleInput {
        date: "2026-12-07".into(),
        time: "09:00".into(),
        room_code: Some("RK-1".into()),
        ..ScheduleInput::default()
    };
    let scheduled = policy::schedule_request(&db.store, &db.actor, created.id, &slot, now())
        .await
        .expect("schedule");
    if !confirm {
        return scheduled;
    }
    let confirmation = ConfirmInput {
        date: "2026-11-28".into(),
        time: "09:30".into(),
        confirmed_by: "Rina Marlina".into(),
        via: Some(ConfirmationChannel::Whatsapp),
    };
    workflow::confirm_request(&db.store, &db.actor, created.id, &confirmation, now())
        .await
        .expect("confirm")
}

fn kinds(view: &konsultasi::api::CheckInView) -> Vec<ViolationKind> {
    view.violations.iter().map(|v| v.kind).collect()
}

fn fields(error: Error) -> Vec<String> {
    match error {
        Error::Validation(errors) => errors.as_slice().iter().map(|e| e.field.clone()).collect(),
        other => panic!("expected a validation error, got {other}"),
    }
}

#[tokio::test]
async fn a_compliant_confirmed_delegation_checks_in_without_violation() {
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    let input = CheckInInput {
        present: vec![0, 1],
        regional_head_present: true,
        arrived_time: Some("08:50".into()),
        ..CheckInInput::default()
    };
    let after = checkin::check_in(&db.store, &db.actor, request.id, &input, on_the_day(9, 5))
        .await
        .expect("check in");
    assert_eq!(after.status, RequestStatus::CheckedIn);
    let view = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in present");
    assert_eq!(kinds(&view), vec![]);
    assert_eq!(view.arrived_at, "2026-12-07T01:50:00Z");
    assert_eq!(view.arrived_label, "08.50 WIB");
    assert_eq!(view.attendees.len(), 2);
    assert!(view.attendees.iter().all(|a| !a.extra));
}

#[tokio::test]
async fn an_unconfirmed_crowd_without_its_bupati_records_three_violations_and_reaches_the_report() {
    let db = fresh_db().await;
    let request = booked(&db, false).await;
    // The Bupati stays home; the Kepala BPKAD brings five unannounced colleagues: six people
    // against a cap of five.
    let input = CheckInInput {
        present: vec![1],
        extra_guests: (1..=5).map(|n| extra(&format!("Staf BPKAD {n}"))).collect(),
        regional_head_present: false,
        ..CheckInInput::default()
    };
    checkin::check_in(&db.store, &db.actor, request.id, &input, on_the_day(9, 10))
        .await
        .expect("check in");
    let view = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in present");
    assert_eq!(
        kinds(&view),
        vec![
            ViolationKind::NotConfirmed,
            ViolationKind::OverGuestCap,
            ViolationKind::RegionalHeadAbsent
        ]
    );
    let over = &view.violations[1];
    assert_eq!(
        over.evidence,
        "Hadir 6 orang (1 terdaftar, 5 tambahan); batas tatap muka 5 orang"
    );
    assert_eq!(over.clause, "S-38/PK/2023 angka 4");
    assert_eq!(over.occurred_on, "2026-12-07");
    assert_eq!(over.requester_label, "Kab. Mukomuko");
    assert_eq!(view.attendees.iter().filter(|a| a.extra).count(), 5);

    // The arrivals list of the day shows it checked in, with its violations.
    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(9, 15))
        .await
        .expect("arrivals");
    assert_eq!(day.date_label, "Senin, 7 Desember 2026");
    assert_eq!(day.arrivals.len(), 1);
    assert_eq!(
        day.arrivals[0]
            .check_in
            .as_ref()
            .map(|c| c.violations.len()),
        Some(3)
    );

    // The certificate of attendance names who came, extras included, and not the Bupati.
    common::fill_letter_settings(&db.store, &db.actor).await;
    let certificate = export::letter(
        &db.store,
        Some(&db.actor),
        request.id,
        LetterKind::Certificate,
        on_the_day(10, 0),
    )
    .await
    .expect("certificate");
    let text = pdf_text(&certificate.bytes);
    assert!(text.contains("Staf BPKAD 5"), "{text}");
    assert!(text.contains("Ni Luh Ayu Wéndri"), "{text}");
    assert!(!text.contains("H. Sapuan"), "{text}");

    let done = checkin::complete(&db.store, &db.actor, request.id, on_the_day(10, 5))
        .await
        .expect("complete");
    assert_eq!(done.status, RequestStatus::Completed);

    let report = history::monthly(&db.store, "2026-12")
        .await
        .expect("report");
    assert_eq!(report.in_person.count, 1);
    assert_eq!(report.in_person.rows[0].requester, "Kab. Mukomuko");
    assert_eq!(report.in_person.rows[0].topics, "DAU dan Dana Desa");
    assert_eq!(report.compliance.arrivals, 1);
    assert_eq!(report.compliance.violations, 3);
    assert_eq!(report.compliance.delegations_with_violations, 1);

    let history = checkin::compliance_history(&db.store, "17.06")
        .await
        .expect("history");
    assert_eq!(history.region_name, "Kabupaten Mukomuko");
    assert_eq!(
        (history.requests, history.held, history.no_shows),
        (1, 1, 0)
    );
    assert_eq!(history.violations.len(), 3);
    assert_eq!(history.visits[0].source, "desk");
    assert_eq!(history.visits[0].request_id, Some(request.id));

    let trail = workflow::audit_trail(&db.store, request.id)
        .await
        .expect("audit");
    let actions: Vec<&str> = trail.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.ends_with(&["check_in", "complete"]), "{actions:?}");
}

#[tokio::test]
async fn refused_check_ins_name_the_reason_and_write_nothing() {
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    let before = row_counts(&db.store).await;

    // Not on the booked day.
    let input = CheckInInput {
        present: vec![0, 1],
        regional_head_present: true,
        ..CheckInInput::default()
    };
    let early = checkin::check_in(&db.store, &db.actor, request.id, &input, now())
        .await
        .expect_err("the day before");
    assert_eq!(early.code(), ErrorCode::Conflict);
    assert!(
        early.to_string().contains("Senin, 7 Desember 2026"),
        "{early}"
    );

    let cases: Vec<(CheckInInput, &str)> = vec![
        (
            CheckInInput {
                present: vec![5],
                ..CheckInInput::default()
            },
            "present[0]",
        ),
        (
            CheckInInput {
                present: vec![1, 1],
                ..CheckInInput::default()
            },
            "present[1]",
        ),
        (CheckInInput::default(), "present"),
        (
            // The Bupati ticked present but "Kepala Daerah hadir" not.
            CheckInInput {
                present: vec![0],
                ..CheckInInput::default()
            },
            "regional_head_present",
        ),
        (
            CheckInInput {
                present: vec![1],
                extra_guests: vec![GuestInput {
                    name: "".into(),
                    ..extra("x")
                }],
                ..CheckInInput::default()
            },
            "extra_guests[0].name",
        ),
        (
            CheckInInput {
                present: vec![1],
                arrived_time: Some("23:59".into()),
                ..CheckInInput::default()
            },
            "arrived_time",
        ),
    ];
    for (input, field) in cases {
        let error = checkin::check_in(&db.store, &db.actor, request.id, &input, on_the_day(9, 0))
            .await
            .expect_err(field);
        assert_eq!(error.code(), ErrorCode::Validation, "{field}: {error}");
        let got = fields(error);
        assert!(got.iter().any(|f| f == field), "{field}: {got:?}");
    }
    assert_eq!(row_counts(&db.store).await, before);
    assert_eq!(
        service::get_request(&db.store, request.id)
            .await
            .expect("read")
            .status,
        RequestStatus::Confirmed
    );

    // Once checked in, a second check-in is a conflict.
    let ok = CheckInInput {
        present: vec![0, 1],
        regional_head_present: true,
        ..CheckInInput::default()
    };
    checkin::check_in(&db.store, &db.actor, request.id, &ok, on_the_day(9, 0))
        .await
        .expect("first");
    let counted = row_counts(&db.store).await;
    let again = checkin::check_in(&db.store, &db.actor, request.id, &ok, on_the_day(9, 1))
        .await
        .expect_err("twice");
    assert_eq!(again.code(), ErrorCode::Conflict);
    assert_eq!(row_counts(&db.store).await, counted);
    // And the record of the visit cannot be edited away.
    let edited = sqlx::query("UPDATE check_ins SET regional_head_present = 0")
        .execute(db.store.pool())
        .await
        .expect_err("check-ins are append-only");
    assert!(edited.to_string().contains("append-only"), "{edited}");
}

#[tokio::test]
async fn a_no_show_waits_for_the_end_of_the_slot_and_stays_in_the_history() {
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    let too_soon = checkin::mark_no_show(&db.store, &db.actor, request.id, on_the_day(9, 30))
        .await
        .expect_err("slot still running");
    assert_eq!(too_soon.code(), ErrorCode::Conflict);
    assert!(
        too_soon.to_string().contains("belum berakhir"),
        "{too_soon}"
    );

    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(11, 0))
        .await
        .expect("arrivals");
    assert!(day.arrivals[0].slot_ended);

    let marked = checkin::mark_no_show(&db.store, &db.actor, request.id, on_the_day(11, 0))
        .await
        .expect("no-show");
    assert_eq!(marked.status, RequestStatus::NoShow);
    let history = checkin::compliance_history(&db.store, "17.06")
        .await
        .expect("history");
    assert_eq!(history.no_shows, 1);
    assert_eq!(history.held, 0);
    assert_eq!(history.violations[0].kind, ViolationKind::NoShow);
    assert!(
        history.violations[0].evidence.contains("7 Desember 2026"),
        "{}",
        history.violations[0].evidence
    );
}

#[tokio::test]
async fn a_walk_in_is_registered_as_a_request_with_its_violations() {
    let db = fresh_db().await;
    let mut request = valid_input();
    request.preferred_slots.clear();
    request.received_on = None;
    request.letter = None;
    request.regional_head_attends = false;
    request.guests[0].is_regional_head = false;
    request.guests[0].position = "Sekretaris Daerah".into();
    let input = WalkInInput {
        request,
        check_in: CheckInInput {
            present: vec![0, 1],
            extra_guests: (1..=4).map(|n| extra(&format!("Pendamping {n}"))).collect(),
            ..CheckInInput::default()
        },
    };
    let created = checkin::walk_in(&db.store, &db.actor, &input, on_the_day(10, 0))
        .await
        .expect("walk in");
    assert_eq!(created.status, RequestStatus::CheckedIn);
    assert_eq!(created.preferred_slots[0].date, "2026-12-07");
    assert_eq!(created.received_on, "2026-12-07");
    let view = checkin::check_in_view(&db.store, created.id)
        .await
        .expect("read")
        .expect("check-in");
    assert!(view.walk_in);
    assert_eq!(
        kinds(&view),
        vec![
            ViolationKind::NoBooking,
            ViolationKind::NoLetter,
            ViolationKind::OverGuestCap
        ]
    );
    // It appears among the day's arrivals, after the booked ones.
    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(10, 5))
        .await
        .expect("arrivals");
    assert_eq!(day.arrivals.last().map(|a| a.request_id), Some(created.id));
    assert!(day.arrivals.last().is_some_and(|a| a.booking.is_none()));

    // A refused walk-in names its fields under request./check_in. and writes nothing.
    let before = row_counts(&db.store).await;
    let mut bad = input.clone();
    bad.request.contact.name = " ".into();
    bad.check_in.present = vec![9];
    let error = checkin::walk_in(&db.store, &db.actor, &bad, on_the_day(10, 10))
        .await
        .expect_err("bad walk-in");
    let got = fields(error);
    assert!(got.contains(&"request.contact.name".to_owned()), "{got:?}");
    assert!(got.contains(&"check_in.present[0]".to_owned()), "{got:?}");
    assert_eq!(row_counts(&db.store).await, before);
}

#[tokio::test]
async fn an_unknown_region_has_no_history() {
    let db = fresh_db().await;
    let error = checkin::compliance_history(&db.store, "99.99")
        .await
        .expect_err("unknown");
    assert_eq!(fields(error), vec!["region_code".to_owned()]);
}

#[tokio::test]
async fn the_arrivals_day_steps_across_months_years_and_leap_days() {
    let db = fresh_db().await;
    let steps = |date: &'static str| {
        let store = &db.store;
        async move {
            let day = checkin::arrivals(store, date, now()).await.expect(date);
            (day.previous_date, day.next_date)
        }
    };
    assert_eq!(steps("2026-12-31").await.1, "2027-01-01");
    assert_eq!(steps("2028-03-01").await.0, "2028-02-29");
    assert_eq!(steps("2026-03-01").await.0, "2026-02-28");
    for bad in ["2026-02-30", "kemarin"] {
        let error = checkin::arrivals(&db.store, bad, now())
            .await
            .expect_err(bad);
        assert_eq!(fields(error), vec!["date".to_owned()]);
    }
}
