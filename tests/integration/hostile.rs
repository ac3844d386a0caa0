//! Generated hostile input over every entry point: each desktop operation's JSON (through
//! `service::parse_json` and then the service, as the shell calls it) and every subcommand of
//! the CLI (arguments and files). Whatever comes in, nothing panics, nothing is an internal
//! error, and a refused input leaves every table of the database as it was.
//!
//! Inputs come from a fixed seed, so a failure names a case that can be replayed.

use std::future::Future;
use std::hash::{DefaultHasher, Hash as _, Hasher as _};
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;

use base64::Engine as _;
use konsultasi::Store;
use konsultasi::api::{
    CalendarFilter, CheckInInput, ConfirmInput, ExportRequest, HolidayInput, PolicyInput,
    ReasonInput, RequestFilter, RequestInput, ResourcePersonInput, RoomInput, ScheduleInput,
    SessionOverrideInput, SlotSearch, TopicRouting, UnitInput, UserInput, VoidCheckInInput,
    WalkInInput,
};
use konsultasi::error::{Error, ErrorCode, Result};
use konsultasi::service::workflow::{self, Actor, ConfirmationChannel};
use konsultasi::service::{
    self, calendar, checkin, export, history, parse_json, scheduling, settings,
};
use serde_json::{Value, json};

use crate::common;
use konsultasi::store::backend::Backend;

// ---------------------------------------------------------------------------------------------
// A small deterministic generator.

/// SplitMix64: a fixed seed gives the same cases on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Text that has broken something somewhere: empty, invisible, direction controls, NUL and
/// other controls, impossible and far dates, numbers as text, injection, huge.
fn hostile_text(rng: &mut Rng) -> String {
    let small: &[&str] = &[
        "",
        " ",
        "\t\n",
        "\u{0}",
        "Rina\u{0}Marlina",
        "\u{7}\u{1b}[31m",
        "\u{202E}\u{2066}",
        "Rina \u{202E}anilraM",
        "\u{200B}\u{200B}\u{FEFF}",
        "\u{3164}\u{115F}",
        "\u{E0041}\u{FE0F}",
        "👍🏽🇮🇩",
        "\u{10FFFF}",
        "9999-12-31",
        "0000-01-01",
        "2026-02-30",
        "2026-12-07",
        "2026-11-27",
        "2100-12-31",
        "2101-01-01",
        "1999-12-31",
        "+275760-09-13",
        "2026-13",
        "2026-03",
        "24:00",
        "23:59",
        "09:00",
        "-1",
        "1e309",
        "NaN",
        "17.06",
        "99.99",
        "32",
        "DAU",
        "RK-1",
        "SET",
        "'; DROP TABLE requests; --",
        "%_\\",
        "\"\\\"",
        "https://",
        "javascript:alert(1)",
        "0812-3456-7890",
        "a@b.c",
        "BEGIN:VCALENDAR",
        "saluran,tanggal,pengguna_layanan,topik",
    ];
    match rng.below(10) {
        0 => "x".repeat(100_000),
        1 => "ж".repeat(5_000),
        2 => format!("https://{}", "a".repeat(3_000)),
        3 => "9".repeat(40),
        4 => format!("{} {}", rng.pick(small), rng.pick(small)),
        5 => "kata ".repeat(2_000),
        _ => (*rng.pick(small)).to_owned(),
    }
}

fn hostile_number(rng: &mut Rng) -> Value {
    match rng.below(14) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(1),
        3 => json!(2),
        4 => json!(3),
        5 => json!(i64::MAX),
        6 => json!(i64::MIN),
        7 => json!(u64::MAX),
        8 => json!(1.5),
        9 => json!(1e308),
        10 => json!(4_294_967_296_u64),
        11 => json!(u32::MAX),
        12 => json!(100),
        _ => json!(101),
    }
}

fn hostile_value(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(12) {
        0..=4 => Value::String(hostile_text(rng)),
        5 | 6 => hostile_number(rng),
        7 => Value::Null,
        8 => Value::Bool(rng.below(2) == 0),
        9 if depth < 3 => {
            let length = *rng.pick(&[0, 1, 3, 4, 101, 2_000]);
            let element = hostile_value(rng, depth + 1);
            // Large arrays repeat one small element, so a case stays a few megabytes at most.
            let element = match element {
                Value::String(text) if length > 10 => Value::String(text.chars().take(8).collect()),
                other => other,
            };
            Value::Array(vec![element; length])
        }
        10 => {
            // Nested as deep as a JSON text the shell accepts can be.
            let mut value = json!("x");
            for _ in 0..100 {
                value = json!([value]);
            }
            value
        }
        _ => json!({ "unknown_field": hostile_text(rng) }),
    }
}

#[derive(Clone, Debug)]
enum Step {
    Key(String),
    Index(usize),
}

fn paths(value: &Value, prefix: &mut Vec<Step>, out: &mut Vec<Vec<Step>>) {
    out.push(prefix.clone());
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                prefix.push(Step::Key(key.clone()));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate().take(8) {
                prefix.push(Step::Index(index));
                paths(child, prefix, out);
                prefix.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(value: &'a mut Value, path: &[Step]) -> Option<&'a mut Value> {
    let mut node = value;
    for step in path {
        node = match step {
            Step::Key(key) => node.get_mut(key.as_str())?,
            Step::Index(index) => node.get_mut(*index)?,
        };
    }
    Some(node)
}

/// One to three changes to a valid value: a node replaced by something hostile, an unknown
/// field added, a field removed, an element repeated past any sane count.
fn mutate(rng: &mut Rng, mut value: Value) -> Value {
    for _ in 0..=rng.below(3) {
        let mut all = Vec::new();
        paths(&value, &mut Vec::new(), &mut all);
        let path = rng.pick(&all).clone();
        let kind = rng.below(10);
        let replacement = hostile_value(rng, 0);
        let Some(node) = at(&mut value, &path) else {
            continue;
        };
        match (kind, node) {
            (0, Value::Object(map)) => {
                map.insert("champ_inconnu".into(), replacement);
            }
            (1, Value::Object(map)) if !map.is_empty() => {
                let keys: Vec<String> = map.keys().cloned().collect();
                map.remove(rng.pick(&keys));
            }
            (2, Value::Array(items)) if !items.is_empty() => {
                let first = items[0].clone();
                items.resize(*rng.pick(&[4, 101, 1_000]), first);
            }
            (3, Value::String(text)) => {
                text.push_str(&hostile_text(rng));
            }
            (_, node) => *node = replacement,
        }
    }
    value
}

/// JSON with long strings cut, for naming a case.
fn describe(value: &Value) -> String {
    fn cut(value: &Value) -> Value {
        match value {
            Value::String(text) if text.chars().count() > 40 => Value::String(format!(
                "{}…({} chars)",
                text.chars().take(24).collect::<String>(),
                text.chars().count()
            )),
            Value::Array(items) if items.len() > 6 => {
                let mut head: Vec<Value> = items.iter().take(3).map(cut).collect();
                head.push(Value::String(format!("…({} items)", items.len())));
                Value::Array(head)
            }
            Value::Array(items) => Value::Array(items.iter().map(cut).collect()),
            Value::Object(map) => {
                Value::Object(map.iter().map(|(k, v)| (k.clone(), cut(v))).collect())
            }
            other => other.clone(),
        }
    }
    let text = cut(value).to_string();
    if text.len() > 600 {
        format!("{}…", text.chars().take(600).collect::<String>())
    } else {
        text
    }
}

// ---------------------------------------------------------------------------------------------
// The database, as a fingerprint of every row of every table.

/// One query that reads every row of every table as text, built from the schema itself
/// (table and column names never come from input), in the store's own SQL.
async fn dump_query(store: &Store) -> String {
    let quote = |name: &str| format!("\"{}\"", name.replace('"', "\"\""));
    let literal = |name: &str| name.replace('\'', "''");
    let mut parts = Vec::new();
    match store.pools() {
        Backend::Sqlite(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%' ORDER BY name",
            )
            .fetch_all(pool)
            .await
            .expect("tables");
            for table in tables {
                let columns: Vec<String> =
                    sqlx::query_scalar("SELECT name FROM pragma_table_info(?) ORDER BY cid")
                        .bind(&table)
                        .fetch_all(pool)
                        .await
                        .expect("columns");
                let row = columns
                    .iter()
                    .map(|c| format!("quote({})", quote(c)))
                    .collect::<Vec<_>>()
                    .join(" || '|' || ");
                parts.push(format!(
                    "SELECT '{}' || ':' || coalesce((SELECT group_concat(r, char(10)) FROM (SELECT {row} AS r FROM {} ORDER BY 1)), '')",
                    literal(&table),
                    quote(&table)
                ));
            }
        }
        Backend::Postgres(pool) => {
            let tables: Vec<String> = sqlx::query_scalar(
                "SELECT tablename::text FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1",
            )
            .fetch_all(pool)
            .await
            .expect("tables");
            for table in tables {
                parts.push(format!(
                    "SELECT '{}' || ':' || coalesce((SELECT string_agg(r, chr(10) ORDER BY r) FROM (SELECT row_to_json(t)::text AS r FROM {} t) s), '')",
                    literal(&table),
                    quote(&table)
                ));
            }
        }
    }
    parts.join(" UNION ALL ")
}

/// A fingerprint of every row of every table.
async fn fingerprint(store: &Store, dump: &str) -> u64 {
    try_fingerprint(store, dump).await.expect("dump")
}

/// The fingerprint, or why the database could not be read at all.
async fn try_fingerprint(store: &Store, dump: &str) -> std::result::Result<u64, String> {
    let sql = || sqlx::AssertSqlSafe(dump.to_owned());
    let tables: Vec<String> = match store.pools() {
        Backend::Sqlite(pool) => sqlx::query_scalar(sql()).fetch_all(pool).await,
        Backend::Postgres(pool) => sqlx::query_scalar(sql()).fetch_all(pool).await,
    }
    .map_err(|e| e.to_string())?;
    let mut hasher = DefaultHasher::new();
    tables.hash(&mut hasher);
    Ok(hasher.finish())
}

// ---------------------------------------------------------------------------------------------
// The desktop operations, as `src-tauri/src/commands.rs` calls them.

type Reply = Pin<Box<dyn Future<Output = Result<()>> + Send>>;
type Run = Arc<dyn Fn(Store, Actor, Vec<Value>) -> Reply + Send + Sync>;

struct Operation {
    name: &'static str,
    /// A valid value of each argument, mutated into the cases.
    base: Vec<Value>,
    run: Run,
}

/// `op!(name, [arg: Type = base, …], |store, actor| call)`: parses each argument as the shell's
/// `arg()` does and runs the call.
macro_rules! op {
    ($name:expr, [$($arg:ident : $ty:ty = $base:expr),* $(,)?], |$store:ident, $actor:ident| $call:expr) => {
        Operation {
            name: $name,
            base: vec![$($base),*],
            run: Arc::new(move |store: Store, actor: Actor, args: Vec<Value>| -> Reply {
                Box::pin(async move {
                    #[allow(unused_mut, unused_variables)]
                    let mut args = args.into_iter();
                    $(let $arg: $ty = parse_json(args.next().unwrap_or(Value::Null))?;)*
                    #[allow(unused_variables)]
                    let $store = &store;
                    #[allow(unused_variables)]
                    let $actor = &actor;
                    $call.await.map(|_| ())
                })
            }),
        }
    };
}

fn now() -> chrono::DateTime<chrono::Utc> {
    common::now()
}

fn to_json(value: &impl serde::Serialize) -> Value {
    serde_json::to_value(value).expect("serialisable")
}

fn schedule_base() -> Value {
    to_json(&ScheduleInput {
        date: "2026-12-08".into(),
        time: "10:00".into(),
        room_code: Some("RK-2".into()),
        ..ScheduleInput::default()
    })
}

fn calendar_base() -> Value {
    to_json(&CalendarFilter {
        from: "2026-12-01".into(),
        to: "2026-12-31".into(),
        ..CalendarFilter::default()
    })
}

fn operations(export_settings: Value) -> Vec<Operation> {
    let request = to_json(&common::valid_input());
    let ics = "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Uji//ID//\r\nBEGIN:VEVENT\r\nUID:a@uji\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n";
    let csv = "saluran,tanggal,pengguna_layanan,topik\nTatap Muka,2 Maret 2023,Kota Bogor,DAU\n";
    let windows = to_json(&konsultasi::policy::PolicySettings::default().weekly_windows);
    vec![
        op!("list_requests", [filter: RequestFilter = to_json(&RequestFilter { text: Some("Mukomuko".into()), ..RequestFilter::default() })],
            |s, a| service::list_requests(s, &filter)),
        op!("get_request", [id: i64 = json!(1)], |s, a| service::get_request(s, id)),
        op!("create_request", [input: RequestInput = request.clone()],
            |s, a| service::create_request(s, a, &input, now())),
        op!("update_request", [id: i64 = json!(1), version: i64 = json!(1), input: RequestInput = request.clone()],
            |s, a| service::update_request(s, a, id, version, &input, now())),
        op!("search_requesters", [query: String = json!("kab bogor"), limit: Option<usize> = json!(20)],
            |s, a| async move { Ok::<_, Error>(service::search_requesters(s, &query, limit.unwrap_or(20).min(200))) }),
        op!("check_request_input", [id: Option<i64> = json!(1), input: RequestInput = request.clone()],
            |s, a| scheduling::check_request_input(s, id, &input, now())),
        op!("suggest_slots", [id: i64 = json!(1), search: SlotSearch = to_json(&SlotSearch { from: Some("2026-12-07".into()), to: Some("2026-12-20".into()), ..SlotSearch::default() })],
            |s, a| scheduling::suggest_slots(s, id, &search, now())),
        op!("schedule_request", [id: i64 = json!(3), input: ScheduleInput = schedule_base()],
            |s, a| scheduling::schedule_request(s, a, id, &input, now())),
        op!("reschedule_request", [id: i64 = json!(2), input: ScheduleInput = schedule_base()],
            |s, a| scheduling::reschedule_request(s, a, id, &input, now())),
        op!("policy_overview", [], |s, a| settings::policy_overview(
            s,
            now()
        )),
        op!("set_policy", [input: PolicyInput = to_json(&PolicyInput { effective_from: "2027-01-01".into(), settings: konsultasi::policy::PolicySettings::default(), note: Some("Uji".into()) })],
            |s, a| settings::set_policy(s, a, &input, now())),
        op!("list_holidays", [year: Option<i32> = json!(2027)], |s, a| settings::list_holidays(s, year)),
        op!("add_holiday", [input: HolidayInput = json!({"date": "2027-03-01", "name": "Libur Uji", "kind": "national"})],
            |s, a| settings::add_holiday(s, a, &input, now())),
        op!("delete_holiday", [id: i64 = json!(1)], |s, a| settings::delete_holiday(s, a, id, now())),
        op!("import_holidays_ics", [content: String = json!(ics)], |s, a| settings::import_holidays_ics(s, a, &content, now())),
        op!("add_session_override", [input: SessionOverrideInput = json!({"label": "Ramadan", "from": "2027-02-08", "to": "2027-03-09", "weekly_windows": windows})],
            |s, a| settings::add_session_override(s, a, &input, now())),
        op!("delete_session_override", [id: i64 = json!(1)], |s, a| settings::delete_session_override(s, a, id, now())),
        op!("save_room", [input: RoomInput = json!({"code": "RK-9", "name": "Ruang Uji", "capacity": 8})],
            |s, a| settings::save_room(s, a, &input, now())),
        op!("save_unit", [input: UnitInput = json!({"code": "UJI", "name": "Unit Uji", "short_name": "Uji"})],
            |s, a| settings::save_unit(s, a, &input, now())),
        op!("route_topic", [input: TopicRouting = json!({"topic_code": "DAU", "unit_code": "SET"})],
            |s, a| settings::route_topic(s, a, &input, now())),
        op!("list_users", [], |s, a| workflow::list_users(s)),
        op!("create_user", [input: UserInput = json!({"name": "Agen Baru", "role": "agent"})],
            |s, a| workflow::create_user(s, Some(a), &input, now())),
        op!("select_user", [id: i64 = json!(1)], |s, a| workflow::actor(s, &id.to_string())),
        op!("verify_request", [id: i64 = json!(1)], |s, a| workflow::verify_request(s, a, id, now())),
        op!("confirm_request", [id: i64 = json!(2), input: ConfirmInput = to_json(&ConfirmInput { date: "2026-11-28".into(), time: "09:30".into(), confirmed_by: "Rina Marlina".into(), via: Some(ConfirmationChannel::Whatsapp) })],
            |s, a| workflow::confirm_request(s, a, id, &input, now())),
        op!("cancel_request", [id: i64 = json!(1), input: ReasonInput = json!({"reason": "Dibatalkan Pemda"})],
            |s, a| workflow::cancel_request(s, a, id, &input.reason, now())),
        op!("reject_request", [id: i64 = json!(1), input: ReasonInput = json!({"reason": "Surat tidak lengkap"})],
            |s, a| workflow::reject_request(s, a, id, &input.reason, now())),
        op!("audit_trail", [id: i64 = json!(1)], |s, a| workflow::audit_trail(s, id)),
        op!("search_audit", [text: String = json!("Rina")], |s, a| workflow::search_audit(s, &text)),
        op!("calendar", [filter: CalendarFilter = calendar_base()], |s, a| calendar::calendar(s, &filter)),
        op!("dashboard", [], |s, a| calendar::dashboard(s, now())),
        op!("save_export", [request: ExportRequest = json!({"kind": "letter", "request_id": 2, "letter": "attendance_sheet"})],
            |s, a| export::produce(s, Some(a), &request, now())),
        op!("save_export_calendar", [request: ExportRequest = json!({"kind": "calendar", "filter": calendar_base()})],
            |s, a| export::produce(s, Some(a), &request, now())),
        op!("save_export_report", [request: ExportRequest = json!({"kind": "monthly_report", "month": "2026-12", "format": "csv"})],
            |s, a| export::produce(s, Some(a), &request, now())),
        op!("whatsapp_message", [id: i64 = json!(2)], |s, a| export::whatsapp_message(s, id)),
        op!("export_settings", [], |s, a| export::export_settings(s)),
        op!("save_export_settings", [input: konsultasi::api::ExportSettings = export_settings.clone()],
            |s, a| export::save_export_settings(s, a, &input, now())),
        op!("list_resource_persons", [], |s, a| {
            settings::resource_persons(s)
        }),
        op!("save_resource_person", [input: ResourcePersonInput = json!({"unit_code": "SET", "name": "Budi Santoso", "position": "Analis", "email": "budi@kemenkeu.go.id"})],
            |s, a| settings::save_resource_person(s, a, &input, now())),
        op!("arrivals", [date: String = json!("2026-12-07")], |s, a| checkin::arrivals(s, &date, now())),
        op!("check_in", [id: i64 = json!(2), input: CheckInInput = json!({"present": [0, 1], "arrived_time": "08:50", "note": "Tepat waktu"})],
            |s, a| checkin::check_in(s, a, id, &input, now())),
        op!("walk_in", [input: WalkInInput = json!({"request": request.clone(), "check_in": {"present": [0]}})],
            |s, a| checkin::walk_in(s, a, &input, now())),
        op!("complete_request", [id: i64 = json!(2)], |s, a| checkin::complete(s, a, id, now())),
        op!("mark_no_show", [id: i64 = json!(2)], |s, a| checkin::mark_no_show(s, a, id, now())),
        op!("check_in_of", [id: i64 = json!(2)], |s, a| checkin::check_in_view(s, id)),
        op!("check_ins_of", [id: i64 = json!(2)], |s, a| checkin::check_ins_of(s, id)),
        op!("check_in_preview", [id: i64 = json!(2), input: CheckInInput = json!({"present": [0, 1], "arrived_time": "08:50"})],
            |s, a| checkin::check_in_preview(s, a, id, &input, now())),
        op!("walk_in_preview", [input: WalkInInput = json!({"request": request.clone(), "check_in": {"present": [0]}})],
            |s, a| checkin::walk_in_preview(s, &input, now())),
        op!("void_check_in", [check_in_id: i64 = json!(1), input: VoidCheckInInput = json!({"reason": "Salah catat"})],
            |s, a| checkin::void_check_in(s, a, check_in_id, &input, now())),
        op!("video_attendance", [date: String = json!("2026-12-07")], |s, a| checkin::video_attendance(s, &date, now())),
        op!("compliance_history", [region_code: String = json!("17.06")], |s, a| checkin::compliance_history(s, &region_code)),
        op!("monthly_report", [month: String = json!("2026-12")], |s, a| history::monthly(s, &month)),
        op!("import_history", [file_name: String = json!("riwayat.csv"), content: String = json!(csv)],
            |s, a| history::import_held_csv(s, a, &file_name, &content, now())),
    ]
}

/// Request 1 submitted, 2 scheduled on 7 December 09:00, 3 verified: every operation finds
/// something to work on.
async fn seeded(store: &Store, actor: &Actor) {
    for _ in 0..3 {
        service::create_request(store, actor, &common::valid_input(), now())
            .await
            .expect("create");
    }
    for id in [2, 3] {
        workflow::verify_request(store, actor, id, now())
            .await
            .expect("verify");
    }
    let slot = ScheduleInput {
        date: "2026-12-07".into(),
        time: "09:00".into(),
        room_code: Some("RK-1".into()),
        ..ScheduleInput::default()
    };
    scheduling::schedule_request(store, actor, 2, &slot, now())
        .await
        .expect("schedule");
}

const CASES_PER_OPERATION: usize = 60;

#[tokio::test]
async fn hostile_json_for_every_desktop_operation() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    seeded(&db.store, &db.actor).await;
    let settings = to_json(
        &export::export_settings(&db.store)
            .await
            .expect("export settings"),
    );
    let operations = operations(settings);
    let mut rng = Rng(0x4B6F_6E73_756C_7461);
    let dump = dump_query(&db.store).await;
    let mut print = fingerprint(&db.store, &dump).await;
    let (mut accepted, mut refused) = (0usize, 0usize);
    let mut failures = Vec::new();
    for op in &operations {
        let started = std::time::Instant::now();
        for case in 0..=CASES_PER_OPERATION {
            // Case 0 is the valid base itself: the operation is reachable at all.
            let args: Vec<Value> = if case == 0 || op.base.is_empty() {
                op.base.clone()
            } else {
                let target = rng.below(op.base.len());
                op.base
                    .iter()
                    .enumerate()
                    .map(|(i, base)| {
                        if i == target {
                            mutate(&mut rng, base.clone())
                        } else {
                            base.clone()
                        }
                    })
                    .collect()
            };
            let shown = args.iter().map(describe).collect::<Vec<_>>().join(", ");
            let outcome = tokio::spawn((op.run)(db.store.clone(), db.actor.clone(), args)).await;
            match outcome {
                Err(join) => failures.push(format!(
                    "{}#{case} PANIC ({}): {shown}",
                    op.name,
                    if join.is_panic() {
                        "panic"
                    } else {
                        "cancelled"
                    }
                )),
                Ok(Ok(())) => {
                    accepted += 1;
                    print = fingerprint(&db.store, &dump).await;
                }
                Ok(Err(error)) => {
                    refused += 1;
                    if error.code() == ErrorCode::Internal {
                        failures.push(format!("{}#{case} internal \"{error}\": {shown}", op.name));
                    }
                    let after = fingerprint(&db.store, &dump).await;
                    if after != print {
                        failures.push(format!(
                            "{}#{case} refused ({:?}) but changed the database: {shown}",
                            op.name,
                            error.code()
                        ));
                        print = after;
                    }
                }
            }
            if op.base.is_empty() {
                break;
            }
        }
        if std::env::var_os("HOSTILE_TIMES").is_some() {
            eprintln!("{}: {:?}", op.name, started.elapsed());
        }
    }
    eprintln!(
        "{} operations, {} cases: {accepted} accepted, {refused} refused, {} failures",
        operations.len(),
        accepted + refused + failures.len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// The CLI, run for real.

enum Arg {
    Text(String),
    /// Bytes that are not UTF-8.
    Raw(Vec<u8>),
}

fn text_arg(rng: &mut Rng) -> Arg {
    // The kernel limits one argument to 128 KiB and refuses NUL; both are the shell's, not ours.
    match rng.below(12) {
        0 => Arg::Raw(vec![0xFF, 0xFE, b'a']),
        _ => Arg::Text(hostile_text(rng).replace('\u{0}', "\u{1}")),
    }
}

/// The contents of a file handed to a command: mutated JSON, or bytes that are no format.
fn hostile_file(rng: &mut Rng, base: &Value) -> Vec<u8> {
    match rng.below(8) {
        0 => vec![0xFF, 0xD8, 0x00, 0x9F, 0x92, 0x96],
        1 => "[".repeat(50_000).into_bytes(),
        2 => Vec::new(),
        _ => mutate(rng, base.clone()).to_string().into_bytes(),
    }
}

/// The `n`-th .ics of the run: the known-bad shapes first, then generated text.
fn hostile_ics(rng: &mut Rng, n: usize) -> Vec<u8> {
    let event = |start: &str, name: &str| {
        format!(
            "BEGIN:VEVENT\r\nUID:{start}@uji\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:{start}\r\nSUMMARY:{name}\r\nEND:VEVENT\r\n"
        )
    };
    let calendar =
        |body: String| format!("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{body}END:VCALENDAR\r\n");
    match if n < 7 { n } else { rng.below(7) } {
        0 => calendar(format!(
            "{}{}",
            "BEGIN:VEVENT\r\n".repeat(10_000),
            "END:VEVENT\r\n".repeat(10_000)
        ))
        .into_bytes(),
        1 => calendar(
            (0..40)
                .map(|i| {
                    format!(
                        "BEGIN:VEVENT\r\nUID:{i}@uji\r\nDTSTAMP:20261201T000000Z\r\nDTSTART;VALUE=DATE:2030{:02}01\r\nDTEND;VALUE=DATE:2030{:02}01\r\nSUMMARY:Panjang\r\nEND:VEVENT\r\n",
                        i % 12 + 1,
                        i % 12 + 1
                    )
                })
                .collect(),
        )
        .into_bytes(),
        2 => calendar(event("99991231", "Akhir")).into_bytes(),
        3 => calendar(event("20270101", &"x".repeat(5_000))).into_bytes(),
        4 => calendar(event("20270101", "\u{0}\u{202E}")).into_bytes(),
        5 => vec![0xFF; 64],
        _ => hostile_text(rng).into_bytes(),
    }
}

/// The `n`-th CSV of the run: the known-bad shapes first, then generated text.
fn hostile_csv(rng: &mut Rng, n: usize) -> Vec<u8> {
    let header = "saluran,tanggal,pengguna_layanan,topik\n";
    let row = match if n < 6 { n } else { rng.below(6) } {
        0 => format!("Tatap Muka,2 Maret 2023,{},DAU\n", "A".repeat(5_000_000)),
        1 => "Tatap Muka,2 Maret 2023,Asosiasi\u{0}Pemda,DAU\n".to_owned(),
        2 => "Tatap Muka,0000-01-01,Kota Bogor,DAU\n".to_owned(),
        3 => "Tatap Muka,2 Maret 2023,\u{202E}\u{200B},DAU\n".to_owned(),
        4 => "\"unterminated,\n".repeat(3),
        _ => format!(
            "{},{},{},{}\n",
            hostile_text(rng).replace([',', '\n', '"'], " "),
            "2 Maret 2023",
            "Kota Bogor",
            "DAU"
        ),
    };
    format!("{header}{row}").into_bytes()
}

/// A command line with placeholders: `H` a hostile argument, `F` a hostile JSON file (mutated
/// from the base), `I` an .ics file, `C` a CSV file, `B` a file of hostile bytes, `D` this
/// database's own path, `O` a new file to write.
struct Template {
    words: &'static [&'static str],
    base: Option<Value>,
}

fn templates() -> Vec<Template> {
    let t = |words: &'static [&'static str]| Template { words, base: None };
    let f = |words: &'static [&'static str], base: Value| Template {
        words,
        base: Some(base),
    };
    let request = to_json(&common::valid_input());
    let policy_input = to_json(&PolicyInput {
        effective_from: "2027-01-01".into(),
        settings: konsultasi::policy::PolicySettings::default(),
        note: None,
    });
    vec![
        f(&["requests", "add", "F"], request.clone()),
        f(
            &["requests", "add", "F", "--letter-scan", "B"],
            request.clone(),
        ),
        f(
            &["requests", "update", "1", "F", "--version", "1"],
            request.clone(),
        ),
        f(
            &["requests", "update", "H", "F", "--version", "H"],
            request.clone(),
        ),
        t(&["requests", "list", "--text", "H"]),
        t(&[
            "requests", "list", "--region", "H", "--from", "H", "--to", "H",
        ]),
        t(&["requests", "list", "--unit", "H"]),
        t(&["requests", "show", "H"]),
        t(&["requests", "check", "H"]),
        t(&["requests", "verify", "H"]),
        t(&[
            "requests", "confirm", "2", "--by", "H", "--via", "whatsapp", "--at", "H",
        ]),
        t(&["requests", "confirm", "2", "--by", "Rina", "--via", "H"]),
        t(&[
            "requests", "schedule", "3", "--date", "H", "--time", "H", "--room", "H",
        ]),
        t(&[
            "requests",
            "schedule",
            "3",
            "--date",
            "2026-12-08",
            "--time",
            "10:00",
            "--room",
            "RK-2",
            "--url",
            "H",
            "--duration",
            "H",
        ]),
        t(&[
            "requests",
            "reschedule",
            "2",
            "--date",
            "H",
            "--time",
            "10:00",
            "--room",
            "RK-2",
            "--unit",
            "H",
        ]),
        t(&["requests", "cancel", "H", "--reason", "H"]),
        t(&["requests", "reject", "1", "--reason", "H"]),
        t(&["requests", "complete", "H"]),
        t(&["requests", "no-show", "H"]),
        t(&["regions", "search", "H", "--limit", "H"]),
        t(&["requesters", "search", "H"]),
        t(&["topics", "route", "H", "H"]),
        t(&[
            "slots", "1", "--from", "H", "--to", "H", "--count", "H", "--unit", "H",
        ]),
        t(&["slots", "1", "--duration", "H", "--resource-persons", "H"]),
        t(&["policy", "show"]),
        f(&["policy", "set", "F"], policy_input),
        t(&["holidays", "list", "--year", "H"]),
        t(&["holidays", "import", "I"]),
        t(&["holidays", "import", "I"]),
        t(&["holidays", "add", "H", "H"]),
        t(&["holidays", "add", "2027-03-01", "H", "--kind", "H"]),
        t(&["rooms", "save", "H", "H", "--capacity", "H"]),
        t(&[
            "resource-persons",
            "save",
            "--unit",
            "H",
            "--name",
            "H",
            "--position",
            "H",
            "--email",
            "H",
        ]),
        t(&["users", "add", "H", "--role", "H"]),
        t(&["calendar", "--from", "H", "--to", "H", "--room", "H"]),
        t(&["dashboard"]),
        t(&["import", "C"]),
        t(&["import", "C"]),
        t(&["report", "monthly", "H", "--format", "csv"]),
        t(&["arrivals", "--date", "H"]),
        t(&[
            "checkin",
            "2",
            "--present",
            "H",
            "--extra",
            "H",
            "--at",
            "H",
            "--note",
            "H",
        ]),
        f(
            &["walk-in", "F"],
            json!({"request": request, "check_in": {"present": [0]}}),
        ),
        t(&["history", "H"]),
        t(&["backup", "--out", "D"]),
        t(&["restore", "B"]),
        t(&["export", "ics", "H"]),
        t(&["export", "ics", "2", "--out", "O"]),
        t(&["export", "calendar", "--from", "H", "--to", "H"]),
        t(&[
            "export",
            "letter",
            "2",
            "--kind",
            "attendance-sheet",
            "--out",
            "O",
        ]),
        t(&["export", "whatsapp", "H"]),
        f(
            &["export", "settings", "--set", "F"],
            json!({"letterhead": ["KEMENTERIAN KEUANGAN"], "place": "Jakarta", "signatory_position": "Direktur", "signatory_name": "Budi", "organizer_name": "DJPK", "organizer_email": "djpk@kemenkeu.go.id", "number_pattern": "S-{seq}/PK/{year}", "reminder_minutes": 30}),
        ),
        t(&["audit", "--search", "H"]),
        t(&["audit", "H"]),
    ]
}

const CASES_PER_COMMAND: usize = 4;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn hostile_arguments_and_files_for_every_cli_command() {
    use std::os::unix::ffi::OsStringExt as _;

    let _turn = common::run_beside_others();
    let dir = tempfile::tempdir().expect("dir");
    let db_path = dir.path().join("hostile.db");
    let store = Store::open(&db_path).await.expect("open");
    let actor = {
        workflow::create_user(
            &store,
            None,
            &UserInput {
                name: "Sekretariat".into(),
                role: Some(konsultasi::workflow::Role::TeamLeader),
            },
            now(),
        )
        .await
        .expect("user");
        workflow::actor(&store, "Sekretariat").await.expect("actor")
    };
    seeded(&store, &actor).await;
    let dump = dump_query(&store).await;
    let mut print = fingerprint(&store, &dump).await;
    let db_bytes_before = std::fs::metadata(&db_path).expect("db").len();
    assert!(db_bytes_before > 0);

    let mut rng = Rng(0x434C_495F_6869_6C65);
    let (mut runs, mut accepted) = (0usize, 0usize);
    let (mut ics_made, mut csv_made) = (0, 0);
    let mut failures = Vec::new();
    'commands: for (number, template) in templates().iter().enumerate() {
        for case in 0..CASES_PER_COMMAND {
            let mut command = common::cli(&db_path);
            let mut shown = Vec::new();
            for (slot, word) in template.words.iter().enumerate() {
                let file = |bytes: Vec<u8>| -> PathBuf {
                    let path = dir.path().join(format!("in-{number}-{case}-{slot}"));
                    std::fs::write(&path, bytes).expect("write input");
                    path
                };
                match *word {
                    "H" => match text_arg(&mut rng) {
                        Arg::Text(text) => {
                            shown.push(describe(&Value::String(text.clone())));
                            command.arg(text);
                        }
                        Arg::Raw(bytes) => {
                            shown.push(format!("{bytes:?}"));
                            command.arg(std::ffi::OsString::from_vec(bytes));
                        }
                    },
                    "F" => {
                        let base = template.base.as_ref().expect("template base");
                        let bytes = hostile_file(&mut rng, base);
                        shown.push(describe(&Value::String(
                            String::from_utf8_lossy(&bytes).into_owned(),
                        )));
                        command.arg(file(bytes));
                    }
                    "I" => {
                        let bytes = hostile_ics(&mut rng, ics_made);
                        ics_made += 1;
                        shown.push(format!("ics of {} bytes", bytes.len()));
                        command.arg(file(bytes));
                    }
                    "C" => {
                        let bytes = hostile_csv(&mut rng, csv_made);
                        csv_made += 1;
                        shown.push(format!("csv of {} bytes", bytes.len()));
                        command.arg(file(bytes));
                    }
                    "B" => {
                        let bytes = match rng.below(3) {
                            0 => b"SQLite format 3\0garbage".to_vec(),
                            1 => common::tiny_pdf(),
                            _ => base64::engine::general_purpose::STANDARD
                                .encode("bukan berkas")
                                .into_bytes(),
                        };
                        shown.push(format!("{} bytes", bytes.len()));
                        command.arg(file(bytes));
                    }
                    "D" => {
                        shown.push("<the database itself>".into());
                        command.arg(&db_path);
                    }
                    "O" => {
                        let path = dir.path().join(format!("out-{number}-{case}"));
                        shown.push("<a new file>".into());
                        command.arg(path);
                    }
                    plain => {
                        shown.push(plain.to_owned());
                        command.arg(plain);
                    }
                }
            }
            let output = tokio::task::spawn_blocking(move || command.output())
                .await
                .expect("join")
                .expect("run the binary");
            runs += 1;
            let line = shown.join(" ");
            let stderr = String::from_utf8_lossy(&output.stderr);
            if std::env::var_os("HOSTILE_TIMES").is_some() {
                eprintln!(
                    "{:?} {line}: {}",
                    output.status.code(),
                    stderr
                        .lines()
                        .next()
                        .unwrap_or("")
                        .chars()
                        .take(160)
                        .collect::<String>()
                );
            }
            let after = match try_fingerprint(&store, &dump).await {
                Ok(after) => after,
                Err(why) => {
                    failures.push(format!(
                        "exit {:?}, then the database is unreadable ({why}): {line}",
                        output.status.code()
                    ));
                    break 'commands;
                }
            };
            match output.status.code() {
                Some(0) => {
                    accepted += 1;
                    print = after;
                }
                Some(2 | 3) => {
                    if after != print {
                        failures.push(format!("refused but changed the database: {line}"));
                        print = after;
                    }
                }
                code => failures.push(format!(
                    "exit {code:?}: {line}\n  {}",
                    stderr.chars().take(300).collect::<String>()
                )),
            }
            if !template
                .words
                .iter()
                .any(|w| ["H", "F", "I", "C", "B"].contains(w))
            {
                break;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    // The database is still a database after every command that was pointed at it.
    let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(store.pool())
        .await
        .expect("integrity");
    assert_eq!(integrity, "ok");
    eprintln!(
        "{} commands, {runs} runs: {accepted} accepted, {} failures",
        templates().len(),
        failures.len()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Nonsense dates that used to be accepted: a schedule on 9999-12-31 or beyond two years, a
/// confirmation dated 0000-01-01 or before the request was received.
#[tokio::test]
async fn far_schedules_and_early_confirmations_are_refused_by_field() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    seeded(&db.store, &db.actor).await;
    let before = common::row_counts(&db.store).await;
    for date in ["9999-12-31", "2028-12-01"] {
        let input = ScheduleInput {
            date: date.into(),
            ..serde_json::from_value(schedule_base()).expect("base")
        };
        let error = scheduling::schedule_request(&db.store, &db.actor, 3, &input, now())
            .await
            .expect_err(date);
        assert_eq!(error.code(), ErrorCode::Validation, "{date}: {error}");
        assert_eq!(error.to_payload().details.fields[0].field, "date");
    }
    // Request 2 was received on 2026-11-27.
    for (date, expected) in [
        ("0000-01-01", "tahun 2000"),
        ("2026-11-26", "sebelum permohonan diterima"),
    ] {
        let input = ConfirmInput {
            date: date.into(),
            time: "09:30".into(),
            confirmed_by: "Rina Marlina".into(),
            via: Some(ConfirmationChannel::Whatsapp),
        };
        let error = workflow::confirm_request(&db.store, &db.actor, 2, &input, now())
            .await
            .expect_err(date);
        let field = &error.to_payload().details.fields[0];
        assert_eq!(field.field, "date");
        assert!(field.message.contains(expected), "{}", field.message);
    }
    assert_eq!(common::row_counts(&db.store).await, before);
}
