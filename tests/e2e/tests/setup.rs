//! The first start in the real window: a fresh database, the first profile (Enter on its role
//! submits), the setup wizard step by step, and a confirmation letter that is refused while the
//! signatory is the seeded placeholder and made, with the first number, once it is filled in.

mod common;

use std::process::Command;

use fantoccini::Locator;
use konsultasi::api::ScheduleInput;
use konsultasi::service::{self, scheduling, workflow};
use konsultasi::time::system_now;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};
use serde_json::{Value, json};

const SIGNATORY: &str = "Dr. Adriyanto, S.E., M.A.";

/// A booked tatap muka of Kabupaten Mukomuko, made through the core by the profile the window
/// created (another process may open the database while the window runs).
async fn booked_request(profile: &Profile) -> Result<i64> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let actor = workflow::actor(&store, TEST_USER).await?;
    let id = service::create_request(&store, &actor, &common::mukomuko_in_person(), system_now())
        .await?
        .id;
    workflow::verify_request(&store, &actor, id, system_now()).await?;
    let slot = scheduling::suggest_slots(&store, id, &Default::default(), system_now())
        .await?
        .suggestions
        .into_iter()
        .find(|s| s.room_code.is_some())
        .ok_or("no free slot")?;
    scheduling::schedule_request(
        &store,
        &actor,
        id,
        &ScheduleInput {
            date: slot.date,
            time: slot.time,
            room_code: slot.room_code,
            ..ScheduleInput::default()
        },
        system_now(),
    )
    .await?;
    store.close().await;
    Ok(id)
}

/// The window's own `save_export` command, as the letter button calls it once the save dialog
/// returned `path`.
async fn save_letter(desk: &Desk, id: i64, path: &std::path::Path) -> Result<Value> {
    Ok(desk
        .client
        .execute_async(
            "const [request, path, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('save_export', { request, path })
               .then((saved) => done({ saved }), (error) => done({ error }));",
            vec![
                json!({ "kind": "letter", "request_id": id, "letter": "confirmation" }),
                json!(path.display().to_string()),
            ],
        )
        .await?)
}

/// Whether any element of the page is wider than its box or the page scrolls sideways.
async fn overflowing(desk: &Desk) -> Result<Vec<String>> {
    let found = desk
        .client
        .execute(
            "const bad = [];
             if (document.documentElement.scrollWidth > document.documentElement.clientWidth)
               bad.push('page');
             for (const el of document.querySelectorAll('[data-testid=setup-view] *, .banner')) {
               if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible'
                   && el.clientWidth > 0)
                 bad.push(el.tagName + '.' + el.className + ' ' + (el.dataset.testid || ''));
             }
             return bad;",
            vec![],
        )
        .await?;
    Ok(serde_json::from_value(found)?)
}

/// Opens request `id` and waits for its rule check, which fills a panel above the exports (a
/// click before it would land on whatever moved under the pointer).
async fn open_settled(desk: &Desk, id: i64) -> Result<()> {
    desk.open_request(id).await?;
    desk.wait(&format!(
        "{}[aria-busy=\"false\"] .list, {}",
        testid("findings-panel"),
        testid("findings-clear")
    ))
    .await?;
    Ok(())
}

async fn step(desk: &Desk, name: &str, shot: &str) -> Result<()> {
    desk.by_testid(&format!("setup-step-{name}")).await?;
    let bad = overflowing(desk).await?;
    assert!(bad.is_empty(), "{shot}: overflowing {bad:?}");
    desk.screenshot(shot).await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn the_first_start_walks_the_settings_and_then_letters_are_signed() -> Result<()> {
    let profile = Profile::new();
    let desk = Desk::start(&profile).await?;

    // The first profile; Enter on its role submits the form.
    desk.type_into("profile-name", TEST_USER).await?;
    let role = desk.by_testid("profile-role").await?;
    assert_eq!(role.prop("value").await?.as_deref(), Some("team_leader"));
    desk.screenshot("40-setup-first-profile").await?;
    role.send_keys("\u{E007}").await?;

    // Straight into the wizard, at its first step.
    desk.by_testid("setup-view").await?;
    step(&desk, "letterhead", "41-setup-letterhead").await?;
    let letterhead = desk
        .by_testid("setup-letterhead")
        .await?
        .prop("value")
        .await?
        .unwrap_or_default();
    assert!(letterhead.contains("KEMENTERIAN KEUANGAN"), "{letterhead}");
    desk.click("setup-next").await?;

    // The signatory: the placeholder is refused beside its field.
    step(&desk, "signatory", "42-setup-signatory").await?;
    desk.click("setup-next").await?;
    let error = desk
        .wait(&format!(
            "{}[data-field=\"signatory_name\"]",
            testid("field-error")
        ))
        .await?
        .prop("textContent")
        .await?
        .unwrap_or_default();
    assert!(error.contains("Nama penandatangan masih contoh"), "{error}");
    desk.screenshot("43-setup-signatory-placeholder").await?;

    // Meanwhile a letter is refused, pointing to Settings, and uses up no number.
    let id = booked_request(&profile).await?;
    let refused_path = profile.dir.path().join("ditolak.pdf");
    let refused = save_letter(&desk, id, &refused_path).await?;
    assert_eq!(refused["error"]["code"], "policy", "{refused}");
    assert_eq!(
        refused["error"]["message"],
        "Surat belum dapat dibuat: nama penandatangan masih contoh. Isi di Pengaturan → Surat & undangan."
    );
    assert!(!refused_path.exists());

    // Left for now: the list says what is missing, the letter panel says why and links to
    // Settings, and the banner brings the wizard back at the step still open.
    desk.click("setup-skip").await?;
    desk.by_testid("request-list").await?;
    let banner = desk.text_of("setup-banner").await?;
    assert!(
        banner.contains("Pengaturan surat belum lengkap")
            && banner.contains("nama penandatangan masih contoh"),
        "{banner}"
    );
    desk.screenshot("49-setup-banner").await?;
    open_settled(&desk, id).await?;
    let note = desk.text_of("export-setup-note").await?;
    assert!(note.contains("nama penandatangan masih contoh"), "{note}");
    desk.screenshot("50-setup-letter-refused").await?;
    desk.click("export-open-settings").await?;
    desk.by_testid("export-settings").await?;
    let error = desk.text_of("setting-signatory-name-error").await?;
    assert!(error.contains("Nama penandatangan masih contoh"), "{error}");
    desk.screenshot("51-setup-settings-letters").await?;
    desk.wait("button.back").await?.click().await?;
    desk.click("setup-banner-open").await?;
    step(&desk, "signatory", "52-setup-resumed").await?;

    desk.type_into("setup-signatory-name", SIGNATORY).await?;
    desk.click("setup-next").await?;
    step(&desk, "organizer", "44-setup-organizer").await?;
    let email = desk
        .by_testid("setup-organizer-email")
        .await?
        .prop("value")
        .await?;
    assert_eq!(email.as_deref(), Some("callcenter.djpk@kemenkeu.go.id"));
    desk.click("setup-next").await?;

    step(&desk, "rooms", "45-setup-rooms").await?;
    let rk1 = desk.by_testid("setup-room-RK-1").await?;
    assert_eq!(rk1.prop("checked").await?.as_deref(), Some("true"));
    desk.click("setup-next").await?;

    step(&desk, "done", "46-setup-done").await?;
    desk.by_testid("setup-complete").await?;
    desk.click("setup-finish").await?;
    desk.by_testid("request-list").await?;
    assert!(
        desk.client
            .find(Locator::Css(&testid("setup-banner")))
            .await
            .is_err(),
        "the banner is gone once nothing is missing"
    );
    desk.screenshot("47-setup-list-after").await?;

    // The letter panel says nothing is missing, and the letter is made and signed.
    open_settled(&desk, id).await?;
    desk.by_testid("export-panel").await?;
    desk.screenshot("48-setup-export-panel").await?;
    assert!(
        desk.client
            .find(Locator::Css(&testid("export-setup-note")))
            .await
            .is_err()
    );
    let path = profile.dir.path().join("konfirmasi.pdf");
    let saved = save_letter(&desk, id, &path).await?;
    assert!(saved.get("error").is_none(), "refused: {saved}");
    desk.quit().await?;

    let text = Command::new("pdftotext")
        .args(["-layout"])
        .arg(&path)
        .arg("-")
        .output()
        .map_err(|e| format!("pdftotext must be installed (Debian package poppler-utils): {e}"))?;
    assert!(text.status.success());
    let text = String::from_utf8(text.stdout)?;
    assert!(text.contains(SIGNATORY), "{text}");
    assert!(!text.contains("Nama Penandatangan"), "{text}");
    assert!(
        text.contains("S-1/PK.1/"),
        "the refusal used no number: {text}"
    );
    Ok(())
}
