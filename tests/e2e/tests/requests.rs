//! A secretary registers a request in the real window, finds it again after a restart, and
//! is told beside the field, in Indonesian, when something is wrong.

mod common;

use fantoccini::Locator;
use konsultasi::api::RequestFilter;
use konsultasi_e2e::{Desk, Profile, Result, testid};

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

    common::fill_video_request(&desk, "2026-12-08", "0812-3456-7890").await?;
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
    common::fill_video_request(&desk, "2026-12-08", "021-555-1234").await?;
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
