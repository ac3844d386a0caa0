//! Every screen fits the desk's screens (1280×800 and 1366×768) with the longest text the
//! core accepts: a 200-character requester, ten guests with long names and positions, and
//! enough requests in every state that each screen has something to show. Asserted from the
//! DOM: the page never scrolls sideways, and no card, cell, badge, button or heading has
//! content spilling out of its box unless it is a deliberate ellipsis carrying the whole text
//! in a title, or a scroll container. A screenshot of each screen at each size is saved.

mod common;

use std::time::Duration;

use chrono::{Datelike, NaiveDate, NaiveTime};
use konsultasi::Store;
use konsultasi::api::{
    CheckInInput, ConfirmInput, GuestInput, PolicyInput, PreferredSlotInput, RequestInput,
    RequesterInput, RoomInput, ScheduleInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::policy::{PolicySettings, SessionWindowSettings};
use konsultasi::service::workflow::{self, Actor, ConfirmationChannel};
use konsultasi::service::{self, checkin, scheduling, settings};
use konsultasi::time::{OFFICE_TZ, office_local_to_utc, system_now};
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, artifacts_dir, testid};

/// The window sizes of the desk's PCs.
const SIZES: [(u32, u32); 2] = [(1280, 800), (1366, 768)];

/// The longest requester name the core accepts (200 characters), with long words that can
/// only wrap at spaces.
fn long_requester() -> String {
    let words = "Kementerian Koordinator Bidang Perekonomian Republik Indonesia Deputi Bidang \
                 Koordinasi Pengembangan Wilayah dan Tata Ruang Asisten Deputi Pengembangan \
                 Kawasan Strategis dan Perbatasan Negara Keuangan Daerah";
    let name: String = words.chars().take(200).collect();
    assert_eq!(
        name.chars().count(),
        200,
        "the requester name is 200 characters"
    );
    name
}

fn long_guests() -> Vec<GuestInput> {
    (1..=10)
        .map(|i| GuestInput {
            name: format!(
                "Dr. Ir. Raden Ayu Kusumawardhani Prameswari Tjokroadisumarto Putri ke-{i}, S.E., M.Si., Ak., CA."
            ),
            position: format!(
                "Kepala Sub Bagian Perencanaan Anggaran dan Pelaporan Keuangan Daerah Bidang {i}"
            ),
            institution: "Badan Pengelolaan Keuangan dan Aset Daerah Provinsi Kalimantan Timur"
                .into(),
            contact: Some(format!("kusumawardhani.prameswari{i}@kaltimprov.go.id")),
            ..GuestInput::default()
        })
        .collect()
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// A request of `requester` asking for `time` on `today`; it is entered (and so received)
/// yesterday, see `booked_at`.
fn request(
    requester: RequesterInput,
    channel: Channel,
    today: NaiveDate,
    time: &str,
) -> RequestInput {
    RequestInput {
        channel: Some(channel),
        requester,
        preferred_slots: vec![PreferredSlotInput {
            date: day(today),
            time: time.into(),
        }],
        received_on: None,
        ..common::mukomuko_in_person()
    }
}

fn region(code: &str) -> RequesterInput {
    RequesterInput {
        kind: Some(RequesterKind::RegionalGovernment),
        region_code: Some(code.into()),
        name: None,
    }
}

fn named(name: &str) -> RequesterInput {
    RequesterInput {
        kind: Some(RequesterKind::MinistryAgency),
        region_code: None,
        name: Some(name.into()),
    }
}

async fn book(
    store: &Store,
    actor: &Actor,
    id: i64,
    date: NaiveDate,
    time: &str,
    room: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    workflow::verify_request(store, actor, id, at).await?;
    scheduling::schedule_request(
        store,
        actor,
        id,
        &ScheduleInput {
            date: day(date),
            time: time.into(),
            room_code: Some(room.into()),
            ..ScheduleInput::default()
        },
        at,
    )
    .await?;
    Ok(())
}

async fn confirm(
    store: &Store,
    actor: &Actor,
    id: i64,
    yesterday: NaiveDate,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    workflow::confirm_request(
        store,
        actor,
        id,
        &ConfirmInput {
            date: day(yesterday),
            time: "13:00".into(),
            confirmed_by: "Rina Marlina".into(),
            via: Some(ConfirmationChannel::Whatsapp),
        },
        at + chrono::Duration::hours(1),
    )
    .await?;
    Ok(())
}

/// What was seeded: the long request awaiting confirmation and the long one held today.
struct Seeded {
    long: i64,
    held: i64,
}

/// Through the core, as Settings and the desk would: a policy open every day with room for
/// ten guests, a large room with a long name, and requests in every state, most of them today.
async fn seed(profile: &Profile) -> Result<Seeded> {
    let store = Store::open(&profile.db()).await?;
    let actor = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let now = system_now();
    let today = now.with_timezone(&OFFICE_TZ).date_naive();
    let yesterday = today - chrono::Duration::days(1);
    let every_day = vec![
        vec![SessionWindowSettings {
            start: "08:00".into(),
            end: "16:00".into(),
        }];
        7
    ];
    settings::set_policy(
        &store,
        &actor,
        &PolicyInput {
            effective_from: day(yesterday),
            settings: PolicySettings {
                guest_cap_in_person: 12,
                lead_days_in_person: 0,
                lead_days_video: 0,
                daily_cap_in_person: 10,
                weekly_windows: every_day,
                ..PolicySettings::default()
            },
            note: Some("Uji tata letak".into()),
        },
        now,
    )
    .await?;
    for holiday in settings::list_holidays(&store, Some(today.year())).await? {
        if holiday.date == day(today) {
            settings::delete_holiday(&store, &actor, holiday.id, now).await?;
        }
    }
    settings::save_room(
        &store,
        &actor,
        &RoomInput {
            code: "RRB-9".into(),
            name: "Ruang Rapat Besar Gedung Radius Prawiro Lantai 9 Sayap Timur".into(),
            capacity: 20,
            active: true,
        },
        now,
    )
    .await?;
    let booked_at =
        office_local_to_utc(yesterday, NaiveTime::from_hms_opt(12, 0, 0).ok_or("time")?);
    let create = |input: RequestInput| {
        let store = &store;
        let actor = &actor;
        async move {
            Ok::<_, konsultasi_e2e::Error>(
                service::create_request(store, actor, &input, booked_at)
                    .await?
                    .id,
            )
        }
    };

    // The long one: booked today, awaiting the Pemda's confirmation, ten guests.
    let long_name = long_requester();
    let long = create(RequestInput {
        planned_guest_count: 10,
        guests: long_guests(),
        description:
            "Konsultasi mengenai penyaluran Dana Alokasi Umum yang ditentukan penggunaannya \
                      bidang pendidikan, kesehatan dan pekerjaan umum serta sinkronisasi data \
                      Sistem Informasi Pemerintahan Daerah dengan laporan realisasi anggaran."
                .into(),
        ..request(named(&long_name), Channel::InPerson, today, "11:00")
    })
    .await?;
    book(&store, &actor, long, today, "11:00", "RRB-9", booked_at).await?;

    // Awaiting verification: another long name, and a Pemda in WITA.
    create(request(
        named(&long_name),
        Channel::VideoConference,
        today,
        "14:00",
    ))
    .await?;
    create(request(region("64.72"), Channel::InPerson, today, "15:00")).await?;

    // Booked and confirmed today (WITA), awaiting confirmation tomorrow (WIT).
    let confirmed = create(request(region("73.71"), Channel::InPerson, today, "13:00")).await?;
    book(&store, &actor, confirmed, today, "13:00", "RK-1", booked_at).await?;
    confirm(&store, &actor, confirmed, yesterday, booked_at).await?;
    let tomorrow = today + chrono::Duration::days(1);
    let later = create(request(
        region("91.71"),
        Channel::VideoConference,
        tomorrow,
        "10:00",
    ))
    .await?;
    workflow::verify_request(&store, &actor, later, booked_at).await?;
    scheduling::schedule_request(
        &store,
        &actor,
        later,
        &ScheduleInput {
            date: day(tomorrow),
            time: "10:00".into(),
            meeting_url: Some("https://teams.microsoft.com/l/meetup-join/19%3ameeting_konsultasi_djpk_panjang_sekali".into()),
            ..ScheduleInput::default()
        },
        booked_at,
    )
    .await?;

    // Checked in today with an extra guest (a violation in Kota Jayapura's history), and one
    // completed, so the month's report has a consultation.
    let mut arrived = Vec::new();
    for (time, room) in [("08:00", "RK-1"), ("09:30", "RK-2")] {
        let id = create(RequestInput {
            planned_guest_count: 2,
            guests: long_guests().into_iter().take(2).collect(),
            ..request(region("91.71"), Channel::InPerson, today, time)
        })
        .await?;
        book(&store, &actor, id, today, time, room, booked_at).await?;
        confirm(&store, &actor, id, yesterday, booked_at).await?;
        // Built from JSON so the seed keeps only the facts it needs.
        let input: CheckInInput = serde_json::from_value(serde_json::json!({
            "present": [0, 1],
            "extra_guests": [{
                "name": "Tamu Tambahan Yang Tidak Terdaftar Sebelumnya Sama Sekali",
                "position": "Staf Pelaksana Bidang Anggaran Pendapatan dan Belanja Daerah",
                "institution": "Pemerintah Kota Jayapura"
            }]
        }))?;
        checkin::check_in(&store, &actor, id, &input, now).await?;
        arrived.push(id);
    }
    checkin::complete(&store, &actor, arrived[1], now).await?;

    // The long requester again, all ten guests present and the visit completed: it is in the
    // day's arrivals and the month's report.
    let held = create(RequestInput {
        planned_guest_count: 10,
        guests: long_guests(),
        ..request(named(&long_name), Channel::InPerson, today, "14:30")
    })
    .await?;
    book(&store, &actor, held, today, "14:30", "RRB-9", booked_at).await?;
    confirm(&store, &actor, held, yesterday, booked_at).await?;
    let input: CheckInInput =
        serde_json::from_value(serde_json::json!({ "present": (0..10).collect::<Vec<u32>>() }))?;
    checkin::check_in(&store, &actor, held, &input, now).await?;
    checkin::complete(&store, &actor, held, now).await?;
    store.close().await;
    Ok(Seeded { long, held })
}

/// Collects, in the page, every element whose content spills out of its box. Only the
/// innermost offender of a chain is named (an overflowing child makes each visible-overflow
/// ancestor overflow too). Allowed: scroll containers, form controls (their text scrolls) and
/// a deliberate ellipsis whose own or nearest ancestor's title holds the whole text.
const OVERFLOW_SCRIPT: &str = r#"
const cssPath = (el) => {
  const parts = [];
  for (let e = el; e && e.nodeType === 1 && e !== document.body; e = e.parentElement) {
    let part = e.tagName.toLowerCase();
    const id = e.getAttribute("data-testid");
    if (id) {
      const row = e.getAttribute("data-id");
      parts.unshift(`${part}[data-testid="${id}"]${row ? `[data-id="${row}"]` : ""}`);
      break;
    }
    const classes = [...e.classList].filter((c) => !c.startsWith("svelte-")).slice(0, 3);
    if (classes.length) part += "." + classes.join(".");
    const parent = e.parentElement;
    if (parent) {
      const same = [...parent.children].filter((c) => c.tagName === e.tagName);
      if (same.length > 1) part += `:nth-of-type(${same.indexOf(e) + 1})`;
    }
    parts.unshift(part);
  }
  return parts.join(" > ");
};
const drawnInside = (el, rect) => {
  const left = rect.left + el.clientLeft;
  const right = left + el.clientWidth;
  const range = document.createRange();
  range.selectNodeContents(el);
  return [...range.getClientRects()].every((r) => r.width === 0 || (r.left >= left - 1 && r.right <= right + 1));
};
const text = (el) => (el.textContent || "").replace(/\s+/g, " ").trim();
// WebKitGTK draws a select's arrow inside its box, beside the padding.
const SELECT_ARROW = 22;
const SKIP = new Set(["INPUT", "TEXTAREA", "SELECT", "OPTION", "SCRIPT", "STYLE", "IMG", "CANVAS", "IFRAME"]);
const problems = [];
const root = document.scrollingElement;
if (root.scrollWidth > root.clientWidth) {
  problems.push({ el: null, message: `page scrolls sideways: scrollWidth ${root.scrollWidth} > clientWidth ${root.clientWidth}` });
}
for (const el of document.body.querySelectorAll("*")) {
  if (el instanceof SVGElement || SKIP.has(el.tagName)) continue;
  if (el.clientWidth === 0 || el.scrollWidth <= el.clientWidth + 1) continue;
  const style = getComputedStyle(el);
  if (style.display === "inline" || style.display === "contents") continue;
  if (style.overflowX === "auto" || style.overflowX === "scroll") continue;
  if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true })) continue;
  const rect = el.getBoundingClientRect();
  if (rect.width <= 1 || rect.height <= 1) continue;
  // What is laid out beyond the box may be invisible (a hidden pseudo-element, an animation's
  // ripple): only text and elements drawn outside it count.
  if (drawnInside(el, rect)) continue;
  const whole = text(el);
  if ((style.overflowX === "hidden" || style.overflowX === "clip") && style.textOverflow === "ellipsis") {
    const titled = el.closest("[title]");
    // A plain-text title isolates user text with invisible FSI/PDI marks; they are not text.
    const title = titled ? titled.getAttribute("title").replace(/[\u2068\u2069]/g, "").replace(/\s+/g, " ") : "";
    if (whole && title.includes(whole)) continue;
    problems.push({ el, message: `${cssPath(el)}: ellipsis without a title holding the whole text: "${whole.slice(0, 140)}"` });
    continue;
  }
  problems.push({ el, message: `${cssPath(el)}: content ${el.scrollWidth}px in a ${el.clientWidth}px box (overflow-x ${style.overflowX}): "${whole.slice(0, 140)}"` });
}
// A select shows only its chosen option: it must fit beside the arrow.
const measure = document.createElement("canvas").getContext("2d");
for (const select of document.body.querySelectorAll("select")) {
  const option = select.options[select.selectedIndex];
  if (!option || (select.checkVisibility && !select.checkVisibility({ visibilityProperty: true }))) continue;
  const style = getComputedStyle(select);
  measure.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
  const needed = measure.measureText(option.text).width;
  const room = select.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - SELECT_ARROW;
  if (needed > room + 1) {
    problems.push({ el: select, message: `${cssPath(select)}: the chosen option needs ${Math.ceil(needed)}px, the select has ${Math.floor(room)}px: "${option.text}"` });
  }
}
// WebKit's getComputedStyle has no ::placeholder: the size comes from the rules that style it
// (the last matching one), resolved in pixels beside the field.
const placeholderSize = (input) => {
  let size = null;
  for (const sheet of document.styleSheets) {
    for (const rule of sheet.cssRules) {
      if (!(rule instanceof CSSStyleRule) || !rule.style.fontSize || !rule.selectorText.includes("::placeholder")) continue;
      for (const selector of rule.selectorText.split(",")) {
        if (!selector.includes("::placeholder")) continue;
        const base = selector.replace(/::placeholder/g, "").trim() || "*";
        try { if (input.matches(base)) size = rule.style.fontSize; } catch (_) { /* not a plain selector */ }
      }
    }
  }
  if (size === null) return null;
  const probe = document.createElement("span");
  probe.style.fontSize = size;
  input.parentElement.appendChild(probe);
  const px = getComputedStyle(probe).fontSize;
  probe.remove();
  return px;
};
// An empty field shows its whole placeholder.
for (const input of document.body.querySelectorAll("input[placeholder]")) {
  if (input.value !== "" || !input.placeholder) continue;
  if (input.checkVisibility && !input.checkVisibility({ visibilityProperty: true })) continue;
  const own = getComputedStyle(input);
  measure.font = `${own.fontWeight} ${placeholderSize(input) ?? own.fontSize} ${own.fontFamily}`;
  const needed = measure.measureText(input.placeholder).width;
  const room = input.clientWidth - parseFloat(own.paddingLeft) - parseFloat(own.paddingRight);
  if (needed > room + 1) {
    problems.push({ el: input, message: `${cssPath(input)}: the placeholder needs ${Math.ceil(needed)}px, the field has ${Math.floor(room)}px: "${input.placeholder}"` });
  }
}
return problems
  .filter((p) => !p.el || !problems.some((q) => q.el && q.el !== p.el && p.el.contains(q.el)))
  .map((p) => p.message);
"#;

struct Run<'a> {
    desk: &'a Desk,
    size: (u32, u32),
    shot: usize,
    problems: Vec<String>,
}

impl Run<'_> {
    async fn overflowing(&self) -> Result<Vec<String>> {
        let found = self.desk.client.execute(OVERFLOW_SCRIPT, vec![]).await?;
        Ok(serde_json::from_value(found)?)
    }

    /// Asserts nothing yet: records what spills on the screen shown, and saves its picture.
    async fn check(&mut self, screen: &str) -> Result<()> {
        // Let data arrive and the layout settle (fonts, virtual list measurement).
        tokio::time::sleep(Duration::from_millis(400)).await;
        let mut found = self.overflowing().await?;
        if !found.is_empty() {
            // A transition (a ripple, a panel opening) can spill for a moment: what still
            // spills a second later is what the user sees.
            tokio::time::sleep(Duration::from_secs(1)).await;
            found = self.overflowing().await?;
        }
        let (w, h) = self.size;
        for problem in found {
            self.problems.push(format!("{w}×{h} {screen}: {problem}"));
        }
        self.shot += 1;
        self.desk
            .screenshot(&format!("layout-{w}x{h}-{:02}-{screen}", self.shot))
            .await?;
        Ok(())
    }
}

async fn set_size(desk: &Desk, (width, height): (u32, u32)) -> Result<()> {
    desk.client.set_window_rect(0, 0, width, height).await?;
    desk.eventually(&format!("a {width}×{height} window"), || async {
        let inner = desk
            .client
            .execute("return [window.innerWidth, window.innerHeight];", vec![])
            .await?;
        Ok(inner == serde_json::json!([width, height]))
    })
    .await
}

/// Scrolls the element's own scroll container (only that one, as a person's wheel would) so
/// the element is at its top.
async fn scroll_to(desk: &Desk, css: &str) -> Result<()> {
    let element = desk.wait(css).await?;
    desk.client
        .execute(
            "const el = arguments[0];
             let box = el.parentElement;
             while (box && !/(auto|scroll)/.test(getComputedStyle(box).overflowY)) box = box.parentElement;
             if (box) box.scrollTop += el.getBoundingClientRect().top - box.getBoundingClientRect().top - 8;",
            vec![serde_json::to_value(&element)?],
        )
        .await?;
    Ok(())
}

/// Waits until no "Memuat…" placeholder is left inside `css`.
async fn loaded(desk: &Desk, css: &str) -> Result<()> {
    let element = desk.wait(css).await?;
    desk.eventually(&format!("{css} loaded"), || async {
        let text = element.prop("textContent").await?.unwrap_or_default();
        Ok(!text.contains("Memuat"))
    })
    .await
}

#[tokio::test(flavor = "multi_thread")]
async fn every_screen_fits_at_the_desks_window_sizes_with_the_longest_texts() -> Result<()> {
    // Pictures of an earlier run would be taken for this one's.
    for entry in std::fs::read_dir(artifacts_dir())? {
        let path = entry?.path();
        let name = path
            .file_name()
            .and_then(|n| n.to_str())
            .unwrap_or_default();
        if name.starts_with("layout-") && name.ends_with(".png") {
            std::fs::remove_file(&path)?;
        }
    }
    let profile = Profile::new();
    let seeded = seed(&profile).await?;
    let desk = Desk::start(&profile).await?;
    let mut problems = Vec::new();
    for (index, size) in SIZES.into_iter().enumerate() {
        set_size(&desk, size).await?;
        let mut run = Run {
            desk: &desk,
            size,
            shot: 0,
            problems: Vec::new(),
        };
        if index > 0 {
            desk.click("switch-user").await?;
        }
        loaded(&desk, &testid("profile-chooser")).await?;
        run.check("profiles").await?;
        desk.click("start-team").await?;
        desk.by_testid("team-sign-in").await?;
        run.check("team-sign-in").await?;
        desk.click("start-local").await?;
        desk.by_testid("profile-chooser").await?;
        desk.sign_in(TEST_USER, "team_leader").await?;
        // The seeded desk still has the placeholder signatory: the set-up wizard comes first.
        desk.wait(&format!(
            "{}, {}",
            testid("request-list"),
            testid("setup-view")
        ))
        .await?;
        if desk
            .client
            .find(fantoccini::Locator::Css(&testid("setup-view")))
            .await
            .is_ok()
        {
            loaded(&desk, &testid("setup-view")).await?;
            run.check("setup").await?;
            desk.click("setup-skip").await?;
        }

        desk.wait(&testid("request-row")).await?;
        run.check("list").await?;

        desk.open_request(seeded.long).await?;
        loaded(&desk, &testid("request-form")).await?;
        run.check("request-form").await?;
        scroll_to(&desk, &testid("guest-name-9")).await?;
        run.check("request-form-guests").await?;

        desk.click("open-dashboard").await?;
        loaded(&desk, &testid("dashboard")).await?;
        desk.wait(&format!(
            "{} {}",
            testid("dashboard-confirmation"),
            testid("dashboard-request")
        ))
        .await?;
        run.check("dashboard").await?;

        desk.click("open-calendar").await?;
        desk.wait(&format!(
            "{}[data-event-id=\"{}\"]",
            testid("calendar-event"),
            seeded.long
        ))
        .await?;
        run.check("calendar-week").await?;

        desk.click("open-settings").await?;
        for tab in [
            "policy",
            "holidays",
            "overrides",
            "rooms",
            "letters",
            "mail",
            "users",
        ] {
            desk.click(&format!("settings-tab-{tab}")).await?;
            loaded(&desk, &testid(&format!("settings-panel-{tab}"))).await?;
            run.check(&format!("settings-{tab}")).await?;
        }

        desk.click("nav-arrivals").await?;
        loaded(&desk, &testid(&format!("arrival-{}", seeded.long))).await?;
        run.check("arrivals").await?;
        scroll_to(&desk, &testid(&format!("arrival-{}", seeded.held))).await?;
        run.check("arrivals-held").await?;

        desk.click("nav-requesters").await?;
        desk.type_into("history-search", "Jayapura").await?;
        desk.click("history-option-91.71").await?;
        loaded(&desk, &testid("history-violations")).await?;
        run.check("pemda-history").await?;

        desk.click("nav-report").await?;
        desk.click("report-load").await?;
        loaded(&desk, &testid("report-table-in_person")).await?;
        run.check("report").await?;

        problems.extend(run.problems);
    }
    desk.quit().await?;
    assert!(
        problems.is_empty(),
        "{} overflowing element(s):\n{}",
        problems.len(),
        problems.join("\n")
    );
    Ok(())
}
