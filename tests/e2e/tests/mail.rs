//! Invitations by e-mail in the real window: the desk's own worker sends what a booking queued
//! to a real SMTP server on loopback (`tests/tools/smtp_sink.py`, Debian's python3-aiosmtpd),
//! and the request's "Surel undangan" panel shows each message's fate as it happens, without
//! being reopened; a refused one is sent again from the panel.

mod common;

use std::io::BufRead as _;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use fantoccini::Locator;
use konsultasi::api::{MailSecurity, MailSettingsInput, ResourcePersonInput, ScheduleInput};
use konsultasi::domain::Channel;
use konsultasi::service::{self, export, mail, scheduling, settings, workflow};
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, TEST_USER, testid};

const TOOLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tools");
/// The resource person's address, which the server refuses (550).
const REFUSED: &str = "andi.narasumber@kemenkeu.go.id";

/// The SMTP sink on a free loopback port; killed when dropped.
struct SmtpSink {
    child: Child,
    port: u16,
    dir: tempfile::TempDir,
}

impl SmtpSink {
    fn start() -> Result<SmtpSink> {
        let dir = tempfile::tempdir()?;
        let port = std::net::TcpListener::bind("127.0.0.1:0")?
            .local_addr()?
            .port();
        let mut child = Command::new("/usr/bin/python3")
            .arg(Path::new(TOOLS).join("smtp_sink.py"))
            .args(["--port", &port.to_string(), "--dir"])
            .arg(dir.path())
            .args(["--reject-rcpt", REFUSED])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().ok_or("sink stdout")?).read_line(&mut line)?;
        if line.trim() != "ready" {
            return Err(
                "the SMTP sink did not start; scripts/test.sh installs python3-aiosmtpd".into(),
            );
        }
        Ok(SmtpSink { child, port, dir })
    }

    /// The messages it accepted.
    fn received(&self) -> Result<Vec<PathBuf>> {
        let mut files = Vec::new();
        for entry in std::fs::read_dir(self.dir.path())? {
            let path = entry?.path();
            if path.extension().is_some_and(|x| x == "eml") {
                files.push(path);
            }
        }
        Ok(files)
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A video conference of Kabupaten Mukomuko whose contact has an address, verified and
/// scheduled with a resource person the server will refuse: two invitations queued (and their
/// reminders, due later). Answers the request's id.
async fn seed(profile: &Profile, port: u16) -> Result<i64> {
    let store = konsultasi::Store::open(&profile.db()).await?;
    let leader = common::user(&store, TEST_USER, Role::TeamLeader).await?;
    let mut letters = export::export_settings(&store).await?;
    letters.signatory_name = "Dra. Sri Wahyuningsih, M.Si.".into();
    export::save_export_settings(&store, &leader, &letters, system_now()).await?;
    mail::save_mail_settings(
        &store,
        &leader,
        &MailSettingsInput {
            enabled: true,
            host: "127.0.0.1".into(),
            port: i64::from(port),
            security: Some(MailSecurity::Plain),
            sender_name: "Contact Center DJPK".into(),
            sender_address: "callcenter.djpk@kemenkeu.go.id".into(),
            reminder_working_days: 1,
            reminder_pemda_time: "10:00".into(),
            reminder_staff_time: Some("07:30".into()),
            ..MailSettingsInput::default()
        },
        system_now(),
    )
    .await?;
    let persons = settings::save_resource_person(
        &store,
        &leader,
        &ResourcePersonInput {
            id: None,
            unit_code: "DTU".into(),
            name: "Andi Narasumber".into(),
            position: Some("Kepala Seksi".into()),
            email: Some(REFUSED.into()),
            active: true,
        },
        system_now(),
    )
    .await?;
    let person = persons
        .iter()
        .find(|p| p.name == "Andi Narasumber")
        .ok_or("resource person not saved")?
        .id;
    let mut input = common::mukomuko_in_person();
    input.channel = Some(Channel::VideoConference);
    input.contact.email = Some("bpkad@mukomukokab.go.id".into());
    let created = service::create_request(&store, &leader, &input, system_now()).await?;
    workflow::verify_request(&store, &leader, created.id, system_now()).await?;
    scheduling::schedule_request(
        &store,
        &leader,
        created.id,
        &ScheduleInput {
            date: "2027-03-02".into(),
            time: "09:00".into(),
            unit_code: Some("DTU".into()),
            meeting_url: Some("https://teams.microsoft.com/l/meetup-join/uji".into()),
            resource_person_ids: Some(vec![person]),
            ..ScheduleInput::default()
        },
        system_now(),
    )
    .await?;
    store.close().await;
    Ok(created.id)
}

/// Each invitation row of the panel: (recipient address, state, text).
async fn invitation_rows(desk: &Desk) -> Result<Vec<(String, String, String)>> {
    let mut found = Vec::new();
    for row in desk
        .client
        .find_all(Locator::Css(&testid("mail-row")))
        .await?
    {
        let text = row.prop("textContent").await?.unwrap_or_default();
        if !text.contains("Undangan") {
            continue;
        }
        let state = row.attr("data-state").await?.unwrap_or_default();
        let address = if text.contains(REFUSED) {
            REFUSED.to_owned()
        } else {
            "bpkad@mukomukokab.go.id".to_owned()
        };
        found.push((address, state, text));
    }
    Ok(found)
}

#[tokio::test]
async fn the_panel_shows_each_invitation_sent_or_refused_and_sends_a_refused_one_again()
-> Result<()> {
    let sink = SmtpSink::start()?;
    let profile = Profile::new();
    let id = seed(&profile, sink.port).await?;
    let desk = Desk::launch(&profile).await?;
    desk.open_request(id).await?;
    desk.wait(&testid("mail-panel")).await?;

    // The desk's worker sends while the request is open: the panel follows by itself.
    desk.eventually("both invitations to reach their answer", || async {
        let rows = invitation_rows(&desk).await?;
        Ok(rows.len() == 2
            && rows.iter().any(|(a, s, _)| a == REFUSED && s == "failed")
            && rows.iter().any(|(a, s, _)| a != REFUSED && s == "sent"))
    })
    .await?;
    let rows = invitation_rows(&desk).await?;
    let (_, _, sent) = rows
        .iter()
        .find(|(_, s, _)| s == "sent")
        .ok_or("sent row")?;
    assert!(sent.contains("Terkirim"), "{sent}");
    assert!(
        sent.contains("250 2.0.0 Diterima sebagai"),
        "the server's own answer: {sent}"
    );
    let (_, _, failed) = rows
        .iter()
        .find(|(_, s, _)| s == "failed")
        .ok_or("failed row")?;
    assert!(failed.contains("Gagal"), "{failed}");
    assert!(failed.contains("550"), "{failed}");
    assert_eq!(sink.received()?.len(), 1, "only the accepted one arrived");
    let panel = desk.by_testid("mail-panel").await?;
    desk.client
        .execute(
            "arguments[0].scrollIntoView({ block: 'end' });",
            vec![serde_json::to_value(&panel)?],
        )
        .await?;
    desk.screenshot("mail-panel-sent-and-refused").await?;

    // Sent again from the panel: queued, tried, refused once more, counted.
    let failed_row = desk
        .wait(&format!("{}[data-state=\"failed\"]", testid("mail-row")))
        .await?;
    failed_row
        .find(Locator::Css(&testid("mail-resend")))
        .await?
        .click()
        .await?;
    desk.eventually("the resent invitation to be tried again", || async {
        let rows = invitation_rows(&desk).await?;
        Ok(rows
            .iter()
            .any(|(a, s, text)| a == REFUSED && s == "failed" && text.contains("2× dicoba")))
    })
    .await?;
    assert_eq!(sink.received()?.len(), 1, "a refusal delivers nothing");
    desk.quit().await?;

    // The audit log has each outcome, written by the desk's worker.
    let store = konsultasi::Store::open(&profile.db()).await?;
    let trail = service::audit::audit_trail(&store, id).await?;
    let count = |action: &str| trail.iter().filter(|e| e.action == action).count();
    assert_eq!(count("mail.sent"), 1, "{trail:#?}");
    assert_eq!(count("mail.failed"), 2, "{trail:#?}");
    assert_eq!(count("mail.resend"), 1, "{trail:#?}");
    store.close().await;
    Ok(())
}
