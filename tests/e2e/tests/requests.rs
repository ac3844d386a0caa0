//! A secretary registers a request in the real window, finds it again after a restart, and
//! is told beside the field, in Indonesian, when something is wrong.

use fantoccini::Locator;
use konsultasi::api::RequestFilter;
use konsultasi_e2e::{Desk, Profile, Result, testid};

/// Fills the form with a valid video-conference request from Kabupaten Mukomuko.
async fn fill_valid_request(desk: &Desk, whatsapp: &str) -> Result<()> {
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
    desk.type_into("contact-whatsapp", whatsapp).await?;
    desk.click("topic-DAU").await?;
    desk.type_into(
        "description",
        "Konsultasi penyaluran DAU bidang pendidikan.",
    )
    .await?;
    desk.set_value("slot-date-0", "2026-12-08").await?;
    desk.set_value("slot-time-0", "09:00").await?;
    desk.type_into("planned-guest-count", "2").await?;
    Ok(())
}

async fn stored_count(profile: &Profile) -> usize {
    let store = konsultasi::Store::open(&profile.db())
        .await
        .expect("open the app's database");
    let rows = konsultasi::service::list_requests(&store, &RequestFilter::default())
        .await
        .expect("list");
    store.close().await;
    rows.len()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_request_created_in_the_form_survives_a_restart() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::launch(&profile).await?;
    assert!(
        desk.row_ids().await?.is_empty(),
        "a fresh database shows no requests"
    );
    desk.screenshot("01-empty-list").await?;

    fill_valid_request(&desk, "0812-3456-7890").await?;
    desk.screenshot("02-filled-form").await?;
    desk.click("submit-request").await?;

    let notice = desk.by_testid("notice").await?.text().await?;
    assert!(notice.contains("tersimpan"), "success notice: {notice}");
    desk.eventually("the new row", || async {
        Ok(desk.row_ids().await?.len() == 1)
    })
    .await?;
    desk.screenshot("03-list-with-request").await?;
    let row = desk.row_text().await?;
    assert!(
        row.contains("Kabupaten Mukomuko"),
        "row shows the requester: {row}"
    );
    assert!(
        row.contains("Video conference"),
        "row shows the channel: {row}"
    );
    let ids_before = desk.row_ids().await?;
    desk.quit().await?;

    let desk = Desk::launch(&profile).await?;
    desk.eventually("the row after restart", || async {
        Ok(desk.row_ids().await? == ids_before)
    })
    .await?;
    let row = desk.row_text().await?;
    assert!(row.contains("Kabupaten Mukomuko"), "after restart: {row}");
    desk.quit().await?;
    assert_eq!(stored_count(&profile).await, 1);
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn an_invalid_field_is_explained_beside_it_and_nothing_is_saved() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::launch(&profile).await?;

    // A landline cannot receive WhatsApp messages: the core refuses it.
    fill_valid_request(&desk, "021-555-1234").await?;
    desk.click("submit-request").await?;

    let error = desk
        .wait(&format!(
            "{}[data-field=\"contact.whatsapp\"]",
            testid("field-error")
        ))
        .await?;
    let message = error.text().await?;
    assert!(
        message.contains("bukan nomor seluler Indonesia") || message.contains("nomor Indonesia"),
        "Indonesian message beside the field: {message}"
    );
    let field = desk.by_testid("contact-whatsapp").await?;
    assert_eq!(field.attr("aria-invalid").await?.as_deref(), Some("true"));
    let banner = desk.by_testid("form-error").await?.text().await?;
    assert!(banner.contains("tidak valid"), "banner: {banner}");
    desk.screenshot("04-invalid-whatsapp").await?;

    // The form stays open with what was typed; the list and the database gained nothing.
    assert!(
        desk.client
            .find(Locator::Css(&testid("request-form")))
            .await
            .is_ok()
    );
    desk.click("cancel-form").await?;
    desk.by_testid("request-list").await?;
    assert!(
        desk.row_ids().await?.is_empty(),
        "no new row after a refused save"
    );
    desk.quit().await?;
    assert_eq!(stored_count(&profile).await, 0);
    Ok(())
}
