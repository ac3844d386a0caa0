//! The rules in the real window: a violation shows in the form while typing, and the same rule
//! refuses scheduling.

use konsultasi_e2e::{Desk, Profile, Result, testid};

fn finding(rule: &str) -> String {
    format!("{}[data-rule=\"{rule}\"]", testid("finding"))
}

#[tokio::test(flavor = "multi_thread")]
async fn a_violation_shows_in_the_form_and_blocks_scheduling() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::launch(&profile).await?;

    desk.click("new-request").await?;
    desk.by_testid("request-form").await?;
    desk.click("channel-in_person").await?;
    desk.select("requester-kind", "regional_government").await?;
    desk.type_into("requester-search", "kota bogor").await?;
    desk.wait(&format!(
        "{}[data-code=\"32.71\"][data-kind=\"regional_government\"]",
        testid("requester-option")
    ))
    .await?
    .click()
    .await?;
    desk.type_into("contact-name", "Dewi Lestari").await?;
    desk.type_into("contact-whatsapp", "0813-2222-3333").await?;
    desk.click("topic-DAK_FISIK").await?;
    desk.type_into("description", "Konsultasi DAK Fisik bidang jalan.")
        .await?;
    desk.set_value("slot-date-0", "2027-03-01").await?;
    desk.set_value("slot-time-0", "10:00").await?;
    desk.type_into("planned-guest-count", "3").await?;
    desk.type_into("letter-number", "900/77/BPKAD").await?;
    desk.set_value("letter-date", "2026-11-20").await?;
    desk.type_into("letter-subject", "Permohonan konsultasi DAK Fisik")
        .await?;
    // Addressed to a director instead of the Director General: S-38/PK/2023 angka 3.
    desk.type_into("letter-addressee", "Direktur Dana Transfer Khusus")
        .await?;
    desk.type_into("letter-signer", "Kepala BPKAD Kota Bogor")
        .await?;

    let live = desk.wait(&finding("letter-addressee")).await?;
    assert_eq!(live.attr("data-severity").await?.as_deref(), Some("block"));
    let text = live.prop("textContent").await?.unwrap_or_default();
    assert!(
        text.contains("Direktur Jenderal Perimbangan Keuangan"),
        "{text}"
    );
    assert!(
        text.contains("S-38/PK/2023 angka 3"),
        "clause named: {text}"
    );
    desk.screenshot("10-live-findings").await?;

    desk.click("submit-request").await?;
    desk.by_testid("notice").await?;
    desk.eventually("the saved row", || async {
        Ok(desk.row_ids().await?.len() == 1)
    })
    .await?;
    let id = desk.row_ids().await?[0];

    // The same rule refuses to verify the letter, so the tatap muka cannot be scheduled.
    desk.open_request(id).await?;
    desk.click("action-verify").await?;
    desk.wait(&format!(
        "{} {}",
        testid("action-error"),
        finding("letter-addressee")
    ))
    .await?;
    let refusal = desk.text_of("action-error").await?;
    assert!(
        refusal.contains("Direktur Jenderal"),
        "refusal explains: {refusal}"
    );
    desk.screenshot("11-verification-refused").await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let stored = konsultasi::service::get_request(&store, id).await?;
    assert_eq!(stored.status, konsultasi::domain::RequestStatus::Submitted);
    assert!(stored.booking.is_none());
    store.close().await;
    Ok(())
}

/// A video conference request registered through the core, received today.
async fn seed_video_request(profile: &Profile) -> Result<i64> {
    use konsultasi::api::{
        ContactInput, PreferredSlotInput, RequestInput, RequesterInput, UserInput,
    };
    use konsultasi::domain::{Channel, RequesterKind};
    use konsultasi::service::workflow;
    use konsultasi::time::system_now;
    let store = konsultasi::Store::open(&profile.db()).await?;
    let user = UserInput {
        name: konsultasi_e2e::TEST_USER.into(),
        role: Some(konsultasi::workflow::Role::TeamLeader),
    };
    workflow::create_user(&store, None, &user, system_now()).await?;
    let actor = workflow::actor(&store, konsultasi_e2e::TEST_USER).await?;
    let input = RequestInput {
        channel: Some(Channel::VideoConference),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some("94".into()),
            name: None,
        },
        contact: ContactInput {
            name: "Yosef".into(),
            whatsapp: "081298765432".into(),
            email: None,
        },
        topics: vec!["OTSUS".into()],
        description: "Konsultasi dana Otsus.".into(),
        preferred_slots: vec![PreferredSlotInput {
            date: "2027-03-01".into(),
            time: "09:00".into(),
        }],
        planned_guest_count: 4,
        guests: vec![],
        letter: None,
        received_on: None,
    };
    let id = konsultasi::service::create_request(&store, &actor, &input, system_now())
        .await?
        .id;
    store.close().await;
    Ok(id)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_slot_a_rule_refuses_is_not_scheduled() -> Result<()> {
    use chrono::Datelike as _;
    let profile = Profile::new();
    let id = seed_video_request(&profile).await?;
    let desk = Desk::launch(&profile).await?;
    desk.open_request(id).await?;
    // A verified request shows its schedule card closed; the button appears once the card has
    // re-rendered for the new status, so it is waited for, never looked up once.
    desk.click("open-schedule").await?;
    desk.by_testid("schedule-panel").await?;
    // The panel searches for slots as it opens; once they are listed the panel stops growing,
    // so the click below lands on the button it aimed at.
    desk.by_testid("slot-suggestion").await?;
    // A Saturday three weeks ahead: past the lead time, but not a working day.
    let mut saturday = konsultasi::time::system_now().date_naive() + chrono::Duration::days(21);
    while saturday.weekday() != chrono::Weekday::Sat {
        saturday = saturday.succ_opt().ok_or("date")?;
    }
    desk.set_value("schedule-date", &saturday.format("%Y-%m-%d").to_string())
        .await?;
    desk.set_value("schedule-time", "10:00").await?;
    desk.click("schedule-submit").await?;
    desk.wait(&format!(
        "{} {}",
        testid("schedule-error"),
        finding("service-hours")
    ))
    .await?;
    let refusal = desk.text_of("schedule-error").await?;
    assert!(
        refusal.contains("bukan hari layanan"),
        "refusal explains: {refusal}"
    );
    desk.screenshot("11b-scheduling-refused").await?;
    assert!(
        desk.client
            .find(fantoccini::Locator::Css(&testid("booking-summary")))
            .await
            .is_err(),
        "no booking after a refusal"
    );
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let stored = konsultasi::service::get_request(&store, id).await?;
    assert_eq!(stored.status, konsultasi::domain::RequestStatus::Submitted);
    assert!(stored.booking.is_none());
    store.close().await;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn settings_show_the_policy_and_holidays_and_save_a_new_version() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::launch(&profile).await?;
    desk.click("open-settings").await?;
    desk.by_testid("settings").await?;
    desk.click("settings-tab-policy").await?;
    let cap = desk.by_testid("policy-guest_cap_in_person").await?;
    assert_eq!(cap.prop("value").await?.as_deref(), Some("5"));
    desk.screenshot("12-settings-policy").await?;

    desk.type_into("policy-guest_cap_in_person", "7").await?;
    desk.set_value("policy-effective-from", "2027-01-01")
        .await?;
    desk.type_into("policy-note", "Ruang konsultasi diperluas")
        .await?;
    desk.click("policy-save").await?;
    desk.by_testid("policy-saved").await?;
    desk.eventually("two policy versions", || async {
        Ok(desk
            .client
            .find_all(fantoccini::Locator::Css(&testid("policy-version")))
            .await?
            .len()
            == 2)
    })
    .await?;

    desk.click("settings-tab-holidays").await?;
    desk.select("holiday-year", "2026").await?;
    desk.wait(&format!(
        "{}[data-date=\"2026-03-19\"]",
        testid("holiday-row")
    ))
    .await?;
    desk.screenshot("13-settings-holidays").await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let overview =
        konsultasi::service::settings::policy_overview(&store, konsultasi::time::system_now())
            .await?;
    assert_eq!(overview.versions.len(), 2);
    let newest = overview
        .versions
        .iter()
        .find(|v| v.effective_from == "2027-01-01")
        .expect("new version");
    assert_eq!(newest.settings.guest_cap_in_person, 7);
    assert_eq!(newest.note.as_deref(), Some("Ruang konsultasi diperluas"));
    store.close().await;
    Ok(())
}
