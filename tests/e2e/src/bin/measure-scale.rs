//! Measures the window with a large desk: 10,000 requests, about 3,000 of them booked over the
//! next twelve weeks (some fifty a working day), in a 1280×800 window.
//!
//! Run under an X display, after building the app:
//! `xvfb-run -a -s "-screen 0 1280x800x24" cargo run -p konsultasi-e2e --bin measure-scale`
//!
//! What it reports, each beside the target of the issue:
//! - start to the first screen: from the WebDriver "new session" request (which launches the
//!   app) to two animation frames after the profile chooser exists; then from choosing the
//!   profile to the list's rows painted;
//! - a calendar week: from the click (on "Kalender", then on the calendar's next/previous
//!   button) to two animation frames after that week's every event is in the page;
//! - the list's scrolling: `requestAnimationFrame` timestamps collected in the page while a
//!   script scrolls the list 60 px a frame for 300 frames; p50/p95/max of the intervals;
//! - filtering: text typed into the search field (one input event every 80 ms, as a quick
//!   typist), from the last keystroke to two animation frames after the list shows the
//!   matching rows (the list waits 150 ms for typing to stop, which counts in the figure).
//!
//! Timings inside the page use `performance.now()`, so WebDriver's own round trips do not count.
//! The data goes in through the core's services, as the desk would have entered it.

#[path = "../../tests/common/mod.rs"]
mod common;

use std::collections::BTreeMap;
use std::time::Instant;

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use konsultasi::api::{
    ContactInput, LetterInput, PolicyInput, PreferredSlotInput, RequestInput, RequesterInput,
    ResourcePersonInput, ScheduleInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::policy::PolicySettings;
use konsultasi::service::{self, calendar, scheduling, settings, workflow};
use konsultasi::time::{OFFICE_TZ, system_now};
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};
use serde_json::{Value, json};

const REQUESTS: usize = 10_000;
const WEEKS: i64 = 12;
/// Start times of a working day (60-minute consultations, 30 minutes apart).
const SLOTS: [&str; 5] = ["08:00", "09:30", "11:00", "12:30", "14:00"];
/// Consultations at one time: two resource persons in each of five units.
const PER_SLOT: usize = 10;
/// Requests whose contact is the one the filtering measurement searches for.
const FILTER_EVERY: usize = 97;
const FILTER_TEXT: &str = "wahyuningsih";

const CONTACTS: [&str; 8] = [
    "Rina Marlina",
    "Budi Santoso",
    "Ahmad Fauzi",
    "Dewi Lestari",
    "Yohanes Kambu",
    "Made Sudarsana",
    "Siti Aminah",
    "Hendra Gunawan",
];

struct Booked {
    /// Request ids by the Monday (WIB) of the week of their booking.
    by_week: BTreeMap<NaiveDate, Vec<i64>>,
    filtered: usize,
}

fn day(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

fn monday_of(d: NaiveDate) -> NaiveDate {
    d - Duration::days(i64::from(d.weekday().num_days_from_monday()))
}

async fn seed(profile: &Profile) -> Result<Booked> {
    let started = Instant::now();
    let store = konsultasi::Store::open(&profile.db()).await?;
    let actor = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let now = system_now();
    let today = now.with_timezone(&OFFICE_TZ).date_naive();
    settings::set_policy(
        &store,
        &actor,
        &PolicyInput {
            effective_from: day(today),
            settings: PolicySettings {
                lead_days_in_person: 0,
                lead_days_video: 0,
                daily_cap_in_person: 12,
                ..PolicySettings::default()
            },
            note: Some("Pengukuran beban".into()),
        },
        now,
    )
    .await?;

    // Five units, each with two resource persons and a topic that routes to it.
    let topics = service::list_topics(&store);
    let mut units: Vec<(String, String, Vec<i64>)> = Vec::new();
    for unit in ["DTU", "DTK", "DIOK", "PDRD", "PKD"] {
        let topic = topics
            .iter()
            .find(|t| t.unit_code == unit)
            .ok_or("a topic of the unit")?
            .code
            .clone();
        let mut ids = Vec::new();
        for n in 1..=2 {
            let name = format!("Narasumber {unit} {n}");
            let saved = settings::save_resource_person(
                &store,
                &actor,
                &ResourcePersonInput {
                    id: None,
                    unit_code: unit.into(),
                    name: name.clone(),
                    position: Some("Analis Keuangan Pusat dan Daerah".into()),
                    email: None,
                    active: true,
                },
                now,
            )
            .await?;
            ids.push(saved.iter().find(|p| p.name == name).ok_or("saved")?.id);
        }
        units.push((unit.to_owned(), topic, ids));
    }
    let regions: Vec<String> = store
        .reference()
        .regions()
        .iter()
        .map(|r| r.code.as_str().to_owned())
        .collect();

    // The bookable slots of the next twelve weeks, from tomorrow, working days only.
    let mut slots = Vec::new();
    for offset in 1..=(WEEKS * 7) {
        let date = today + Duration::days(offset);
        if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
            continue;
        }
        for time in SLOTS {
            for place in 0..PER_SLOT {
                slots.push((date, time, place));
            }
        }
    }

    let mut booked = Booked {
        by_week: BTreeMap::new(),
        filtered: 0,
    };
    let mut refused = 0;
    for i in 0..REQUESTS {
        let slot = slots.get(i);
        // Two of each ten consultations at one time are tatap muka, in RK-1 and RK-2.
        let in_person = slot.is_some_and(|(_, _, place)| *place < 2);
        let (unit, topic, persons) = &units[slot.map_or(i, |s| s.2) % units.len()];
        let person = persons[slot.map_or(i, |s| s.2) / units.len() % persons.len()];
        let contact = if i % FILTER_EVERY == 0 {
            booked.filtered += 1;
            "Sri Wahyuningsih".to_owned()
        } else {
            CONTACTS[i % CONTACTS.len()].to_owned()
        };
        let preferred = slot.map_or(today + Duration::days(7 + (i % 60) as i64), |s| s.0);
        let input = RequestInput {
            channel: Some(if in_person {
                Channel::InPerson
            } else {
                Channel::VideoConference
            }),
            requester: RequesterInput {
                kind: Some(RequesterKind::RegionalGovernment),
                region_code: Some(regions[i % regions.len()].clone()),
                name: None,
            },
            contact: ContactInput {
                name: contact,
                whatsapp: format!("0812{:08}", i),
                email: None,
            },
            topics: vec![topic.clone()],
            description: format!("Konsultasi nomor {i} tentang penganggaran dan penyaluran."),
            preferred_slots: vec![PreferredSlotInput {
                date: day(preferred),
                time: slot.map_or("09:30", |s| s.1).into(),
            }],
            planned_guest_count: 3,
            guests: vec![],
            letter: Some(LetterInput {
                number: format!("900/{i}/BPKAD/2026"),
                date: day(today - Duration::days(3)),
                subject: "Permohonan konsultasi".into(),
                addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
                signer: "Sekretaris Daerah".into(),
                scan: None,
            }),
            received_on: None,
        };
        let id = service::create_request(&store, &actor, &input, now)
            .await?
            .id;
        let Some((date, time, place)) = slot else {
            continue;
        };
        workflow::verify_request(&store, &actor, id, now).await?;
        let schedule = ScheduleInput {
            date: day(*date),
            time: (*time).into(),
            room_code: in_person.then(|| format!("RK-{}", place + 1)),
            unit_code: Some(unit.clone()),
            resource_person_ids: Some(vec![person]),
            ..ScheduleInput::default()
        };
        match scheduling::schedule_request(&store, &actor, id, &schedule, now).await {
            Ok(_) => booked.by_week.entry(monday_of(*date)).or_default().push(id),
            Err(error) => {
                refused += 1;
                if refused <= 3 {
                    eprintln!("booking #{id} refused: {error}");
                }
            }
        }
        if (i + 1) % 1000 == 0 {
            eprintln!(
                "seeded {} requests in {:.0} s",
                i + 1,
                started.elapsed().as_secs_f64()
            );
        }
    }
    store.close().await;
    let total: usize = booked.by_week.values().map(Vec::len).sum();
    println!(
        "seeded {REQUESTS} requests, {total} booked over {WEEKS} weeks ({refused} bookings refused), in {:.0} s",
        started.elapsed().as_secs_f64()
    );
    Ok(booked)
}

/// Resolves after two animation frames: the frame in which the DOM changed has been painted.
const PAINTED: &str = "const done = arguments[arguments.length - 1];
     requestAnimationFrame(() => requestAnimationFrame(() => done(true)));";

/// Clicks `selector` and waits for every id of `ids` to be an event of the calendar, the
/// calendar to have exactly that many events, and two frames; returns the milliseconds.
const CALENDAR_STEP: &str = r#"
const [selector, ids] = arguments;
const done = arguments[arguments.length - 1];
const start = performance.now();
const target = document.querySelector(selector);
if (!target) { done({ error: "no element " + selector }); return; }
target.click();
const ready = () => {
  if (document.querySelector('[data-testid="calendar-loading"]')) return false;
  const shown = document.querySelectorAll('[data-testid="calendar-event"]');
  if (shown.length !== ids.length) return false;
  return ids.every((id) => document.querySelector('[data-testid="calendar-event"][data-event-id="' + id + '"]'));
};
const tick = () => {
  if (ready()) {
    requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - start })));
  } else if (performance.now() - start > 60000) {
    done({ error: "not shown after 60 s: " + document.querySelectorAll('[data-testid="calendar-event"]').length + " events of " + ids.length });
  } else {
    requestAnimationFrame(tick);
  }
};
requestAnimationFrame(tick);
"#;

/// Scrolls the list 60 px a frame and returns each frame's rAF timestamp.
const SCROLL: &str = r#"
const [frames, step] = arguments;
const done = arguments[arguments.length - 1];
const list = document.querySelector('[data-testid="request-list"]');
const viewport = list && (list.classList.contains("viewport") ? list : list.querySelector(".viewport"));
if (!viewport) { done({ error: "no scrolling list" }); return; }
viewport.scrollTop = 0;
const stamps = [];
const frame = (time) => {
  stamps.push(time);
  // A list too slow to scroll is measured over two minutes at most.
  if (stamps.length > frames || time - stamps[0] > 120000) {
    done({ stamps, top: viewport.scrollTop, height: viewport.scrollHeight });
    return;
  }
  viewport.scrollTop += step;
  requestAnimationFrame(frame);
};
requestAnimationFrame(() => requestAnimationFrame(frame));
"#;

/// Types `text` into the list's search field, one input event every `gap` ms, then waits for
/// the count to read `expected` and the rows to be painted; returns ms after the last key.
const FILTER: &str = r#"
const [text, gap, expected] = arguments;
const done = arguments[arguments.length - 1];
const field = document.querySelector('[data-testid="filter-text"]');
const count = document.querySelector('[data-testid="request-count"]');
if (!field || !count) { done({ error: "no search field or count" }); return; }
const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
field.focus();
let typed = 0;
let last = 0;
const shown = () => Number(count.textContent.replace(/\D/g, "")) === expected;
const wait = () => {
  if (shown()) {
    requestAnimationFrame(() => requestAnimationFrame(() => done({ ms: performance.now() - last })));
  } else if (performance.now() - last > 60000) {
    done({ error: "count reads " + count.textContent + ", expected " + expected });
  } else {
    requestAnimationFrame(wait);
  }
};
const key = () => {
  typed += 1;
  setValue.call(field, text.slice(0, typed));
  field.dispatchEvent(new InputEvent("input", { bubbles: true, data: text[typed - 1] ?? null, inputType: "insertText" }));
  last = performance.now();
  if (typed < text.length) setTimeout(key, gap);
  else requestAnimationFrame(wait);
};
if (text.length === 0) {
  setValue.call(field, "");
  field.dispatchEvent(new InputEvent("input", { bubbles: true, inputType: "deleteContentBackward" }));
  last = performance.now();
  requestAnimationFrame(wait);
} else {
  key();
}
"#;

async fn run_async(desk: &Desk, script: &str, args: Vec<Value>) -> Result<Value> {
    let value = desk.client.execute_async(script, args).await?;
    if let Some(error) = value.get("error") {
        return Err(format!("in the page: {error}").into());
    }
    Ok(value)
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

fn verdict(value: f64, target: f64) -> &'static str {
    if value <= target { "meets" } else { "misses" }
}

/// With `MEASURE_SCALE_SEED=FILE`, the seeded database is kept in FILE and reused by later runs
/// (copied into each run's fresh profile), so a change can be measured without seeding again.
async fn seeded(profile: &Profile) -> Result<Booked> {
    match std::env::var_os("MEASURE_SCALE_SEED").map(std::path::PathBuf::from) {
        Some(kept) if kept.exists() => {
            std::fs::copy(&kept, profile.db())?;
        }
        Some(kept) => {
            seed(profile).await?;
            std::fs::copy(profile.db(), &kept)?;
        }
        None => {
            seed(profile).await?;
        }
    }
    recount(profile).await
}

/// What `seed` reports, read back from a seeded database. The desk is a set-up one: its letters
/// have a real signatory, so the window opens on the list rather than the set-up wizard.
async fn recount(profile: &Profile) -> Result<Booked> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let actor = konsultasi::service::workflow::actor(&store, TEST_USER).await?;
    let mut letters = konsultasi::service::export::export_settings(&store).await?;
    letters.signatory_name = "Bambang Setiawan".into();
    konsultasi::service::export::save_export_settings(&store, &actor, &letters, system_now())
        .await?;
    let today = system_now().with_timezone(&OFFICE_TZ).date_naive();
    let mut booked = Booked {
        by_week: BTreeMap::new(),
        filtered: 0,
    };
    let entries = calendar::calendar(
        &store,
        &konsultasi::api::CalendarFilter {
            from: day(today),
            to: day(today + Duration::days(WEEKS * 7 + 7)),
            room_code: None,
            unit_code: None,
            channel: None,
        },
    )
    .await?;
    for entry in entries {
        let date = chrono::DateTime::parse_from_rfc3339(&entry.starts_at)?
            .with_timezone(&OFFICE_TZ)
            .date_naive();
        booked
            .by_week
            .entry(monday_of(date))
            .or_default()
            .push(entry.request_id);
    }
    booked.filtered = service::list_requests(
        &store,
        &konsultasi::api::RequestFilter {
            text: Some(FILTER_TEXT.into()),
            ..Default::default()
        },
    )
    .await?
    .len();
    store.close().await;
    Ok(booked)
}

#[tokio::main]
async fn main() -> Result<()> {
    let profile = Profile::new();
    let booked = seeded(&profile).await?;

    // Start to the first screen.
    let started = Instant::now();
    let desk = Desk::start(&profile).await?;
    desk.client.execute_async(PAINTED, vec![]).await?;
    let first_screen = started.elapsed().as_secs_f64() * 1000.0;
    desk.client.set_window_size(1280, 800).await?;
    // The slow cases this measures may take far longer than WebDriver's default 30 s.
    desk.client
        .update_timeouts(fantoccini::wd::TimeoutConfiguration::new(
            Some(std::time::Duration::from_secs(300)),
            None,
            None,
        ))
        .await?;
    let chosen = Instant::now();
    desk.sign_in(TEST_USER, "team_leader").await?;
    desk.wait(&testid("request-row")).await?;
    desk.client.execute_async(PAINTED, vec![]).await?;
    let list_shown = chosen.elapsed().as_secs_f64() * 1000.0;
    let (width, height) = desk.client.get_window_size().await?;
    println!("window {width}×{height}");
    println!("{}", load_average());
    println!(
        "start to first screen (profile chooser): {first_screen:.0} ms (target ≤ 1000 ms: {})",
        verdict(first_screen, 1000.0)
    );
    println!("choosing the profile to the list of {REQUESTS} painted: {list_shown:.0} ms");

    // `MEASURE_SCALE_ONLY=calendar` skips the list, for trying a change to the calendar quickly.
    let only = std::env::var("MEASURE_SCALE_ONLY").unwrap_or_default();
    if only != "calendar" {
        // The list's scrolling.
        let scroll = run_async(&desk, SCROLL, vec![json!(300), json!(60)]).await?;
        let stamps: Vec<f64> = scroll["stamps"]
            .as_array()
            .ok_or("stamps")?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let mut frames: Vec<f64> = stamps.windows(2).map(|w| w[1] - w[0]).collect();
        frames.sort_by(f64::total_cmp);
        let p95 = percentile(&frames, 95.0);
        println!(
            "list scroll, {} frames over {:.0} px: p50 {:.1} ms, p95 {p95:.1} ms, max {:.1} ms (target p95 ≤ 20 ms: {})",
            frames.len(),
            scroll["top"].as_f64().unwrap_or_default(),
            percentile(&frames, 50.0),
            frames.last().copied().unwrap_or_default(),
            verdict(p95, 20.0)
        );

        // One pixel a frame: the rows stay the same, so this is the cost of painting a scrolled
        // list without any rows to add; the 60 px figure less this one is the rows' own cost.
        let nudge = run_async(&desk, SCROLL, vec![json!(120), json!(1)]).await?;
        let nudge: Vec<f64> = nudge["stamps"]
            .as_array()
            .ok_or("stamps")?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let mut nudged: Vec<f64> = nudge.windows(2).map(|w| w[1] - w[0]).collect();
        nudged.sort_by(f64::total_cmp);
        println!(
            "list scroll, 1 px a frame (no rows added), {} frames: p50 {:.1} ms, p95 {:.1} ms",
            nudged.len(),
            percentile(&nudged, 50.0),
            percentile(&nudged, 95.0)
        );

        // The same page left still: the frame rate this display and renderer give at all, so the
        // scroll figure can be read against it.
        let still = run_async(&desk, SCROLL, vec![json!(120), json!(0)]).await?;
        let still: Vec<f64> = still["stamps"]
            .as_array()
            .ok_or("stamps")?
            .iter()
            .filter_map(Value::as_f64)
            .collect();
        let mut idle: Vec<f64> = still.windows(2).map(|w| w[1] - w[0]).collect();
        idle.sort_by(f64::total_cmp);
        println!(
            "the list standing still, {} frames: p50 {:.1} ms, p95 {:.1} ms (the renderer's own floor)",
            idle.len(),
            percentile(&idle, 50.0),
            percentile(&idle, 95.0)
        );

        // `MEASURE_SCALE_ONLY=scroll` stops here, for trying a change to the list quickly.
        if only == "scroll" {
            desk.quit().await?;
            return Ok(());
        }

        // Filtering after typing stops, then clearing the filter.
        let mut filters = Vec::new();
        for _ in 0..3 {
            let typed = run_async(
                &desk,
                FILTER,
                vec![json!(FILTER_TEXT), json!(80), json!(booked.filtered)],
            )
            .await?;
            let cleared =
                run_async(&desk, FILTER, vec![json!(""), json!(80), json!(REQUESTS)]).await?;
            let typed = typed["ms"].as_f64().unwrap_or_default();
            let cleared = cleared["ms"].as_f64().unwrap_or_default();
            println!(
                "filter \"{FILTER_TEXT}\" ({} rows): {typed:.0} ms after the last key; cleared (all rows): {cleared:.0} ms",
                booked.filtered
            );
            filters.push(typed);
        }
        filters.sort_by(f64::total_cmp);
        let median = filters[filters.len() / 2];
        println!(
            "filtering, median of {}: {median:.0} ms after typing stops (target ≤ 300 ms: {})",
            filters.len(),
            verdict(median, 300.0)
        );
    }

    // Calendar weeks: this week on opening, then four weeks forward and one back.
    let today = system_now().with_timezone(&OFFICE_TZ).date_naive();
    let this_week = monday_of(today);
    let ids_of = |monday: NaiveDate| -> Value {
        json!(booked.by_week.get(&monday).cloned().unwrap_or_default())
    };
    let mut weeks = Vec::new();
    let opened = run_async(
        &desk,
        CALENDAR_STEP,
        vec![json!(testid("open-calendar")), ids_of(this_week)],
    )
    .await?;
    let opened_ms = opened["ms"].as_f64().unwrap_or_default();
    println!(
        "calendar opened on the week of {this_week} ({} events): {opened_ms:.0} ms",
        booked.by_week.get(&this_week).map_or(0, Vec::len)
    );
    weeks.push(opened_ms);
    let mut monday = this_week;
    let steps = [1, 1, 1, 1, -1];
    for step in steps {
        monday += Duration::weeks(step);
        let chevron = testid(if step > 0 {
            "calendar-next"
        } else {
            "calendar-prev"
        });
        // Let the calendar settle before the next click, as a person would.
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
        let shown = run_async(&desk, CALENDAR_STEP, vec![json!(chevron), ids_of(monday)]).await?;
        let ms = shown["ms"].as_f64().unwrap_or_default();
        println!(
            "calendar week of {monday} ({} events): {ms:.0} ms",
            booked.by_week.get(&monday).map_or(0, Vec::len)
        );
        weeks.push(ms);
    }
    desk.screenshot("90-measure-calendar-week").await?;
    weeks.sort_by(f64::total_cmp);
    let median = weeks[weeks.len() / 2];
    println!(
        "calendar week, median of {}: {median:.0} ms, max {:.0} ms (target ≤ 300 ms: {})",
        weeks.len(),
        weeks[weeks.len() - 1],
        verdict(median, 300.0)
    );
    println!("{}", load_average());
    desk.quit().await?;
    Ok(())
}

/// The figures depend on what else the machine runs: says how busy it was.
fn load_average() -> String {
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    format!(
        "load average (1, 5, 15 min): {} on {} cores",
        load.split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(", "),
        std::thread::available_parallelism().map_or(0, usize::from)
    )
}
