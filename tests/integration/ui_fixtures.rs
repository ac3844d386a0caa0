//! Records what the real services answer to the calls the UI's tests make, so that the tests'
//! fake back end (`ui/src/tests/fakeBackend.ts`) serves the core's answers instead of a copy of
//! its rules.
//!
//! Each fixture (`ui/src/tests/fixtures/NAME.json`) is a script run on a fresh database with the
//! clock pinned: every call is kept with the state it was made in, its arguments as the UI sends
//! them, and the answer (`ok`) or the error payload (`error`); a write that changes what later
//! calls answer names the state it leads to (`then`). The fake looks answers up by state,
//! operation and arguments. Fails when a fixture is stale; `UPDATE_FIXTURES=1 cargo test -p
//! konsultasi --test integration ui_fixtures` refreshes them.

use chrono::{DateTime, TimeZone, Utc};
use serde::Serialize;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value, json};

use konsultasi::Store;
use konsultasi::api::{RequestDetail, RoomInput, UserInput};
use konsultasi::domain::{Channel, RequestStatus};
use konsultasi::error::Result;
use konsultasi::service::workflow::{self, Actor};
use konsultasi::service::{self, checkin, history, parse_json, scheduling, settings};
use konsultasi::workflow::{DeskAction, Role, actions_view, editable};

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/ui/src/tests/fixtures");

/// A call as the fake looks it up, with what the core answered.
struct Tape {
    name: &'static str,
    now: DateTime<Utc>,
    seed: Map<String, Value>,
    calls: Vec<Value>,
}

impl Tape {
    fn new(name: &'static str, now: DateTime<Utc>) -> Self {
        Self {
            name,
            now,
            seed: Map::new(),
            calls: Vec::new(),
        }
    }

    fn seed(&mut self, key: &str, value: impl Serialize) {
        let value = serde_json::to_value(value).expect("seed as JSON");
        self.seed.insert(key.to_owned(), value);
    }

    /// Keeps the answer to `op(args)` in `state`; `then` is the state a successful write leads to.
    fn keep<T: Serialize>(
        &mut self,
        state: &str,
        op: &str,
        args: Value,
        answer: &Result<T>,
        then: Option<&str>,
    ) {
        let mut call = json!({ "state": state, "op": op, "args": args });
        match answer {
            Ok(value) => {
                call["ok"] = serde_json::to_value(value).expect("answer as JSON");
                if let Some(then) = then {
                    call["then"] = then.into();
                }
            }
            Err(error) => {
                call["error"] = serde_json::to_value(error.to_payload()).expect("error as JSON");
            }
        }
        self.calls.push(call);
    }

    /// One call a line, so that a changed answer shows as a changed line.
    fn render(&self) -> String {
        let line = |value: &Value| serde_json::to_string(value).expect("JSON");
        let calls: Vec<String> = self
            .calls
            .iter()
            .map(|c| format!("    {}", line(c)))
            .collect();
        let seed: Vec<String> = self
            .seed
            .iter()
            .map(|(key, value)| format!("    {}: {}", line(&key.as_str().into()), line(value)))
            .collect();
        format!(
            "{{\n  \"about\": \"Recorded from the real services by tests/ui_fixtures.rs; do not edit (UPDATE_FIXTURES=1 cargo test --test ui_fixtures)\",\n  \"now\": {},\n  \"seed\": {{\n{}\n  }},\n  \"calls\": [\n{}\n  ]\n}}\n",
            line(&konsultasi::time::to_rfc3339(self.now).into()),
            seed.join(",\n"),
            calls.join(",\n")
        )
    }

    fn check_or_update(&self) {
        let path = format!("{FIXTURES}/{}.json", self.name);
        let rendered = self.render();
        if std::env::var_os("UPDATE_FIXTURES").is_some() {
            std::fs::create_dir_all(FIXTURES).expect("fixtures folder");
            std::fs::write(&path, &rendered).expect("write fixture");
            return;
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == rendered,
            "{path} is stale: run `UPDATE_FIXTURES=1 cargo test --test ui_fixtures` and commit the result"
        );
    }
}

/// An input as the UI sends it, read through the same parser the shell uses.
fn input<T: DeserializeOwned>(value: &Value) -> T {
    parse_json(value.clone()).expect("the script's input has the contract's shape")
}

/// `yyyy-mm-dd hh:mm` WIB.
fn wib(date: &str, time: &str) -> DateTime<Utc> {
    let at = chrono::NaiveDateTime::parse_from_str(&format!("{date} {time}"), "%Y-%m-%d %H:%M")
        .expect("instant");
    Utc.from_utc_datetime(&(at - chrono::Duration::hours(7)))
}

/// A fresh database whose secretariat profile is Sari, the profile the fake starts with.
struct Desk {
    store: Store,
    sari: Actor,
    _dir: tempfile::TempDir,
}

impl Desk {
    async fn open(now: DateTime<Utc>) -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        let store = Store::open(&dir.path().join("konsultasi.db"))
            .await
            .expect("open fresh database");
        let sari = UserInput {
            name: "Sari".into(),
            role: Some(Role::TeamLeader),
        };
        workflow::create_user(&store, None, &sari, now)
            .await
            .expect("first profile");
        let sari = workflow::actor(&store, "Sari").await.expect("Sari");
        Self {
            store,
            sari,
            _dir: dir,
        }
    }

    /// The room the UI tests' catalogue names R1.
    async fn with_room_r1(self, now: DateTime<Utc>) -> Self {
        let room = RoomInput {
            code: "R1".into(),
            name: "Ruang Rapat DJPK Lt. 2".into(),
            capacity: 12,
            active: true,
        };
        settings::save_room(&self.store, &self.sari, &room, now)
            .await
            .expect("room R1");
        self
    }

    async fn create(&self, request: &Value, now: DateTime<Utc>) -> RequestDetail {
        service::create_request(&self.store, &self.sari, &input(request), now)
            .await
            .expect("create")
    }

    async fn schedule(&self, id: i64, slot: Value, now: DateTime<Utc>) -> RequestDetail {
        scheduling::schedule_request(&self.store, &self.sari, id, &input(&slot), now)
            .await
            .expect("schedule")
    }

    async fn confirm(&self, id: i64, now: DateTime<Utc>) -> RequestDetail {
        let confirmation = json!({ "date": "2026-11-28", "time": "09:30", "confirmed_by": "Siti Aminah", "via": "whatsapp" });
        workflow::confirm_request(&self.store, &self.sari, id, &input(&confirmation), now)
            .await
            .expect("confirm")
    }

    async fn verify(&self, id: i64, now: DateTime<Utc>) {
        workflow::verify_request(&self.store, &self.sari, id, now)
            .await
            .expect("verify");
    }
}

fn guest(name: &str, position: &str, head: bool) -> Value {
    json!({ "name": name, "position": position, "institution": "Pemkab Bogor", "contact": null, "is_regional_head": head })
}

fn letter() -> Value {
    json!({
        "number": "900/123-BPKAD",
        "date": "2026-11-25",
        "subject": "Permohonan konsultasi DAU",
        "addressee": "Direktur Jenderal Perimbangan Keuangan",
        "signer": "Sekretaris Daerah",
        "scan": null
    })
}

fn request(
    channel: &str,
    region: &str,
    topic: &str,
    guests: Vec<Value>,
    letter: Option<Value>,
) -> Value {
    json!({
        "channel": channel,
        "requester": { "kind": "regional_government", "region_code": region, "name": null },
        "contact": { "name": "Siti Aminah", "whatsapp": "081234567890", "email": null },
        "topics": [topic],
        "description": "Konsultasi penggunaan dana transfer.",
        "preferred_slots": [{ "date": "2026-12-07", "time": "10:00" }],
        "planned_guest_count": guests.len().max(1),
        "guests": guests,
        "letter": letter,
        "received_on": "2026-11-20"
    })
}

// ---------------------------------------------------------------------------------------------
// Kedatangan: Monday 7 December 2026, 10.30 WIB.

const DAY: &str = "2026-12-07";

fn arrivals_now() -> DateTime<Utc> {
    wib(DAY, "10:30")
}

fn booking_time() -> DateTime<Utc> {
    wib("2026-11-28", "10:00")
}

/// #1 Kabupaten Bogor, tatap muka, scheduled (never confirmed) 10.00–11.00 with three guests,
/// the Bupati claimed, and a letter; #2 Kota Jayapura, tatap muka, confirmed 08.00–09.00 with one
/// guest, whose letter was taken off the record after booking; #3 Kota Jayapura by video
/// conference, confirmed 10.00–11.00, the Walikota claimed.
async fn the_day(first_guest: &str) -> Desk {
    let at = booking_time();
    let desk = Desk::open(at).await.with_room_r1(at).await;
    let bogor = request(
        "in_person",
        "32.01",
        "DAU",
        vec![
            guest(first_guest, "Sekretaris Daerah", false),
            guest("Rudy Susmanto", "Bupati", true),
            guest("Teuku Mulya", "Kepala BPKAD", false),
        ],
        Some(letter()),
    );
    let one = desk.create(&bogor, at).await;
    desk.verify(one.id, at).await;
    desk.schedule(
        one.id,
        json!({ "date": DAY, "time": "10:00", "duration_minutes": 60, "room_code": "R1" }),
        at,
    )
    .await;

    let jayapura = request(
        "in_person",
        "91.71",
        "DAU",
        vec![guest("Ajat Rochmat", "Sekretaris Daerah", false)],
        Some(letter()),
    );
    let two = desk.create(&jayapura, at).await;
    desk.verify(two.id, at).await;
    desk.schedule(
        two.id,
        json!({ "date": DAY, "time": "08:00", "duration_minutes": 60, "room_code": "R1" }),
        at,
    )
    .await;
    let confirmed = desk.confirm(two.id, at).await;
    let mut without_letter = jayapura.clone();
    without_letter["letter"] = Value::Null;
    service::update_request(
        &desk.store,
        &desk.sari,
        two.id,
        confirmed.version,
        &input(&without_letter),
        at,
    )
    .await
    .expect("letter taken off");

    let video = request(
        "video_conference",
        "91.71",
        "DAK_FISIK",
        vec![
            guest("Ajat Rochmat", "Sekretaris Daerah", false),
            guest("Rudy Susmanto", "Walikota", true),
        ],
        None,
    );
    let three = desk.create(&video, at).await;
    desk.schedule(
        three.id,
        json!({ "date": DAY, "time": "10:00", "duration_minutes": 60, "meeting_url": "https://zoom.us/j/1" }),
        at,
    )
    .await;
    desk.confirm(three.id, at).await;
    desk
}

/// What the screens read in `state`: the day in person and by video, the check-ins and history
/// of the requests, and the regions' compliance.
async fn arrivals_reads(tape: &mut Tape, desk: &Desk, state: &str, days: &[&str]) {
    let now = arrivals_now();
    for day in days {
        let answer = checkin::arrivals(&desk.store, day, now).await;
        tape.keep(state, "arrivals", json!([day]), &answer, None);
        let answer = checkin::video_attendance(&desk.store, day, now).await;
        tape.keep(state, "videoAttendance", json!([day]), &answer, None);
    }
    for id in [1, 3] {
        let answer = checkin::check_ins_of(&desk.store, id).await;
        tape.keep(state, "checkInsOf", json!([id]), &answer, None);
    }
    let answer = workflow::audit_trail(&desk.store, 1).await;
    tape.keep(state, "auditTrail", json!([1]), &answer, None);
    for region in ["32.01", "91.71"] {
        let answer = checkin::compliance_history(&desk.store, region).await;
        tape.keep(state, "complianceHistory", json!([region]), &answer, None);
    }
}

fn check_in_input(present: &[u32], extras: Vec<Value>, time: Option<&str>) -> Value {
    json!({ "present": present, "extra_guests": extras, "arrived_time": time, "note": null })
}

fn extra(name: &str, position: &str, institution: &str) -> Value {
    json!({ "name": name, "position": position, "institution": institution, "contact": null, "is_regional_head": false })
}

/// The day with request `id` checked in as `check_in` says.
async fn checked_in(id: i64, check_in: &Value) -> Desk {
    let desk = the_day("Ajat Rochmat").await;
    checkin::check_in(
        &desk.store,
        &desk.sari,
        id,
        &input(check_in),
        arrivals_now(),
    )
    .await
    .expect("check in");
    desk
}

/// Previews `check_in` of request `id`, then checks it in, leading to `then`.
async fn check_in_and_read(tape: &mut Tape, id: i64, check_in: Value, then: &str) -> Desk {
    let desk = the_day("Ajat Rochmat").await;
    let now = arrivals_now();
    let parsed = input(&check_in);
    let answer = checkin::check_in_preview(&desk.store, &desk.sari, id, &parsed, now).await;
    tape.keep(
        "start",
        "checkInPreview",
        json!([id, check_in]),
        &answer,
        None,
    );
    let answer = checkin::check_in(&desk.store, &desk.sari, id, &parsed, now).await;
    tape.keep(
        "start",
        "checkIn",
        json!([id, check_in]),
        &answer,
        Some(then),
    );
    arrivals_reads(tape, &desk, then, &[DAY]).await;
    desk
}

fn walk_in_input(check_in: Value, request: Value) -> Value {
    json!({ "request": request, "check_in": check_in })
}

#[tokio::test]
async fn arrivals_fixture() {
    let _turn = crate::common::run_beside_others();
    let now = arrivals_now();
    let mut tape = Tape::new("arrivals", now);

    let desk = the_day("Ajat Rochmat").await;
    let mut seed = Vec::new();
    for id in 1..=3 {
        seed.push(service::get_request(&desk.store, id).await.expect("seed"));
    }
    tape.seed("details", &seed);
    arrivals_reads(
        &mut tape,
        &desk,
        "start",
        &[DAY, "2026-12-08", "2026-03-02"],
    )
    .await;

    // What the core refuses before anything is recorded.
    for check_in in [
        check_in_input(&[], vec![], None),
        check_in_input(&[0, 2], vec![extra("", "Staf Ahli", "")], Some("25:99")),
    ] {
        let answer =
            checkin::check_in_preview(&desk.store, &desk.sari, 1, &input(&check_in), now).await;
        tape.keep(
            "start",
            "checkInPreview",
            json!([1, check_in]),
            &answer,
            None,
        );
    }
    let blank_walk_in = walk_in_input(
        check_in_input(&[0], vec![], Some("7.30")),
        json!({
            "channel": "in_person",
            "requester": { "kind": "regional_government", "region_code": null, "name": null },
            "contact": { "name": "", "whatsapp": "", "email": null },
            "topics": [],
            "description": "",
            "preferred_slots": [],
            "planned_guest_count": 1,
            "guests": [{ "name": "", "position": "", "institution": "", "contact": null, "is_regional_head": false }],
            "letter": null,
            "received_on": null
        }),
    );
    let answer = checkin::walk_in_preview(&desk.store, &input(&blank_walk_in), now).await;
    tape.keep(
        "start",
        "walkInPreview",
        json!([blank_walk_in]),
        &answer,
        None,
    );

    // Two of three guests and one unannounced, then the consultation completed.
    let desk = check_in_and_read(
        &mut tape,
        1,
        check_in_input(
            &[0, 2],
            vec![extra("Rahmat Hidayat", "Staf Ahli", "Bappeda Kab. Bogor")],
            Some("10:05"),
        ),
        "two-of-three",
    )
    .await;
    let answer = checkin::complete(&desk.store, &desk.sari, 1, now).await;
    tape.keep(
        "two-of-three",
        "completeRequest",
        json!([1]),
        &answer,
        Some("two-of-three-completed"),
    );
    arrivals_reads(&mut tape, &desk, "two-of-three-completed", &[DAY]).await;

    // Everyone with three more than announced: over the cap.
    let crowd = (1..=3)
        .map(|n| {
            extra(
                &format!("Tamu {}", if n == 3 { 4 } else { n }),
                "Staf",
                "Pemkab Bogor",
            )
        })
        .collect();
    check_in_and_read(
        &mut tape,
        1,
        check_in_input(&[0, 1, 2], crowd, None),
        "over-cap",
    )
    .await;

    // The Sekretaris Daerah alone, then the check-in voided (first without a reason).
    let desk = check_in_and_read(
        &mut tape,
        1,
        check_in_input(&[0], vec![], None),
        "one-guest",
    )
    .await;
    let check_in_id = checkin::check_in_view(&desk.store, 1)
        .await
        .expect("read")
        .expect("checked in")
        .id;
    for (reason, then) in [("", None), ("Salah centang tamu", Some("one-guest-voided"))] {
        let void = json!({ "reason": reason });
        let answer =
            checkin::void_check_in(&desk.store, &desk.sari, check_in_id, &input(&void), now).await;
        tape.keep(
            "one-guest",
            "voidCheckIn",
            json!([check_in_id, void]),
            &answer,
            then,
        );
    }
    arrivals_reads(&mut tape, &desk, "one-guest-voided", &[DAY]).await;
    let desk = checked_in(1, &check_in_input(&[0], vec![], None)).await;
    let again = checkin::check_in_view(&desk.store, 1)
        .await
        .expect("read")
        .expect("checked in");
    assert_eq!(again.id, check_in_id, "a fresh day gives the same ids");
    let void = json!({ "reason": "Tamu salah permohonan" });
    let answer =
        checkin::void_check_in(&desk.store, &desk.sari, check_in_id, &input(&void), now).await;
    tape.keep(
        "one-guest",
        "voidCheckIn",
        json!([check_in_id, void]),
        &answer,
        Some("one-guest-voided-wrong-request"),
    );
    arrivals_reads(&mut tape, &desk, "one-guest-voided-wrong-request", &[DAY]).await;

    // Nobody came to #2's slot, which ended at 09.00.
    let desk = the_day("Ajat Rochmat").await;
    let answer = checkin::mark_no_show(&desk.store, &desk.sari, 2, now).await;
    tape.keep("start", "markNoShow", json!([2]), &answer, Some("no-show"));
    arrivals_reads(&mut tape, &desk, "no-show", &[DAY]).await;

    // A Kota Bogor delegation without booking or letter.
    let desk = the_day("Ajat Rochmat").await;
    let walk_in = walk_in_input(
        check_in_input(&[0, 1], vec![], Some("10:20")),
        json!({
            "channel": "in_person",
            "requester": { "kind": "regional_government", "region_code": "32.71", "name": null },
            "contact": { "name": "Dewi Lestari", "whatsapp": "081298765432", "email": null },
            "topics": ["PDRD"],
            "description": "Konsultasi tarif PBB-P2.",
            "preferred_slots": [],
            "planned_guest_count": 2,
            "guests": [
                { "name": "Dewi Lestari", "position": "Kepala Bapenda", "institution": "Pemkot Bogor", "contact": null, "is_regional_head": false },
                { "name": "Andi Saputra", "position": "Analis", "institution": "Pemkot Bogor", "contact": null, "is_regional_head": false }
            ],
            "letter": null,
            "received_on": null
        }),
    );
    let parsed = input(&walk_in);
    let answer = checkin::walk_in_preview(&desk.store, &parsed, now).await;
    tape.keep("start", "walkInPreview", json!([walk_in]), &answer, None);
    let answer = checkin::walk_in(&desk.store, &desk.sari, &parsed, now).await;
    tape.keep(
        "start",
        "walkIn",
        json!([walk_in]),
        &answer,
        Some("walk-in"),
    );
    arrivals_reads(&mut tape, &desk, "walk-in", &[DAY]).await;

    // The video conference: the Sekretaris Daerah joined, the Walikota did not.
    check_in_and_read(
        &mut tape,
        3,
        check_in_input(&[0], vec![], None),
        "video-one-guest",
    )
    .await;

    // A guest's name that looks like markup stays text.
    let desk = the_day("<img src=\"x\" onerror=\"alert(1)\">Ajat").await;
    arrivals_reads(&mut tape, &desk, "markup-guest", &[DAY]).await;

    tape.check_or_update();
}

// ---------------------------------------------------------------------------------------------
// Laporan bulanan: November 2026, read on 10 December 2026.

#[tokio::test]
async fn report_fixture() {
    let _turn = crate::common::run_beside_others();
    let now = wib("2026-12-10", "09:00");
    let mut tape = Tape::new("report", now);

    let empty = Desk::open(now).await;
    let answer = history::monthly(&empty.store, "2026-12").await;
    tape.keep("empty", "monthlyReport", json!(["2026-12"]), &answer, None);

    let desk = Desk::open(wib("2026-09-20", "09:00")).await;
    // A Kabupaten Bogor video conference on 1 October that nobody attended.
    let no_show = request(
        "video_conference",
        "32.01",
        "DAU",
        vec![guest("Ajat Rochmat", "Sekretaris Daerah", false)],
        None,
    );
    let mut no_show = no_show;
    no_show["preferred_slots"] = json!([{ "date": "2026-10-01", "time": "09:00" }]);
    no_show["received_on"] = "2026-09-20".into();
    let booked = desk.create(&no_show, wib("2026-09-20", "09:00")).await;
    desk.schedule(
        booked.id,
        json!({ "date": "2026-10-01", "time": "09:00", "meeting_url": "https://zoom.us/j/2" }),
        wib("2026-09-20", "09:00"),
    )
    .await;
    checkin::mark_no_show(
        &desk.store,
        &desk.sari,
        booked.id,
        wib("2026-10-01", "12:00"),
    )
    .await
    .expect("no-show");

    // The DPRD of Kabupaten Bogor walked in on Friday 20 November without letter, six strong.
    let mut guests: Vec<Value> = (1..=5)
        .map(|n| guest(&format!("Anggota DPRD {n}"), "Anggota", false))
        .collect();
    guests[0]["position"] = "Ketua Komisi".into();
    let walk_in = walk_in_input(
        check_in_input(
            &[0, 1, 2, 3, 4],
            vec![extra("Staf Sekretariat DPRD", "Staf", "Sekretariat DPRD")],
            Some("09:10"),
        ),
        json!({
            "channel": "in_person",
            "requester": { "kind": "regional_council", "region_code": "32.01", "name": null },
            "contact": { "name": "Hendra", "whatsapp": "081298765432", "email": null },
            "topics": ["PDRD"],
            "description": "Konsultasi raperda pajak daerah.",
            "preferred_slots": [],
            "planned_guest_count": 5,
            "guests": guests,
            "letter": null,
            "received_on": null
        }),
    );
    let walked = checkin::walk_in(
        &desk.store,
        &desk.sari,
        &input(&walk_in),
        wib("2026-11-20", "09:15"),
    )
    .await
    .expect("walk in");
    checkin::complete(
        &desk.store,
        &desk.sari,
        walked.id,
        wib("2026-11-20", "11:00"),
    )
    .await
    .expect("complete");

    // Earlier video conferences, from the desk's own records.
    let csv = "saluran,tanggal,pengguna_layanan,topik\n\
               Video Conference,12 November 2026,Kota Jayapura,DAK Fisik\n\
               Video Conference,3 November 2026,Kab. Bogor,DAU dan DBH\n\
               Video Conference,15 September 2026,Prov. Bali,DAU\n";
    history::import_held_csv(&desk.store, &desk.sari, "riwayat.csv", csv, now)
        .await
        .expect("import");

    for month in ["2026-12", "2026-11"] {
        let answer = history::monthly(&desk.store, month).await;
        tape.keep("start", "monthlyReport", json!([month]), &answer, None);
    }
    tape.check_or_update();
}

// ---------------------------------------------------------------------------------------------
// The workflow as the request screen shows it.

const STATUSES: [RequestStatus; 10] = [
    RequestStatus::Draft,
    RequestStatus::Submitted,
    RequestStatus::Verified,
    RequestStatus::Scheduled,
    RequestStatus::Confirmed,
    RequestStatus::CheckedIn,
    RequestStatus::Completed,
    RequestStatus::Rejected,
    RequestStatus::Cancelled,
    RequestStatus::NoShow,
];

#[tokio::test]
async fn workflow_fixture() {
    let _turn = crate::common::run_beside_others();
    let now = wib("2026-11-28", "10:00");
    let mut tape = Tape::new("workflow", now);
    let desk = Desk::open(now).await;
    let agent = UserInput {
        name: "Andi".into(),
        role: Some(Role::Agent),
    };
    workflow::create_user(&desk.store, Some(&desk.sari), &agent, now)
        .await
        .expect("agent");
    let andi = workflow::actor(&desk.store, "Andi").await.expect("Andi");

    // What a request of each status and channel offers, and what each step meets.
    let mut offered = Map::new();
    let mut transitions = Vec::new();
    let stored = desk
        .create(
            &request("in_person", "32.01", "DAU", vec![], Some(letter())),
            now,
        )
        .await;
    for status in STATUSES {
        let mut by_channel = Map::new();
        for channel in [Channel::InPerson, Channel::VideoConference] {
            by_channel.insert(
                channel.as_str().to_owned(),
                json!({ "actions": actions_view(status, channel), "editable": editable(status) }),
            );
            let mut detail = stored.clone();
            detail.status = status;
            detail.channel = channel;
            for actor in [&desk.sari, &andi] {
                for action in DeskAction::ALL {
                    let outcome = workflow::authorise(&detail, action.transition(), actor);
                    let mut entry = json!({
                        "status": status, "channel": channel, "role": actor.role, "action": action
                    });
                    match outcome {
                        Ok(to) => entry["to"] = serde_json::to_value(to).expect("status"),
                        Err(error) => {
                            entry["error"] =
                                serde_json::to_value(error.to_payload()).expect("payload")
                        }
                    }
                    transitions.push(entry);
                }
            }
        }
        offered.insert(status.as_str().to_owned(), Value::Object(by_channel));
    }
    tape.seed("offered", offered);
    tape.seed("transitions", transitions);

    // Verification judges the stored letter: what it says of the letters the tests use.
    let tests_letter = json!({
        "number": "005/77",
        "date": "2026-11-10",
        "subject": "Permohonan konsultasi",
        "addressee": "Direktur Jenderal Perimbangan Keuangan",
        "signer": "Bupati Bogor",
        "scan": null
    });
    for (channel, letter) in [
        ("in_person", Some(tests_letter.clone())),
        ("in_person", {
            let mut wrong = tests_letter.clone();
            wrong["addressee"] = "Menteri Keuangan".into();
            Some(wrong)
        }),
        ("in_person", None),
        ("video_conference", None),
    ] {
        let created = desk
            .create(
                &request(channel, "32.01", "DAU", vec![], letter.clone()),
                now,
            )
            .await;
        let answer = workflow::verify_request(&desk.store, &desk.sari, created.id, now)
            .await
            .map(|_| ());
        tape.keep(
            "start",
            "verifyLetter",
            json!([{ "channel": channel, "letter": letter }]),
            &answer,
            None,
        );
    }
    tape.check_or_update();
}

// ---------------------------------------------------------------------------------------------
// Pemeriksaan aturan: the live rule check of the request form, on Saturday 28 November 2026.

/// The input the request form sends for a stored request it opened unchanged
/// (`RequestFormState.fromDetail(detail).checkInput()`).
fn form_input(detail: &RequestDetail) -> Value {
    let regional = detail.requester.region_code.is_some();
    json!({
        "channel": detail.channel,
        "requester": {
            "kind": detail.requester.kind,
            "region_code": detail.requester.region_code,
            "name": if regional { Value::Null } else { detail.requester.label.clone().into() },
        },
        "contact": { "name": detail.contact.name, "whatsapp": detail.contact.whatsapp, "email": detail.contact.email },
        "topics": detail.topics.iter().map(|t| t.code.clone()).collect::<Vec<_>>(),
        "description": detail.description,
        "preferred_slots": detail.preferred_slots.iter().map(|s| json!({ "date": s.date, "time": s.time })).collect::<Vec<_>>(),
        "planned_guest_count": detail.planned_guest_count,
        "guests": detail.guests.iter().map(|g| json!({
            "name": g.name, "position": g.position, "institution": g.institution,
            "contact": g.contact, "is_regional_head": g.is_regional_head
        })).collect::<Vec<_>>(),
        "letter": detail.letter.as_ref().map(|l| json!({
            "number": l.number, "date": l.date, "subject": l.subject,
            "addressee": l.addressee, "signer": l.signer, "scan": null
        })),
        "received_on": detail.received_on,
    })
}

#[tokio::test]
async fn findings_fixture() {
    let _turn = crate::common::run_beside_others();
    let now = wib("2026-11-28", "10:00");
    let mut tape = Tape::new("findings", now);
    let desk = Desk::open(now).await;
    // From 15 November a video conference may have up to 30 participants.
    let wider = konsultasi::policy::PolicySettings {
        guest_cap_video: 30,
        ..Default::default()
    };
    let version = json!({ "effective_from": "2026-11-15", "settings": wider, "note": "Kuota video diperluas" });
    settings::set_policy(&desk.store, &desk.sari, &input(&version), now)
        .await
        .expect("policy version");

    // #1 A tatap muka without letter, proposed for the coming Tuesday.
    let mut early = request("in_person", "32.01", "DAU", vec![], None);
    early["contact"]["name"] = "Budi".into();
    early["preferred_slots"] = json!([{ "date": "2026-12-01", "time": "09:00" }]);
    early["received_on"] = "2026-11-27".into();
    let one = desk.create(&early, now).await;
    // #2 A Kota Bogor video conference of 25, received on 18 November.
    let mut large = request("video_conference", "32.71", "PDRD", vec![], None);
    large["planned_guest_count"] = 25.into();
    large["preferred_slots"] = json!([{ "date": "2026-12-03", "time": "09:00" }]);
    large["received_on"] = "2026-11-18".into();
    let two = desk.create(&large, now).await;
    // #3 Kabupaten Bogor asks about DAU again by video: #1 may be its duplicate.
    desk.create(
        &request("video_conference", "32.01", "DAU", vec![], None),
        now,
    )
    .await;
    tape.seed("details", [&one, &two]);

    let mut checks = Vec::new();
    let opened = form_input(&one);
    let mut named = opened.clone();
    named["contact"]["name"] = "Budi Santoso".into();
    checks.extend([(Some(one.id), opened), (Some(one.id), named)]);
    let opened = form_input(&two);
    let mut earlier = opened.clone();
    earlier["received_on"] = "2026-11-10".into();
    checks.extend([(Some(two.id), opened), (Some(two.id), earlier)]);
    // A new form as it opens, then with a description typed: not yet readable.
    let blank = json!({
        "channel": "video_conference",
        "requester": { "kind": "regional_government", "region_code": null, "name": null },
        "contact": { "name": "", "whatsapp": "", "email": null },
        "topics": [],
        "description": "",
        "preferred_slots": [{ "date": "", "time": "" }],
        "planned_guest_count": 1,
        "guests": [],
        "letter": null,
        "received_on": null
    });
    for description in ["", "Konsultasi DAU", "Konsultasi DAU dan DAK"] {
        let mut typed = blank.clone();
        typed["description"] = description.into();
        checks.push((None, typed));
    }
    for (id, check) in checks {
        let answer = scheduling::check_request_input(&desk.store, id, &input(&check), now).await;
        tape.keep(
            "start",
            "checkRequestInput",
            json!([id, check]),
            &answer,
            None,
        );
    }
    tape.check_or_update();
}

// ---------------------------------------------------------------------------------------------
// Jadwalkan: the slot finder for a verified tatap muka, on Saturday 28 November 2026.

#[tokio::test]
async fn schedule_fixture() {
    let _turn = crate::common::run_beside_others();
    let now = wib("2026-11-28", "10:00");
    let mut tape = Tape::new("schedule", now);
    let desk = Desk::open(now).await;
    let letter = json!({
        "number": "005/77",
        "date": "2026-11-10",
        "subject": "Permohonan konsultasi",
        "addressee": "Direktur Jenderal Perimbangan Keuangan",
        "signer": "Bupati Bogor",
        "scan": null
    });
    // #1 proposes Tuesday 8 December 09.00 and Thursday 24 December 10.00 (cuti bersama).
    let mut preferring = request(
        "in_person",
        "32.01",
        "DAU",
        vec![guest("Ajat Rochmat", "Sekretaris Daerah", false)],
        Some(letter.clone()),
    );
    preferring["preferred_slots"] = json!([{ "date": "2026-12-08", "time": "09:00" }, { "date": "2026-12-24", "time": "10:00" }]);
    let one = desk.create(&preferring, now).await;
    desk.verify(one.id, now).await;
    // #2 plans nine guests for a tatap muka: no slot can take it.
    let mut crowd = request("in_person", "32.71", "PDRD", vec![], Some(letter));
    crowd["planned_guest_count"] = 9.into();
    let two = desk.create(&crowd, now).await;
    desk.verify(two.id, now).await;

    let mut details = Vec::new();
    for id in [one.id, two.id] {
        details.push(service::get_request(&desk.store, id).await.expect("seed"));
    }
    tape.seed("details", &details);
    tape.seed(
        "rooms",
        settings::list_rooms(&desk.store).await.expect("rooms"),
    );
    let search = json!({ "from": null, "to": null, "count": 10, "unit_code": null, "duration_minutes": null, "resource_person_ids": [] });
    for id in [one.id, two.id] {
        let answer = scheduling::suggest_slots(&desk.store, id, &input(&search), now).await;
        tape.keep("start", "suggestSlots", json!([id, search]), &answer, None);
    }
    tape.check_or_update();
}
