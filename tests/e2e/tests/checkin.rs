//! The day of the visit in the real window: an unannounced guest at check-in becomes a
//! violation that the Pemda's history shows, and the completed visit is in the month's report;
//! a check-in recorded by mistake is voided with a reason and its violation leaves the report.

mod common;

use chrono::{Datelike, Duration, NaiveTime};
use konsultasi::api::{
    ConfirmInput, GuestInput, PolicyInput, PreferredSlotInput, RequestInput, ScheduleInput,
};
use konsultasi::checkin::ViolationKind;
use konsultasi::domain::RequestStatus;
use konsultasi::policy::{PolicySettings, SessionWindowSettings};
use konsultasi::service::workflow::{self, ConfirmationChannel};
use konsultasi::service::{self, checkin, scheduling, settings};
use konsultasi::time::{OFFICE_TZ, office_local_to_utc, system_now};
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER};

fn guest(name: &str, position: &str) -> GuestInput {
    GuestInput {
        name: name.into(),
        position: position.into(),
        institution: "BPKAD Kabupaten Mukomuko".into(),
        contact: None,
        is_regional_head: false,
    }
}

/// A confirmed tatap muka of Kabupaten Mukomuko booked for today 08:00 WIB, whatever day the
/// test runs: the desk's policy (changed through the core, as Settings would) opens every day
/// with no lead time and caps delegations at two guests, and the booking is made "yesterday".
async fn seed_booked_today(profile: &Profile) -> Result<i64> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let actor = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let now = system_now();
    let today = now.with_timezone(&OFFICE_TZ).date_naive();
    let yesterday = today - Duration::days(1);
    let day = |d: chrono::NaiveDate| d.format("%Y-%m-%d").to_string();

    let every_day = vec![
        vec![SessionWindowSettings {
            start: "08:00".into(),
            end: "16:00".into(),
        }];
        7
    ];
    let settings = PolicySettings {
        guest_cap_in_person: 2,
        lead_days_in_person: 0,
        weekly_windows: every_day,
        ..PolicySettings::default()
    };
    settings::set_policy(
        &store,
        &actor,
        &PolicyInput {
            effective_from: day(yesterday),
            settings,
            note: Some("Uji kedatangan".into()),
        },
        now,
    )
    .await?;
    for holiday in settings::list_holidays(&store, Some(today.year())).await? {
        if holiday.date == day(today) {
            settings::delete_holiday(&store, &actor, holiday.id, now).await?;
        }
    }

    let input = RequestInput {
        preferred_slots: vec![PreferredSlotInput {
            date: day(today),
            time: "08:00".into(),
        }],
        planned_guest_count: 2,
        guests: vec![
            guest("Ni Luh Ayu Wéndri", "Kepala BPKAD"),
            guest("Bambang Sutrisno", "Kepala Bidang Anggaran"),
        ],
        received_on: Some(day(yesterday)),
        ..common::mukomuko_in_person()
    };
    let booked_at =
        office_local_to_utc(yesterday, NaiveTime::from_hms_opt(12, 0, 0).ok_or("time")?);
    let id = service::create_request(&store, &actor, &input, booked_at)
        .await?
        .id;
    workflow::verify_request(&store, &actor, id, booked_at).await?;
    scheduling::schedule_request(
        &store,
        &actor,
        id,
        &ScheduleInput {
            date: day(today),
            time: "08:00".into(),
            room_code: Some("RK-1".into()),
            ..ScheduleInput::default()
        },
        booked_at,
    )
    .await?;
    workflow::confirm_request(
        &store,
        &actor,
        id,
        &ConfirmInput {
            date: day(yesterday),
            time: "13:00".into(),
            confirmed_by: "Rina Marlina".into(),
            via: Some(ConfirmationChannel::Whatsapp),
        },
        booked_at + Duration::hours(2),
    )
    .await?;
    store.close().await;
    Ok(id)
}

#[tokio::test(flavor = "multi_thread")]
async fn an_extra_guest_at_check_in_is_a_violation_in_the_pemda_history() -> Result<()> {
    let profile = Profile::new();
    let id = seed_booked_today(&profile).await?;
    let month = system_now()
        .with_timezone(&OFFICE_TZ)
        .format("%Y-%m")
        .to_string();
    let desk = Desk::launch(&profile).await?;

    desk.click("nav-arrivals").await?;
    let card = format!("arrival-{id}");
    desk.by_testid(&card).await?;
    desk.click(&format!("{card}-guest-0")).await?;
    desk.click(&format!("{card}-guest-1")).await?;
    desk.click(&format!("{card}-add-extra")).await?;
    desk.type_into(&format!("{card}-extra-0-name"), "Tamu Tak Terdaftar")
        .await?;
    desk.type_into(&format!("{card}-extra-0-position"), "Staf")
        .await?;
    desk.type_into(
        &format!("{card}-extra-0-institution"),
        "BPKAD Kabupaten Mukomuko",
    )
    .await?;
    desk.screenshot("60-arrivals-before-check-in").await?;
    desk.click(&format!("{card}-check-in")).await?;
    desk.by_testid(&format!("{card}-confirm")).await?;
    desk.click(&format!("{card}-confirm-record")).await?;
    desk.eventually("the violation on the arrival card", || async {
        Ok(desk
            .text_of(&format!("{card}-violations"))
            .await
            .is_ok_and(|text| text.contains("Tamu melebihi batas")))
    })
    .await?;
    let recorded = desk.text_of(&format!("{card}-violations")).await?;
    assert!(
        recorded.contains("Hadir 3 orang (2 terdaftar, 1 tambahan)"),
        "the evidence is shown: {recorded}"
    );
    desk.screenshot("61-arrivals-checked-in").await?;

    desk.click("nav-requesters").await?;
    desk.type_into("history-search", "Mukomuko").await?;
    desk.click("history-option-17.06").await?;
    desk.eventually("the violation in the Pemda's history", || async {
        Ok(desk
            .text_of("history-violations")
            .await
            .is_ok_and(|text| text.contains("Tamu melebihi batas")))
    })
    .await?;
    let history = desk.text_of("history-violations").await?;
    assert!(history.contains("2 terdaftar, 1 tambahan"), "{history}");
    desk.screenshot("62-pemda-history").await?;

    // Completed, the visit counts in this month's report, violation included.
    desk.click("nav-arrivals").await?;
    desk.click(&format!("{card}-complete")).await?;
    desk.eventually("the completed status", || async {
        Ok(desk
            .text_of(&card)
            .await
            .is_ok_and(|text| text.contains("Selesai")))
    })
    .await?;
    desk.click("nav-report").await?;
    desk.set_value("report-month", &month).await?;
    desk.click("report-load").await?;
    desk.eventually("the visit in the report", || async {
        Ok(desk
            .text_of("report-table-in_person")
            .await
            .is_ok_and(|text| text.contains("Kab. Mukomuko")))
    })
    .await?;
    let compliance = desk.text_of("report-compliance").await?;
    assert!(compliance.contains("Tamu melebihi batas"), "{compliance}");
    desk.by_testid("report-chart-months").await?;
    desk.screenshot("63-monthly-report").await?;

    // Past records imported from the report screen's file field count in their own month.
    let fixture = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../fixtures/riwayat-maret-2023.csv")
        .canonicalize()?;
    desk.by_testid("report-import")
        .await?
        .send_keys(&fixture.display().to_string())
        .await?;
    desk.eventually("the import's summary", || async {
        Ok(desk
            .text_of("report-imported")
            .await
            .is_ok_and(|text| text.contains("25 konsultasi diimpor")))
    })
    .await?;
    desk.set_value("report-month", "2023-03").await?;
    desk.click("report-load").await?;
    desk.eventually("March 2023 from the imported file", || async {
        Ok(desk
            .text_of("report-section-in_person")
            .await
            .is_ok_and(|text| text.contains("8 kali konsultasi tatap muka")))
    })
    .await?;
    desk.quit().await?;

    // The window wrote through the core: the check-in and exactly that violation are stored.
    let store = konsultasi::Store::open(&profile.db()).await?;
    assert_eq!(
        service::get_request(&store, id).await?.status,
        RequestStatus::Completed
    );
    let view = checkin::check_in_view(&store, id)
        .await?
        .ok_or("no check-in stored")?;
    let kinds: Vec<ViolationKind> = view.violations.iter().map(|v| v.kind).collect();
    assert_eq!(kinds, vec![ViolationKind::OverGuestCap]);
    assert_eq!(view.attendees.len(), 3);
    assert!(
        view.attendees
            .iter()
            .any(|a| a.extra && a.name == "Tamu Tak Terdaftar")
    );
    store.close().await;
    Ok(())
}

/// Boxes on screen whose content is wider than the box, and whether the page scrolls sideways.
async fn overflowing(desk: &Desk) -> Result<Vec<String>> {
    let found = desk
        .client
        .execute(
            "const out = [];
             if (document.documentElement.scrollWidth > document.documentElement.clientWidth) {
               out.push('page scrolls sideways');
             }
             for (const el of document.querySelectorAll(
                 '[data-testid^=\"arrival-\"], .tag, .confirm, .check-in, dd, li, button')) {
               if (el.offsetParent === null) continue;
               if (el.scrollWidth > el.clientWidth + 1) {
                 out.push((el.dataset.testid || el.className || el.tagName) + ': '
                   + el.scrollWidth + ' > ' + el.clientWidth);
               }
             }
             return out;",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_voided_check_in_leaves_the_monthly_report() -> Result<()> {
    let profile = Profile::new();
    let id = seed_booked_today(&profile).await?;
    let month = system_now()
        .with_timezone(&OFFICE_TZ)
        .format("%Y-%m")
        .to_string();
    let desk = Desk::launch(&profile).await?;

    // Check in with one guest too many: the summary names the violation before anything is kept.
    desk.click("nav-arrivals").await?;
    let card = format!("arrival-{id}");
    desk.by_testid(&card).await?;
    desk.click(&format!("{card}-guest-0")).await?;
    desk.click(&format!("{card}-guest-1")).await?;
    desk.click(&format!("{card}-add-extra")).await?;
    desk.type_into(&format!("{card}-extra-0-name"), "Tamu Salah Catat")
        .await?;
    desk.type_into(&format!("{card}-extra-0-position"), "Staf")
        .await?;
    desk.type_into(
        &format!("{card}-extra-0-institution"),
        "BPKAD Kabupaten Mukomuko",
    )
    .await?;
    desk.click(&format!("{card}-check-in")).await?;
    let summary = desk.text_of(&format!("{card}-confirm")).await?;
    assert!(summary.contains("Tamu melebihi batas"), "{summary}");
    assert!(summary.contains("Tamu Salah Catat"), "{summary}");
    desk.screenshot("64-check-in-summary").await?;
    assert_eq!(overflowing(&desk).await?, Vec::<String>::new());
    desk.click(&format!("{card}-confirm-record")).await?;
    desk.eventually("the violation on the arrival card", || async {
        Ok(desk
            .text_of(&format!("{card}-violations"))
            .await
            .is_ok_and(|text| text.contains("Tamu melebihi batas")))
    })
    .await?;

    // The month's report counts it...
    desk.click("nav-report").await?;
    desk.set_value("report-month", &month).await?;
    desk.click("report-load").await?;
    desk.eventually("the violation in the report", || async {
        Ok(desk
            .text_of("report-compliance")
            .await
            .is_ok_and(|text| text.contains("1 pelanggaran")))
    })
    .await?;

    // ...until the secretariat voids the check-in with a reason, in the window.
    desk.click("nav-arrivals").await?;
    desk.click(&format!("{card}-void-open")).await?;
    desk.type_into(
        &format!("{card}-void-reason"),
        "Tamu tambahan salah dicatat",
    )
    .await?;
    desk.screenshot("65-check-in-void-reason").await?;
    desk.click(&format!("{card}-void-submit")).await?;
    desk.eventually("the card back to its check-in form", || async {
        Ok(desk.by_testid(&format!("{card}-check-in")).await.is_ok())
    })
    .await?;
    let notice = desk.text_of("notice").await?;
    assert!(notice.contains("dibatalkan"), "{notice}");
    desk.screenshot("66-check-in-voided").await?;
    assert_eq!(overflowing(&desk).await?, Vec::<String>::new());

    desk.click("nav-report").await?;
    desk.set_value("report-month", &month).await?;
    desk.click("report-load").await?;
    desk.eventually("the report without the voided violation", || async {
        Ok(desk
            .text_of("report-compliance")
            .await
            .is_ok_and(|text| text.contains("0 kedatangan · 0 pelanggaran")))
    })
    .await?;
    let compliance = desk.text_of("report-compliance").await?;
    assert!(
        compliance.contains("Tidak ada pelanggaran tercatat bulan ini")
            && !compliance.contains("Hadir 3 orang"),
        "{compliance}"
    );
    desk.screenshot("67-monthly-report-after-void").await?;

    // The void is in the request's history with its reason.
    desk.click("nav-arrivals").await?;
    desk.click(&format!("{card}-open")).await?;
    desk.by_testid("request-form").await?;
    desk.eventually("the void in the request's history", || async {
        Ok(desk.text_of("history").await.is_ok_and(|text| {
            text.contains("Kehadiran dibatalkan") && text.contains("Tamu tambahan salah dicatat")
        }))
    })
    .await?;
    // The entry itself, as the window lists it.
    desk.wait("[data-testid=\"history-entry\"][data-action=\"void_check_in\"]")
        .await?;
    desk.screenshot("68-request-history-void").await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    assert_eq!(
        service::get_request(&store, id).await?.status,
        RequestStatus::Confirmed
    );
    let all = checkin::check_ins_of(&store, id).await?;
    assert_eq!(all.len(), 1);
    assert_eq!(
        all[0].voided.as_ref().map(|v| v.reason.as_str()),
        Some("Tamu tambahan salah dicatat")
    );
    store.close().await;
    Ok(())
}
