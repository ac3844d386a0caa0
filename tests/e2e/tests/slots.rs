//! Slot suggestions in the real window: the Pemda's preferences are judged first, and one that
//! passes is the first suggestion.

mod common;

use chrono::{Datelike, Duration, Weekday};
use fantoccini::Locator;
use konsultasi::api::PreferredSlotInput;
use konsultasi::service::{self, settings, workflow};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};

/// A Tuesday about three weeks ahead that is no holiday: past the lead time, inside the
/// default search range, on any date the tests run.
async fn open_weekday(store: &konsultasi::Store) -> Result<chrono::NaiveDate> {
    let mut day = system_now().date_naive() + Duration::days(21);
    loop {
        let holidays = settings::list_holidays(store, Some(day.year())).await?;
        let closed = holidays.iter().any(|h| h.date == day.to_string());
        if day.weekday() == Weekday::Tue && !closed {
            return Ok(day);
        }
        day = day.succ_opt().ok_or("no date")?;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_preference_that_passes_is_the_first_suggestion() -> Result<()> {
    let profile = Profile::new();
    let (id, day) = {
        let store = konsultasi::Store::open(&profile.db()).await?;
        let secretary = common::user(&store, TEST_USER, Role::TeamLeader).await?;
        let day = open_weekday(&store).await?;
        let mut input = common::mukomuko_in_person();
        input.preferred_slots = vec![PreferredSlotInput {
            date: day.format("%Y-%m-%d").to_string(),
            time: "10:00".into(),
        }];
        let id = service::create_request(&store, &secretary, &input, system_now())
            .await?
            .id;
        workflow::verify_request(&store, &secretary, id, system_now()).await?;
        store.close().await;
        (id, day.format("%Y-%m-%d").to_string())
    };

    let desk = Desk::start(&profile).await?;
    desk.enter(TEST_USER, "team_leader").await?;
    desk.open_request(id).await?;
    desk.click("open-schedule").await?;
    let verdict = desk.by_testid("preference-verdict").await?;
    assert_eq!(verdict.attr("data-verdict").await?.as_deref(), Some("pass"));
    let verdict_text = verdict.text().await?;
    assert!(verdict_text.contains("Usulan ke-1"), "{verdict_text}");
    desk.by_testid("slot-suggestion").await?;
    let cards = desk
        .client
        .find_all(Locator::Css(&testid("slot-suggestion")))
        .await?;
    assert!(cards.len() > 1, "{} cards", cards.len());
    let first = &cards[0];
    assert_eq!(
        first.attr("data-date").await?.as_deref(),
        Some(day.as_str())
    );
    assert_eq!(first.attr("data-time").await?.as_deref(), Some("10:00"));
    assert_eq!(
        first.attr("data-source").await?.as_deref(),
        Some("preference")
    );
    let first_text = first.text().await?;
    assert!(first_text.contains("Sesuai usulan ke-1"), "{first_text}");
    // Every card says why in its own words.
    let mut reasons = Vec::new();
    for card in &cards {
        reasons.push(card.find(Locator::Css(".reason")).await?.text().await?);
    }
    let distinct: std::collections::HashSet<&String> = reasons.iter().collect();
    assert_eq!(distinct.len(), reasons.len(), "{reasons:?}");
    desk.screenshot("slots-10-preference-first").await?;

    // "Pilih" on the preference fills the schedule; saving books exactly that slot.
    verdict
        .find(Locator::Css(&testid("pick-preference")))
        .await?
        .click()
        .await?;
    desk.click("schedule-submit").await?;
    desk.by_testid("booking-summary").await?;
    desk.screenshot("slots-20-preference-booked").await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let booked = service::get_request(&store, id).await?;
    let booking = booked.booking.ok_or("no booking")?;
    assert_eq!(booking.starts_at, booked.preferred_slots[0].starts_at);
    store.close().await;
    Ok(())
}
