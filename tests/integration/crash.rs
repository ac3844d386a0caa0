//! Writers killed at random: real `konsultasi` processes add, verify, schedule and confirm
//! requests, issue confirmation letters and record walk-in check-ins, while the test sends
//! SIGKILL to them at random moments. After each cycle the file passes SQLite's integrity check
//! and every acknowledged write (exit 0 and the id it printed) is there.
//!
//! 20 cycles in the normal suite. Soak: `CRASH_CYCLES=100 cargo test -p konsultasi --test
//! integration crash:: -- --nocapture` (also `CRASH_SEED=N` to replay a run; the seed is printed).

use std::os::unix::process::ExitStatusExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::common::{self, cli};
use serde_json::Value;

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/fixtures/request_in_person.json"
);
const WORKERS: usize = 3;

/// xorshift64*: enough randomness for kill times, replayable from the printed seed.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    Add,
    Verify,
    Schedule,
    Confirm,
    Letter,
    WalkIn,
}

/// A write that the process acknowledged: exit 0, and the request id it printed.
#[derive(Debug, Clone, Copy)]
struct Ack {
    op: Op,
    request: i64,
}

/// The child a worker is waiting for, where the killer can reach it.
type Slot = Arc<Mutex<Option<Child>>>;

enum Outcome {
    Acknowledged(Value),
    Killed,
    Refused,
}

/// Runs one command; the killer may SIGKILL it while it runs.
fn run(slot: &Slot, mut command: Command) -> Outcome {
    command
        .env("RUST_BACKTRACE", "0")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = command.spawn().expect("spawn konsultasi");
    let mut stdout = child.stdout.take().expect("stdout");
    let mut stderr = child.stderr.take().expect("stderr");
    *slot.lock().expect("slot") = Some(child);
    let mut out = Vec::new();
    let mut err = Vec::new();
    use std::io::Read as _;
    let _ = stdout.read_to_end(&mut out);
    let _ = stderr.read_to_end(&mut err);
    let mut child = slot.lock().expect("slot").take().expect("child");
    let status = child.wait().expect("wait");
    if status.signal().is_some() {
        return Outcome::Killed;
    }
    let stderr = String::from_utf8_lossy(&err);
    // A refusal (exit 2: a slot taken by another worker, a request another worker's killed
    // step already moved) is expected; anything else is a failure of the store.
    assert!(
        status.code() == Some(0) || status.code() == Some(2),
        "unexpected exit {status}: {stderr}"
    );
    if !status.success() {
        return Outcome::Refused;
    }
    Outcome::Acknowledged(serde_json::from_slice(&out).expect("acknowledged output is JSON"))
}

struct Worker {
    db: PathBuf,
    dir: PathBuf,
    walk_in: PathBuf,
    slot: Slot,
    index: usize,
}

impl Worker {
    /// Moves requests through the workflow until told to stop; returns what was acknowledged.
    fn work(&self, stop: &AtomicBool, rng: &mut Rng) -> Vec<Ack> {
        let mut acks = Vec::new();
        // The request this worker is taking through the workflow, with its next step.
        let mut current: Option<(i64, Op)> = None;
        let mut letters = 0;
        while !stop.load(Ordering::SeqCst) {
            let (op, request) = match current {
                Some((id, op)) => (op, id),
                None if rng.below(4) == 0 => (Op::WalkIn, 0),
                None => (Op::Add, 0),
            };
            let id = request.to_string();
            let mut command = cli(&self.db);
            match op {
                Op::Add => {
                    command.args(["requests", "add", FIXTURE]);
                }
                Op::WalkIn => {
                    command.arg("walk-in").arg(&self.walk_in);
                }
                Op::Verify => {
                    command.args(["requests", "verify", &id]);
                }
                Op::Schedule => {
                    // Spread over the year, so a long soak does not fill the first weeks.
                    let from = konsultasi::time::system_now().date_naive()
                        + chrono::Duration::days(7 + rng.below(300) as i64);
                    let mut slots = cli(&self.db);
                    slots.args(["slots", &id, "--count", "1", "--from"]);
                    slots.arg(from.format("%Y-%m-%d").to_string());
                    let found = match run(&self.slot, slots) {
                        Outcome::Acknowledged(found) if found["suggestions"][0].is_object() => {
                            found
                        }
                        _ => {
                            current = None;
                            continue;
                        }
                    };
                    let slot = &found["suggestions"][0];
                    let field = |name: &str| slot[name].as_str().expect(name).to_owned();
                    command.args(["requests", "schedule", &id, "--date"]);
                    command.arg(field("date")).arg("--time").arg(field("time"));
                    command.arg("--room").arg(field("room_code"));
                }
                Op::Confirm => {
                    command.args(["requests", "confirm", &id, "--by", "Rina", "--via"]);
                    command.arg("whatsapp");
                }
                Op::Letter => {
                    letters += 1;
                    let out = self.dir.join(format!("surat-{}-{letters}.pdf", self.index));
                    command.args(["export", "letter", &id, "--kind", "confirmation", "--out"]);
                    command.arg(out);
                }
            }
            current = match run(&self.slot, command) {
                Outcome::Acknowledged(value) => {
                    let printed = match op {
                        Op::WalkIn => value["request"]["id"].as_i64(),
                        Op::Letter => value["file"].as_str().map(|_| request),
                        _ => value["id"].as_i64(),
                    };
                    let printed = printed.expect("the acknowledged id");
                    if op != Op::Add && op != Op::WalkIn {
                        assert_eq!(printed, request, "{op:?} printed its request");
                    }
                    acks.push(Ack {
                        op,
                        request: printed,
                    });
                    match op {
                        Op::Add => Some((printed, Op::Verify)),
                        Op::Verify => Some((printed, Op::Schedule)),
                        Op::Schedule => Some((printed, Op::Confirm)),
                        Op::Confirm => Some((printed, Op::Letter)),
                        Op::Letter | Op::WalkIn => None,
                    }
                }
                // A killed step may or may not have committed: start afresh with a new request.
                Outcome::Killed | Outcome::Refused => None,
            };
        }
        acks
    }
}

/// What the file holds after a cycle: integrity, and each acknowledged write checked.
async fn verify(db: &Path, acks: &[Ack]) -> (usize, [i64; 5]) {
    let pool = sqlx::SqlitePool::connect(&format!("sqlite://{}?mode=ro", db.display()))
        .await
        .expect("open after the crash");
    let integrity: Vec<String> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_all(&pool)
        .await
        .expect("integrity_check");
    assert_eq!(integrity, ["ok"], "integrity after SIGKILL");
    for ack in acks {
        let sql = match ack.op {
            Op::Add => "SELECT count(*) FROM requests WHERE id = ?",
            Op::Verify => {
                "SELECT count(*) FROM requests WHERE id = ? AND status IN ('verified', 'scheduled', 'confirmed')"
            }
            Op::Schedule => {
                "SELECT count(*) FROM requests r JOIN bookings b ON b.request_id = r.id AND b.active = 1
                 WHERE r.id = ? AND r.status IN ('scheduled', 'confirmed')"
            }
            Op::Confirm => {
                "SELECT count(*) FROM requests r JOIN confirmations c ON c.request_id = r.id
                 WHERE r.id = ? AND r.status = 'confirmed'"
            }
            Op::Letter => {
                "SELECT count(*) FROM issued_letters WHERE request_id = ? AND kind = 'confirmation'"
            }
            Op::WalkIn => {
                "SELECT count(*) FROM requests r JOIN check_ins c ON c.request_id = r.id
                 WHERE r.id = ? AND r.status = 'checked_in'"
            }
        };
        let found: i64 = sqlx::query_scalar(sql)
            .bind(ack.request)
            .fetch_one(&pool)
            .await
            .expect("look up");
        assert!(found >= 1, "acknowledged {ack:?} is lost");
    }
    let mut rows = [0; 5];
    for (count, sql) in rows.iter_mut().zip([
        "SELECT count(*) FROM requests",
        "SELECT count(*) FROM bookings",
        "SELECT count(*) FROM confirmations",
        "SELECT count(*) FROM issued_letters",
        "SELECT count(*) FROM check_ins",
    ]) {
        *count = sqlx::query_scalar(sql)
            .fetch_one(&pool)
            .await
            .expect("count");
    }
    pool.close().await;
    (acks.len(), rows)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn writers_killed_at_random_lose_no_acknowledged_write() {
    let _turn = common::run_beside_others();
    let cycles: u32 = std::env::var("CRASH_CYCLES")
        .ok()
        .map(|c| c.parse().expect("CRASH_CYCLES is a number"))
        .unwrap_or(20);
    let seed: u64 = std::env::var("CRASH_SEED")
        .ok()
        .map(|s| s.parse().expect("CRASH_SEED is a number"))
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(1, |d| d.as_nanos() as u64)
        })
        | 1;
    eprintln!("crash: {cycles} cycles, CRASH_SEED={seed}");
    let started = Instant::now();

    let dir = tempfile::tempdir().expect("dir");
    let db = dir.path().join("desk.db");
    let setup = cli(&db)
        .args(["users", "add", "Sekretariat", "--role", "team_leader"])
        .output()
        .expect("setup");
    assert!(setup.status.success());
    common::fill_letter_settings_cli(&db);
    let mut walk_in: Value =
        serde_json::from_str(&std::fs::read_to_string(FIXTURE).expect("fixture")).expect("json");
    walk_in = serde_json::json!({
        "request": walk_in,
        "check_in": { "present": [0, 1] },
    });
    let walk_in_file = dir.path().join("walk-in.json");
    std::fs::write(&walk_in_file, walk_in.to_string()).expect("write");

    let mut rng = Rng(seed);
    let mut all: Vec<Ack> = Vec::new();
    let mut kills = 0u64;
    for cycle in 1..=cycles {
        let stop = Arc::new(AtomicBool::new(false));
        let slots: Vec<Slot> = (0..WORKERS).map(|_| Arc::new(Mutex::new(None))).collect();
        let handles: Vec<_> = slots
            .iter()
            .enumerate()
            .map(|(index, slot)| {
                let worker = Worker {
                    db: db.clone(),
                    dir: dir.path().to_path_buf(),
                    walk_in: walk_in_file.clone(),
                    slot: Arc::clone(slot),
                    index,
                };
                let stop = Arc::clone(&stop);
                let mut rng = Rng(rng.next() | 1);
                std::thread::spawn(move || worker.work(&stop, &mut rng))
            })
            .collect();

        // Kill a random writer at random moments; at the end, every one still running.
        let until = Instant::now() + Duration::from_millis(600 + rng.below(900));
        while Instant::now() < until {
            std::thread::sleep(Duration::from_millis(10 + rng.below(200)));
            let slot = &slots[rng.below(WORKERS as u64) as usize];
            if let Some(child) = slot.lock().expect("slot").as_mut() {
                let _ = child.kill();
                kills += 1;
            }
        }
        stop.store(true, Ordering::SeqCst);
        for slot in &slots {
            if let Some(child) = slot.lock().expect("slot").as_mut() {
                let _ = child.kill();
                kills += 1;
            }
        }
        for handle in handles {
            all.extend(handle.join().expect("worker"));
        }

        let (acknowledged, rows) = verify(&db, &all).await;
        eprintln!(
            "cycle {cycle}: {acknowledged} acknowledged writes so far, all found; rows: \
             {} requests, {} bookings, {} confirmations, {} letters, {} check-ins",
            rows[0], rows[1], rows[2], rows[3], rows[4]
        );
    }
    let (acknowledged, rows) = verify(&db, &all).await;
    let per_op = |op: Op| all.iter().filter(|a| a.op == op).count();
    eprintln!(
        "crash: {cycles} cycles, {kills} SIGKILLs, {acknowledged} acknowledged writes \
         (add {}, verify {}, schedule {}, confirm {}, letter {}, walk-in {}), all found; \
         rows {rows:?}; {:.1} s",
        per_op(Op::Add),
        per_op(Op::Verify),
        per_op(Op::Schedule),
        per_op(Op::Confirm),
        per_op(Op::Letter),
        per_op(Op::WalkIn),
        started.elapsed().as_secs_f64()
    );
    assert!(
        per_op(Op::Add) > 0 && per_op(Op::Schedule) > 0 && per_op(Op::WalkIn) > 0,
        "the writers got work done between the kills"
    );
    assert!(
        rows[0] as usize >= per_op(Op::Add) + per_op(Op::WalkIn),
        "every acknowledged request is a row"
    );
}
