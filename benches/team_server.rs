//! Load on the team server: 50 desks signed in at once, each working its role's mix of reads
//! and writes for a bounded time over loopback, through a real `konsultasi serve`.
//!
//! `bash scripts/bench.sh team-server` starts a throw-away PostgreSQL on loopback (see
//! scripts/lib.sh), builds the release binary and runs
//! `cargo bench --bench team_server -- [--seconds N] [--think-ms N] [--sqlite]` against it.
//!
//! The run, from nothing:
//! 1. a fresh database: a new one on the PostgreSQL server that `KONSULTASI_TEST_POSTGRES`
//!    names (required), or with `--sqlite` a file in a temporary folder;
//! 2. the first admin through `konsultasi accounts add --password-stdin`; then, through the
//!    server (`KONSULTASI_BIN`, default target/release/konsultasi), 50 accounts the admin makes
//!    (30 agents, 15 secretariat, 5 team leaders), each signing in and replacing its first
//!    password; 300 requests registered by the desks, the desk's past; the video conferences
//!    the secretariat will check in to, scheduled and then moved to today in the database, as
//!    the calendar would have brought them there; and the free slots the desks will fight over;
//! 3. for `--seconds` (60) every desk loops over its role's mix with a pause of 0 to
//!    2 × `--think-ms` (500) between calls: request lists by filter and by text, a request,
//!    the dashboard, the calendar, slot suggestions, the day's arrivals; registering; scheduling
//!    on a contested slot (four desks, each with its own request, released together at one
//!    unit's one hour: one must win, the others hear 409); confirming what it won; check-ins.
//!    Every fifth desk also listens to `/api/events` and times each write's `change` from the
//!    writer's answer to its arrival.
//!
//! The report: throughput, p50/p99/max per operation beside its target (reads p99 ≤ 50 ms,
//! writes ≤ 150 ms), answers by status, the winners of every contested slot (checked again on
//! the calendar), and the live-update delay. The exit status is 1 on an unexpected answer, a
//! contested slot without exactly one winner, or a change a listener never heard.

use std::collections::HashMap;
use std::io::{BufRead as _, BufReader, Write as _};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, AtomicU64, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use futures_util::StreamExt as _;
use serde_json::{Value, json};
use tokio::sync::{oneshot, watch};

use konsultasi::Store;
use konsultasi::api::{
    ContactInput, GuestInput, LetterInput, PreferredSlotInput, RequestInput, RequesterInput,
};
use konsultasi::domain::{Channel, RequesterKind};
use konsultasi::store::backend::{Backend, Location};
use konsultasi::time::{office_date_and_clock, office_day, office_day_bounds, system_now};
use konsultasi::workflow::Role;

/// The PostgreSQL server the bench makes its database on (a superuser URL, as
/// `start_test_postgres` in scripts/lib.sh exports it).
const POSTGRES_ENV: &str = "KONSULTASI_TEST_POSTGRES";
const BIN_ENV: &str = "KONSULTASI_BIN";

/// The team: 50 desks.
const TEAM: [(Role, &str, usize); 3] = [
    (Role::Agent, "agen", 30),
    (Role::Secretariat, "sekre", 15),
    (Role::TeamLeader, "ketua", 5),
];
/// Every this many desks, one also listens to the live changes.
const LISTENER_EVERY: usize = 5;
const BACKGROUND_REQUESTS: usize = 300;
/// Desks released together at one contested slot.
const RACERS: usize = 4;
/// How long a desk at a contested slot waits for the other racers before it goes alone.
const GATE_WAIT: Duration = Duration::from_secs(1);
/// Today's bookings to check in to, and contested slots, per second of the run: more than the
/// mix uses at the default pace; flat out the check-ins run dry first (the report says when).
const CHECK_INS_PER_SECOND: usize = 3;
const CONTESTS_PER_SECOND: usize = 15;

const READ_TARGET: Duration = Duration::from_millis(50);
const WRITE_TARGET: Duration = Duration::from_millis(150);
/// The bound the team server's own test holds a change to.
const LIVE_TARGET: Duration = Duration::from_secs(2);

const ADMIN_PASSWORD: &str = "meja-DJPK-utama-1";
const FIRST_PASSWORD: &str = "sandi-awal-2026!";
const OWN_PASSWORD: &str = "sandi-beban-2026!";
/// The units of a new desk. Bookings name no resource person, so one booking holds its unit's
/// hour and a second one there is refused.
const UNITS: [&str; 7] = ["SET", "DTU", "DTK", "DIOK", "PDRD", "PKD", "EPIKD"];
const TOPICS: [(&str, &str); 8] = [
    ("DAU", "penggunaan DAU"),
    ("DBH", "penyaluran DBH"),
    ("DAK_FISIK", "DAK Fisik"),
    ("DANA_DESA", "penyaluran Dana Desa"),
    ("PDRD", "pajak daerah dan retribusi"),
    ("PEMBIAYAAN", "pinjaman daerah"),
    ("APBD", "penyusunan APBD"),
    ("KAPASITAS_FISKAL", "kapasitas fiskal"),
];
const FIRST_NAMES: [&str; 12] = [
    "Rina", "Budi", "Siti", "Agus", "Dewi", "Hendra", "Wati", "Yusuf", "Ayu", "Joko", "Lestari",
    "Made",
];
const LAST_NAMES: [&str; 10] = [
    "Marlina",
    "Santoso",
    "Rahayu",
    "Saputra",
    "Wijaya",
    "Nasution",
    "Siregar",
    "Pratama",
    "Hidayat",
    "Kurniawan",
];

struct Options {
    seconds: u64,
    think: Duration,
    sqlite: bool,
}

fn options() -> Options {
    let usage = "usage: cargo bench --bench team_server -- [--seconds N] [--think-ms N] [--sqlite]";
    let mut options = Options {
        seconds: 60,
        think: Duration::from_millis(500),
        sqlite: false,
    };
    let mut args = std::env::args();
    // The program's own path.
    args.next();
    while let Some(arg) = args.next() {
        let mut number = |name: &str| -> u64 {
            args.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} needs a whole number; {usage}"))
        };
        match arg.as_str() {
            // `cargo bench` passes it to every bench.
            "--bench" => {}
            "--seconds" => options.seconds = number("--seconds").clamp(1, 600),
            "--think-ms" => options.think = Duration::from_millis(number("--think-ms").min(10_000)),
            "--sqlite" => options.sqlite = true,
            other => panic!("unknown argument {other:?}; {usage}"),
        }
    }
    options
}

fn locked<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Nothing panics while one is held.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// The bench's own database: a new one on the run's PostgreSQL server, or an SQLite file.
enum Database {
    Postgres {
        server: String,
        name: String,
        url: String,
    },
    Sqlite {
        path: PathBuf,
        _dir: tempfile::TempDir,
    },
}

impl Database {
    async fn create(sqlite: bool) -> Self {
        if sqlite {
            let dir = tempfile::tempdir().expect("temp dir");
            return Database::Sqlite {
                path: dir.path().join("tim.db"),
                _dir: dir,
            };
        }
        let server = std::env::var(POSTGRES_ENV).unwrap_or_else(|_| {
            panic!(
                "{POSTGRES_ENV} is not set: run `bash scripts/bench.sh team-server`, which starts \
                 a PostgreSQL server, or pass --sqlite"
            )
        });
        let name = format!("konsultasi_team_bench_{}", std::process::id());
        Self::administer(&server, &format!("CREATE DATABASE \"{name}\"")).await;
        let url = database_url(&server, &name);
        Database::Postgres { server, name, url }
    }

    async fn administer(server: &str, statement: &str) {
        use sqlx::Connection as _;
        let mut admin = sqlx::PgConnection::connect(server)
            .await
            .unwrap_or_else(|e| panic!("connect to {POSTGRES_ENV}: {e}"));
        // The names are the bench's own ([a-z0-9_]).
        sqlx::raw_sql(sqlx::AssertSqlSafe(statement.to_owned()))
            .execute(&mut admin)
            .await
            .unwrap_or_else(|e| panic!("{statement}: {e}"));
        admin.close().await.expect("close");
    }

    /// What `--db` names.
    fn arg(&self) -> String {
        match self {
            Database::Postgres { url, .. } => url.clone(),
            Database::Sqlite { path, .. } => path.display().to_string(),
        }
    }

    fn label(&self) -> &'static str {
        match self {
            Database::Postgres { .. } => "PostgreSQL",
            Database::Sqlite { .. } => "SQLite",
        }
    }

    async fn remove(self) {
        if let Database::Postgres { server, name, .. } = self {
            Self::administer(&server, &format!("DROP DATABASE \"{name}\" WITH (FORCE)")).await;
        }
    }
}

/// `server` (a URL ending in a database name) with `name` as its database.
fn database_url(server: &str, name: &str) -> String {
    let (base, query) = server.split_once('?').unwrap_or((server, ""));
    let head = base.rsplit_once('/').map_or(base, |(head, _)| head);
    if query.is_empty() {
        format!("{head}/{name}")
    } else {
        format!("{head}/{name}?{query}")
    }
}

fn konsultasi_bin() -> PathBuf {
    let bin = std::env::var_os(BIN_ENV).map_or_else(
        || PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/release/konsultasi"),
        PathBuf::from,
    );
    assert!(
        bin.is_file(),
        "{} is missing: build it with `cargo build --release -p konsultasi --bin konsultasi`, \
         or name another with {BIN_ENV}",
        bin.display()
    );
    bin
}

/// The first admin, as whoever installs the server makes it.
fn first_admin(bin: &Path, db: &str) {
    let mut child = Command::new(bin)
        .env_remove("KONSULTASI_DB")
        .args(["--db", db, "accounts", "add", "--username", "admin"])
        .args(["--name", "Admin Tim", "--role", "admin", "--password-stdin"])
        .stdin(Stdio::piped())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run konsultasi accounts add");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(format!("{ADMIN_PASSWORD}\n").as_bytes())
        .expect("the password line");
    let done = child.wait_with_output().expect("accounts add");
    assert!(
        done.status.success(),
        "accounts add: {}",
        String::from_utf8_lossy(&done.stderr)
    );
}

/// The running `konsultasi serve`, stopped when dropped.
struct Server {
    child: Child,
    url: String,
}

impl Server {
    fn start(bin: &Path, db: &str) -> Self {
        let mut child = Command::new(bin)
            .env_remove("KONSULTASI_DB")
            .args(["--db", db, "serve", "--listen", "127.0.0.1:0"])
            // 50 desks sign in from one loopback address.
            .args(["--sign-ins-per-minute", "10000"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start konsultasi serve");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("the server's first line");
        let started: Value = serde_json::from_str(&line)
            .unwrap_or_else(|e| panic!("the server did not start ({e}): {line:?}"));
        let url = started["listening"]
            .as_str()
            .expect("the server's address")
            .to_owned();
        Self { child, url }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One answer of the server: its status (0 when the connection failed), body and time taken.
struct Answer {
    status: u16,
    body: Vec<u8>,
    took: Duration,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or(Value::Null)
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body)
            .chars()
            .take(300)
            .collect()
    }
}

/// A desk's connection to the server, signed in or not.
#[derive(Clone)]
struct Client {
    http: reqwest::Client,
    url: String,
    token: Option<String>,
}

impl Client {
    fn new(url: &str) -> Self {
        Self {
            http: reqwest::Client::builder()
                .tcp_nodelay(true)
                .build()
                .expect("HTTP client"),
            url: url.to_owned(),
            token: None,
        }
    }

    async fn post(&self, path: &str, body: &Value) -> Answer {
        let mut request = self.http.post(format!("{}{path}", self.url)).json(body);
        if let Some(token) = &self.token {
            request = request.bearer_auth(token);
        }
        let started = Instant::now();
        let answered = match request.send().await {
            Ok(response) => {
                let status = response.status().as_u16();
                response.bytes().await.map(|body| (status, body.to_vec()))
            }
            Err(error) => Err(error),
        };
        let took = started.elapsed();
        match answered {
            Ok((status, body)) => Answer { status, body, took },
            Err(error) => Answer {
                status: 0,
                body: error.to_string().into_bytes(),
                took,
            },
        }
    }

    async fn call(&self, operation: &str, arguments: &Value) -> Answer {
        self.post(&format!("/api/call/{operation}"), arguments)
            .await
    }

    /// A call of the set-up, which must succeed.
    async fn must(&self, operation: &str, arguments: Value) -> Value {
        let answer = self.call(operation, &arguments).await;
        assert_eq!(
            answer.status,
            200,
            "{operation} {arguments}: {}",
            answer.text()
        );
        answer.json()
    }

    async fn sign_in(&mut self, username: &str, password: &str) -> Value {
        let answer = self
            .post(
                "/api/sign-in",
                &json!({ "username": username, "password": password, "desk": format!("MEJA-{username}") }),
            )
            .await;
        assert_eq!(answer.status, 200, "sign-in {username}: {}", answer.text());
        let body = answer.json();
        self.token = Some(body["token"].as_str().expect("token").to_owned());
        body
    }
}

/// One signed-in desk of the team.
struct Desk {
    number: usize,
    username: String,
    role: Role,
    client: Client,
}

/// A small xorshift generator: each desk its own, seeded from its number, so that runs are
/// alike.
struct Dice(u64);

impl Dice {
    fn new(seed: u64) -> Self {
        Self(seed.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

struct Region {
    code: String,
    name: String,
}

/// The regencies and cities of data/regions.csv: the Pemda that write in.
fn regions() -> Vec<Region> {
    let csv = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/data/regions.csv"))
        .expect("data/regions.csv");
    let mut lines = csv.lines();
    // The header.
    lines.next();
    lines
        .filter_map(|line| {
            let fields: Vec<&str> = line.split(',').collect();
            matches!(fields.get(2), Some(&"regency") | Some(&"city")).then(|| Region {
                code: fields[0].to_owned(),
                name: fields[1].to_owned(),
            })
        })
        .collect()
}

/// A request as a Pemda writes it: received today, its wishes three weeks ahead, a letter to
/// the Director General and two guests.
fn request_input(dice: &mut Dice, region: &Region, channel: Channel, serial: u64) -> RequestInput {
    let today = office_day(system_now());
    let later = today + TimeDelta::days(21 + dice.below(7) as i64);
    let (topic, about) = *dice.pick(&TOPICS);
    let mut topics = vec![topic.to_owned()];
    if dice.chance(30) {
        let (other, _) = *dice.pick(&TOPICS);
        if other != topic {
            topics.push(other.to_owned());
        }
    }
    let contact = format!("{} {}", dice.pick(&FIRST_NAMES), dice.pick(&LAST_NAMES));
    let institution = format!("BPKAD {}", region.name);
    RequestInput {
        channel: Some(channel),
        requester: RequesterInput {
            kind: Some(RequesterKind::RegionalGovernment),
            region_code: Some(region.code.clone()),
            name: None,
        },
        contact: ContactInput {
            name: contact.clone(),
            whatsapp: format!("0812{:08}", serial % 100_000_000),
            email: None,
        },
        topics,
        description: format!("Konsultasi {about} {}", region.name),
        preferred_slots: vec![
            PreferredSlotInput {
                date: later.to_string(),
                time: "09:00".into(),
            },
            PreferredSlotInput {
                date: (later + TimeDelta::days(1)).to_string(),
                time: "13:30".into(),
            },
        ],
        planned_guest_count: 2 + dice.below(3) as i64,
        guests: vec![
            GuestInput {
                name: contact,
                position: "Kepala BPKAD".into(),
                institution: institution.clone(),
                contact: None,
                is_regional_head: false,
            },
            GuestInput {
                name: format!("{} {}", dice.pick(&FIRST_NAMES), dice.pick(&LAST_NAMES)),
                position: "Kepala Bidang Anggaran".into(),
                institution,
                contact: None,
                is_regional_head: false,
            },
        ],
        letter: Some(LetterInput {
            number: format!("900/{serial}/BPKAD/{}", today.format("%Y")),
            date: today.to_string(),
            subject: format!("Permohonan Konsultasi {about}"),
            addressee: "Direktur Jenderal Perimbangan Keuangan".into(),
            signer: format!("Sekretaris Daerah {}", region.name),
            scan: None,
        }),
        received_on: Some(today.to_string()),
    }
}

/// One unit's free hour, far enough from every other one kept that each can hold a booking.
#[derive(Clone)]
struct FreeSlot {
    date: String,
    time: String,
    unit: String,
    start: DateTime<Utc>,
}

impl FreeSlot {
    fn schedule_input(&self, serial: u64) -> Value {
        json!({
            "date": self.date,
            "time": self.time,
            "unit_code": self.unit,
            "meeting_url": format!("https://meet.example.go.id/konsultasi-{serial}"),
        })
    }
}

/// `per_unit` free slots of each unit from `from` on, as the desk's slot search offers them,
/// kept `spacing` apart within a unit so that no two can refuse each other.
async fn free_slots(
    client: &Client,
    probe: i64,
    per_unit: usize,
    from: NaiveDate,
    spacing: TimeDelta,
) -> Vec<FreeSlot> {
    let mut all = Vec::new();
    for unit in UNITS {
        let mut kept: Vec<FreeSlot> = Vec::new();
        let mut window = from;
        while kept.len() < per_unit && window < from + TimeDelta::days(600) {
            let until = window + TimeDelta::days(13);
            let found = client
                .must(
                    "suggest_slots",
                    json!({ "id": probe, "search": {
                        "from": window.to_string(), "to": until.to_string(), "count": 50, "unit_code": unit
                    }}),
                )
                .await;
            for suggestion in found["suggestions"].as_array().into_iter().flatten() {
                let (Some(date), Some(time), Some(starts)) = (
                    suggestion["date"].as_str(),
                    suggestion["time"].as_str(),
                    suggestion["starts_at"].as_str(),
                ) else {
                    continue;
                };
                let start = DateTime::parse_from_rfc3339(starts)
                    .expect("starts_at")
                    .with_timezone(&Utc);
                let in_window = NaiveDate::parse_from_str(date, "%Y-%m-%d")
                    .is_ok_and(|day| window <= day && day <= until);
                if suggestion["unit_code"] == unit
                    && in_window
                    && kept.len() < per_unit
                    && kept.iter().all(|k| (k.start - start).abs() >= spacing)
                {
                    kept.push(FreeSlot {
                        date: date.to_owned(),
                        time: time.to_owned(),
                        unit: unit.to_owned(),
                        start,
                    });
                }
            }
            window = until + TimeDelta::days(1);
        }
        assert_eq!(kept.len(), per_unit, "free slots of unit {unit}");
        all.extend(kept);
    }
    all.sort_by(|a, b| (a.start, &a.unit).cmp(&(b.start, &b.unit)));
    all
}

/// The operations of the mix, as the report names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Op {
    ListFiltered,
    ListText,
    GetRequest,
    Dashboard,
    Calendar,
    SuggestSlots,
    Arrivals,
    CreateRequest,
    Schedule,
    Confirm,
    CheckIn,
}

impl Op {
    const ALL: [Op; 11] = [
        Op::ListFiltered,
        Op::ListText,
        Op::GetRequest,
        Op::Dashboard,
        Op::Calendar,
        Op::SuggestSlots,
        Op::Arrivals,
        Op::CreateRequest,
        Op::Schedule,
        Op::Confirm,
        Op::CheckIn,
    ];

    fn label(self) -> &'static str {
        match self {
            Op::ListFiltered => "list_requests (filters)",
            Op::ListText => "list_requests (text search)",
            Op::GetRequest => "get_request",
            Op::Dashboard => "dashboard",
            Op::Calendar => "calendar (a week)",
            Op::SuggestSlots => "suggest_slots",
            Op::Arrivals => "arrivals",
            Op::CreateRequest => "create_request",
            Op::Schedule => "schedule_request (contested)",
            Op::Confirm => "confirm_request",
            Op::CheckIn => "check_in",
        }
    }

    fn writes(self) -> bool {
        matches!(
            self,
            Op::CreateRequest | Op::Schedule | Op::Confirm | Op::CheckIn
        )
    }
}

/// What each role does, in percent of its calls.
fn mix(role: Role) -> &'static [(Op, usize)] {
    match role {
        Role::Agent => &[
            (Op::ListFiltered, 20),
            (Op::ListText, 20),
            (Op::GetRequest, 22),
            (Op::Dashboard, 8),
            (Op::Calendar, 8),
            (Op::SuggestSlots, 6),
            (Op::CreateRequest, 4),
            (Op::Schedule, 8),
            (Op::Confirm, 4),
        ],
        Role::Secretariat => &[
            (Op::ListFiltered, 16),
            (Op::ListText, 16),
            (Op::GetRequest, 24),
            (Op::Dashboard, 8),
            (Op::Calendar, 6),
            (Op::SuggestSlots, 4),
            (Op::Arrivals, 8),
            (Op::CreateRequest, 3),
            (Op::Schedule, 6),
            (Op::Confirm, 4),
            (Op::CheckIn, 5),
        ],
        Role::TeamLeader | Role::Admin => &[
            (Op::ListFiltered, 20),
            (Op::ListText, 15),
            (Op::GetRequest, 20),
            (Op::Dashboard, 20),
            (Op::Calendar, 15),
            (Op::SuggestSlots, 3),
            (Op::CreateRequest, 1),
            (Op::Schedule, 3),
            (Op::Confirm, 3),
        ],
    }
}

/// One contested slot: the desks that drew it wait at its gate until all are there.
struct Contest {
    slot: FreeSlot,
    arrived: AtomicUsize,
    gate: watch::Sender<bool>,
    /// The statuses its racers were answered.
    outcomes: Mutex<Vec<u16>>,
}

/// What the listeners heard and the writers wrote, to time each change.
#[derive(Default)]
struct Live {
    /// (request, audit action, when the writer sent it, when it had its answer).
    writes: Mutex<Vec<(i64, &'static str, Instant, Instant)>>,
    heard: Mutex<HashMap<(i64, String), Vec<Instant>>>,
    listeners: AtomicUsize,
    resyncs: AtomicUsize,
    broken: AtomicUsize,
}

impl Live {
    fn wrote(&self, request: i64, action: &'static str, answer: &Answer) {
        let answered = Instant::now();
        let sent = answered.checked_sub(answer.took).unwrap_or(answered);
        locked(&self.writes).push((request, action, sent, answered));
    }
}

/// What every desk shares.
struct Shared {
    deadline: Instant,
    think: Duration,
    regions: Vec<Region>,
    today: NaiveDate,
    contest_week: NaiveDate,
    /// Every request, and those of the desk's past that nobody schedules.
    known: Mutex<Vec<i64>>,
    background: Vec<i64>,
    serial: AtomicU64,
    /// Today's bookings not yet checked in, and when they ran out.
    arrivals: Mutex<Vec<i64>>,
    arrivals_dry: Mutex<Option<Duration>>,
    contests: Vec<Contest>,
    tickets: AtomicUsize,
    contests_dry: AtomicBool,
    started: Instant,
    live: Live,
}

impl Shared {
    fn serial(&self) -> u64 {
        self.serial.fetch_add(1, Ordering::Relaxed)
    }

    fn some_request(&self, dice: &mut Dice) -> i64 {
        let known = locked(&self.known);
        *dice.pick(&known)
    }
}

/// One desk's tally.
#[derive(Default)]
struct Tally {
    latencies: HashMap<Op, Vec<Duration>>,
    statuses: HashMap<(Op, u16), usize>,
    unexpected: usize,
    samples: Vec<String>,
}

impl Tally {
    fn record(&mut self, op: Op, answer: &Answer, desk: &Desk) {
        self.latencies.entry(op).or_default().push(answer.took);
        *self.statuses.entry((op, answer.status)).or_default() += 1;
        let expected = answer.status == 200 || (op == Op::Schedule && answer.status == 409);
        if !expected {
            self.unexpected += 1;
            if self.samples.len() < 5 {
                self.samples.push(format!(
                    "{} by {} ({}): {} {}",
                    op.label(),
                    desk.username,
                    desk.role.as_str(),
                    answer.status,
                    answer.text()
                ));
            }
        }
    }

    fn merge(&mut self, other: Tally) {
        for (op, samples) in other.latencies {
            self.latencies.entry(op).or_default().extend(samples);
        }
        for (key, count) in other.statuses {
            *self.statuses.entry(key).or_default() += count;
        }
        self.unexpected += other.unexpected;
        self.samples.extend(other.samples);
    }
}

/// The requests a desk registered and has not booked yet, and those it booked.
#[derive(Default)]
struct Own {
    unbooked: Vec<i64>,
    booked: Vec<i64>,
}

async fn run_desk(desk: Desk, shared: Arc<Shared>) -> Tally {
    let mut dice = Dice::new(desk.number as u64 + 1000);
    let mut tally = Tally::default();
    let mut own = Own::default();
    let mix = mix(desk.role);
    let total: usize = mix.iter().map(|(_, weight)| weight).sum();
    // Desks start spread over the first pause, not in one burst.
    tokio::time::sleep(shared.think.mul_f64(dice.below(1000) as f64 / 500.0)).await;
    while Instant::now() < shared.deadline {
        let mut roll = dice.below(total);
        let op = mix
            .iter()
            .find(|(_, weight)| {
                let hit = roll < *weight;
                roll = roll.saturating_sub(*weight);
                hit
            })
            .map_or(Op::GetRequest, |(op, _)| *op);
        step(op, &desk, &shared, &mut dice, &mut own, &mut tally).await;
        let pause = shared.think.mul_f64(dice.below(1000) as f64 / 500.0);
        tokio::time::sleep(pause).await;
    }
    tally
}

async fn step(
    op: Op,
    desk: &Desk,
    shared: &Shared,
    dice: &mut Dice,
    own: &mut Own,
    tally: &mut Tally,
) {
    let client = &desk.client;
    match op {
        Op::ListFiltered => {
            let filter = match dice.below(10) {
                0..=3 => json!({ "region_code": dice.pick(&shared.regions).code }),
                4..=5 => json!({
                    "status": "scheduled",
                    "from": shared.contest_week.to_string(),
                    "to": (shared.contest_week + TimeDelta::days(6)).to_string(),
                }),
                6..=7 => json!({
                    "unit_code": dice.pick(&UNITS),
                    "from": (shared.today + TimeDelta::days(21)).to_string(),
                    "to": (shared.today + TimeDelta::days(23)).to_string(),
                }),
                // The queue of tatap muka still to schedule: the longest list a desk reads.
                _ => json!({ "status": "submitted", "channel": "in_person" }),
            };
            let answer = client
                .call("list_requests", &json!({ "filter": filter }))
                .await;
            tally.record(op, &answer, desk);
        }
        Op::ListText => {
            let text = match dice.below(10) {
                0..=3 => dice
                    .pick(&shared.regions)
                    .name
                    .rsplit(' ')
                    .next()
                    .unwrap_or("Bogor")
                    .to_owned(),
                4..=7 => (*dice.pick(&LAST_NAMES)).to_owned(),
                _ => format!(
                    "900/{}/",
                    dice.below(shared.serial.load(Ordering::Relaxed) as usize)
                ),
            };
            let answer = client
                .call("list_requests", &json!({ "filter": { "text": text } }))
                .await;
            tally.record(op, &answer, desk);
        }
        Op::GetRequest => {
            let id = shared.some_request(dice);
            let answer = client.call("get_request", &json!({ "id": id })).await;
            tally.record(op, &answer, desk);
        }
        Op::Dashboard => {
            let answer = client.call("dashboard", &json!({})).await;
            tally.record(op, &answer, desk);
        }
        Op::Calendar => {
            let from = if dice.chance(50) {
                shared.today
            } else {
                shared.contest_week
            };
            let filter =
                json!({ "from": from.to_string(), "to": (from + TimeDelta::days(6)).to_string() });
            let answer = client.call("calendar", &json!({ "filter": filter })).await;
            tally.record(op, &answer, desk);
        }
        Op::SuggestSlots => {
            let id = match own.unbooked.last() {
                Some(id) => *id,
                None => *dice.pick(&shared.background),
            };
            let answer = client
                .call(
                    "suggest_slots",
                    &json!({ "id": id, "search": { "count": 5 } }),
                )
                .await;
            tally.record(op, &answer, desk);
        }
        Op::Arrivals => {
            let answer = client
                .call("arrivals", &json!({ "date": shared.today.to_string() }))
                .await;
            tally.record(op, &answer, desk);
        }
        Op::CreateRequest => {
            let channel = if dice.chance(80) {
                Channel::VideoConference
            } else {
                Channel::InPerson
            };
            create(desk, shared, dice, own, tally, channel).await;
        }
        Op::Schedule => {
            if own.unbooked.is_empty() {
                create(desk, shared, dice, own, tally, Channel::VideoConference).await;
            }
            let Some(&id) = own.unbooked.last() else {
                return;
            };
            let ticket = shared.tickets.fetch_add(1, Ordering::Relaxed);
            let Some(contest) = shared.contests.get(ticket / RACERS) else {
                shared.contests_dry.store(true, Ordering::Relaxed);
                return Box::pin(step(Op::GetRequest, desk, shared, dice, own, tally)).await;
            };
            let mut gate = contest.gate.subscribe();
            if contest.arrived.fetch_add(1, Ordering::AcqRel) + 1 >= RACERS {
                contest.gate.send_replace(true);
            } else {
                let _ = tokio::time::timeout(GATE_WAIT, gate.wait_for(|open| *open)).await;
            }
            let input = contest.slot.schedule_input(shared.serial());
            let answer = client
                .call("schedule_request", &json!({ "id": id, "input": input }))
                .await;
            locked(&contest.outcomes).push(answer.status);
            tally.record(op, &answer, desk);
            if answer.status == 200 {
                shared.live.wrote(id, "schedule", &answer);
                own.unbooked.retain(|other| *other != id);
                own.booked.push(id);
            }
        }
        Op::Confirm => {
            let Some(id) = own.booked.pop() else {
                return Box::pin(step(Op::GetRequest, desk, shared, dice, own, tally)).await;
            };
            let (date, time) = office_date_and_clock(system_now() - TimeDelta::minutes(1));
            let input = json!({ "date": date, "time": time, "confirmed_by": "Narahubung Pemda", "via": "whatsapp" });
            let answer = client
                .call("confirm_request", &json!({ "id": id, "input": input }))
                .await;
            tally.record(op, &answer, desk);
            if answer.status == 200 {
                shared.live.wrote(id, "confirm", &answer);
            }
        }
        Op::CheckIn => {
            let next = locked(&shared.arrivals).pop();
            let Some(id) = next else {
                locked(&shared.arrivals_dry).get_or_insert_with(|| shared.started.elapsed());
                return Box::pin(step(Op::Arrivals, desk, shared, dice, own, tally)).await;
            };
            let input = json!({ "present": [0, 1], "extra_guests": [], "arrived_time": null, "note": null });
            let answer = client
                .call("check_in", &json!({ "id": id, "input": input }))
                .await;
            tally.record(op, &answer, desk);
            if answer.status == 200 {
                shared.live.wrote(id, "check_in", &answer);
            }
        }
    }
}

async fn create(
    desk: &Desk,
    shared: &Shared,
    dice: &mut Dice,
    own: &mut Own,
    tally: &mut Tally,
    channel: Channel,
) {
    let region = dice.pick(&shared.regions);
    let input = request_input(dice, region, channel, shared.serial());
    let answer = desk
        .client
        .call("create_request", &json!({ "input": input }))
        .await;
    tally.record(Op::CreateRequest, &answer, desk);
    if let Some(id) = (answer.status == 200)
        .then(|| answer.json()["id"].as_i64())
        .flatten()
    {
        shared.live.wrote(id, "create", &answer);
        locked(&shared.known).push(id);
        if channel == Channel::VideoConference {
            own.unbooked.push(id);
        }
    }
}

/// Listens to the live changes as one desk's window does, until told to stop; says when the
/// stream is ready.
async fn listen(
    client: Client,
    shared: Arc<Shared>,
    ready: oneshot::Sender<()>,
    mut stop: watch::Receiver<bool>,
) {
    let response = client
        .http
        .get(format!("{}/api/events", client.url))
        .bearer_auth(client.token.as_deref().expect("signed in"))
        .send()
        .await
        .expect("open /api/events");
    assert_eq!(response.status().as_u16(), 200, "/api/events");
    let mut stream = response.bytes_stream();
    let mut ready = Some(ready);
    let mut pending = String::new();
    let live = &shared.live;
    loop {
        let chunk = tokio::select! {
            chunk = stream.next() => chunk,
            _ = stop.changed() => break,
        };
        let Some(Ok(chunk)) = chunk else {
            live.broken.fetch_add(1, Ordering::Relaxed);
            break;
        };
        let at = Instant::now();
        pending.push_str(&String::from_utf8_lossy(&chunk));
        while let Some(end) = pending.find("\n\n") {
            let frame: String = pending.drain(..end + 2).collect();
            let mut event = "";
            let mut data = "";
            for line in frame.lines() {
                if let Some(value) = line.strip_prefix("event:") {
                    event = value.trim();
                } else if let Some(value) = line.strip_prefix("data:") {
                    data = value.trim();
                }
            }
            match event {
                "ready" => {
                    if let Some(ready) = ready.take() {
                        let _ = ready.send(());
                    }
                }
                "change" => {
                    let change: Value = serde_json::from_str(data).unwrap_or(Value::Null);
                    if let (Some(request), Some(action)) =
                        (change["request_id"].as_i64(), change["action"].as_str())
                    {
                        locked(&live.heard)
                            .entry((request, action.to_owned()))
                            .or_default()
                            .push(at);
                    }
                }
                "resync" => {
                    live.resyncs.fetch_add(1, Ordering::Relaxed);
                }
                _ => {}
            }
        }
    }
}

/// What the listeners heard of the writes.
struct Heard {
    /// From the writer's answer to each listener's arrival (nothing when it came first).
    delays: Vec<Duration>,
    /// From the moment the writer sent its call, the write itself included.
    from_sent: Vec<Duration>,
    expected: usize,
    missed: usize,
    /// Arrivals before the writer had its own answer.
    early: usize,
}

fn heard(live: &Live) -> Heard {
    let listeners = live.listeners.load(Ordering::Relaxed);
    let writes = locked(&live.writes);
    let heard = locked(&live.heard);
    let mut delays = Vec::new();
    let mut from_sent = Vec::new();
    let mut missed = 0;
    let mut early = 0;
    for (request, action, sent, answered) in writes.iter() {
        let arrivals = heard
            .get(&(*request, (*action).to_owned()))
            .map_or(&[][..], Vec::as_slice);
        early += arrivals.iter().filter(|at| *at < answered).count();
        delays.extend(
            arrivals
                .iter()
                .map(|at| at.saturating_duration_since(*answered)),
        );
        from_sent.extend(
            arrivals
                .iter()
                .map(|at| at.saturating_duration_since(*sent)),
        );
        missed += listeners.saturating_sub(arrivals.len());
    }
    Heard {
        delays,
        from_sent,
        expected: writes.len() * listeners,
        missed,
        early,
    }
}

/// The machine's load average over the last minute: other work on it slows the server too.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "?".into())
}

fn percentile(sorted: &[Duration], q: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((sorted.len() as f64 * q).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

fn ms(duration: Duration) -> f64 {
    duration.as_secs_f64() * 1e3
}

/// Makes the team's accounts (as the admin) and signs each desk in, replacing its first
/// password.
async fn open_desks(url: &str) -> Vec<Desk> {
    let mut admin = Client::new(url);
    admin.sign_in("admin", ADMIN_PASSWORD).await;
    let mut accounts = Vec::new();
    for (role, prefix, count) in TEAM {
        for n in 1..=count {
            let username = format!("{prefix}{n:02}");
            admin
                .must(
                    "create_account",
                    json!({ "input": {
                        "username": username,
                        "name": format!("{} {n}", role.label()),
                        "role": role.as_str(),
                        "password": FIRST_PASSWORD,
                    }}),
                )
                .await;
            accounts.push((username, role));
        }
    }
    // Two at a time: the server hashes as many passwords at once as it has cores.
    let mut desks: Vec<Desk> = futures_util::stream::iter(accounts.into_iter().enumerate())
        .map(|(number, (username, role))| async move {
            let mut client = Client::new(url);
            let session = client.sign_in(&username, FIRST_PASSWORD).await;
            assert_eq!(session["session"]["must_change_password"], true);
            let changed = client
                .post(
                    "/api/password",
                    &json!({ "current": FIRST_PASSWORD, "new": OWN_PASSWORD }),
                )
                .await;
            assert_eq!(
                changed.status,
                200,
                "{username} replaces its first password: {}",
                changed.text()
            );
            Desk {
                number,
                username,
                role,
                client,
            }
        })
        .buffer_unordered(2)
        .collect()
        .await;
    desks.sort_by_key(|desk| desk.number);
    desks
}

/// Moves the active bookings of `ids` to today, from ten minutes ago: delegations expected
/// now, that the secretariat may check in.
async fn move_to_today(db: &str, ids: &[i64]) {
    let store = Store::open_at(&Location::parse(db).expect("database"))
        .await
        .expect("open the bench's database");
    let now = system_now();
    let (midnight, _) = office_day_bounds(office_day(now));
    let starts = (now - TimeDelta::minutes(10)).max(midnight);
    let sql = |at: DateTime<Utc>| format!("'{}'", at.format("%Y-%m-%dT%H:%M:%SZ"));
    let list: Vec<String> = ids.iter().map(i64::to_string).collect();
    let statement = format!(
        "UPDATE bookings SET starts_at = {}, ends_at = {} WHERE active AND request_id IN ({})",
        sql(starts),
        sql(starts + TimeDelta::minutes(30)),
        list.join(",")
    );
    let statement = sqlx::AssertSqlSafe(statement);
    let moved = match store.pools() {
        Backend::Sqlite(pool) => sqlx::query(statement)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
        Backend::Postgres(pool) => sqlx::query(statement)
            .execute(pool)
            .await
            .map(|r| r.rows_affected()),
    }
    .expect("move bookings to today");
    assert_eq!(moved, ids.len() as u64, "bookings moved to today");
    store.close().await;
}

/// The desk's past: requests from all over, a third tatap muka, registered by the desks in
/// turn; their ids.
async fn register_past(desks: &[Desk], regions: &[Region], serial: &AtomicU64) -> Vec<i64> {
    futures_util::stream::iter(0..BACKGROUND_REQUESTS)
        .map(|n| {
            let desk = &desks[n % desks.len()];
            let mut dice = Dice::new(n as u64);
            let channel = if n % 3 == 0 {
                Channel::InPerson
            } else {
                Channel::VideoConference
            };
            let input = request_input(
                &mut dice,
                &regions[n * 7 % regions.len()],
                channel,
                serial.fetch_add(1, Ordering::Relaxed),
            );
            async move {
                desk.client
                    .must("create_request", json!({ "input": input }))
                    .await["id"]
                    .as_i64()
                    .expect("id")
            }
        })
        .buffer_unordered(8)
        .collect()
        .await
}

/// Today's delegations: video conferences booked by the secretariat on `slots`, then moved to
/// today (see [`move_to_today`]); their ids.
async fn expect_today(
    db: &str,
    desks: &[Desk],
    regions: &[Region],
    serial: &AtomicU64,
    slots: impl Iterator<Item = FreeSlot>,
) -> Vec<i64> {
    let secretariat: Vec<&Desk> = desks
        .iter()
        .filter(|d| d.role == Role::Secretariat)
        .collect();
    let booked: Vec<i64> = futures_util::stream::iter(slots.enumerate())
        .map(|(n, slot)| {
            let desk = secretariat[n % secretariat.len()];
            let mut dice = Dice::new(10_000 + n as u64);
            let number = serial.fetch_add(1, Ordering::Relaxed);
            let input = request_input(
                &mut dice,
                &regions[n * 13 % regions.len()],
                Channel::VideoConference,
                number,
            );
            async move {
                let id = desk
                    .client
                    .must("create_request", json!({ "input": input }))
                    .await["id"]
                    .as_i64()
                    .expect("id");
                desk.client
                    .must(
                        "schedule_request",
                        json!({ "id": id, "input": slot.schedule_input(number) }),
                    )
                    .await;
                id
            }
        })
        .buffer_unordered(4)
        .collect()
        .await;
    move_to_today(db, &booked).await;
    booked
}

fn main() -> std::process::ExitCode {
    let options = options();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("runtime");
    let passed = runtime.block_on(bench(options));
    if passed {
        std::process::ExitCode::SUCCESS
    } else {
        std::process::ExitCode::FAILURE
    }
}

async fn bench(options: Options) -> bool {
    let bin = konsultasi_bin();
    let setup = Instant::now();
    let database = Database::create(options.sqlite).await;
    let db = database.arg();
    first_admin(&bin, &db);
    let server = Server::start(&bin, &db);
    println!(
        "[setup] {} on {}, database {}",
        bin.display(),
        server.url,
        database.label()
    );
    let passed = run(&server, &db, &database, &options, setup).await;
    drop(server);
    database.remove().await;
    passed
}

async fn run(
    server: &Server,
    db: &str,
    database: &Database,
    options: &Options,
    setup: Instant,
) -> bool {
    let desks = open_desks(&server.url).await;
    println!(
        "[setup] {} desks signed in, first passwords replaced ({:.1} s)",
        desks.len(),
        setup.elapsed().as_secs_f64()
    );

    // The desk's past: requests from all over, a third tatap muka.
    let regions = regions();
    let serial = AtomicU64::new(1);
    let background = register_past(&desks, &regions, &serial).await;
    println!(
        "[setup] {} requests registered ({:.1} s)",
        background.len(),
        setup.elapsed().as_secs_f64()
    );

    // Free slots for today's delegations and for the contests, found as a desk finds them.
    let leader = desks
        .iter()
        .find(|d| d.role == Role::TeamLeader)
        .expect("a team leader");
    let mut dice = Dice::new(7);
    let probe = leader
        .client
        .must(
            "create_request",
            json!({ "input": request_input(&mut dice, &regions[0], Channel::VideoConference, serial.fetch_add(1, Ordering::Relaxed)) }),
        )
        .await["id"]
        .as_i64()
        .expect("id");
    let policy = leader.client.must("policy_overview", json!({})).await;
    let settings = &policy["in_force"]["settings"];
    let spacing = TimeDelta::minutes(
        settings["default_duration_minutes"].as_i64().unwrap_or(60)
            + settings["buffer_minutes"].as_i64().unwrap_or(15),
    );
    let seconds = options.seconds as usize;
    let check_ins = seconds * CHECK_INS_PER_SECOND;
    let contests = seconds * CONTESTS_PER_SECOND;
    let per_unit = (check_ins + contests).div_ceil(UNITS.len());
    let today = office_day(system_now());
    let mut slots = free_slots(
        &leader.client,
        probe,
        per_unit,
        today + TimeDelta::days(35),
        spacing,
    )
    .await;
    let contested: Vec<FreeSlot> = slots.drain(..contests).collect();

    // Booked on the free slots after the contested ones.
    let expected = expect_today(
        db,
        &desks,
        &regions,
        &serial,
        slots.into_iter().take(check_ins),
    )
    .await;
    println!(
        "[setup] {} delegations expected today, {} contested slots from {} ({:.1} s)",
        expected.len(),
        contested.len(),
        contested.first().map_or("-", |s| s.date.as_str()),
        setup.elapsed().as_secs_f64()
    );

    let mut known = background.clone();
    known.extend(&expected);
    known.push(probe);
    let contest_week = contested
        .first()
        .and_then(|s| NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").ok())
        .unwrap_or(today);
    let started = Instant::now();
    let shared = Arc::new(Shared {
        deadline: started + Duration::from_secs(options.seconds),
        think: options.think,
        regions,
        today,
        contest_week,
        known: Mutex::new(known),
        background,
        serial: AtomicU64::new(serial.load(Ordering::Relaxed)),
        arrivals: Mutex::new(expected),
        arrivals_dry: Mutex::new(None),
        contests: contested
            .into_iter()
            .map(|slot| Contest {
                slot,
                arrived: AtomicUsize::new(0),
                gate: watch::channel(false).0,
                outcomes: Mutex::new(Vec::new()),
            })
            .collect(),
        tickets: AtomicUsize::new(0),
        contests_dry: AtomicBool::new(false),
        started,
        live: Live::default(),
    });

    // The listeners, live before any desk starts.
    let (stop, stopped) = watch::channel(false);
    let mut listeners = Vec::new();
    for desk in desks.iter().filter(|d| d.number % LISTENER_EVERY == 0) {
        let (ready, is_ready) = oneshot::channel();
        listeners.push(tokio::spawn(listen(
            desk.client.clone(),
            shared.clone(),
            ready,
            stopped.clone(),
        )));
        is_ready.await.expect("the event stream is ready");
        shared.live.listeners.fetch_add(1, Ordering::Relaxed);
    }

    println!(
        "[run] {} desks for {} s, {} listening, pauses 0–{} ms; load average {}",
        desks.len(),
        options.seconds,
        listeners.len(),
        options.think.as_millis() * 2,
        load_average()
    );
    let workers: Vec<_> = desks
        .into_iter()
        .map(|desk| tokio::spawn(run_desk(desk, shared.clone())))
        .collect();
    let mut tally = Tally::default();
    for worker in workers {
        tally.merge(worker.await.expect("a desk's task"));
    }
    let elapsed = shared.started.elapsed();

    // Changes still on their way.
    let waiting = Instant::now();
    while heard(&shared.live).missed > 0 && waiting.elapsed() < Duration::from_secs(5) {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let _ = stop.send(true);
    for listener in listeners {
        let _ = listener.await;
    }

    let calendar = calendar_bookings(&server.url, &shared.contests).await;
    report(
        &tally,
        &shared,
        &calendar,
        elapsed,
        database.label(),
        options,
    )
}

/// How many bookings the calendar shows at each (unit, date, time) of the contested days.
async fn calendar_bookings(
    url: &str,
    contests: &[Contest],
) -> HashMap<(String, String, String), usize> {
    let mut admin = Client::new(url);
    admin.sign_in("admin", ADMIN_PASSWORD).await;
    let mut booked = HashMap::new();
    let (Some(first), Some(last)) = (contests.first(), contests.last()) else {
        return booked;
    };
    let parse = |s: &FreeSlot| NaiveDate::parse_from_str(&s.date, "%Y-%m-%d").expect("date");
    let (mut from, last) = (parse(&first.slot), parse(&last.slot));
    while from <= last {
        let to = (from + TimeDelta::days(300)).min(last);
        let entries = admin
            .must(
                "calendar",
                json!({ "filter": { "from": from.to_string(), "to": to.to_string() } }),
            )
            .await;
        for entry in entries.as_array().into_iter().flatten() {
            let key = |field: &str| entry[field].as_str().unwrap_or_default().to_owned();
            *booked
                .entry((key("unit_code"), key("date"), key("time")))
                .or_default() += 1;
        }
        from = to + TimeDelta::days(1);
    }
    booked
}

fn verdict(met: bool) -> &'static str {
    if met { "PASS" } else { "FAIL" }
}

fn report(
    tally: &Tally,
    shared: &Shared,
    calendar: &HashMap<(String, String, String), usize>,
    elapsed: Duration,
    backend: &str,
    options: &Options,
) -> bool {
    let total: usize = tally.latencies.values().map(Vec::len).sum();
    let seconds = elapsed.as_secs_f64();
    println!();
    println!(
        "Team server, {backend}: 50 desks (30 agents, 15 secretariat, 5 team leaders) for {seconds:.1} s, pauses 0–{} ms; load average at the end {} on {} cores",
        options.think.as_millis() * 2,
        load_average(),
        std::thread::available_parallelism().map_or(0, |n| n.get())
    );
    println!(
        "{:<30} {:>5} {:>8} {:>8} {:>8} {:>8} {:>8}  target p99",
        "operation", "kind", "count", "req/s", "p50 ms", "p99 ms", "max ms"
    );
    let mut missed_ops = Vec::new();
    for op in Op::ALL {
        let Some(samples) = tally.latencies.get(&op) else {
            continue;
        };
        let mut samples = samples.clone();
        samples.sort();
        let target = if op.writes() {
            WRITE_TARGET
        } else {
            READ_TARGET
        };
        let p99 = percentile(&samples, 0.99);
        if p99 > target {
            missed_ops.push(op.label());
        }
        println!(
            "{:<30} {:>5} {:>8} {:>8.1} {:>8.2} {:>8.2} {:>8.2}  ≤ {} ms {}",
            op.label(),
            if op.writes() { "write" } else { "read" },
            samples.len(),
            samples.len() as f64 / seconds,
            ms(percentile(&samples, 0.5)),
            ms(p99),
            ms(samples.last().copied().unwrap_or_default()),
            target.as_millis(),
            if p99 <= target { "met" } else { "MISSED" }
        );
    }
    println!(
        "{:<30} {:>5} {:>8} {:>8.1}",
        "all",
        "",
        total,
        total as f64 / seconds
    );

    // Answers by status.
    let mut by_status: HashMap<u16, usize> = HashMap::new();
    for ((_, status), count) in &tally.statuses {
        *by_status.entry(*status).or_default() += count;
    }
    let mut statuses: Vec<_> = by_status.into_iter().collect();
    statuses.sort();
    let lost = tally
        .statuses
        .get(&(Op::Schedule, 409))
        .copied()
        .unwrap_or(0);
    let listed: Vec<String> = statuses
        .iter()
        .map(|(status, count)| match status {
            0 => format!("no answer ×{count}"),
            _ => format!("{status} ×{count}"),
        })
        .collect();
    println!(
        "answers: {} (409: {lost} lost a contested slot, as expected); unexpected: {}",
        listed.join(", "),
        tally.unexpected
    );
    for sample in &tally.samples {
        println!("  unexpected: {sample}");
    }

    // The contested slots.
    let mut raced = 0;
    let mut attempts = 0;
    let mut wrong = Vec::new();
    for contest in &shared.contests {
        let outcomes = locked(&contest.outcomes);
        if outcomes.is_empty() {
            continue;
        }
        raced += 1;
        attempts += outcomes.len();
        let winners = outcomes.iter().filter(|s| **s == 200).count();
        let slot = &contest.slot;
        let shown = calendar
            .get(&(slot.unit.clone(), slot.date.clone(), slot.time.clone()))
            .copied()
            .unwrap_or(0);
        if winners != 1 || shown != 1 {
            wrong.push(format!(
                "{} {} {}: {winners} winners of {} ({:?}), {shown} on the calendar",
                slot.unit,
                slot.date,
                slot.time,
                outcomes.len(),
                *outcomes
            ));
        }
    }
    println!(
        "contested slots: {raced} raced by up to {RACERS} desks ({attempts} attempts); {} with exactly one winner, also exactly one booking on the calendar; {} otherwise{}",
        raced - wrong.len(),
        wrong.len(),
        if shared.contests_dry.load(Ordering::Relaxed) {
            " (the slots ran out: later attempts read a request instead)"
        } else {
            ""
        }
    );
    for line in wrong.iter().take(10) {
        println!("  {line}");
    }
    let checked_in = tally
        .statuses
        .get(&(Op::CheckIn, 200))
        .copied()
        .unwrap_or(0);
    match *locked(&shared.arrivals_dry) {
        Some(at) => println!(
            "check-ins: {checked_in}; today's delegations were all checked in after {:.1} s (then arrivals were read instead)",
            at.as_secs_f64()
        ),
        None => println!(
            "check-ins: {checked_in}; {} delegations still expected",
            locked(&shared.arrivals).len()
        ),
    }

    // Live updates.
    let Heard {
        mut delays,
        mut from_sent,
        expected,
        missed,
        early,
    } = heard(&shared.live);
    delays.sort();
    from_sent.sort();
    let live_p99 = percentile(&delays, 0.99);
    let resyncs = shared.live.resyncs.load(Ordering::Relaxed);
    let broken = shared.live.broken.load(Ordering::Relaxed);
    println!(
        "live updates: {} listeners, {expected} changes to hear, {} heard, {missed} never; resyncs {resyncs}, streams lost {broken}",
        shared.live.listeners.load(Ordering::Relaxed),
        delays.len(),
    );
    println!(
        "  from the writer's answer: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms (target p99 ≤ {} ms: {}); {early} arrived before the answer",
        ms(percentile(&delays, 0.5)),
        ms(live_p99),
        ms(delays.last().copied().unwrap_or_default()),
        LIVE_TARGET.as_millis(),
        if live_p99 <= LIVE_TARGET {
            "met"
        } else {
            "MISSED"
        }
    );
    println!(
        "  from the writer's call, the write included: p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        ms(percentile(&from_sent, 0.5)),
        ms(percentile(&from_sent, 0.99)),
        ms(from_sent.last().copied().unwrap_or_default()),
    );

    let no_errors = tally.unexpected == 0;
    let one_winner = wrong.is_empty() && raced > 0;
    let all_heard = missed == 0 && broken == 0;
    println!();
    println!(
        "{} latency: reads p99 ≤ {} ms, writes p99 ≤ {} ms{}",
        verdict(missed_ops.is_empty()),
        READ_TARGET.as_millis(),
        WRITE_TARGET.as_millis(),
        if missed_ops.is_empty() {
            String::new()
        } else {
            format!(" (missed by {})", missed_ops.join(", "))
        }
    );
    println!(
        "{} errors: none beyond the expected conflicts",
        verdict(no_errors)
    );
    println!(
        "{} contested slots: exactly one winner each",
        verdict(one_winner)
    );
    println!(
        "{} live updates: every change heard by every listener, p99 ≤ {} ms",
        verdict(all_heard && live_p99 <= LIVE_TARGET),
        LIVE_TARGET.as_millis()
    );
    no_errors && one_winner && all_heard
}
