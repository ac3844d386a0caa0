//! Exports from the real window: the WhatsApp text on screen, and an invite written by the
//! window's own `save_export` command and read back by libical and Python icalendar.

use std::process::Command;

use konsultasi::api::{
    ContactInput, LetterInput, PreferredSlotInput, RequestInput, RequesterInput, ScheduleInput,
    UserInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::service::{self, scheduling, settings, workflow};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};
use serde_json::json;

/// A tatap muka of Kota Bogor, verified and booked in RK-1 sixty days ahead.
async fn seed(profile: &Profile) -> Result<(i64, String)> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    workflow::create_user(
        &store,
        None,
        &UserInput {
            name: TEST_USER.into(),
            role: Some(Role::TeamLeader),
        },
        system_now(),
    )
    .await?;
    let actor = workflow::actor(&store, TEST_USER).await?;
    // The signatory filled in, as the first start's wizard does: no wizard in the way.
    let mut letters = konsultasi::service::export::export_settings(&store).await?;
    letters.signatory_name = "Dra. Sri Wahyuningsih, M.Si.".into();
    konsultasi::service::export::save_export_settings(&store, &actor, &letters, system_now())
        .await?;
    let input = RequestInput {
        channel: Some(Channel::InPerson),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some("32.71".into()),
            name: None,
        },
        contact: ContactInput {
            name: "Dewi Kartika, S.E.".into(),
            whatsapp: "081298765432".into(),
            email: None,
        },
        topics: vec!["DBH".into()],
        description: "Konsultasi DBH.".into(),
        preferred_slots: vec![PreferredSlotInput {
            date: "2027-03-02".into(),
            time: "10:00".into(),
        }],
        planned_guest_count: 2,
        guests: vec![],
        letter: Some(LetterInput {
            number: "900/88/BPKAD/2026".into(),
            date: "2026-11-20".into(),
            subject: "Permohonan konsultasi DBH".into(),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
            signer: "Sekretaris Daerah Kota Bogor".into(),
            scan: None,
        }),
        received_on: None,
    };
    let id = service::create_request(&store, &actor, &input, system_now())
        .await?
        .id;
    workflow::verify_request(&store, &actor, id, system_now()).await?;
    let suggestion = scheduling::suggest_slots(&store, id, &Default::default(), system_now())
        .await?
        .suggestions
        .into_iter()
        .find(|s| s.room_code.is_some())
        .ok_or("no free slot")?;
    let booked = scheduling::schedule_request(
        &store,
        &actor,
        id,
        &ScheduleInput {
            date: suggestion.date.clone(),
            time: suggestion.time.clone(),
            room_code: suggestion.room_code.clone(),
            ..ScheduleInput::default()
        },
        system_now(),
    )
    .await?;
    store.close().await;
    Ok((id, booked.booking.ok_or("booked")?.ical_uid))
}

#[tokio::test(flavor = "multi_thread")]
async fn the_window_copies_the_whatsapp_text_and_saves_an_invite_that_parsers_accept() -> Result<()>
{
    let profile = Profile::new();
    let (id, uid) = seed(&profile).await?;
    let desk = Desk::launch(&profile).await?;
    desk.open_request(id).await?;
    // The rule check fills its panel above the exports a moment after the form opens: click
    // once it has, or the click lands on the button that moved under the pointer.
    desk.wait(&format!(
        "{}[aria-busy=\"false\"] .list, {}",
        testid("findings-panel"),
        testid("findings-clear")
    ))
    .await?;

    desk.click("export-whatsapp").await?;
    let text = desk.by_testid("whatsapp-text").await?;
    let message = text.prop("value").await?.unwrap_or_default();
    assert!(
        message.contains("Yth. Bapak/Ibu Dewi Kartika, S.E.,"),
        "{message}"
    );
    assert!(message.contains("Kota Bogor"), "{message}");
    assert!(message.contains("WIB"), "{message}");
    desk.screenshot("30-export-panel").await?;

    // The native save dialog is outside the page; the path it would return goes to the same
    // command the button calls.
    let target = profile.dir.path().join("undangan-dari-jendela");
    let saved = desk
        .client
        .execute_async(
            "const [request, path, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('save_export', { request, path })
               .then((saved) => done({ saved }), (error) => done({ error }));",
            vec![
                json!({ "kind": "invite", "request_id": id, "cancel": false }),
                json!(target.display().to_string()),
            ],
        )
        .await?;
    assert!(saved.get("error").is_none(), "save_export refused: {saved}");
    let written = target.with_extension("ics");
    assert_eq!(
        saved["saved"]["path"],
        json!(written.display().to_string()),
        "the extension is added"
    );

    // A path outside any folder is refused with an Indonesian reason, and writes nothing.
    let refused = desk
        .client
        .execute_async(
            "const [request, done] = arguments;
             window.__TAURI_INTERNALS__.invoke('save_export', { request, path: 'relatif.ics' })
               .then((saved) => done({ saved }), (error) => done({ error }));",
            vec![json!({ "kind": "invite", "request_id": id, "cancel": false })],
        )
        .await?;
    assert_eq!(refused["error"]["code"], "validation", "{refused}");
    desk.quit().await?;

    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools/read_ics.py");
    let output = Command::new("/usr/bin/python3")
        .arg(script)
        .arg(&written)
        .output()?;
    assert!(
        output.status.success(),
        "ICS parsers (python3-gi, gir1.2-ical-3.0, python3-icalendar): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let reading: serde_json::Value = serde_json::from_slice(&output.stdout)?;
    for parser in ["libical", "icalendar"] {
        assert_eq!(reading[parser]["errors"], json!([]), "{parser}: {reading}");
        assert_eq!(reading[parser]["method"], "REQUEST");
        assert_eq!(reading[parser]["events"][0]["uid"], json!(uid));
    }
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn letter_settings_and_resource_persons_are_kept_from_the_settings_screen() -> Result<()> {
    let profile = Profile::new();
    {
        let store = konsultasi::Store::open(&profile.db()).await?;
        workflow::create_user(
            &store,
            None,
            &UserInput {
                name: TEST_USER.into(),
                role: Some(Role::TeamLeader),
            },
            system_now(),
        )
        .await?;
        store.close().await;
    }
    let desk = Desk::launch(&profile).await?;
    desk.click("open-settings").await?;
    desk.click("settings-tab-letters").await?;
    desk.type_into("setting-number-pattern", "S/PK.1/{year}")
        .await?;
    desk.click("save-export-settings").await?;
    let refusal = desk.text_of("number-pattern-error").await?;
    assert!(refusal.contains("{seq}"), "{refusal}");
    desk.type_into(
        "setting-number-pattern",
        "S-{seq}/PK.1/{roman_month}/{year}",
    )
    .await?;
    desk.type_into("setting-signatory-name", "Dra. Sri Wahyuningsih, M.Si.")
        .await?;
    desk.click("save-export-settings").await?;
    desk.by_testid("export-settings-saved").await?;
    desk.screenshot("31-settings-letters").await?;

    desk.click("settings-tab-rooms").await?;
    desk.select("person-unit", "DTU").await?;
    desk.type_into("person-name", "Andi Wijaya").await?;
    desk.click("add-person").await?;
    desk.eventually("the new resource person in the table", || async {
        Ok(desk.text_of("persons-table").await?.contains("Andi Wijaya"))
    })
    .await?;
    desk.screenshot("32-settings-resource-persons").await?;
    desk.quit().await?;

    let store = konsultasi::Store::open(&profile.db()).await?;
    let settings = konsultasi::service::export::export_settings(&store).await?;
    assert_eq!(settings.number_pattern, "S-{seq}/PK.1/{roman_month}/{year}");
    assert_eq!(settings.signatory_name, "Dra. Sri Wahyuningsih, M.Si.");
    let persons = settings::resource_persons(&store).await?;
    assert_eq!(persons.len(), 1);
    assert_eq!(persons[0].unit_code, "DTU");
    store.close().await;
    Ok(())
}
