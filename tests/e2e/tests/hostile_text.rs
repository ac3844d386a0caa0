//! Hostile text in every free-text field, shown by every screen of the real window: no script
//! runs, no element is built from the text, and the text shows literally.
//!
//! The data goes in through the core's services (as the window or the CLI would put it there),
//! so each field holds exactly what a person could have typed: markup, an attribute break-out,
//! a `javascript:` URL, Svelte's own `{@html}` syntax and a right-to-left override.

mod common;

use chrono::{Datelike, Duration, NaiveDate, NaiveTime};
use konsultasi::api::{
    CheckInInput, ConfirmInput, ContactInput, ExportSettings, GuestInput, HolidayInput,
    LetterInput, PolicyInput, PreferredSlotInput, RequestInput, RequesterInput,
    ResourcePersonInput, RoomInput, ScheduleInput, SessionOverrideInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::policy::{PolicySettings, SessionWindowSettings};
use konsultasi::service::workflow::{self, Actor, ConfirmationChannel};
use konsultasi::service::{self, checkin, export, scheduling, settings};
use konsultasi::time::{OFFICE_TZ, office_local_to_utc, system_now};
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, WAIT, testid};
use serde_json::Value;

const IMG: &str = r#"<img src=x onerror="window.__xss=1">"#;
const SCRIPT: &str = "<script>window.__xss=1</script>";
const SVG: &str = r#""><svg onload=window.__xss=1>"#;
const JS_URL: &str = "javascript:window.__xss=1";
const SVELTE: &str = "{@html x}";
/// A name with a right-to-left override, as a spoofed file name would carry it.
/// The core refuses direction-control characters; a right-to-left name is what remains to
/// be shown isolated.
const RLO_NAME: &str = "Dewi \u{0639}\u{0628}\u{062F}\u{0627}\u{0644}\u{0644}\u{0647} (2).pdf";

/// Text in a field: a label people can read, then the payload.
fn hostile(label: &str, payload: &str) -> String {
    format!("{label} {payload}")
}

/// What was seeded, and the text each screen must show literally.
struct Seeded {
    /// Non-Pemda, tatap muka today, confirmed, checked in with an extra guest, completed.
    held: i64,
    /// Kabupaten Mukomuko, tatap muka today, scheduled, not yet arrived.
    expected: i64,
    /// Non-Pemda, video conference today with a hostile meeting link.
    online: i64,
    cancelled: i64,
    rejected: i64,
    /// Non-Pemda, submitted only.
    submitted: i64,
    agent: String,
    held_requester: String,
    held_contact: String,
    held_description: String,
    held_guests: Vec<GuestInput>,
    held_letter: LetterInput,
    extra_guest: GuestInput,
    check_in_note: String,
    confirmed_by: String,
    expected_contact: String,
    expected_guest: GuestInput,
    online_requester: String,
    meeting_url: String,
    submitted_requester: String,
    cancel_reason: String,
    reject_reason: String,
    room_name: String,
    person_name: String,
    person_position: String,
    holiday_name: String,
    override_label: String,
    policy_note: String,
    letterhead: Vec<String>,
    place: String,
    signatory_name: String,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn in_person(requester: RequesterInput, contact: &str, slot: (NaiveDate, &str)) -> RequestInput {
    RequestInput {
        channel: Some(Channel::InPerson),
        requester,
        contact: ContactInput {
            name: contact.into(),
            whatsapp: "081234567890".into(),
            email: None,
        },
        topics: vec!["DAU".into()],
        description: "Konsultasi penyaluran DAU.".into(),
        preferred_slots: vec![PreferredSlotInput {
            date: day(slot.0),
            time: slot.1.into(),
        }],
        planned_guest_count: 2,
        guests: vec![],
        letter: common::mukomuko_in_person().letter,
        received_on: None,
    }
}

fn other(kind: RequesterKind, name: &str) -> RequesterInput {
    RequesterInput {
        kind: Some(kind),
        region_code: None,
        name: Some(name.into()),
    }
}

async fn book(
    store: &konsultasi::Store,
    actor: &Actor,
    id: i64,
    input: ScheduleInput,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    workflow::verify_request(store, actor, id, at).await?;
    scheduling::schedule_request(store, actor, id, &input, at).await?;
    Ok(())
}

/// Seeds the desk: hostile reference data (room, resource person, holiday, special hours,
/// policy note, letter settings, a user profile) and six requests in every state the screens
/// show, all booked today whatever day the test runs (the policy opens every day).
async fn seed(profile: &Profile) -> Result<Seeded> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let secretary = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let agent_name = hostile("Agen", IMG);
    let agent = common::user(&store, &agent_name, Role::Agent).await?;
    let now = system_now();
    let today = now.with_timezone(&OFFICE_TZ).date_naive();
    let yesterday = today - Duration::days(1);
    let booked_at =
        office_local_to_utc(yesterday, NaiveTime::from_hms_opt(12, 0, 0).ok_or("time")?);

    let policy_note = hostile("Catatan kebijakan", SVG);
    let every_day = vec![
        vec![SessionWindowSettings {
            start: "08:00".into(),
            end: "16:00".into(),
        }];
        7
    ];
    settings::set_policy(
        &store,
        &secretary,
        &PolicyInput {
            effective_from: day(yesterday),
            settings: PolicySettings {
                guest_cap_in_person: 2,
                lead_days_in_person: 0,
                lead_days_video: 0,
                weekly_windows: every_day.clone(),
                ..PolicySettings::default()
            },
            note: Some(policy_note.clone()),
        },
        now,
    )
    .await?;
    for holiday in settings::list_holidays(&store, Some(today.year())).await? {
        if holiday.date == day(today) {
            settings::delete_holiday(&store, &secretary, holiday.id, now).await?;
        }
    }
    // In this year, so the holiday tab (which opens on this year) lists it; not today.
    let holiday_day = if (today + Duration::days(2)).year() == today.year() {
        today + Duration::days(2)
    } else {
        today - Duration::days(2)
    };
    let holiday_name = format!("Libur {SVELTE} {SCRIPT}");
    settings::add_holiday(
        &store,
        &secretary,
        &HolidayInput {
            date: day(holiday_day),
            name: holiday_name.clone(),
            kind: None,
        },
        now,
    )
    .await?;
    let override_label = hostile("Jam khusus", JS_URL);
    settings::add_session_override(
        &store,
        &secretary,
        &SessionOverrideInput {
            label: override_label.clone(),
            from: day(today + Duration::days(30)),
            to: day(today + Duration::days(31)),
            weekly_windows: every_day,
        },
        now,
    )
    .await?;

    let room_name = hostile("Ruang", SVG);
    settings::save_room(
        &store,
        &secretary,
        &RoomInput {
            code: "RK-9".into(),
            name: room_name.clone(),
            capacity: 20,
            active: true,
        },
        now,
    )
    .await?;
    let unit = service::list_topics(&store)
        .into_iter()
        .find(|t| t.code == "DAU")
        .ok_or("topic DAU")?
        .unit_code;
    let person_name = hostile("Narasumber", SCRIPT);
    let person_position = hostile("Jabatan", IMG);
    let persons = settings::save_resource_person(
        &store,
        &secretary,
        &ResourcePersonInput {
            id: None,
            unit_code: unit.clone(),
            name: person_name.clone(),
            position: Some(person_position.clone()),
            email: None,
            active: true,
        },
        now,
    )
    .await?;
    let person = persons
        .iter()
        .find(|p| p.name == person_name)
        .ok_or("resource person saved")?
        .id;

    let mut letters: ExportSettings = export::export_settings(&store).await?;
    let letterhead = vec![hostile("Kop", IMG), hostile("Kop", SVELTE)];
    let place = hostile("Jakarta", SCRIPT);
    let signatory_name = hostile("Penanda tangan", SVG);
    letters.letterhead = letterhead.clone();
    letters.place = place.clone();
    letters.signatory_name = signatory_name.clone();
    letters.signatory_position = hostile("Direktur", JS_URL);
    export::save_export_settings(&store, &secretary, &letters, now).await?;

    // 1. Held: a non-Pemda delegation today at 08.00 in the hostile room.
    let held_requester = format!("Yayasan {IMG} {RLO_NAME}");
    let held_contact = hostile("Kontak", SCRIPT);
    let held_description = format!("Uraian {SVG}\n{SVELTE}\n{JS_URL}");
    let held_guests = vec![
        GuestInput {
            name: hostile("Tamu", SVG),
            position: hostile("Jabatan", SVELTE),
            institution: hostile("Instansi", JS_URL),
            contact: Some(hostile("Kontak tamu", IMG)),
            is_regional_head: false,
        },
        GuestInput {
            name: RLO_NAME.into(),
            position: hostile("Staf", IMG),
            institution: hostile("Instansi", SCRIPT),
            contact: None,
            is_regional_head: false,
        },
    ];
    let held_letter = LetterInput {
        number: hostile("900", SVG),
        date: day(yesterday),
        subject: hostile("Perihal", IMG),
        addressee: hostile("Direktur Jenderal Perimbangan Keuangan", SVELTE),
        signer: hostile("Penanda", JS_URL),
        scan: None,
    };
    let input = RequestInput {
        description: held_description.clone(),
        guests: held_guests.clone(),
        letter: Some(held_letter.clone()),
        received_on: Some(day(yesterday)),
        ..in_person(
            other(RequesterKind::MinistryAgency, &held_requester),
            &held_contact,
            (today, "08:00"),
        )
    };
    let held = service::create_request(&store, &agent, &input, booked_at)
        .await?
        .id;
    let room_booking = |time: &str, persons: Vec<i64>| ScheduleInput {
        date: day(today),
        time: time.into(),
        room_code: Some("RK-9".into()),
        resource_person_ids: Some(persons),
        ..ScheduleInput::default()
    };
    book(
        &store,
        &secretary,
        held,
        room_booking("08:00", vec![person]),
        booked_at,
    )
    .await?;
    let confirmed_by = hostile("Konfirmasi", SVG);
    workflow::confirm_request(
        &store,
        &secretary,
        held,
        &ConfirmInput {
            date: day(yesterday),
            time: "13:00".into(),
            confirmed_by: confirmed_by.clone(),
            via: Some(ConfirmationChannel::Whatsapp),
        },
        booked_at + Duration::hours(2),
    )
    .await?;
    let extra_guest = GuestInput {
        name: hostile("Ekstra", IMG),
        position: hostile("Posisi", SCRIPT),
        institution: hostile("Lembaga", SVELTE),
        contact: None,
        is_regional_head: false,
    };
    let check_in_note = format!("Catatan {SVG} {JS_URL}");
    checkin::check_in(
        &store,
        &secretary,
        held,
        &CheckInInput {
            present: vec![0, 1],
            extra_guests: vec![extra_guest.clone()],
            arrived_time: None,
            note: Some(check_in_note.clone()),
        },
        now,
    )
    .await?;
    checkin::complete(&store, &secretary, held, now).await?;

    // 2. Expected: Kabupaten Mukomuko today at 10.00, guests still to arrive.
    let expected_contact = RLO_NAME.to_owned();
    let expected_guest = GuestInput {
        name: hostile("Bupati", SCRIPT),
        position: hostile("Kepala", SVG),
        institution: hostile("BPKAD", IMG),
        contact: None,
        is_regional_head: false,
    };
    let input = RequestInput {
        guests: vec![expected_guest.clone()],
        received_on: Some(day(yesterday)),
        ..in_person(
            RequesterInput {
                kind: Some(RequesterKind::RegionalGovernment),
                region_code: Some("17.06".into()),
                name: None,
            },
            &expected_contact,
            (today, "10:00"),
        )
    };
    let expected = service::create_request(&store, &agent, &input, booked_at)
        .await?
        .id;
    book(
        &store,
        &secretary,
        expected,
        room_booking("10:00", vec![]),
        booked_at,
    )
    .await?;

    // 3. Online: a video conference today at 13.00 whose link breaks out of an attribute.
    let online_requester = hostile("Universitas", SVG);
    let meeting_url = "https://teams.example/\"><svg/onload=window.__xss=1>".to_owned();
    let input = RequestInput {
        channel: Some(Channel::VideoConference),
        received_on: Some(day(yesterday)),
        ..in_person(
            other(RequesterKind::Academic, &online_requester),
            &hostile("Kontak", SVELTE),
            (today, "13:00"),
        )
    };
    let online = service::create_request(&store, &agent, &input, booked_at)
        .await?
        .id;
    book(
        &store,
        &secretary,
        online,
        ScheduleInput {
            date: day(today),
            time: "13:00".into(),
            meeting_url: Some(meeting_url.clone()),
            ..ScheduleInput::default()
        },
        booked_at,
    )
    .await?;

    // 4–6. Cancelled and rejected with hostile reasons; one left to verify.
    let later = (today + Duration::days(3), "09:00");
    let cancelled = service::create_request(
        &store,
        &agent,
        &in_person(
            other(RequesterKind::Other, "Komunitas Batal"),
            "Andi",
            later,
        ),
        booked_at,
    )
    .await?
    .id;
    let cancel_reason = hostile("Batal", IMG);
    workflow::cancel_request(&store, &secretary, cancelled, &cancel_reason, now).await?;
    let rejected = service::create_request(
        &store,
        &agent,
        &in_person(
            other(RequesterKind::Other, "Komunitas Tolak"),
            "Budi",
            later,
        ),
        booked_at,
    )
    .await?
    .id;
    let reject_reason = format!("Tolak {SCRIPT} {SVELTE}");
    workflow::reject_request(&store, &secretary, rejected, &reject_reason, now).await?;
    let submitted_requester = format!("Asosiasi {SVELTE} {JS_URL}");
    let submitted = service::create_request(
        &store,
        &agent,
        &in_person(
            other(RequesterKind::Association, &submitted_requester),
            "Citra",
            later,
        ),
        booked_at,
    )
    .await?
    .id;
    store.close().await;

    Ok(Seeded {
        held,
        expected,
        online,
        cancelled,
        rejected,
        submitted,
        agent: agent_name,
        held_requester,
        held_contact,
        held_description,
        held_guests,
        held_letter,
        extra_guest,
        check_in_note,
        confirmed_by,
        expected_contact,
        expected_guest,
        online_requester,
        meeting_url,
        submitted_requester,
        cancel_reason,
        reject_reason,
        room_name,
        person_name,
        person_position,
        holiday_name,
        override_label,
        policy_note,
        letterhead,
        place,
        signatory_name,
    })
}

/// Looks at the whole page: whether a payload ran or built an element, and the text it shows
/// (text nodes, and the values of its fields).
const PROBE: &str = r#"
const hits = [];
if (typeof window.__xss !== "undefined") hits.push("window.__xss is " + String(window.__xss));
for (const el of document.querySelectorAll('img[src="x"], img[onerror]'))
  hits.push("injected img: " + el.outerHTML.slice(0, 200));
for (const el of document.querySelectorAll("svg[onload]"))
  hits.push("injected svg: " + el.outerHTML.slice(0, 200));
for (const el of document.querySelectorAll("script"))
  if (!el.src || el.textContent.includes("__xss"))
    hits.push("injected script: " + el.outerHTML.slice(0, 200));
for (const el of document.querySelectorAll("*")) {
  for (const attr of el.attributes) {
    if (attr.name.toLowerCase().startsWith("on"))
      hits.push("handler attribute " + attr.name + " on <" + el.tagName.toLowerCase() + ">");
    if (/^(href|src|action|formaction|xlink:href)$/i.test(attr.name) && /^\s*javascript:/i.test(attr.value))
      hits.push("javascript: URL in " + attr.name + " of <" + el.tagName.toLowerCase() + ">");
  }
}
const values = [...document.querySelectorAll("input, textarea, select")].map((el) => el.value);
return { hits, text: document.body.textContent, values };
"#;

struct Page {
    hits: Vec<String>,
    text: String,
    values: Vec<String>,
}

async fn probe(desk: &Desk) -> Result<Page> {
    let found = desk.client.execute(PROBE, vec![]).await?;
    let strings = |key: &str| -> Vec<String> {
        found[key]
            .as_array()
            .map(|items| {
                items
                    .iter()
                    .filter_map(Value::as_str)
                    .map(str::to_owned)
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Page {
        hits: strings("hits"),
        values: strings("values"),
        text: found["text"].as_str().unwrap_or_default().to_owned(),
    })
}

/// Waits until the screen shows every text of `literal` (as text, or as a field's value),
/// failing at once if anything was injected; then saves the screenshot and looks once more.
async fn check_screen(desk: &Desk, shot: &str, literal: &[&str]) -> Result<()> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let page = probe(desk).await?;
        assert!(
            page.hits.is_empty(),
            "{shot}: the page ran or built hostile text: {:#?}",
            page.hits
        );
        let missing: Vec<&&str> = literal
            .iter()
            .filter(|text| {
                !page.text.contains(**text) && !page.values.iter().any(|v| v.contains(**text))
            })
            .collect();
        if missing.is_empty() {
            break;
        }
        if std::time::Instant::now() > deadline {
            let path = desk.screenshot(&format!("{shot}-missing")).await?;
            return Err(format!(
                "{shot}: text not shown literally: {missing:?} (window saved as {})",
                path.display()
            )
            .into());
        }
        tokio::time::sleep(std::time::Duration::from_millis(200)).await;
    }
    desk.screenshot(shot).await?;
    let page = probe(desk).await?;
    assert!(
        page.hits.is_empty(),
        "{shot}: the page ran or built hostile text: {:#?}",
        page.hits
    );
    Ok(())
}

/// The ids of the list's rows, read in one go: rows re-rendered while the list reloads would
/// make element handles stale.
async fn shown_ids(desk: &Desk) -> Result<Vec<i64>> {
    let ids = desk
        .client
        .execute(
            "return [...document.querySelectorAll('[data-testid=\"request-row\"]')]
                .map((row) => Number(row.dataset.id));",
            vec![],
        )
        .await?;
    Ok(ids
        .as_array()
        .map(|ids| ids.iter().filter_map(Value::as_i64).collect())
        .unwrap_or_default())
}

async fn back_to_list(desk: &Desk) -> Result<()> {
    desk.click("cancel-form").await?;
    desk.by_testid("request-list").await?;
    Ok(())
}

#[tokio::test(flavor = "multi_thread")]
async fn hostile_text_shows_literally_and_runs_nowhere() -> Result<()> {
    let profile = Profile::new();
    let s = seed(&profile).await?;
    let desk = Desk::start(&profile).await?;

    // The probe sees an injection: an element and a variable planted by hand are found.
    desk.client
        .execute(
            "const img = document.createElement('img'); img.setAttribute('src', 'x');
             img.id = 'planted'; document.body.append(img); window.__xss = 1;",
            vec![],
        )
        .await?;
    let planted = probe(&desk).await?.hits;
    assert_eq!(
        planted.len(),
        2,
        "the probe finds what was planted: {planted:?}"
    );
    desk.client
        .execute(
            "document.getElementById('planted').remove(); delete window.__xss;",
            vec![],
        )
        .await?;

    // The profile chooser lists the hostile profile name.
    check_screen(&desk, "70-hostile-profiles", &[&s.agent]).await?;
    desk.sign_in(TEST_USER, "team_leader").await?;
    desk.by_testid("request-list").await?;

    // The list, then filtered by hostile text typed into its search field.
    check_screen(
        &desk,
        "71-hostile-list",
        &[
            &s.held_requester,
            &s.online_requester,
            &s.submitted_requester,
        ],
    )
    .await?;
    desk.type_into("filter-text", &s.held_contact).await?;
    desk.eventually("the list filtered by hostile text", || async {
        Ok(shown_ids(&desk).await? == vec![s.held])
    })
    .await?;
    check_screen(
        &desk,
        "72-hostile-list-filtered",
        &[&s.held_contact, &s.held_requester],
    )
    .await?;
    // As a person's deleting does: WebDriver's own clear fires no input event.
    desk.set_value("filter-text", "").await?;
    desk.eventually("the whole list again", || async {
        Ok(shown_ids(&desk).await?.len() >= 5)
    })
    .await?;

    // The held request's form: every field of it, its booking and its history.
    desk.open_request(s.held).await?;
    let mut form: Vec<&str> = vec![
        &s.held_requester,
        &s.held_contact,
        &s.held_description,
        &s.held_letter.number,
        &s.held_letter.subject,
        &s.held_letter.addressee,
        &s.held_letter.signer,
        &s.agent,
        &s.check_in_note,
        &s.confirmed_by,
        &s.person_name,
    ];
    for guest in &s.held_guests {
        form.extend([
            guest.name.as_str(),
            guest.position.as_str(),
            guest.institution.as_str(),
        ]);
        if let Some(contact) = &guest.contact {
            form.push(contact);
        }
    }
    check_screen(&desk, "73-hostile-form", &form).await?;
    back_to_list(&desk).await?;

    desk.open_request(s.online).await?;
    check_screen(
        &desk,
        "74-hostile-form-online",
        &[&s.online_requester, &s.meeting_url],
    )
    .await?;
    back_to_list(&desk).await?;
    desk.open_request(s.cancelled).await?;
    check_screen(&desk, "75-hostile-history-cancelled", &[&s.cancel_reason]).await?;
    back_to_list(&desk).await?;
    desk.open_request(s.rejected).await?;
    check_screen(&desk, "76-hostile-history-rejected", &[&s.reject_reason]).await?;
    back_to_list(&desk).await?;

    // The dashboard: today's bookings and the queues.
    desk.click("open-dashboard").await?;
    desk.by_testid("dashboard").await?;
    desk.wait(&format!(
        "{} {}[data-id=\"{}\"]",
        testid("dashboard-verification"),
        testid("dashboard-request"),
        s.submitted
    ))
    .await?;
    check_screen(
        &desk,
        "77-hostile-dashboard",
        &[
            &s.held_requester,
            &s.online_requester,
            &s.submitted_requester,
        ],
    )
    .await?;

    // The calendar's week, with today's bookings.
    desk.click("open-calendar").await?;
    desk.by_testid("calendar").await?;
    for id in [s.held, s.expected, s.online] {
        desk.wait(&format!(
            "{}[data-event-id=\"{id}\"]",
            testid("calendar-event")
        ))
        .await?;
    }
    check_screen(
        &desk,
        "78-hostile-calendar",
        &[&s.held_requester, &s.online_requester],
    )
    .await?;

    // Settings, tab by tab.
    desk.click("open-settings").await?;
    desk.by_testid("settings").await?;
    let tabs: [(&str, Vec<&str>); 5] = [
        ("policy", vec![&s.policy_note]),
        ("holidays", vec![&s.holiday_name]),
        ("overrides", vec![&s.override_label]),
        (
            "rooms",
            vec![&s.room_name, &s.person_name, &s.person_position],
        ),
        (
            "letters",
            vec![
                &s.letterhead[0],
                &s.letterhead[1],
                &s.place,
                &s.signatory_name,
            ],
        ),
    ];
    for (tab, literal) in tabs {
        desk.click(&format!("settings-tab-{tab}")).await?;
        desk.by_testid(&format!("settings-panel-{tab}")).await?;
        check_screen(&desk, &format!("79-hostile-settings-{tab}"), &literal).await?;
    }

    // Today's arrivals: the checked-in delegation (with its extra guest and note) and the one
    // still expected.
    desk.click("nav-arrivals").await?;
    desk.by_testid(&format!("arrival-{}", s.held)).await?;
    desk.by_testid(&format!("arrival-{}", s.expected)).await?;
    let mut arrivals: Vec<&str> = vec![
        &s.held_requester,
        &s.held_contact,
        &s.check_in_note,
        &s.extra_guest.name,
        &s.extra_guest.position,
        &s.extra_guest.institution,
        &s.expected_contact,
        &s.expected_guest.name,
        &s.expected_guest.position,
        &s.expected_guest.institution,
    ];
    for guest in &s.held_guests {
        arrivals.extend([guest.name.as_str(), guest.position.as_str()]);
    }
    check_screen(&desk, "80-hostile-arrivals", &arrivals).await?;

    // Riwayat Pemda: hostile text typed into its search, then the Pemda's record.
    desk.click("nav-requesters").await?;
    desk.type_into("history-search", IMG).await?;
    check_screen(&desk, "81-hostile-pemda-search", &[IMG]).await?;
    desk.type_into("history-search", "Mukomuko").await?;
    desk.click("history-option-17.06").await?;
    desk.by_testid("history-region").await?;
    check_screen(&desk, "82-hostile-pemda-history", &[]).await?;

    // The month's report, with the held consultation; then a CSV whose requester is hostile.
    desk.click("nav-report").await?;
    let month = system_now()
        .with_timezone(&OFFICE_TZ)
        .format("%Y-%m")
        .to_string();
    desk.set_value("report-month", &month).await?;
    desk.click("report-load").await?;
    desk.by_testid("report-table-in_person").await?;
    check_screen(&desk, "83-hostile-report", &[&s.held_requester]).await?;
    let csv = profile.dir.path().join("riwayat-hostile.csv");
    let written_as = format!("Kab. Mukomuko {SCRIPT}");
    std::fs::write(
        &csv,
        format!(
            "saluran,tanggal,pengguna_layanan,topik\nVideo Conference,2 Maret 2023,{written_as},DAU\n"
        ),
    )?;
    desk.by_testid("report-import")
        .await?
        .send_keys(&csv.display().to_string())
        .await?;
    desk.wait(&format!(
        "{}, {}",
        testid("report-imported"),
        testid("report-import-problems")
    ))
    .await?;
    check_screen(&desk, "84-hostile-report-import", &[&written_as]).await?;

    desk.quit().await?;
    Ok(())
}
