//! A booked request shows its booked time in the list and on the dashboard, never its
//! preference as if it were booked.

mod common;

use fantoccini::Locator;
use konsultasi::api::{ScheduleInput, SlotSearch};
use konsultasi::service::{self, scheduling, workflow};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};

struct Seeded {
    booked: i64,
    /// The booking's label as the core writes it.
    booked_label: String,
    /// The preference's label, which must not be shown as the booking.
    preferred_label: String,
    unbooked: i64,
}

/// Kota Denpasar (WITA) asks for 1 March 2027 09.00 WIB and is booked on another day; a
/// second request is left unbooked.
async fn seed(profile: &Profile) -> Result<Seeded> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let secretary = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let mut input = common::mukomuko_in_person();
    input.requester.region_code = Some("51.71".into());
    let created = service::create_request(&store, &secretary, &input, system_now()).await?;
    let preferred_label = created.preferred_slots[0].label.clone();
    workflow::verify_request(&store, &secretary, created.id, system_now()).await?;
    let suggestions = scheduling::suggest_slots(
        &store,
        created.id,
        &SlotSearch {
            from: Some("2027-03-02".into()),
            count: Some(10),
            ..SlotSearch::default()
        },
        system_now(),
    )
    .await?;
    // Any free slot on another day than the preference.
    let slot = suggestions
        .suggestions
        .iter()
        .find(|s| s.date != "2027-03-01")
        .ok_or("no free slot after the preferred day")?;
    let scheduled = scheduling::schedule_request(
        &store,
        &secretary,
        created.id,
        &ScheduleInput {
            date: slot.date.clone(),
            time: slot.time.clone(),
            room_code: slot.room_code.clone(),
            ..ScheduleInput::default()
        },
        system_now(),
    )
    .await?;
    let booked_label = scheduled.booking.ok_or("not booked")?.label;
    let unbooked = service::create_request(
        &store,
        &secretary,
        &common::mukomuko_in_person(),
        system_now(),
    )
    .await?
    .id;
    store.close().await;
    Ok(Seeded {
        booked: created.id,
        booked_label,
        preferred_label,
        unbooked,
    })
}

/// `true` when the element's content fits its box (nothing clipped in either direction).
async fn fits(desk: &Desk, css: &str) -> Result<bool> {
    let element = desk.wait(css).await?;
    let fits = desk
        .client
        .execute(
            "const el = arguments[0];
             return el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1;",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    Ok(fits.as_bool().unwrap_or(false))
}

async fn no_horizontal_scroll(desk: &Desk) -> Result<bool> {
    let value = desk
        .client
        .execute(
            "const root = document.scrollingElement;
             return root.scrollWidth <= root.clientWidth;",
            vec![],
        )
        .await?;
    Ok(value.as_bool().unwrap_or(false))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_list_and_the_dashboard_show_the_booked_time_not_the_preference() -> Result<()> {
    let profile = Profile::new();
    let seeded = seed(&profile).await?;
    assert_ne!(seeded.booked_label, seeded.preferred_label);
    assert!(
        seeded.booked_label.contains("WITA"),
        "Denpasar's own time is part of the label: {}",
        seeded.booked_label
    );

    let desk = Desk::launch(&profile).await?;
    let row = |id: i64| format!("{}[data-id=\"{id}\"]", testid("request-row"));
    let slot_of = |id: i64| format!("{} {}", row(id), testid("row-slot"));
    desk.wait(&row(seeded.booked)).await?;

    // The list: the booked row shows the booking, untagged; the other its preference, tagged.
    let booked_row = desk.wait(&row(seeded.booked)).await?;
    let booked_slot = desk.wait(&slot_of(seeded.booked)).await?;
    assert_eq!(
        booked_slot.prop("textContent").await?.unwrap_or_default(),
        seeded.booked_label
    );
    let booked_text = booked_row.prop("textContent").await?.unwrap_or_default();
    assert!(
        !booked_text.contains(&seeded.preferred_label),
        "the preference is not shown as the booking: {booked_text}"
    );
    assert!(
        booked_row
            .find(Locator::Css(&testid("row-slot-preference")))
            .await
            .is_err(),
        "a booking carries no 'usulan' tag"
    );
    let unbooked_row = desk.wait(&row(seeded.unbooked)).await?;
    let tag = unbooked_row
        .find(Locator::Css(&testid("row-slot-preference")))
        .await?;
    assert_eq!(tag.prop("textContent").await?.as_deref(), Some("usulan"));
    assert!(
        fits(&desk, &slot_of(seeded.booked)).await?,
        "the whole booked label shows in its cell"
    );
    assert!(fits(&desk, &slot_of(seeded.unbooked)).await?);
    assert!(
        no_horizontal_scroll(&desk).await?,
        "the list page scrolls sideways"
    );
    desk.screenshot("booked-time-1-list").await?;

    // The dashboard: "Menunggu konfirmasi" shows the booking.
    desk.click("open-dashboard").await?;
    let card = format!(
        "{} {}[data-id=\"{}\"]",
        testid("dashboard-confirmation"),
        testid("dashboard-request"),
        seeded.booked
    );
    let entry = desk.wait(&card).await?;
    let booked = entry
        .find(Locator::Css(&testid("dashboard-booked")))
        .await?;
    assert_eq!(
        booked.prop("textContent").await?.unwrap_or_default(),
        seeded.booked_label
    );
    let entry_text = entry.prop("textContent").await?.unwrap_or_default();
    assert!(
        !entry_text.contains(&seeded.preferred_label),
        "the card shows no preference: {entry_text}"
    );
    assert!(
        no_horizontal_scroll(&desk).await?,
        "the dashboard scrolls sideways"
    );
    desk.screenshot("booked-time-2-dashboard").await?;

    // The request itself, opened from the card: its header names the booking.
    entry.click().await?;
    desk.by_testid("request-form").await?;
    let header = desk.text_of("form-booked").await?;
    assert_eq!(header, format!("Terjadwal {}", seeded.booked_label));
    desk.screenshot("booked-time-3-form").await?;
    desk.quit().await?;
    Ok(())
}
