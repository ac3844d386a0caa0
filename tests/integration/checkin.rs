//! The day of the visit through the services: check-in and each violation it records, walk-ins,
//! no-shows, completion into the monthly report, and the requester's compliance history.

use chrono::{DateTime, TimeZone, Utc};
use konsultasi::api::{
    CheckInInput, ConfirmInput, GuestInput, LetterKind, RequestDetail, ScheduleInput, WalkInInput,
};
use konsultasi::checkin::ViolationKind;
use konsultasi::domain::RequestStatus;
use konsultasi::error::{Error, ErrorCode};
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::service::{self, checkin, export, history, scheduling};
use konsultasi::store::on;

use crate::common::{self, TestDb, fresh_db, now, pdf_text, row_counts, valid_input};

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
    let scheduled = scheduling::schedule_request(&db.store, &db.actor, created.id, &slot, now())
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
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    let input = CheckInInput {
        present: vec![0, 1],
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
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, false).await;
    // The Bupati stays home; the Kepala BPKAD brings five unannounced colleagues: six people
    // against a cap of five.
    let input = CheckInInput {
        present: vec![1],
        extra_guests: (1..=5).map(|n| extra(&format!("Staf BPKAD {n}"))).collect(),
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
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    let before = row_counts(&db.store).await;

    // Not on the booked day.
    let input = CheckInInput {
        present: vec![0, 1],
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
            // The Bupati is registered: an unannounced guest cannot be the Kepala Daerah too.
            CheckInInput {
                present: vec![1],
                extra_guests: vec![GuestInput {
                    is_regional_head: true,
                    ..extra("Kepala Daerah lain")
                }],
                ..CheckInInput::default()
            },
            "extra_guests",
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
    let edited = on!(db.store.pools(), p =>
        sqlx::query("UPDATE check_ins SET regional_head_present = false")
            .execute(p)
            .await
            .map(|done| done.rows_affected()))
    .expect_err("check-ins are append-only");
    assert!(edited.to_string().contains("append-only"), "{edited}");
}

#[tokio::test]
async fn a_no_show_waits_for_the_end_of_the_slot_and_stays_in_the_history() {
    let _turn = common::run_beside_others();
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
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut request = valid_input();
    request.preferred_slots.clear();
    request.received_on = None;
    request.letter = None;
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
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let error = checkin::compliance_history(&db.store, "99.99")
        .await
        .expect_err("unknown");
    assert_eq!(fields(error), vec!["region_code".to_owned()]);
}

#[tokio::test]
async fn the_arrivals_day_steps_across_months_years_and_leap_days() {
    let _turn = common::run_beside_others();
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

/// Rows of the tables a check-in, a void or its audit entry write to.
async fn history_counts(db: &TestDb) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "SELECT count(*) FROM check_ins",
        "SELECT count(*) FROM attendees",
        "SELECT count(*) FROM violations",
        "SELECT count(*) FROM check_in_voids",
        "SELECT count(*) FROM audit_log",
        "SELECT count(*) FROM consultations_held",
    ] {
        counts.push(on!(db.store.pools(), p => sqlx::query_scalar(table)
            .fetch_one(p)
            .await
            .expect(table)));
    }
    counts
}

/// Six people (one registered, five unannounced), the claimed Bupati away, unconfirmed: three
/// violations.
fn crowd_without_bupati() -> CheckInInput {
    CheckInInput {
        present: vec![1],
        extra_guests: (1..=5).map(|n| extra(&format!("Staf BPKAD {n}"))).collect(),
        ..CheckInInput::default()
    }
}

#[tokio::test]
async fn the_kepala_daerah_claim_is_the_guest_flag_and_ticking_that_guest_means_the_head_came() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    // The guest flagged Kepala Daerah is the claim; there is no separate field to contradict it.
    let claimed = booked(&db, true).await;
    assert!(claimed.regional_head_attends);
    let mut unflagged = valid_input();
    unflagged.guests[0].is_regional_head = false;
    let plain = service::create_request(&db.store, &db.actor, &unflagged, now())
        .await
        .expect("create");
    assert!(!plain.regional_head_attends);
    let old_field = serde_json::json!({"present": [0], "regional_head_present": true});
    let refused =
        service::parse_json::<CheckInInput>(old_field).expect_err("the separate checkbox is gone");
    assert_eq!(refused.code(), ErrorCode::Validation);

    // Ticking the Bupati present is the Kepala Daerah coming: no violation, recorded as present.
    let input = CheckInInput {
        present: vec![0, 1],
        ..CheckInInput::default()
    };
    let preview =
        checkin::check_in_preview(&db.store, &db.actor, claimed.id, &input, on_the_day(9, 0))
            .await
            .expect("preview");
    assert!(preview.regional_head_present);
    assert_eq!(preview.present, vec!["H. Sapuan", "Ni Luh Ayu Wéndri"]);
    assert!(preview.violations.is_empty());
    checkin::check_in(&db.store, &db.actor, claimed.id, &input, on_the_day(9, 0))
        .await
        .expect("check in");
    let view = checkin::check_in_view(&db.store, claimed.id)
        .await
        .expect("read")
        .expect("check-in");
    assert!(view.regional_head_present);
    assert_eq!(kinds(&view), vec![]);
}

#[tokio::test]
async fn the_preview_shows_what_a_check_in_will_record_and_writes_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, false).await;
    let before = history_counts(&db).await;
    let preview = checkin::check_in_preview(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput {
            arrived_time: Some("09:05".into()),
            ..crowd_without_bupati()
        },
        on_the_day(9, 10),
    )
    .await
    .expect("preview");
    assert_eq!(preview.arrived_label, "09.05 WIB");
    assert_eq!(preview.present, vec!["Ni Luh Ayu Wéndri"]);
    assert_eq!(preview.extra.len(), 5);
    assert_eq!((preview.attended, preview.guest_cap), (6, 5));
    assert!(!preview.regional_head_present);
    let previewed: Vec<ViolationKind> = preview.violations.iter().map(|v| v.kind).collect();
    assert_eq!(history_counts(&db).await, before);
    // Refused exactly as the check-in itself would be.
    let error = checkin::check_in_preview(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput::default(),
        on_the_day(9, 10),
    )
    .await
    .expect_err("nobody present");
    assert_eq!(fields(error), vec!["present".to_owned()]);

    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput {
            arrived_time: Some("09:05".into()),
            ..crowd_without_bupati()
        },
        on_the_day(9, 10),
    )
    .await
    .expect("check in");
    let view = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in");
    assert_eq!(kinds(&view), previewed);
}

#[tokio::test]
async fn a_voided_check_in_leaves_every_report_and_the_delegation_checks_in_again() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, false).await;
    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &crowd_without_bupati(),
        on_the_day(9, 10),
    )
    .await
    .expect("check in");
    let report = history::monthly(&db.store, "2026-12")
        .await
        .expect("report");
    assert_eq!(
        (report.compliance.arrivals, report.compliance.violations),
        (1, 3)
    );
    let first = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in");

    let reason = konsultasi::api::VoidCheckInInput {
        reason: "  Tamu dicatat pada permohonan yang salah  ".into(),
    };
    let after = checkin::void_check_in(&db.store, &db.actor, first.id, &reason, on_the_day(9, 30))
        .await
        .expect("void");
    // It was only Scheduled when it came (hence "not confirmed"): it returns there.
    assert_eq!(after.status, RequestStatus::Scheduled);

    let report = history::monthly(&db.store, "2026-12")
        .await
        .expect("report");
    assert_eq!(
        (
            report.compliance.arrivals,
            report.compliance.violations,
            report.compliance.delegations_with_violations
        ),
        (0, 0, 0)
    );
    let region = checkin::compliance_history(&db.store, "17.06")
        .await
        .expect("history");
    assert!(region.violations.is_empty(), "{:?}", region.violations);
    assert!(
        checkin::check_in_view(&db.store, request.id)
            .await
            .expect("read")
            .is_none()
    );
    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(9, 31))
        .await
        .expect("arrivals");
    assert_eq!(day.arrivals[0].status, RequestStatus::Scheduled);
    assert!(day.arrivals[0].check_in.is_none());

    // The request's own history keeps it, voided, with its reason and what it had found.
    let all = checkin::check_ins_of(&db.store, request.id)
        .await
        .expect("check-ins");
    assert_eq!(all.len(), 1);
    let voided = all[0].voided.as_ref().expect("voided");
    assert_eq!(voided.reason, "Tamu dicatat pada permohonan yang salah");
    assert_eq!(voided.voided_by, db.actor.name);
    assert_eq!(all[0].violations.len(), 3);

    // The void is audited, in the same transaction, with its reason.
    let trail = workflow::audit_trail(&db.store, request.id)
        .await
        .expect("audit");
    let last = trail
        .iter()
        .find(|e| e.action == "void_check_in")
        .expect("void audited");
    assert_eq!(
        last.note.as_deref(),
        Some("Tamu dicatat pada permohonan yang salah")
    );
    assert_eq!(
        last.after
            .as_ref()
            .and_then(|a| a["withdrawn_violations"].as_array().map(Vec::len)),
        Some(3)
    );

    // Checked in again, correctly this time: only the new check-in counts.
    let again = CheckInInput {
        present: vec![0, 1],
        ..CheckInInput::default()
    };
    checkin::check_in(&db.store, &db.actor, request.id, &again, on_the_day(9, 40))
        .await
        .expect("check in again");
    let second = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in");
    assert_ne!(second.id, first.id);
    assert_eq!(kinds(&second), vec![ViolationKind::NotConfirmed]);
    let report = history::monthly(&db.store, "2026-12")
        .await
        .expect("report");
    assert_eq!(
        (report.compliance.arrivals, report.compliance.violations),
        (1, 1)
    );
    assert_eq!(
        checkin::check_ins_of(&db.store, request.id)
            .await
            .expect("check-ins")
            .len(),
        2
    );
}

#[tokio::test]
async fn a_confirmed_delegation_returns_to_confirmed_and_a_walk_in_to_submitted() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput {
            present: vec![1],
            ..CheckInInput::default()
        },
        on_the_day(9, 0),
    )
    .await
    .expect("check in");
    let id = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in")
        .id;
    let reason = konsultasi::api::VoidCheckInInput {
        reason: "Salah centang tamu".into(),
    };
    let after = checkin::void_check_in(&db.store, &db.actor, id, &reason, on_the_day(9, 5))
        .await
        .expect("void");
    assert_eq!(after.status, RequestStatus::Confirmed);

    let mut walk = valid_input();
    walk.preferred_slots.clear();
    walk.guests[0].is_regional_head = false;
    let created = checkin::walk_in(
        &db.store,
        &db.actor,
        &WalkInInput {
            request: walk,
            check_in: CheckInInput {
                present: vec![0],
                ..CheckInInput::default()
            },
        },
        on_the_day(10, 0),
    )
    .await
    .expect("walk in");
    let walk_id = checkin::check_in_view(&db.store, created.id)
        .await
        .expect("read")
        .expect("check-in")
        .id;
    let after = checkin::void_check_in(&db.store, &db.actor, walk_id, &reason, on_the_day(10, 5))
        .await
        .expect("void walk-in");
    assert_eq!(after.status, RequestStatus::Submitted);
    // A voided walk-in is no longer an arrival of the day.
    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(10, 6))
        .await
        .expect("arrivals");
    assert!(day.arrivals.iter().all(|a| a.request_id != created.id));
}

#[tokio::test]
async fn refused_voids_name_the_reason_and_change_nothing() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, false).await;
    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &crowd_without_bupati(),
        on_the_day(9, 10),
    )
    .await
    .expect("check in");
    let id = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in")
        .id;
    let agent = common::agent(&db.store).await;
    let before = history_counts(&db).await;
    let reason = |text: &str| konsultasi::api::VoidCheckInInput {
        reason: text.into(),
    };

    let by_agent =
        checkin::void_check_in(&db.store, &agent, id, &reason("Salah"), on_the_day(9, 20))
            .await
            .expect_err("agent");
    assert_eq!(by_agent.code(), ErrorCode::Policy);
    assert!(by_agent.to_string().contains("Sekretariat"), "{by_agent}");
    for bad in ["", "   ", &"x".repeat(301)] {
        let error =
            checkin::void_check_in(&db.store, &db.actor, id, &reason(bad), on_the_day(9, 20))
                .await
                .expect_err("bad reason");
        assert_eq!(fields(error), vec!["reason".to_owned()], "{bad:?}");
    }
    let unknown = checkin::void_check_in(
        &db.store,
        &db.actor,
        9999,
        &reason("Salah"),
        on_the_day(9, 20),
    )
    .await
    .expect_err("unknown");
    assert_eq!(unknown.code(), ErrorCode::NotFound);
    assert!(
        unknown.to_string().contains("Kedatangan #9999"),
        "{unknown}"
    );
    assert_eq!(history_counts(&db).await, before);
    let store = &db.store;
    let status = |_: &TestDb| async move {
        service::get_request(store, request.id)
            .await
            .expect("read")
            .status
    };
    assert_eq!(status(&db).await, RequestStatus::CheckedIn);

    checkin::void_check_in(
        &db.store,
        &db.actor,
        id,
        &reason("Salah"),
        on_the_day(9, 20),
    )
    .await
    .expect("void");
    let counted = history_counts(&db).await;
    let twice =
        checkin::void_check_in(&db.store, &db.actor, id, &reason("Lagi"), on_the_day(9, 21))
            .await
            .expect_err("twice");
    assert_eq!(twice.code(), ErrorCode::Conflict);
    assert!(twice.to_string().contains("sudah dibatalkan"), "{twice}");
    assert_eq!(history_counts(&db).await, counted);

    // A completed consultation is in the report as held; its check-in is no longer voided here.
    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput {
            present: vec![0, 1],
            ..CheckInInput::default()
        },
        on_the_day(9, 30),
    )
    .await
    .expect("again");
    checkin::complete(&db.store, &db.actor, request.id, on_the_day(10, 0))
        .await
        .expect("complete");
    let done = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in")
        .id;
    let counted = history_counts(&db).await;
    let completed = checkin::void_check_in(
        &db.store,
        &db.actor,
        done,
        &reason("Salah"),
        on_the_day(10, 5),
    )
    .await
    .expect_err("completed");
    assert_eq!(completed.code(), ErrorCode::Conflict);
    assert_eq!(history_counts(&db).await, counted);
    assert_eq!(status(&db).await, RequestStatus::Completed);
}

#[tokio::test]
async fn voids_are_append_only() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let request = booked(&db, true).await;
    checkin::check_in(
        &db.store,
        &db.actor,
        request.id,
        &CheckInInput {
            present: vec![1],
            ..CheckInInput::default()
        },
        on_the_day(9, 0),
    )
    .await
    .expect("check in");
    let id = checkin::check_in_view(&db.store, request.id)
        .await
        .expect("read")
        .expect("check-in")
        .id;
    let reason = konsultasi::api::VoidCheckInInput {
        reason: "Salah catat".into(),
    };
    checkin::void_check_in(&db.store, &db.actor, id, &reason, on_the_day(9, 5))
        .await
        .expect("void");
    for statement in [
        "UPDATE check_in_voids SET reason = 'lain'",
        "DELETE FROM check_in_voids",
        "DELETE FROM violations",
        "UPDATE attendees SET name = 'lain'",
    ] {
        let refused = on!(db.store.pools(), p => sqlx::query(statement)
            .execute(p)
            .await
            .map(|done| done.rows_affected()))
        .expect_err(statement);
        assert!(refused.to_string().contains("append-only"), "{refused}");
    }
}

#[tokio::test]
async fn video_conferences_are_not_desk_arrivals_and_their_attendance_is_listed_apart() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let desk = booked(&db, true).await;
    let mut input = valid_input();
    input.channel = Some(konsultasi::domain::Channel::VideoConference);
    input.letter = None;
    input.requester.region_code = Some("91.03".into());
    let video = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create video");
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        video.id,
        &ScheduleInput {
            date: "2026-12-07".into(),
            time: "13:00".into(),
            meeting_url: Some("https://teams.microsoft.com/l/meetup-join/abc".into()),
            ..ScheduleInput::default()
        },
        now(),
    )
    .await
    .expect("schedule video");

    let desk_day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(12, 0))
        .await
        .expect("arrivals");
    let listed: Vec<i64> = desk_day.arrivals.iter().map(|a| a.request_id).collect();
    assert_eq!(listed, vec![desk.id]);
    let video_day = checkin::video_attendance(&db.store, "2026-12-07", on_the_day(12, 0))
        .await
        .expect("video attendance");
    let listed: Vec<i64> = video_day.arrivals.iter().map(|a| a.request_id).collect();
    assert_eq!(listed, vec![video.id]);

    // No arrival time for a video conference, and nothing before it starts.
    let joined = CheckInInput {
        present: vec![1],
        ..CheckInInput::default()
    };
    let before = history_counts(&db).await;
    let timed = checkin::check_in(
        &db.store,
        &db.actor,
        video.id,
        &CheckInInput {
            arrived_time: Some("13:20".into()),
            ..joined.clone()
        },
        on_the_day(13, 30),
    )
    .await
    .expect_err("arrival time");
    assert_eq!(fields(timed), vec!["arrived_time".to_owned()]);
    let early = checkin::check_in(&db.store, &db.actor, video.id, &joined, on_the_day(12, 50))
        .await
        .expect_err("before the start");
    assert_eq!(early.code(), ErrorCode::Conflict);
    assert_eq!(history_counts(&db).await, before);

    // Who joined: the Bupati (claimed) did not, the slot was not confirmed; no letter needed.
    checkin::check_in(&db.store, &db.actor, video.id, &joined, on_the_day(13, 25))
        .await
        .expect("record attendance");
    let day = checkin::video_attendance(&db.store, "2026-12-07", on_the_day(13, 26))
        .await
        .expect("video attendance");
    let recorded = day.arrivals[0].check_in.as_ref().expect("attendance");
    assert_eq!(recorded.arrived_at, "2026-12-07T06:00:00Z");
    assert_eq!(recorded.attendees.len(), 1);
    assert_eq!(
        kinds(recorded),
        vec![
            ViolationKind::NotConfirmed,
            ViolationKind::RegionalHeadAbsent
        ]
    );
    // Still not a desk arrival.
    let desk_day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(13, 30))
        .await
        .expect("arrivals");
    assert!(desk_day.arrivals.iter().all(|a| a.request_id != video.id));
}

#[tokio::test]
async fn check_ins_stored_before_voids_existed_survive_the_migration() {
    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("lama.db");
    // The schema as it was before check-ins got ids of their own.
    {
        let pool = common::sqlite_before(&path, 20261202000031).await;
        for statement in [
            "INSERT INTO users (id, name, role, created_at) VALUES (1, 'Sari', 'secretariat', 't')",
            "INSERT INTO requests (id, status, channel, requester_kind, requester_name, contact_name,
                 contact_whatsapp, description, planned_guest_count, regional_head_attends,
                 created_at, updated_at)
             VALUES (1, 'checked_in', 'in_person', 'academic', 'Universitas Uji', 'Rina',
                 '+6281234567890', 'Konsultasi', 2, 0, '2026-12-01T02:00:00Z', '2026-12-01T02:00:00Z'),
                    (2, 'no_show', 'in_person', 'academic', 'Universitas Lain', 'Rina',
                 '+6281234567890', 'Konsultasi', 2, 0, '2026-12-01T02:00:00Z', '2026-12-01T02:00:00Z')",
            "INSERT INTO check_ins (request_id, booking_id, arrived_at, regional_head_present,
                 note, recorded_by, recorded_at)
             VALUES (1, NULL, '2026-12-07T02:00:00Z', 0, 'Catatan lama', 1, '2026-12-07T02:01:00Z')",
            "INSERT INTO attendees (request_id, ordinal, guest_id, name, job_title, institution,
                 is_regional_head)
             VALUES (1, 0, NULL, 'Tamu Lama', 'Dosen', 'Universitas Uji', 0)",
            "INSERT INTO violations (id, request_id, kind, evidence, occurred_on, region_code,
                 recorded_by, recorded_at)
             VALUES (41, 1, 'no_booking', 'Datang tanpa jadwal', '2026-12-07', NULL, 1, 't'),
                    (42, 2, 'no_show', 'Tidak ada yang hadir', '2026-12-07', NULL, 1, 't')",
        ] {
            sqlx::query(statement)
                .execute(&pool)
                .await
                .expect(statement);
        }
        pool.close().await;
    }

    let store = konsultasi::Store::open(&path).await.expect("migrate");
    let view = checkin::check_in_view(&store, 1)
        .await
        .expect("read")
        .expect("the old check-in");
    assert_eq!(view.arrived_at, "2026-12-07T02:00:00Z");
    assert_eq!(view.note.as_deref(), Some("Catatan lama"));
    assert!(view.walk_in);
    assert_eq!(view.attendees.len(), 1);
    assert_eq!(view.attendees[0].name, "Tamu Lama");
    assert_eq!(view.violations.len(), 1);
    assert_eq!(view.violations[0].id, 41);
    let report = history::monthly(&store, "2026-12").await.expect("report");
    assert_eq!(
        (report.compliance.arrivals, report.compliance.violations),
        (1, 2)
    );
    // And it can be voided like a new one.
    let sari = workflow::actor(&store, "Sari").await.expect("actor");
    let after = checkin::void_check_in(
        &store,
        &sari,
        view.id,
        &konsultasi::api::VoidCheckInInput {
            reason: "Data lama salah".into(),
        },
        on_the_day(10, 0),
    )
    .await
    .expect("void");
    assert_eq!(after.status, RequestStatus::Submitted);
    let report = history::monthly(&store, "2026-12").await.expect("report");
    assert_eq!(
        (report.compliance.arrivals, report.compliance.violations),
        (0, 1)
    );
}

#[tokio::test]
async fn the_days_list_gives_a_pemda_outside_wib_its_own_clock_beside_the_booked_time() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = valid_input();
    input.requester.region_code = Some("91.71".into()); // Kota Jayapura, WIT
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    let slot = ScheduleInput {
        date: "2026-12-07".into(),
        time: "13:00".into(),
        room_code: Some("RK-1".into()),
        ..ScheduleInput::default()
    };
    scheduling::schedule_request(&db.store, &db.actor, created.id, &slot, now())
        .await
        .expect("schedule");
    let wib = booked(&db, false).await;

    let day = checkin::arrivals(&db.store, "2026-12-07", on_the_day(8, 0))
        .await
        .expect("arrivals");
    let label = |id: i64| {
        day.arrivals
            .iter()
            .find(|a| a.request_id == id)
            .and_then(|a| a.time_label.clone())
    };
    let length = konsultasi::policy::PolicySettings::default().default_duration_minutes;
    let end = |h: u32| format!("{:02}.{:02}", h + length / 60, length % 60);
    assert_eq!(
        label(created.id),
        Some(format!("13.00–{} WIB (15.00–{} WIT)", end(13), end(15)))
    );
    assert_eq!(label(wib.id), Some(format!("09.00–{} WIB", end(9))));
}
