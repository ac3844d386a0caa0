//! Each rule of the policy engine, on its pass side and its fail side, as pure functions.

use chrono::{DateTime, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use konsultasi::domain::Channel;
use konsultasi::policy::Policy;
use konsultasi::policy::bookings::{BookedSlot, BookingIndex, Slot};
use konsultasi::policy::calendar::{HolidayKind, WorkingCalendar};
use konsultasi::policy::rules::{
    Context, Finding, LetterFacts, OpenRequest, RequestFacts, RuleId, Severity,
    addressed_to_director_general, check_request, check_slot,
};
use konsultasi::time::office_local_to_utc;

use crate::common;

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
}

fn wib(day: &str, hh: u32, mm: u32) -> DateTime<Utc> {
    office_local_to_utc(date(day), NaiveTime::from_hms_opt(hh, mm, 0).expect("time"))
}

/// Friday 27 November 2026, 10.00 WIB.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0)
        .single()
        .expect("now")
}

/// A compliant tatap muka request received on Friday 27 November 2026.
fn facts() -> RequestFacts {
    RequestFacts {
        id: Some(1),
        channel: Channel::InPerson,
        requester_key: "regional_government:17.06".into(),
        received_on: date("2026-11-27"),
        topics: vec!["DAU".into()],
        planned_guest_count: 4,
        regional_head_attends: false,
        regional_head_listed: false,
        letter: Some(LetterFacts {
            number: "900/1/2026".into(),
            date: date("2026-11-20"),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
        }),
        preferred_slots: vec![wib("2026-12-07", 9, 0)],
        requester_tz: chrono_tz::Asia::Jakarta,
    }
}

fn calendar() -> WorkingCalendar {
    WorkingCalendar::new(
        [(
            date("2026-12-25"),
            "Hari Raya Natal".to_owned(),
            HolidayKind::National,
        )],
        Vec::new(),
    )
}

fn booked(
    request_id: i64,
    start: DateTime<Utc>,
    room: Option<&str>,
    unit: &str,
    channel: Channel,
) -> BookedSlot {
    BookedSlot {
        booking_id: request_id * 10,
        request_id,
        slot: Slot {
            channel,
            start,
            end: start + Duration::hours(1),
            room: room.map(str::to_owned),
            unit: unit.to_owned(),
            resource_persons: Vec::new(),
        },
    }
}

fn run(facts: &RequestFacts, bookings: Vec<BookedSlot>, open: &[OpenRequest]) -> Vec<Finding> {
    let policy = Policy::default();
    let calendar = calendar();
    let index = BookingIndex::new(bookings);
    let ctx = Context {
        policy: &policy,
        calendar: &calendar,
        bookings: &index,
        open_requests: open,
        now: now(),
    };
    check_request(facts, &ctx)
}

fn run_slot(facts: &RequestFacts, slot: &Slot, bookings: Vec<BookedSlot>) -> Vec<Finding> {
    let policy = Policy::default();
    let calendar = calendar();
    let index = BookingIndex::new(bookings);
    let ctx = Context {
        policy: &policy,
        calendar: &calendar,
        bookings: &index,
        open_requests: &[],
        now: now(),
    };
    check_slot(facts, slot, &ctx)
}

fn rules_of(findings: &[Finding], severity: Severity) -> Vec<RuleId> {
    findings
        .iter()
        .filter(|f| f.severity == severity)
        .map(|f| f.rule)
        .collect()
}

fn slot(start: DateTime<Utc>, room: Option<&str>) -> Slot {
    Slot {
        channel: Channel::InPerson,
        start,
        end: start + Duration::hours(1),
        room: room.map(str::to_owned),
        unit: "DTU".into(),
        resource_persons: Vec::new(),
    }
}

#[test]
fn a_compliant_in_person_request_only_gets_the_video_hint() {
    let _turn = common::run_beside_others();
    let findings = run(&facts(), vec![], &[]);
    assert_eq!(rules_of(&findings, Severity::Block), vec![]);
    assert_eq!(rules_of(&findings, Severity::Warn), vec![]);
    assert_eq!(
        rules_of(&findings, Severity::Info),
        vec![RuleId::PreferVideo]
    );
    let hint = &findings[0];
    assert_eq!(hint.clause, "S-38/PK/2023 angka 2");
    assert!(
        hint.suggestion
            .as_deref()
            .is_some_and(|s| s.contains("video conference"))
    );
}

#[test]
fn letter_rules() {
    let _turn = common::run_beside_others();
    struct Case {
        name: &'static str,
        channel: Channel,
        letter: Option<&'static str>,
        expected: Option<RuleId>,
    }
    let cases = [
        Case {
            name: "tatap muka without letter",
            channel: Channel::InPerson,
            letter: None,
            expected: Some(RuleId::LetterRequired),
        },
        Case {
            name: "video without letter",
            channel: Channel::VideoConference,
            letter: None,
            expected: None,
        },
        Case {
            name: "addressed to the DG",
            channel: Channel::InPerson,
            letter: Some("Direktur Jenderal Perimbangan Keuangan"),
            expected: None,
        },
        Case {
            name: "Yth. Dirjen PK",
            channel: Channel::InPerson,
            letter: Some("Yth. Dirjen Perimbangan Keuangan, Kemenkeu"),
            expected: None,
        },
        Case {
            name: "to a director",
            channel: Channel::InPerson,
            letter: Some("Direktur Dana Transfer Umum"),
            expected: Some(RuleId::LetterAddressee),
        },
        Case {
            name: "to the minister",
            channel: Channel::InPerson,
            letter: Some("Menteri Keuangan"),
            expected: Some(RuleId::LetterAddressee),
        },
    ];
    for case in cases {
        let mut f = facts();
        f.channel = case.channel;
        f.letter = case.letter.map(|addressee| LetterFacts {
            number: "1".into(),
            date: date("2026-11-20"),
            addressee: addressee.into(),
        });
        let blocks = rules_of(&run(&f, vec![], &[]), Severity::Block);
        match case.expected {
            Some(rule) => assert_eq!(blocks, vec![rule], "{}", case.name),
            None => assert!(blocks.is_empty(), "{}: {blocks:?}", case.name),
        }
    }
    let finding = run(
        &{
            let mut f = facts();
            f.letter = None;
            f
        },
        vec![],
        &[],
    )
    .into_iter()
    .find(|f| f.rule == RuleId::LetterRequired)
    .expect("finding");
    assert_eq!(finding.clause, "S-38/PK/2023 angka 3");
    assert!(finding.message.contains("Surat Permintaan"));
    assert!(addressed_to_director_general(
        "DIREKTUR JENDERAL PERIMBANGAN KEUANGAN"
    ));
    assert!(!addressed_to_director_general("Direktur Jenderal Pajak"));
}

#[test]
fn guest_limit_blocks_tatap_muka_and_warns_video() {
    let _turn = common::run_beside_others();
    for (channel, guests, expected) in [
        (Channel::InPerson, 5, None),
        (Channel::InPerson, 6, Some(Severity::Block)),
        (Channel::VideoConference, 20, None),
        (Channel::VideoConference, 21, Some(Severity::Warn)),
    ] {
        let mut f = facts();
        f.channel = channel;
        f.planned_guest_count = guests;
        let found = run(&f, vec![], &[])
            .into_iter()
            .find(|x| x.rule == RuleId::GuestLimit);
        assert_eq!(
            found.as_ref().map(|x| x.severity),
            expected,
            "{channel:?} {guests}"
        );
        if let Some(found) = found {
            assert!(found.message.contains(&guests.to_string()));
        }
    }
}

#[test]
fn regional_head_claims_must_match_the_guest_list() {
    let _turn = common::run_beside_others();
    for (attends, listed, expected) in [
        (false, false, None),
        (true, true, Some(Severity::Info)),
        (true, false, Some(Severity::Warn)),
        (false, true, Some(Severity::Warn)),
    ] {
        let mut f = facts();
        f.regional_head_attends = attends;
        f.regional_head_listed = listed;
        let found = run(&f, vec![], &[])
            .into_iter()
            .find(|x| x.rule == RuleId::RegionalHead);
        assert_eq!(
            found.map(|x| x.severity),
            expected,
            "attends {attends}, listed {listed}"
        );
    }
}

#[test]
fn lead_time_counts_working_days_from_receipt() {
    let _turn = common::run_beside_others();
    // Received Fri 27 Nov; 5 working days → Fri 4 Dec is the earliest tatap muka day.
    for (day, ok) in [
        ("2026-12-03", false),
        ("2026-12-04", true),
        ("2026-12-07", true),
    ] {
        let mut f = facts();
        f.preferred_slots = vec![wib(day, 9, 0)];
        let blocks = rules_of(&run(&f, vec![], &[]), Severity::Block);
        assert_eq!(!blocks.contains(&RuleId::LeadTime), ok, "{day}: {blocks:?}");
    }
    // Video conference: 2 working days → Tue 1 Dec.
    let mut f = facts();
    f.channel = Channel::VideoConference;
    f.preferred_slots = vec![wib("2026-11-30", 9, 0)];
    let finding = run(&f, vec![], &[])
        .into_iter()
        .find(|x| x.rule == RuleId::LeadTime)
        .expect("too soon");
    assert!(
        finding
            .suggestion
            .as_deref()
            .is_some_and(|s| s.contains("Selasa, 1 Desember 2026")),
        "{finding:?}"
    );
    f.preferred_slots = vec![wib("2026-12-01", 9, 0)];
    assert!(!rules_of(&run(&f, vec![], &[]), Severity::Block).contains(&RuleId::LeadTime));
    // The past is always too soon.
    f.received_on = date("2026-01-01");
    f.preferred_slots = vec![wib("2026-11-26", 9, 0)];
    assert!(rules_of(&run(&f, vec![], &[]), Severity::Block).contains(&RuleId::LeadTime));
}

#[test]
fn service_hours_working_days_and_holidays() {
    let _turn = common::run_beside_others();
    for (start, minutes, ok, why) in [
        (wib("2026-12-07", 8, 0), 60, true, "Monday 08.00"),
        (wib("2026-12-07", 15, 0), 60, true, "ends exactly at 16.00"),
        (wib("2026-12-07", 15, 30), 60, false, "runs past 16.00"),
        (wib("2026-12-07", 7, 30), 60, false, "starts before 08.00"),
        (wib("2026-12-12", 9, 0), 60, false, "Saturday"),
        (wib("2026-12-25", 9, 0), 60, false, "Christmas"),
    ] {
        let mut f = facts();
        f.received_on = date("2026-11-01");
        let mut s = slot(start, Some("RK-1"));
        s.end = start + Duration::minutes(minutes);
        let findings = run_slot(&f, &s, vec![]);
        let blocked = findings.iter().any(|x| x.rule == RuleId::ServiceHours);
        assert_eq!(!blocked, ok, "{why}: {findings:?}");
    }
    let mut f = facts();
    f.received_on = date("2026-11-01");
    let christmas = run_slot(&f, &slot(wib("2026-12-25", 9, 0), Some("RK-1")), vec![]);
    assert!(
        christmas
            .iter()
            .any(|x| x.message.contains("Hari Raya Natal")),
        "{christmas:?}"
    );
}

#[test]
fn rooms_and_resource_persons_are_never_double_booked() {
    let _turn = common::run_beside_others();
    let mut f = facts();
    f.received_on = date("2026-11-01");
    let nine = wib("2026-12-07", 9, 0);
    for (other, ok, why) in [
        (
            booked(2, nine, Some("RK-1"), "DTK", Channel::InPerson),
            false,
            "same room, same time",
        ),
        (
            booked(2, nine, Some("RK-2"), "DTU", Channel::VideoConference),
            false,
            "same unit, same time",
        ),
        (
            booked(2, nine, Some("RK-2"), "DTK", Channel::InPerson),
            true,
            "other room, other unit",
        ),
        (
            booked(
                2,
                nine + Duration::minutes(70),
                Some("RK-1"),
                "DTU",
                Channel::InPerson,
            ),
            false,
            "inside the 15-minute buffer",
        ),
        (
            booked(
                2,
                nine + Duration::minutes(75),
                Some("RK-1"),
                "DTU",
                Channel::InPerson,
            ),
            true,
            "just outside the buffer",
        ),
        (
            booked(1, nine, Some("RK-1"), "DTU", Channel::InPerson),
            true,
            "the request's own booking",
        ),
    ] {
        let findings = run_slot(&f, &slot(nine, Some("RK-1")), vec![other]);
        let conflict = findings
            .iter()
            .any(|x| matches!(x.rule, RuleId::RoomConflict | RuleId::UnitConflict));
        assert_eq!(!conflict, ok, "{why}: {findings:?}");
    }
}

#[test]
fn the_daily_cap_of_tatap_muka_holds() {
    let _turn = common::run_beside_others();
    let mut f = facts();
    f.received_on = date("2026-11-01");
    let day = "2026-12-07";
    let full: Vec<BookedSlot> = (0..4)
        .map(|i| {
            booked(
                10 + i,
                wib(day, 8 + i as u32 * 2, 0),
                Some(&format!("R{i}")),
                &format!("U{i}"),
                Channel::InPerson,
            )
        })
        .collect();
    let three = full[..3].to_vec();
    let probe = Slot {
        unit: "ZZ".into(),
        room: Some("RZ".into()),
        ..slot(wib(day, 13, 0), None)
    };
    assert!(
        run_slot(&f, &probe, full.clone())
            .iter()
            .any(|x| x.rule == RuleId::DailyCap)
    );
    assert!(
        !run_slot(&f, &probe, three)
            .iter()
            .any(|x| x.rule == RuleId::DailyCap)
    );
    // Video conferences do not count towards the tatap muka cap, and are not capped by it.
    let mut video = probe.clone();
    video.channel = Channel::VideoConference;
    video.room = None;
    f.channel = Channel::VideoConference;
    assert!(
        !run_slot(&f, &video, full)
            .iter()
            .any(|x| x.rule == RuleId::DailyCap)
    );
}

#[test]
fn duplicates_are_open_requests_of_the_same_requester_on_a_shared_topic() {
    let _turn = common::run_beside_others();
    let other = |id, key: &str, topic: &str| OpenRequest {
        id,
        requester_key: key.into(),
        topics: vec![topic.into()],
    };
    for (open, expected) in [
        (vec![other(2, "regional_government:17.06", "DAU")], true),
        (vec![other(2, "regional_government:17.06", "DBH")], false),
        (vec![other(2, "regional_council:17.06", "DAU")], false),
        (vec![other(1, "regional_government:17.06", "DAU")], false),
    ] {
        let findings = run(&facts(), vec![], &open);
        let found = findings.iter().find(|x| x.rule == RuleId::Duplicate);
        assert_eq!(found.is_some(), expected, "{open:?}");
        if let Some(found) = found {
            assert_eq!(found.severity, Severity::Warn);
            assert!(found.message.contains("#2"));
        }
    }
}

#[test]
fn findings_on_preferred_slots_name_the_slot() {
    let _turn = common::run_beside_others();
    let mut f = facts();
    f.preferred_slots = vec![wib("2026-12-07", 9, 0), wib("2026-12-12", 9, 0)];
    let findings = run(&f, vec![], &[]);
    let saturday = findings
        .iter()
        .find(|x| x.rule == RuleId::ServiceHours)
        .expect("saturday refused");
    assert_eq!(saturday.slot_index, Some(1));
    assert!(
        saturday
            .message
            .starts_with("Usulan jadwal ke-2 (Sabtu, 12 Desember 2026 09.00 WIB)"),
        "{}",
        saturday.message
    );
}
