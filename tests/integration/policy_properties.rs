//! Properties of the policy engine over generated inputs.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use konsultasi::domain::Channel;
use konsultasi::policy::Policy;
use konsultasi::policy::bookings::{
    BookedSlot, BookingIndex, Slot, share_people, share_room, too_close,
};
use konsultasi::policy::calendar::{HolidayKind, WorkingCalendar};
use konsultasi::policy::rules::{Context, LetterFacts, RequestFacts, Severity, check_slot};
use konsultasi::policy::slots::{
    Nearness, SlotQuery, alternatives_around, find_slots, judge_preference,
};
use proptest::prelude::*;

use crate::common;

const ROOMS: [&str; 2] = ["RK-1", "RK-2"];
const UNITS: [&str; 2] = ["DTU", "DTK"];

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 1, 0, 0, 0)
        .single()
        .expect("base")
}

prop_compose! {
    fn any_slot()(
        start_minutes in 0i64..(20 * 24 * 60),
        length in 15i64..240,
        channel in prop::bool::ANY,
        room in 0usize..2,
        unit in 0usize..2,
        people in prop::collection::vec(1i64..4, 0..3),
    ) -> Slot {
        let start = base() + Duration::minutes(start_minutes);
        let in_person = channel;
        Slot {
            channel: if in_person { Channel::InPerson } else { Channel::VideoConference },
            start,
            end: start + Duration::minutes(length),
            room: in_person.then(|| ROOMS[room].to_owned()),
            unit: UNITS[unit].to_owned(),
            resource_persons: people,
        }
    }
}

proptest! {
    #[test]
    fn conflict_detection_is_symmetric(a in any_slot(), b in any_slot(), buffer in 0i64..60) {
        let _turn = common::run_beside_others();
        let buffer = Duration::minutes(buffer);
        prop_assert_eq!(too_close(&a, &b, buffer), too_close(&b, &a, buffer));
        prop_assert_eq!(share_room(&a, &b), share_room(&b, &a));
        prop_assert_eq!(share_people(&a, &b), share_people(&b, &a));
    }

    #[test]
    fn the_slot_finder_never_returns_a_slot_a_block_rule_rejects(
        existing in prop::collection::vec(any_slot(), 0..60).prop_map(|v| if v.len() < 5 { Vec::new() } else { v }),
        in_person in prop::bool::ANY,
        received_offset in 0i64..10,
        count in 1usize..25,
        unit in 0usize..2,
    ) {
        let _turn = common::run_beside_others();
        let bookings: Vec<BookedSlot> = existing
            .into_iter()
            .enumerate()
            .map(|(i, slot)| BookedSlot { booking_id: i as i64 + 100, request_id: i as i64 + 100, slot })
            .collect();
        let index = BookingIndex::new(bookings);
        let policy = Policy::default();
        let calendar = WorkingCalendar::new(
            [(NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"), "Libur".to_owned(), HolidayKind::Office)],
            Vec::new(),
        );
        let now = base() - Duration::days(3);
        let received_on = (now + Duration::days(received_offset)).date_naive();
        let facts = RequestFacts {
            id: Some(1),
            channel: if in_person { Channel::InPerson } else { Channel::VideoConference },
            requester_key: "regional_government:32.01".into(),
            received_on,
            topics: vec!["DAU".into()],
            planned_guest_count: 3,
            regional_head_attends: false,
            regional_head_listed: false,
            letter: Some(LetterFacts { number: "1".into(), date: received_on, addressee: "Direktur Jenderal Perimbangan Keuangan".into() }),
            preferred_slots: vec![],
            requester_tz: chrono_tz::Asia::Jayapura,
        };
        let ctx = Context { policy: &policy, calendar: &calendar, bookings: &index, open_requests: &[], now };
        let query = SlotQuery {
            from: received_on,
            to: received_on + Duration::days(30),
            count,
            duration: Duration::minutes(60),
            unit: UNITS[unit].to_owned(),
            resource_persons: vec![],
            rooms: ROOMS.iter().map(|r| (*r).to_owned()).collect(),
            step_minutes: 30,
        };
        let found = find_slots(&facts, &query, &ctx);
        prop_assert!(found.len() <= count);
        if index.is_empty() {
            // With nothing booked, a month always has room for 24 one-hour slots.
            prop_assert_eq!(found.len(), count);
        }
        prop_assert!(found.windows(2).all(|w| w[0].start <= w[1].start));
        for slot in &found {
            let blocking: Vec<_> = check_slot(&facts, slot, &ctx)
                .into_iter()
                .filter(|f| f.severity == Severity::Block)
                .collect();
            prop_assert!(blocking.is_empty(), "{:?} rejected by {:?}", slot, blocking);
        }
    }

    #[test]
    fn judged_preferences_and_their_alternatives_agree_with_the_slot_check(
        existing in prop::collection::vec(any_slot(), 0..60),
        in_person in prop::bool::ANY,
        received_offset in 0i64..10,
        preferred in prop::collection::vec(0i64..(20 * 24 * 2), 1..4),
        unit in 0usize..2,
    ) {
        let _turn = common::run_beside_others();
        let bookings: Vec<BookedSlot> = existing
            .into_iter()
            .enumerate()
            .map(|(i, slot)| BookedSlot { booking_id: i as i64 + 100, request_id: i as i64 + 100, slot })
            .collect();
        let index = BookingIndex::new(bookings);
        let policy = Policy::default();
        let calendar = WorkingCalendar::new(
            [(NaiveDate::from_ymd_opt(2026, 12, 8).expect("date"), "Libur".to_owned(), HolidayKind::Office)],
            Vec::new(),
        );
        let now = base() - Duration::days(3);
        let received_on = (now + Duration::days(received_offset)).date_naive();
        // Preferred starts on the half hour, anywhere in twenty days, open or not.
        let preferred: Vec<DateTime<Utc>> =
            preferred.iter().map(|half_hours| base() + Duration::minutes(30 * half_hours)).collect();
        let facts = RequestFacts {
            id: Some(1),
            channel: if in_person { Channel::InPerson } else { Channel::VideoConference },
            requester_key: "regional_government:32.01".into(),
            received_on,
            topics: vec!["DAU".into()],
            planned_guest_count: 3,
            regional_head_attends: false,
            regional_head_listed: false,
            letter: Some(LetterFacts { number: "1".into(), date: received_on, addressee: "Direktur Jenderal Perimbangan Keuangan".into() }),
            preferred_slots: preferred.clone(),
            requester_tz: chrono_tz::Asia::Jayapura,
        };
        let ctx = Context { policy: &policy, calendar: &calendar, bookings: &index, open_requests: &[], now };
        let query = SlotQuery {
            from: received_on,
            to: received_on + Duration::days(30),
            count: 10,
            duration: Duration::minutes(60),
            unit: UNITS[unit].to_owned(),
            resource_persons: vec![],
            rooms: ROOMS.iter().map(|r| (*r).to_owned()).collect(),
            step_minutes: 30,
        };
        let blocking = |slot: &Slot| -> Vec<_> {
            check_slot(&facts, slot, &ctx)
                .into_iter()
                .filter(|f| f.severity == Severity::Block)
                .collect()
        };
        for (i, start) in preferred.iter().enumerate() {
            let judged = judge_preference(&facts, i, *start, &query, &ctx);
            match &judged.slot {
                Some(slot) => {
                    prop_assert!(judged.refusals.is_empty());
                    prop_assert_eq!(slot.start, *start);
                    let refused = blocking(slot);
                    prop_assert!(refused.is_empty(), "{:?} rejected by {:?}", slot, refused);
                }
                None => {
                    // Refused: by the rules' own findings, and in every room.
                    prop_assert!(!judged.refusals.is_empty());
                    prop_assert!(judged.refusals.iter().all(|f| f.severity == Severity::Block && f.slot_index == Some(i as u32)));
                    for room in ROOMS.iter().map(|r| Some((*r).to_owned())).take(if in_person { 2 } else { 0 }).chain((!in_person).then_some(None)) {
                        let slot = Slot {
                            channel: facts.channel,
                            start: *start,
                            end: *start + query.duration,
                            room,
                            unit: query.unit.clone(),
                            resource_persons: vec![],
                        };
                        prop_assert!(!blocking(&slot).is_empty(), "{:?} passes but was refused", slot);
                    }
                }
            }
            let around = alternatives_around(&facts, i, *start, &query, &ctx);
            for alternative in &around {
                let refused = blocking(&alternative.slot);
                prop_assert!(refused.is_empty(), "{:?} rejected by {:?}", alternative.slot, refused);
                prop_assert!(alternative.slot.start != *start);
                let day = |t: DateTime<Utc>| t.with_timezone(&chrono_tz::Asia::Jakarta).date_naive();
                match alternative.nearness {
                    Nearness::SameDay { minutes } => {
                        prop_assert_eq!(day(alternative.slot.start), day(*start));
                        prop_assert_eq!(minutes, (alternative.slot.start - *start).num_minutes());
                    }
                    Nearness::OtherDay { working_days, .. } => {
                        prop_assert!(working_days != 0);
                        prop_assert_eq!(working_days > 0, alternative.slot.start > *start);
                        prop_assert!(day(alternative.slot.start) != day(*start));
                    }
                }
            }
        }
    }
}
