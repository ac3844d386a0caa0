//! Two desks against one team server: an agent's window and a secretary's, each its own app
//! process and WebDriver session, signed in to a real `konsultasi serve` over TLS on loopback,
//! on the run's PostgreSQL. What one desk does reaches the other's screens within 2 s, without
//! a reload.

mod common;

use std::io::{BufRead as _, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Datelike as _;
use fantoccini::Locator;
use konsultasi::api::AccountInput;
use konsultasi::service::accounts;
use konsultasi::store::backend::Location;
use konsultasi::time::system_now;
use konsultasi::workflow::Role;
use konsultasi_e2e::{Desk, Profile, Result, cli_binary, testid};

/// How late another desk's change may show up.
const LIVE_LIMIT: Duration = Duration::from_secs(2);

/// A database of its own on the run's PostgreSQL (`scripts/test.sh` starts the cluster).
struct TeamDatabase {
    admin_url: String,
    name: String,
    url: String,
}

impl TeamDatabase {
    fn create() -> Result<Self> {
        let admin_url = std::env::var("KONSULTASI_TEST_POSTGRES").map_err(|_| {
            "KONSULTASI_TEST_POSTGRES is not set: the team test needs the run's PostgreSQL \
             (scripts/test.sh starts it; see scripts/lib.sh start_test_postgres)"
        })?;
        let name = format!("konsultasi_e2e_team_{}", std::process::id());
        psql(&admin_url, &format!("DROP DATABASE IF EXISTS {name}"))?;
        psql(&admin_url, &format!("CREATE DATABASE {name}"))?;
        let base = admin_url
            .rsplit_once('/')
            .map(|(base, _)| base)
            .ok_or("KONSULTASI_TEST_POSTGRES has no database name")?;
        let url = format!("{base}/{name}");
        Ok(Self {
            admin_url,
            name,
            url,
        })
    }
}

impl Drop for TeamDatabase {
    fn drop(&mut self) {
        let _ = psql(
            &self.admin_url,
            &format!("DROP DATABASE IF EXISTS {} WITH (FORCE)", self.name),
        );
    }
}

fn psql(url: &str, sql: &str) -> Result<()> {
    let out = Command::new("psql")
        .args([url, "-qc", sql])
        .output()
        .map_err(|e| {
            format!("psql could not run ({e}): scripts/test.sh installs postgresql-client")
        })?;
    if !out.status.success() {
        return Err(format!("psql {sql}: {}", String::from_utf8_lossy(&out.stderr)).into());
    }
    Ok(())
}

/// `konsultasi serve` over TLS with a certificate made for the run; stopped when dropped.
struct TeamServer {
    child: Child,
    address: String,
    fingerprint: String,
    _certificate: tempfile::TempDir,
}

impl TeamServer {
    fn start(database: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let cert = dir.path().join("server.pem");
        let key = dir.path().join("server.key");
        let made = Command::new("openssl")
            .args([
                "req",
                "-x509",
                "-newkey",
                "ec",
                "-pkeyopt",
                "ec_paramgen_curve:prime256v1",
            ])
            .args(["-nodes", "-days", "2", "-subj", "/CN=server-tim-uji"])
            .args(["-addext", "subjectAltName=IP:127.0.0.1"])
            .arg("-keyout")
            .arg(&key)
            .arg("-out")
            .arg(&cert)
            .output()
            .map_err(|e| format!("openssl could not run ({e}): scripts/test.sh installs it"))?;
        if !made.status.success() {
            return Err(String::from_utf8_lossy(&made.stderr).into_owned().into());
        }
        let mut child = Command::new(cli_binary())
            .env_remove("KONSULTASI_DB")
            .args(["--db", database, "serve", "--listen", "127.0.0.1:0"])
            .arg("--tls-cert")
            .arg(&cert)
            .arg("--tls-key")
            .arg(&key)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()?;
        let mut line = String::new();
        BufReader::new(child.stdout.take().ok_or("no stdout")?).read_line(&mut line)?;
        let started: serde_json::Value = serde_json::from_str(&line)
            .map_err(|e| format!("the server did not start ({e}): {line:?}"))?;
        Ok(Self {
            child,
            address: started["listening"]
                .as_str()
                .ok_or("no address")?
                .to_owned(),
            fingerprint: started["certificate_sha256"]
                .as_str()
                .ok_or("no fingerprint")?
                .to_owned(),
            _certificate: dir,
        })
    }
}

impl Drop for TeamServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

const FIRST_PASSWORD: &str = "sandi-awal-tim-2026";

/// The admin and the two accounts the test signs in as, made through the core's services as
/// `konsultasi accounts add` makes them.
async fn accounts(database: &str) -> Result<()> {
    let store = konsultasi::Store::open_at(&Location::parse(database)?).await?;
    let account = |username: &str, name: &str, role: Role| AccountInput {
        username: username.into(),
        name: name.into(),
        role: Some(role),
        password: FIRST_PASSWORD.into(),
    };
    let admin = accounts::create_account(
        &store,
        None,
        &account("admin", "Admin Tim", Role::Admin),
        system_now(),
    )
    .await?;
    let admin = konsultasi::service::workflow::actor(&store, &admin.id.to_string()).await?;
    for (username, name, role) in [
        ("agen", "Agen Meja Satu", Role::Agent),
        ("sekre", "Sekretariat Meja Dua", Role::Secretariat),
    ] {
        accounts::create_account(
            &store,
            Some(&admin),
            &account(username, name, role),
            system_now(),
        )
        .await?;
    }
    store.close().await;
    Ok(())
}

/// The first Tuesday at least 14 days ahead (WIB): far enough for every lead-time rule.
fn preferred_day() -> chrono::NaiveDate {
    let mut day = system_now()
        .with_timezone(&konsultasi::time::OFFICE_TZ)
        .date_naive()
        + chrono::Duration::days(14);
    while day.weekday() != chrono::Weekday::Tue {
        day += chrono::Duration::days(1);
    }
    day
}

/// Moves a desk's calendar to the week of `day`.
async fn calendar_week_of(desk: &Desk, day: chrono::NaiveDate) -> Result<()> {
    let monday = |d: chrono::NaiveDate| {
        d - chrono::Duration::days(i64::from(d.weekday().num_days_from_monday()))
    };
    let today = system_now()
        .with_timezone(&konsultasi::time::OFFICE_TZ)
        .date_naive();
    desk.click("open-calendar").await?;
    desk.by_testid("calendar").await?;
    for _ in 0..(monday(day) - monday(today)).num_days() / 7 {
        desk.click("calendar-next").await?;
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    Ok(())
}

/// Polls (every 50 ms) until `check` holds, for at most `limit`; how long it took.
async fn within<F, Fut>(limit: Duration, what: &str, mut check: F) -> Result<Duration>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<bool>>,
{
    let started = Instant::now();
    loop {
        if check().await? {
            return Ok(started.elapsed());
        }
        if started.elapsed() > limit {
            return Err(format!("{what} did not show within {limit:?}").into());
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn an_agent_registers_the_secretary_sees_it_schedules_it_and_the_agent_sees_the_booking()
-> Result<()> {
    let database = TeamDatabase::create()?;
    let server = TeamServer::start(&database.url)?;
    accounts(&database.url).await?;

    let agent_profile = Profile::new();
    let agent = Desk::start_with_env(&agent_profile, &[("KONSULTASI_DESK", "MEJA-1")]).await?;
    let shown = agent
        .enter_team(
            &server.address,
            "agen",
            FIRST_PASSWORD,
            "meja-satu-rahasia-77",
        )
        .await?;
    assert_eq!(
        shown, server.fingerprint,
        "the window shows the fingerprint the server printed"
    );
    let secretary_profile = Profile::new();
    let secretary =
        Desk::start_with_env(&secretary_profile, &[("KONSULTASI_DESK", "MEJA-2")]).await?;
    secretary
        .enter_team(
            &server.address,
            "sekre",
            FIRST_PASSWORD,
            "meja-dua-rahasia-77",
        )
        .await?;
    assert!(
        secretary
            .text_of("current-user")
            .await?
            .contains("Sekretariat Meja Dua")
    );
    secretary.screenshot("40-team-secretary-list").await?;

    // The agent registers a request in the form; the secretary's list shows it by itself.
    let day = preferred_day();
    common::fill_video_request(
        &agent,
        &day.format("%Y-%m-%d").to_string(),
        "0812-3456-7890",
    )
    .await?;
    agent.click("submit-request").await?;
    agent.by_testid("notice").await?;
    let saved = Instant::now();
    // The notice can come before the list it returns to has drawn its rows.
    agent.wait(&testid("request-row")).await?;
    let ids = agent.row_ids().await?;
    let id = *ids
        .first()
        .ok_or("the agent's list shows the new request")?;
    let seen = within(
        LIVE_LIMIT,
        "the new request in the secretary's list",
        || async { Ok(secretary.row_ids().await?.contains(&id)) },
    )
    .await?;
    eprintln!(
        "live: the secretary's list showed #{id} {} ms after the agent's save was confirmed \
         ({} ms since the save)",
        seen.as_millis(),
        saved.elapsed().as_millis()
    );
    secretary
        .screenshot("41-team-secretary-sees-request")
        .await?;

    // The agent watches the week of the preferred day while the secretary books it.
    calendar_week_of(&agent, day).await?;
    let event = format!("{}[data-event-id=\"{id}\"]", testid("calendar-event"));
    assert!(
        agent.client.find(Locator::Css(&event)).await.is_err(),
        "nothing booked yet"
    );

    secretary.open_request(id).await?;
    secretary.click("action-verify").await?;
    secretary
        .eventually("verified", || async {
            Ok(secretary
                .text_of("request-status")
                .await?
                .contains("Terverifikasi"))
        })
        .await?;
    secretary.click("open-schedule").await?;
    secretary.by_testid("schedule-panel").await?;
    // The panel searches for suggestions as it opens; their arrival moves the panel's layout,
    // and a click landing during that move is lost. The booking is typed once they are shown.
    secretary.by_testid("slot-suggestion").await?;
    tokio::time::sleep(Duration::from_millis(300)).await;
    secretary
        .set_value("schedule-date", &day.format("%Y-%m-%d").to_string())
        .await?;
    secretary.set_value("schedule-time", "09:00").await?;
    // A click the panel lost (it re-rendered under the pointer) is pressed again; a second
    // press of a booking already made would show its refusal, not book twice.
    let answered = format!(
        "{}, {}",
        testid("booking-summary"),
        testid("schedule-error")
    );
    let mut booked = None;
    for _press in 0..3 {
        secretary.click("schedule-submit").await?;
        let deadline = Instant::now() + Duration::from_secs(10);
        while booked.is_none() && Instant::now() < deadline {
            booked = secretary.client.find(Locator::Css(&answered)).await.ok();
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        if booked.is_some() {
            break;
        }
    }
    let booked = match booked {
        Some(found) => found,
        None => secretary.wait(&answered).await?,
    };
    if booked.attr("data-testid").await?.as_deref() == Some("schedule-error") {
        return Err(format!("the booking was refused: {}", booked.text().await?).into());
    }
    let appeared = within(
        LIVE_LIMIT,
        "the booking on the agent's calendar",
        || async { Ok(agent.client.find(Locator::Css(&event)).await.is_ok()) },
    )
    .await?;
    eprintln!(
        "live: the agent's calendar showed the booking of #{id} {} ms after the secretary's booking was confirmed",
        appeared.as_millis()
    );
    agent.screenshot("42-team-agent-calendar").await?;

    // The audit names each account and its desk.
    let store = konsultasi::Store::open_at(&Location::parse(&database.url)?).await?;
    let trail = konsultasi::service::audit::audit_trail(&store, id).await?;
    store.close().await;
    let by = |action: &str| {
        trail
            .iter()
            .find(|entry| entry.action == action)
            .map(|entry| (entry.actor_name.clone(), entry.desk.clone()))
    };
    assert_eq!(
        by("create"),
        Some(("Agen Meja Satu".into(), Some("MEJA-1".into())))
    );
    assert_eq!(
        by("schedule"),
        Some(("Sekretariat Meja Dua".into(), Some("MEJA-2".into())))
    );

    // The agent's desk signs out; the admin signs in there (the certificate pinned now, so no
    // comparing) and finds the accounts in Pengaturan › Akun.
    agent.click("sign-out").await?;
    agent.by_testid("team-sign-in").await?;
    agent.type_into("team-username", "admin").await?;
    agent.type_into("team-password", FIRST_PASSWORD).await?;
    agent.click("team-sign-in-submit").await?;
    agent.by_testid("request-list").await?;
    assert!(
        agent
            .client
            .find(Locator::Css(&testid("fingerprint")))
            .await
            .is_err(),
        "a pinned certificate is not compared again"
    );
    assert!(
        agent
            .client
            .find(Locator::Css(&testid("notice")))
            .await
            .is_err(),
        "the agent's notice left with the agent"
    );
    agent.click("open-settings").await?;
    agent.click("settings-tab-accounts").await?;
    agent
        .eventually("the three accounts", || async {
            Ok(agent
                .client
                .find_all(Locator::Css(&testid("account-row")))
                .await?
                .len()
                == 3)
        })
        .await?;
    let listed = agent.text_of("accounts-table").await?;
    for name in ["Admin Tim", "Agen Meja Satu", "Sekretariat Meja Dua"] {
        assert!(listed.contains(name), "{name} in {listed}");
    }
    agent.screenshot("43-team-admin-accounts").await?;

    agent.quit().await?;
    secretary.quit().await?;
    Ok(())
}
