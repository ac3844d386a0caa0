//! A date typed as digits means the same on every PC: under `LANG=C` (where WebKit's own date
//! inputs would read mm/dd/yyyy) "05112026" in the received-date field is 5 November 2026
//! (not 11 May), shown as 05/11/2026 and stored as 2026-11-05. A received date cannot be after
//! today, so the typed one lies in the past.

use konsultasi::api::RequestFilter;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};

#[tokio::test(flavor = "multi_thread")]
async fn digits_typed_into_a_date_field_are_day_month_year_under_lang_c() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::start_with_env(&profile, &[("LANG", "C"), ("LC_ALL", "C")]).await?;
    desk.enter(TEST_USER, "team_leader").await?;

    desk.click("new-request").await?;
    desk.by_testid("request-form").await?;
    desk.click("channel-video_conference").await?;
    desk.select("requester-kind", "regional_government").await?;
    desk.type_into("requester-search", "muko").await?;
    desk.wait(&format!(
        "{}[data-code=\"17.06\"]",
        testid("requester-option")
    ))
    .await?
    .click()
    .await?;
    desk.type_into("contact-name", "Rina Marlina").await?;
    desk.type_into("contact-whatsapp", "0812-3456-7890").await?;
    desk.click("topic-DAU").await?;
    desk.type_into("description", "Konsultasi penyaluran DAU.")
        .await?;
    desk.type_into("slot-date-0", "21122026").await?;
    desk.set_value("slot-time-0", "09:00").await?;
    desk.type_into("planned-guest-count", "2").await?;

    // Typed key by key, as a person would: the slashes come by themselves.
    desk.type_into("received-on", "05112026").await?;
    let shown = desk
        .by_testid("received-on")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert_eq!(shown, "05/11/2026", "the field shows day/month/year");
    assert!(
        desk.client
            .find(fantoccini::Locator::Css(&testid(
                "received-on-format-error"
            )))
            .await
            .is_err(),
        "a whole, real date has no format error"
    );
    desk.screenshot("70-date-typed-under-lang-c").await?;
    desk.click("submit-request").await?;
    desk.eventually("the saved request in the list", || async {
        Ok(desk.row_ids().await?.len() == 1)
    })
    .await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let rows = konsultasi::service::list_requests(&store, &RequestFilter::default()).await?;
    let id = rows.first().ok_or("no request saved")?.id;
    let saved = konsultasi::service::get_request(&store, id).await?;
    store.close().await;
    assert_eq!(saved.received_on, "2026-11-05");
    let slot = saved
        .preferred_slots
        .first()
        .ok_or("no preferred slot saved")?;
    assert_eq!(
        (slot.date.as_str(), slot.time.as_str()),
        ("2026-12-21", "09:00")
    );
    Ok(())
}
