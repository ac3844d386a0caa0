//! Invitations by e-mail against a real SMTP server on loopback (Debian's python3-aiosmtpd, in
//! `tests/tools/smtp_sink.py`): what arrives is read by Python's `email` package and its
//! calendar by libical with its iTIP checks (`tests/tools/read_mail.py`), never by our own code.

use std::io::BufRead as _;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use konsultasi::api::{
    MailSecurity, MailSettingsInput, MailTestInput, ResourcePersonInput, ScheduleInput,
};
use konsultasi::error::ErrorCode;
use konsultasi::mail::worker::{Worker, WorkerConfig};
use konsultasi::mail::{DeliveryState, MailKind};
use konsultasi::service::{self, mail, scheduling, settings, workflow};
use konsultasi::store::mail::Outcome;
use serde_json::Value;

use crate::common::{self, TestDb, fresh_db, now, valid_input};

const TOOLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools");

/// A free loopback port, for a server that is not started yet.
fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .expect("free port")
        .port()
}

/// `smtp_sink.py` on a port, writing what it accepts into a folder; killed when dropped.
struct SmtpSink {
    child: Child,
}

impl SmtpSink {
    fn start(port: u16, dir: &Path, extra: &[&str]) -> SmtpSink {
        let mut child = Command::new("/usr/bin/python3")
            .arg(Path::new(TOOLS).join("smtp_sink.py"))
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir)
            .args(extra)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("/usr/bin/python3 must exist (scripts/test.sh installs Debian's python3)");
        let stdout = child.stdout.take().expect("sink stdout");
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .expect("read the sink's first line");
        if line.trim() != "ready" {
            let status = child.wait().expect("sink ended");
            panic!(
                "the SMTP sink did not start ({status}); scripts/test.sh installs \
                 python3-aiosmtpd"
            );
        }
        SmtpSink { child }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The messages the sink accepted so far, in order.
fn received(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|entries| {
            entries
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "eml"))
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

/// One received message as Python's `email` package and libical read it.
fn read_mail(path: &Path) -> Value {
    let output = Command::new("/usr/bin/python3")
        .arg(Path::new(TOOLS).join("read_mail.py"))
        .arg(path)
        .output()
        .expect("run read_mail.py");
    assert!(
        output.status.success(),
        "read_mail.py failed (scripts/test.sh installs python3-gi, gir1.2-ical-3.0 and \
         python3-icalendar): {}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("read_mail.py prints JSON")
}

fn header<'a>(mail: &'a Value, name: &str) -> Vec<&'a str> {
    mail["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .filter(|pair| {
            pair[0]
                .as_str()
                .is_some_and(|n| n.eq_ignore_ascii_case(name))
        })
        .filter_map(|pair| pair[1].as_str())
        .collect()
}

fn settings_for(port: u16) -> MailSettingsInput {
    MailSettingsInput {
        enabled: true,
        host: "127.0.0.1".into(),
        port: i64::from(port),
        security: Some(MailSecurity::Plain),
        username: String::new(),
        password: None,
        sender_name: "Sekretariat Konsultasi DJPK".into(),
        sender_address: "konsultasi.djpk@kemenkeu.go.id".into(),
        reminder_working_days: 1,
        reminder_pemda_time: "10:00".into(),
        reminder_staff_time: Some("07:30".into()),
        trusted_certificate: None,
        attach_confirmation: false,
    }
}

fn worker(db: &TestDb) -> Worker {
    Worker::new(
        db.store.clone(),
        WorkerConfig {
            deferred_retry: Some(chrono::Duration::zero()),
            ..WorkerConfig::default()
        },
        now,
    )
}

/// A video conference from Kota Jayapura (WIT) with its contact and one guest reachable by
/// e-mail, verified, and a resource person of DTU with an address; answers the request's id and
/// the person's id.
async fn verified_request(db: &TestDb) -> (i64, i64) {
    common::fill_letter_settings(&db.store, &db.actor).await;
    let mut input = valid_input();
    input.channel = Some(konsultasi::domain::Channel::VideoConference);
    input.requester.region_code = Some("91.71".into());
    input.contact.email = Some("bpkad@jayapurakota.go.id".into());
    input.guests[1].contact = Some("ni.luh@jayapurakota.go.id".into());
    let created = service::create_request(&db.store, &db.actor, &input, now())
        .await
        .expect("create");
    workflow::verify_request(&db.store, &db.actor, created.id, now())
        .await
        .expect("verify");
    let persons = settings::save_resource_person(
        &db.store,
        &db.actor,
        &ResourcePersonInput {
            id: None,
            unit_code: "DTU".into(),
            name: "Andi Narasumber".into(),
            position: Some("Kepala Seksi".into()),
            email: Some("andi@kemenkeu.go.id".into()),
            active: true,
        },
        now(),
    )
    .await
    .expect("resource person");
    let person = persons
        .iter()
        .find(|p| p.name == "Andi Narasumber")
        .expect("saved");
    (created.id, person.id)
}

fn slot(date: &str, time: &str, person: i64) -> ScheduleInput {
    ScheduleInput {
        date: date.into(),
        time: time.into(),
        unit_code: Some("DTU".into()),
        meeting_url: Some("https://teams.microsoft.com/l/meetup-join/uji".into()),
        resource_person_ids: Some(vec![person]),
        ..ScheduleInput::default()
    }
}

/// The received messages of one kind to one address, read.
fn messages_to(dir: &Path, address: &str) -> Vec<Value> {
    received(dir)
        .iter()
        .map(|path| read_mail(path))
        .filter(|mail| header(mail, "To").iter().any(|to| to.contains(address)))
        .collect()
}

fn calendar_reading(mail: &Value) -> (&Value, &Value) {
    let parts = mail["calendar_parts"].as_array().expect("calendar parts");
    let inline = parts
        .iter()
        .find(|p| p["content_type"] == "text/calendar")
        .expect("an inline text/calendar part");
    let libical = &inline["ics"]["libical"];
    assert_eq!(
        libical["errors"],
        Value::Array(vec![]),
        "libical's iTIP check:\n{}",
        inline["text"]
    );
    assert_eq!(inline["ics"]["icalendar"]["errors"], Value::Array(vec![]));
    (inline, &libical["events"][0])
}

#[tokio::test]
async fn an_invitation_arrives_as_imip_then_its_change_and_its_cancellation() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let _sink = SmtpSink::start(port, sink_dir.path(), &[]);
    mail::save_mail_settings(&db.store, &db.actor, &settings_for(port), now())
        .await
        .expect("mail settings");
    let (id, person) = verified_request(&db).await;
    let booked = scheduling::schedule_request(
        &db.store,
        &db.actor,
        id,
        &slot("2026-12-08", "09:00", person),
        now(),
    )
    .await
    .expect("schedule");
    let uid = booked.booking.expect("booking").ical_uid;

    // Queued with the booking: an invite to each of three, a reminder to each, not yet sent.
    let queued = mail::mail_of_request(&db.store, id).await.expect("mail");
    let count = |kind, state| {
        queued
            .iter()
            .filter(|m| m.kind == kind && m.state == state)
            .count()
    };
    assert_eq!(
        count(MailKind::Invite, DeliveryState::Queued),
        3,
        "{queued:#?}"
    );
    assert_eq!(
        count(MailKind::Reminder, DeliveryState::Queued),
        3,
        "{queued:#?}"
    );
    let pemda_reminder = queued
        .iter()
        .find(|m| {
            m.kind == MailKind::Reminder && m.recipient_address.ends_with("jayapurakota.go.id")
        })
        .expect("Pemda reminder");
    // The working day before Tuesday 8 December at 10.00 WIT is Monday 7 December 01.00 UTC.
    assert_eq!(pemda_reminder.due_at, "2026-12-07T01:00:00Z");
    let staff_reminder = queued
        .iter()
        .find(|m| m.kind == MailKind::Reminder && m.recipient_address == "andi@kemenkeu.go.id")
        .expect("staff reminder");
    assert_eq!(
        staff_reminder.due_at, "2026-12-08T00:30:00Z",
        "07.30 WIB on the day"
    );
    let trail = service::audit::audit_trail(&db.store, id)
        .await
        .expect("audit");
    assert!(
        trail.iter().any(|e| e.action == "mail.queued"),
        "{trail:#?}"
    );

    let outcomes = worker(&db).until_idle().await.expect("send");
    assert_eq!(outcomes.len(), 3, "only what is due now: {outcomes:?}");
    assert!(
        outcomes.iter().all(|o| matches!(o, Outcome::Sent { .. })),
        "{outcomes:?}"
    );
    assert_eq!(received(sink_dir.path()).len(), 3);

    let to_pemda = messages_to(sink_dir.path(), "bpkad@jayapurakota.go.id");
    assert_eq!(to_pemda.len(), 1);
    let message = &to_pemda[0];
    assert_eq!(message["defects"], Value::Array(vec![]));
    assert_eq!(message["structure"]["content_type"], "multipart/mixed");
    let alternative = &message["structure"]["children"][0];
    assert_eq!(alternative["content_type"], "multipart/alternative");
    assert_eq!(alternative["children"][0]["content_type"], "text/plain");
    assert_eq!(alternative["children"][1]["content_type"], "text/calendar");
    assert_eq!(alternative["children"][1]["params"]["method"], "REQUEST");
    let attachments = message["attachments"].as_array().expect("attachments");
    assert!(
        attachments.iter().any(|a| a["filename"]
            .as_str()
            .is_some_and(|f| f.ends_with("-undangan.ics"))),
        "{attachments:?}"
    );
    let text = message["text"].as_str().expect("text");
    assert!(
        text.contains("09.00–10.00 WIB (11.00–12.00 WIT)"),
        "the time in WIB and in the Pemda's zone: {text}"
    );
    assert!(text.contains("Selasa, 8 Desember 2026"), "{text}");
    let (inline, event) = calendar_reading(message);
    assert_eq!(inline["ics"]["libical"]["method"], "REQUEST");
    assert_eq!(event["uid"], uid.as_str());
    assert_eq!(event["sequence"], 0);
    assert_eq!(header(message, "Message-ID").len(), 1);
    let to_staff = messages_to(sink_dir.path(), "andi@kemenkeu.go.id");
    let staff_text = to_staff[0]["text"].as_str().expect("text");
    assert!(staff_text.contains("09.00–10.00 WIB"), "{staff_text}");
    assert!(
        !staff_text.contains("WIT)"),
        "staff read WIB only: {staff_text}"
    );

    // Moved: the reminders of the old time are withdrawn, the new invite carries SEQUENCE 1.
    scheduling::reschedule_request(
        &db.store,
        &db.actor,
        id,
        &slot("2026-12-10", "13:00", person),
        now(),
    )
    .await
    .expect("reschedule");
    let after_move = mail::mail_of_request(&db.store, id).await.expect("mail");
    assert_eq!(
        after_move
            .iter()
            .filter(|m| m.kind == MailKind::Reminder && m.state == DeliveryState::Withdrawn)
            .count(),
        3,
        "{after_move:#?}"
    );
    let outcomes = worker(&db).until_idle().await.expect("send");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    let changed = messages_to(sink_dir.path(), "bpkad@jayapurakota.go.id");
    assert_eq!(changed.len(), 2);
    let (inline, event) = calendar_reading(&changed[1]);
    assert_eq!(inline["ics"]["libical"]["method"], "REQUEST");
    assert_eq!(event["uid"], uid.as_str());
    assert_eq!(event["sequence"], 1);

    // Cancelled: METHOD:CANCEL with the same UID to everyone who had an invite.
    workflow::cancel_request(&db.store, &db.actor, id, "Pemda membatalkan", now())
        .await
        .expect("cancel");
    let outcomes = worker(&db).until_idle().await.expect("send");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    let all = messages_to(sink_dir.path(), "ni.luh@jayapurakota.go.id");
    assert_eq!(all.len(), 3, "invite, change, cancellation");
    let cancel = &all[2];
    assert_eq!(
        cancel["structure"]["children"][0]["children"][1]["params"]["method"],
        "CANCEL"
    );
    let (inline, event) = calendar_reading(cancel);
    assert_eq!(inline["ics"]["libical"]["method"], "CANCEL");
    assert_eq!(event["uid"], uid.as_str());
    let last = mail::mail_of_request(&db.store, id).await.expect("mail");
    assert!(
        last.iter()
            .filter(|m| m.kind == MailKind::Reminder)
            .all(|m| m.state == DeliveryState::Withdrawn),
        "no reminder for a cancelled booking: {last:#?}"
    );
    let trail = service::audit::audit_trail(&db.store, id)
        .await
        .expect("audit");
    assert_eq!(
        trail.iter().filter(|e| e.action == "mail.sent").count(),
        9,
        "every message sent is in the audit log"
    );
}

#[tokio::test]
async fn with_the_server_down_the_message_waits_and_goes_out_exactly_once() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    mail::save_mail_settings(&db.store, &db.actor, &settings_for(port), now())
        .await
        .expect("mail settings");
    let (id, person) = verified_request(&db).await;
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        id,
        &slot("2026-12-08", "09:00", person),
        now(),
    )
    .await
    .expect("schedule");

    let outcomes = worker(&db).until_idle().await.expect("send");
    let [Outcome::Retry { answer, .. }] = outcomes.as_slice() else {
        panic!("one message tried, then the worker waits: {outcomes:?}");
    };
    assert!(answer.contains("tidak dapat dihubungi"), "{answer}");
    let waiting = mail::mail_of_request(&db.store, id).await.expect("mail");
    assert!(
        waiting
            .iter()
            .filter(|m| m.kind == MailKind::Invite)
            .all(|m| m.state == DeliveryState::Queued),
        "{waiting:#?}"
    );
    assert!(
        waiting
            .iter()
            .any(|m| m.answer.as_deref() == Some(answer.as_str()))
    );

    let _sink = SmtpSink::start(port, sink_dir.path(), &[]);
    let outcomes = worker(&db).until_idle().await.expect("send");
    assert_eq!(outcomes.len(), 3, "{outcomes:?}");
    assert!(outcomes.iter().all(|o| matches!(o, Outcome::Sent { .. })));
    let again = worker(&db).until_idle().await.expect("send");
    assert!(again.is_empty(), "nothing is sent twice: {again:?}");
    let mut addresses: Vec<String> = received(sink_dir.path())
        .iter()
        .map(|path| header(&read_mail(path), "To").join(","))
        .collect();
    addresses.sort();
    assert_eq!(addresses.len(), 3);
    addresses.dedup();
    assert_eq!(addresses.len(), 3, "each recipient once");
    let sent = mail::mail_of_request(&db.store, id).await.expect("mail");
    let invite = sent
        .iter()
        .find(|m| m.kind == MailKind::Invite && m.state == DeliveryState::Sent)
        .expect("sent");
    assert!(
        invite
            .answer
            .as_deref()
            .is_some_and(|a| a.starts_with("250")),
        "the server's answer is kept: {invite:?}"
    );
}

/// Waits up to `limit` for `ready`.
fn wait_for(limit: Duration, what: &str, ready: impl Fn() -> bool) {
    let started = Instant::now();
    while !ready() {
        assert!(started.elapsed() < limit, "waited {limit:?} for {what}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[cfg(unix)]
#[tokio::test]
async fn a_sender_killed_while_handing_over_neither_loses_nor_duplicates_the_message() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let flag = sink_dir.path().join("stalled");
    let stalled = SmtpSink::start(
        port,
        sink_dir.path(),
        &["--stall-data-file", flag.to_str().expect("utf-8 path")],
    );
    let mut input = settings_for(port);
    input.reminder_working_days = 0;
    input.reminder_staff_time = None;
    mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("mail settings");
    let (id, _) = verified_request(&db).await;
    let mut booking = slot("2026-12-08", "09:00", 0);
    booking.resource_person_ids = Some(Vec::new());
    scheduling::schedule_request(&db.store, &db.actor, id, &booking, now())
        .await
        .expect("schedule");
    let queued = mail::mail_of_request(&db.store, id).await.expect("mail");
    assert_eq!(queued.len(), 2, "contact and guest: {queued:#?}");

    let mut sender = common::cli(db.db_arg())
        .args(["mail", "send", "--lease-seconds", "2"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start the sender");
    // The server has the first message; its answer never comes, and the sender dies.
    wait_for(Duration::from_secs(20), "the stalled DATA", || {
        flag.exists()
    });
    sender.kill().expect("kill -9");
    sender.wait().expect("reaped");
    drop(stalled);
    assert_eq!(received(sink_dir.path()).len(), 1);

    let _sink = SmtpSink::start(port, sink_dir.path(), &[]);
    // Once the dead sender's lease has run out (2 s, instants being kept to the second), the
    // next one marks that message uncertain and sends only the other.
    std::thread::sleep(Duration::from_millis(3500));
    let output = common::cli(db.db_arg())
        .args(["mail", "send", "--until-idle", "--lease-seconds", "2"])
        .output()
        .expect("run the sender again");
    assert!(output.status.success(), "{output:?}");
    assert_eq!(
        received(sink_dir.path()).len(),
        2,
        "the other recipient's, once"
    );
    let after = mail::mail_of_request(&db.store, id).await.expect("mail");
    let states: Vec<DeliveryState> = after.iter().map(|m| m.state).collect();
    assert_eq!(
        states
            .iter()
            .filter(|s| **s == DeliveryState::Uncertain)
            .count(),
        1,
        "{after:#?}"
    );
    assert_eq!(
        states.iter().filter(|s| **s == DeliveryState::Sent).count(),
        1
    );
    let uncertain = after
        .iter()
        .find(|m| m.state == DeliveryState::Uncertain)
        .expect("uncertain");
    assert!(uncertain.can_resend);
    let trail = service::audit::audit_trail(&db.store, id)
        .await
        .expect("audit");
    assert!(
        trail.iter().any(|e| e.action == "mail.uncertain"),
        "{trail:#?}"
    );
    let per_address = |address: &str| messages_to(sink_dir.path(), address).len();
    assert_eq!(
        per_address(&uncertain.recipient_address),
        1,
        "never sent twice by itself"
    );

    // Staff who checked may send it again: then it goes, once more.
    mail::resend_mail(&db.store, &db.actor, uncertain.id, now())
        .await
        .expect("resend");
    let outcomes = worker(&db).until_idle().await.expect("send");
    assert!(
        matches!(outcomes.as_slice(), [Outcome::Sent { .. }]),
        "{outcomes:?}"
    );
    assert_eq!(per_address(&uncertain.recipient_address), 2);
    let refused = mail::resend_mail(&db.store, &db.actor, uncertain.id, now())
        .await
        .expect_err("a sent message is not sent again");
    assert_eq!(refused.code(), ErrorCode::Conflict);
}

#[tokio::test]
async fn settings_are_checked_and_the_password_stays_out_of_the_database() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let mut input = settings_for(25);
    input.host = "smtp.kemenkeu.go.id".into();
    let before = common::row_counts(&db.store).await;
    let refused = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect_err("plain SMTP to another machine");
    let payload = refused.to_payload();
    assert_eq!(payload.code, ErrorCode::Validation);
    let text = serde_json::to_string(&payload).expect("json");
    assert!(text.contains("\"security\""), "{text}");
    input.security = None;
    input.port = 70000;
    input.sender_address = "bukan alamat".into();
    input.reminder_pemda_time = "25:00".into();
    let refused = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect_err("every field");
    let text = serde_json::to_string(&refused.to_payload()).expect("json");
    for field in ["security", "port", "sender_address", "reminder_pemda_time"] {
        assert!(text.contains(&format!("\"{field}\"")), "{field}: {text}");
    }
    assert_eq!(
        common::row_counts(&db.store).await,
        before,
        "a refusal writes nothing"
    );
    let agent = common::agent(&db.store).await;
    let refused = mail::save_mail_settings(&db.store, &agent, &settings_for(25), now())
        .await
        .expect_err("an agent");
    assert_eq!(refused.code(), ErrorCode::Policy);

    let secret = "Rahasia-SMTP-9f3a2c";
    let mut input = settings_for(2525);
    input.host = "smtp.kemenkeu.go.id".into();
    input.security = Some(MailSecurity::Starttls);
    input.username = "konsultasi.djpk".into();
    input.password = Some(secret.into());
    let view = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("save");
    assert!(view.password_kept);
    let path = db.store.secret_path("smtp-password").expect("secret path");
    assert_eq!(std::fs::read_to_string(&path).expect("secret"), secret);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt as _;
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "only the desk's user reads it");
    }
    let row = konsultasi::store::mail::settings(&mut db.store.read_session().await.expect("read"))
        .await
        .expect("row");
    assert!(
        !format!("{row:?}").contains(secret),
        "the password is not a column"
    );
    if !common::on_postgres() {
        for file in std::fs::read_dir(db.path.parent().expect("folder")).expect("folder") {
            let file = file.expect("entry").path();
            if file != path && file.is_file() {
                let bytes = std::fs::read(&file).expect("read");
                assert!(
                    !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
                    "the password is in {}",
                    file.display()
                );
            }
        }
    }
    let trail = service::audit::search_audit(&db.store, "mail_settings.save")
        .await
        .expect("audit");
    assert!(!trail.is_empty());
    assert!(
        !serde_json::to_string(&trail)
            .expect("json")
            .contains(secret),
        "nor in the audit log"
    );
    // Absent keeps it, "" forgets it.
    input.password = None;
    let view = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("save");
    assert!(view.password_kept);
    input.password = Some(String::new());
    let view = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("save");
    assert!(!view.password_kept);
    assert!(!path.exists());
}

#[tokio::test]
async fn the_test_message_reports_the_servers_answer_or_why_it_could_not_reach_it() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let to = MailTestInput {
        to: "uji@kemenkeu.go.id".into(),
    };
    let unset = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(!unset.delivered);
    assert!(unset.answer.contains("belum diisi"), "{unset:?}");
    mail::save_mail_settings(&db.store, &db.actor, &settings_for(port), now())
        .await
        .expect("settings");
    let down = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(!down.delivered);
    assert!(down.answer.contains("tidak dapat dihubungi"), "{down:?}");
    let _sink = SmtpSink::start(
        port,
        sink_dir.path(),
        &["--reject-rcpt", "tolak@kemenkeu.go.id"],
    );
    let sent = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(sent.delivered, "{sent:?}");
    assert!(sent.answer.starts_with("250"), "{sent:?}");
    let refused = mail::send_test_mail(
        &db.store,
        &db.actor,
        &MailTestInput {
            to: "tolak@kemenkeu.go.id".into(),
        },
        now(),
    )
    .await
    .expect("answer");
    assert!(!refused.delivered);
    assert!(refused.answer.contains("550"), "{refused:?}");
    let bad = mail::send_test_mail(
        &db.store,
        &db.actor,
        &MailTestInput { to: "x".into() },
        now(),
    )
    .await
    .expect_err("not an address");
    assert_eq!(bad.code(), ErrorCode::Validation);
    let files = received(sink_dir.path());
    assert_eq!(files.len(), 1);
    let message = read_mail(&files[0]);
    assert_eq!(header(&message, "Subject"), ["Uji surel Konsultasi DJPK"]);
}

#[test]
fn no_name_or_subject_can_inject_a_header() {
    let dir = tempfile::tempdir().expect("dir");
    let hostile = "Budi\r\nBcc: korban@contoh.test\r\n\r\nIsi palsu";
    let message = konsultasi::mail::MailMessage {
        from: konsultasi::mail::MailParty {
            name: format!("Sekretariat{hostile}"),
            address: "konsultasi.djpk@kemenkeu.go.id".into(),
        },
        to: konsultasi::mail::MailParty {
            name: hostile.into(),
            address: "budi@pemda.go.id".into(),
        },
        subject: format!("Undangan\u{0085}X-Sisipan: ya\n{hostile}"),
        text: format!("Yth. {hostile}"),
        calendar: None,
        calendar_file_name: String::new(),
        attachments: Vec::new(),
        message_id: "uji-1@konsultasi.djpk.kemenkeu.go.id".into(),
        date: now(),
    };
    let composed = konsultasi::mail::compose(&message).expect("composed");
    let path = dir.path().join("hostile.eml");
    std::fs::write(&path, &composed.bytes).expect("write");
    let read = read_mail(&path);
    let names: Vec<String> = read["headers"]
        .as_array()
        .expect("headers")
        .iter()
        .map(|pair| pair[0].as_str().unwrap_or_default().to_ascii_lowercase())
        .collect();
    for name in ["bcc", "x-sisipan"] {
        assert!(
            !names.iter().any(|n| n == name),
            "{name} injected: {names:?}"
        );
    }
    for value in read["headers"].as_array().expect("headers") {
        let text = value[1].as_str().unwrap_or_default();
        assert!(!text.contains('\r') && !text.contains('\n'), "{value}");
    }
    assert_eq!(read["defects"], Value::Array(vec![]));
    assert_eq!(
        composed.envelope.to().len(),
        1,
        "one recipient, whatever the name says"
    );
    let bad_address = konsultasi::mail::MailMessage {
        to: konsultasi::mail::MailParty {
            name: "Budi".into(),
            address: "budi@pemda.go.id>\r\nBcc: korban@contoh.test".into(),
        },
        ..message
    };
    assert!(konsultasi::mail::compose(&bad_address).is_err());
}

/// A private authority and a certificate it signed for `localhost`, made by the openssl
/// command line (scripts/test.sh installs it), as a ministry's internal mail server has.
struct Authority {
    dir: tempfile::TempDir,
}

impl Authority {
    fn make() -> Authority {
        let dir = tempfile::tempdir().expect("dir");
        let run = |args: &[&str]| {
            let output = Command::new("openssl")
                .args(args)
                .current_dir(dir.path())
                .output()
                .expect("openssl must exist (scripts/test.sh installs Debian's openssl)");
            assert!(
                output.status.success(),
                "openssl {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            String::from_utf8_lossy(&output.stdout).into_owned()
        };
        let ec = [
            "-newkey",
            "ec",
            "-pkeyopt",
            "ec_paramgen_curve:prime256v1",
            "-nodes",
        ];
        run(&[
            &["req", "-x509"][..],
            &ec,
            &["-keyout", "ca.key", "-out", "ca.pem", "-days", "30"],
            &["-subj", "/CN=Otoritas Sertifikat Uji DJPK"],
            &["-addext", "basicConstraints=critical,CA:TRUE"],
            &["-addext", "keyUsage=critical,keyCertSign,cRLSign"],
        ]
        .concat());
        run(&[
            &["req"][..],
            &ec,
            &[
                "-keyout",
                "server.key",
                "-out",
                "server.csr",
                "-subj",
                "/CN=localhost",
            ],
        ]
        .concat());
        std::fs::write(
            dir.path().join("server.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n\
             basicConstraints=CA:FALSE\n",
        )
        .expect("extensions");
        run(&[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.pem",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-out",
            "server.pem",
            "-days",
            "30",
            "-extfile",
            "server.ext",
        ]);
        Authority { dir }
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).display().to_string()
    }

    fn pem(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("ca.pem")).expect("ca.pem")
    }

    /// The authority's SHA-256 fingerprint as openssl prints it ("AB:CD:…").
    fn fingerprint(&self) -> String {
        let output = Command::new("openssl")
            .args(["x509", "-noout", "-fingerprint", "-sha256", "-in", "ca.pem"])
            .current_dir(self.dir.path())
            .output()
            .expect("openssl");
        let line = String::from_utf8_lossy(&output.stdout).trim().to_owned();
        line.split_once('=').expect("Fingerprint=…").1.to_owned()
    }

    fn sink_arguments<'a>(&'a self, mode: &'a str, cert: &'a str, key: &'a str) -> [&'a str; 6] {
        ["--tls", mode, "--tls-cert", cert, "--tls-key", key]
    }
}

#[tokio::test]
async fn starttls_and_implicit_tls_reach_a_server_whose_authority_the_desk_trusts() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let authority = Authority::make();
    let (cert, key) = (authority.path("server.pem"), authority.path("server.key"));
    let to = MailTestInput {
        to: "uji@kemenkeu.go.id".into(),
    };

    // STARTTLS with a sign-in that the server offers only once the connection is encrypted.
    let starttls_dir = tempfile::tempdir().expect("dir");
    let starttls_port = free_port();
    let starttls_arguments = authority.sink_arguments("starttls", &cert, &key);
    let _starttls = SmtpSink::start(
        starttls_port,
        starttls_dir.path(),
        &[
            &starttls_arguments[..],
            &["--auth-user", "meja", "--auth-password", "rahasia-uji"],
        ]
        .concat(),
    );
    let mut input = MailSettingsInput {
        host: "localhost".into(),
        security: Some(MailSecurity::Starttls),
        username: "meja".into(),
        password: Some("rahasia-uji".into()),
        ..settings_for(starttls_port)
    };
    mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("settings");
    let untrusted = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(!untrusted.delivered, "{untrusted:?}");
    assert!(
        untrusted
            .answer
            .contains("Sertifikat server tidak dipercaya"),
        "says what to do about it: {untrusted:?}"
    );
    assert!(received(starttls_dir.path()).is_empty());

    input.password = None;
    input.trusted_certificate = Some(authority.pem());
    let view = mail::save_mail_settings(&db.store, &db.actor, &input, now())
        .await
        .expect("settings");
    assert_eq!(
        view.trusted_certificate_fingerprints,
        [authority.fingerprint()],
        "the fingerprint staff compare is openssl's"
    );
    assert!(view.password_kept);
    let trusted = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(trusted.delivered, "{trusted:?}");
    assert!(trusted.answer.starts_with("250"), "{trusted:?}");
    assert_eq!(received(starttls_dir.path()).len(), 1);

    // Implicit TLS from the first byte, as on port 465.
    let implicit_dir = tempfile::tempdir().expect("dir");
    let implicit_port = free_port();
    let _implicit = SmtpSink::start(
        implicit_port,
        implicit_dir.path(),
        &authority.sink_arguments("implicit", &cert, &key),
    );
    let implicit = MailSettingsInput {
        port: i64::from(implicit_port),
        security: Some(MailSecurity::Tls),
        username: String::new(),
        password: Some(String::new()),
        ..input.clone()
    };
    mail::save_mail_settings(&db.store, &db.actor, &implicit, now())
        .await
        .expect("settings");
    let sent = mail::send_test_mail(&db.store, &db.actor, &to, now())
        .await
        .expect("answer");
    assert!(sent.delivered, "{sent:?}");
    let files = received(implicit_dir.path());
    assert_eq!(files.len(), 1);
    assert_eq!(
        header(&read_mail(&files[0]), "Subject"),
        ["Uji surel Konsultasi DJPK"]
    );

    // Text that is no certificate is refused beside its field; nothing changes.
    let before = mail::mail_settings(&db.store).await.expect("settings");
    for pasted in [
        "bukan sertifikat",
        "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
    ] {
        let refused = mail::save_mail_settings(
            &db.store,
            &db.actor,
            &MailSettingsInput {
                trusted_certificate: Some(pasted.into()),
                ..implicit.clone()
            },
            now(),
        )
        .await
        .expect_err("not a certificate");
        let konsultasi::error::Error::Validation(fields) = &refused else {
            panic!("a field error: {refused:?}");
        };
        assert!(
            fields
                .as_slice()
                .iter()
                .any(|e| e.field == "trusted_certificate"),
            "{fields:?}"
        );
    }
    assert_eq!(
        mail::mail_settings(&db.store).await.expect("settings"),
        before
    );
}

#[tokio::test]
async fn the_pemda_invitation_waits_for_its_confirmation_letter_and_carries_it() {
    let _turn = common::run_beside_others();
    let db = fresh_db().await;
    let sink_dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let _sink = SmtpSink::start(port, sink_dir.path(), &[]);
    mail::save_mail_settings(
        &db.store,
        &db.actor,
        &MailSettingsInput {
            attach_confirmation: true,
            ..settings_for(port)
        },
        now(),
    )
    .await
    .expect("mail settings");
    let (id, person) = verified_request(&db).await;
    scheduling::schedule_request(
        &db.store,
        &db.actor,
        id,
        &slot("2026-12-08", "09:00", person),
        now(),
    )
    .await
    .expect("schedule");

    // Before the letter: the resource person's invite goes, the Pemda's two wait.
    let outcomes = worker(&db).until_idle().await.expect("send");
    let sent = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Sent { .. }))
        .count();
    let held = outcomes
        .iter()
        .filter(|o| matches!(o, Outcome::Hold { .. }))
        .count();
    assert_eq!((sent, held), (1, 2), "{outcomes:?}");
    assert_eq!(messages_to(sink_dir.path(), "andi@kemenkeu.go.id").len(), 1);
    let waiting = mail::mail_of_request(&db.store, id).await.expect("mail");
    let pemda_invites: Vec<_> = waiting
        .iter()
        .filter(|m| {
            m.kind == MailKind::Invite && m.recipient_address.ends_with("jayapurakota.go.id")
        })
        .collect();
    assert_eq!(pemda_invites.len(), 2);
    for invite in &pemda_invites {
        assert_eq!(invite.state, DeliveryState::Queued, "{invite:?}");
        assert_eq!(
            invite.attempts, 0,
            "waiting is not a failed try: {invite:?}"
        );
        assert!(
            invite
                .answer
                .as_deref()
                .is_some_and(|a| a.contains("surat konfirmasi")),
            "{invite:?}"
        );
    }
    assert!(
        worker(&db).until_idle().await.expect("send").is_empty(),
        "nothing is due until the letter is issued"
    );

    // The secretariat issues the letter: both go at once, each carrying it.
    let letter = service::export::letter(
        &db.store,
        Some(&db.actor),
        id,
        konsultasi::api::LetterKind::Confirmation,
        now(),
    )
    .await
    .expect("letter");
    let number = service::export::issue_number(
        &db.store,
        &db.actor,
        id,
        service::export::NumberedLetter::Confirmation,
        0,
        now(),
    )
    .await
    .expect("the number the letter took")
    .number;
    let outcomes = worker(&db).until_idle().await.expect("send");
    assert_eq!(outcomes.len(), 2, "{outcomes:?}");
    assert!(
        outcomes.iter().all(|o| matches!(
            o,
            Outcome::Sent { attached_letter: Some(n), .. } if *n == number
        )),
        "{outcomes:?}"
    );
    let to_pemda = messages_to(sink_dir.path(), "bpkad@jayapurakota.go.id");
    assert_eq!(to_pemda.len(), 1);
    let message = &to_pemda[0];
    assert_eq!(message["defects"], Value::Array(vec![]));
    calendar_reading(message);
    let pdf = message["attachments"]
        .as_array()
        .expect("attachments")
        .iter()
        .find(|a| a["content_type"] == "application/pdf")
        .unwrap_or_else(|| panic!("a PDF attachment: {:?}", message["attachments"]));
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["base64"].as_str().expect("bytes"))
        .expect("base64");
    // Poppler reads both: the attachment says what the letter the desk issued says (its bytes
    // differ only in the document's generated identifier).
    let pdf_text = |name: &str, bytes: &[u8]| {
        let path = sink_dir.path().join(name);
        std::fs::write(&path, bytes).expect("write");
        let output = Command::new("pdftotext")
            .args(["-layout"])
            .arg(&path)
            .arg("-")
            .output()
            .expect("pdftotext must exist (scripts/test.sh installs poppler-utils)");
        assert!(output.status.success(), "{output:?}");
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let attached_text = pdf_text("attached.pdf", &bytes);
    assert!(
        attached_text.contains(&number),
        "poppler reads the number {number}: {attached_text}"
    );
    assert_eq!(attached_text, pdf_text("issued.pdf", &letter.bytes));
    let panel = mail::mail_of_request(&db.store, id).await.expect("mail");
    assert!(
        panel
            .iter()
            .filter(|m| m.kind == MailKind::Invite
                && m.audience == konsultasi::mail::MailAudience::Pemda)
            .all(|m| m.state == DeliveryState::Sent
                && m.attached_letter.as_deref() == Some(number.as_str())),
        "{panel:#?}"
    );
    let trail = service::audit::audit_trail(&db.store, id)
        .await
        .expect("audit");
    assert_eq!(
        trail
            .iter()
            .filter(|e| e.action == "mail.sent"
                && e.note.as_deref().is_some_and(|n| n.contains(&number)))
            .count(),
        2,
        "{trail:#?}"
    );
}
