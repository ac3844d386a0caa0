//! Drives the real Konsultasi DJPK window: the built app, started by tauri-driver through
//! Debian's WebKitWebDriver, on an X display (Xvfb in CI).
//!
//! Nothing is skipped: a missing display, driver or app binary is a failure that says what to
//! install or build. The test command (`scripts/test.sh`) provides all three.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

pub type Error = Box<dyn std::error::Error + Send + Sync>;
pub type Result<T> = std::result::Result<T, Error>;

/// How long any one element may take to appear.
/// Generous, because CI builds on two cores while the window runs: a wait that times out is
/// a failure, and the screenshot it leaves shows why.
pub const WAIT: Duration = Duration::from_secs(30);

/// How long the app may take to open its window under WebDriver.
const START_LIMIT: Duration = Duration::from_secs(90);

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root exists")
}

/// The app binary built with the bundled UI (`--features tauri/custom-protocol`).
pub fn app_binary() -> PathBuf {
    let path = std::env::var_os("KONSULTASI_APP")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/konsultasi-djpk"));
    assert!(
        path.is_file(),
        "app binary {} not found: build it with `cargo build -p konsultasi-app --features tauri/custom-protocol` \
         (scripts/test.sh does) or set KONSULTASI_APP",
        path.display()
    );
    path
}

/// The command-line binary (`konsultasi`), which serves the team server in the team tests.
pub fn cli_binary() -> PathBuf {
    let path = std::env::var_os("KONSULTASI_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace_root().join("target/debug/konsultasi"));
    assert!(
        path.is_file(),
        "CLI binary {} not found: build it with `cargo build -p konsultasi` (scripts/test.sh does) \
         or set KONSULTASI_CLI",
        path.display()
    );
    path
}

/// Where screenshots of the runs are kept for people to look at.
pub fn artifacts_dir() -> PathBuf {
    let dir = workspace_root().join(".e2e-artifacts");
    std::fs::create_dir_all(&dir).expect("create artifacts dir");
    dir
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|listener| listener.local_addr())
        .map(|address| address.port())
        .expect("a free local port")
}

/// tauri-driver in its own process group. It is stopped with SIGTERM to the whole group:
/// SIGKILL would orphan WebKitWebDriver, which keeps the test's output pipe open.
struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    fn start(env: &[(&str, &std::ffi::OsStr)]) -> Result<Self> {
        assert!(
            std::env::var_os("DISPLAY").is_some(),
            "DISPLAY is not set: run the end-to-end tests under Xvfb (scripts/test.sh uses xvfb-run)"
        );
        let port = free_port();
        let native_port = free_port();
        let mut command = Command::new("tauri-driver");
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::inherit());
        for (key, value) in env {
            command.env(key, value);
        }
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt as _;
            command.process_group(0);
        }
        let child = command.spawn().map_err(|e| {
            format!("tauri-driver could not start ({e}): install it with `cargo install tauri-driver --locked --version '^2'` (scripts/test.sh does)")
        })?;
        let driver = Driver { child, port };
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            if Instant::now() > deadline {
                return Err("tauri-driver did not open its port within 20 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        Ok(driver)
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let group = format!("-{}", self.child.id());
        let _ = Command::new("kill").args(["-TERM", "--", &group]).status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.child.wait();
    }
}

/// A running app window and its WebDriver session.
pub struct Desk {
    pub client: Client,
    _driver: Driver,
}

/// Private directories for one app run: the database and WebKit's own data and cache.
pub struct Profile {
    pub dir: tempfile::TempDir,
}

impl Profile {
    pub fn new() -> Self {
        Self {
            dir: tempfile::tempdir().expect("temp profile dir"),
        }
    }

    pub fn db(&self) -> PathBuf {
        self.dir.path().join("konsultasi.db")
    }
}

impl Default for Profile {
    fn default() -> Self {
        Self::new()
    }
}

/// The profile the tests act as: a secretariat user, created on first launch.
pub const TEST_USER: &str = "Ketua Tim Uji";

impl Desk {
    /// Starts the app on the profile's database, chooses (or creates) the secretariat profile
    /// the tests act as, and waits for the request list. A desk whose letter settings are still
    /// the seeded placeholders opens the setup wizard first: it is left for now
    /// (tests/setup.rs walks it).
    pub async fn launch(profile: &Profile) -> Result<Self> {
        let desk = Self::start(profile).await?;
        desk.enter(TEST_USER, "team_leader").await?;
        Ok(desk)
    }

    /// Signs in as `name` (see [`Desk::sign_in`]) and goes on to the request list, leaving the
    /// setup wizard for now when the desk's letter settings are still placeholders.
    pub async fn enter(&self, name: &str, role: &str) -> Result<()> {
        self.sign_in(name, role).await?;
        self.skip_setup().await?;
        self.wait(&testid("request-list")).await?;
        Ok(())
    }

    /// Waits for the request list or the setup wizard after signing in; leaves the wizard
    /// ("Lewati untuk sekarang") when it is the one shown. True when it was.
    pub async fn skip_setup(&self) -> Result<bool> {
        self.wait(&format!(
            "{}, {}",
            testid("request-list"),
            testid("setup-view")
        ))
        .await?;
        let shown = self
            .client
            .find(Locator::Css(&testid("setup-view")))
            .await
            .is_ok();
        if shown {
            self.click("setup-skip").await?;
        }
        Ok(shown)
    }

    /// Chooses the user profile `name`, creating it with `role` when it does not exist yet.
    pub async fn sign_in(&self, name: &str, role: &str) -> Result<()> {
        self.by_testid("profile-chooser").await?;
        for option in self
            .client
            .find_all(Locator::Css(&testid("profile-option")))
            .await?
        {
            let text = option.prop("textContent").await?.unwrap_or_default();
            if text.contains(name) {
                option.click().await?;
                return Ok(());
            }
        }
        // Creating a profile also signs in with it.
        self.type_into("profile-name", name).await?;
        self.select("profile-role", role).await?;
        self.click("profile-create").await?;
        Ok(())
    }

    /// Signs in to the team server at `address` from the start screen: compares nothing itself
    /// but returns the fingerprint the window showed (the caller compares it with the server's),
    /// trusts it, replaces the account's first password with `own_password` when asked to, and
    /// goes on to the request list (leaving the setup wizard for now).
    pub async fn enter_team(
        &self,
        address: &str,
        username: &str,
        first_password: &str,
        own_password: &str,
    ) -> Result<String> {
        self.click("start-team").await?;
        self.type_into("team-address", address).await?;
        self.type_into("team-username", username).await?;
        self.type_into("team-password", first_password).await?;
        self.screenshot(&format!("team-{username}-1-sign-in"))
            .await?;
        self.click("team-sign-in-submit").await?;
        let shown = self
            .by_testid("fingerprint")
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default();
        self.screenshot(&format!("team-{username}-2-fingerprint"))
            .await?;
        self.click("fingerprint-trust").await?;
        let next = self
            .wait(&format!(
                "{}, {}, {}",
                testid("password-view"),
                testid("request-list"),
                testid("setup-view")
            ))
            .await?;
        // An account the admin made starts with a password to replace; the first admin does not.
        if next.attr("data-testid").await?.as_deref() == Some("password-view") {
            self.screenshot(&format!("team-{username}-3-password"))
                .await?;
            self.type_into("password-current", first_password).await?;
            self.type_into("password-new", own_password).await?;
            self.type_into("password-repeat", own_password).await?;
            self.click("password-submit").await?;
        }
        self.skip_setup().await?;
        self.wait(&testid("request-list")).await?;
        Ok(shown.split_whitespace().collect())
    }

    /// Starts the app on the profile's database and waits for its first screen (the profile
    /// chooser), without choosing a profile.
    pub async fn start(profile: &Profile) -> Result<Self> {
        Self::start_with_env(profile, &[]).await
    }

    /// As [`Desk::start`], with extra environment variables for the app's process (e.g.
    /// `LANG=C`, to see the window as a PC set up that way shows it).
    pub async fn start_with_env(profile: &Profile, extra: &[(&str, &str)]) -> Result<Self> {
        let data = profile.dir.path().join("xdg-data");
        let cache = profile.dir.path().join("xdg-cache");
        // The shell keeps the known team servers and their pinned certificates here.
        let config = profile.dir.path().join("xdg-config");
        std::fs::create_dir_all(&data)?;
        std::fs::create_dir_all(&cache)?;
        std::fs::create_dir_all(&config)?;
        let db = profile.db();
        // Under load, WebKitWebDriver can be slow to listen behind tauri-driver, and the first
        // request then fails mid-way (hyper's IncompleteMessage); an app that dies at start-up
        // would leave the request waiting for ever. Each attempt gets a fresh driver and a time
        // limit; the third failure fails the test.
        let mut last_error = String::new();
        let mut connected = None;
        for _attempt in 0..3 {
            let mut env: Vec<(&str, &std::ffi::OsStr)> = vec![
                ("KONSULTASI_DB", db.as_os_str()),
                ("XDG_DATA_HOME", data.as_os_str()),
                ("XDG_CACHE_HOME", cache.as_os_str()),
                ("XDG_CONFIG_HOME", config.as_os_str()),
            ];
            env.extend(
                extra
                    .iter()
                    .map(|(key, value)| (*key, std::ffi::OsStr::new(*value))),
            );
            let driver = Driver::start(&env)?;
            let mut capabilities = serde_json::Map::new();
            capabilities.insert("browserName".into(), json!("wry"));
            capabilities.insert(
                "tauri:options".into(),
                json!({ "application": app_binary(), "args": ["--db", db] }),
            );
            let mut builder = ClientBuilder::rustls()?;
            builder.capabilities(capabilities);
            let address = format!("http://127.0.0.1:{}", driver.port);
            match tokio::time::timeout(START_LIMIT, builder.connect(&address)).await {
                Ok(Ok(client)) => {
                    connected = Some((client, driver));
                    break;
                }
                Ok(Err(error)) => last_error = error.to_string(),
                Err(_) => {
                    last_error = format!(
                        "the app window did not open within {} s ({})",
                        START_LIMIT.as_secs(),
                        app_binary().display()
                    )
                }
            }
            drop(driver);
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
        let (client, driver) =
            connected.ok_or_else(|| format!("no WebDriver session after 3 tries: {last_error}"))?;
        let desk = Desk {
            client,
            _driver: driver,
        };
        desk.wait(&format!(
            "{}, {}",
            testid("profile-chooser"),
            testid("request-list")
        ))
        .await?;
        Ok(desk)
    }

    /// Ends the session, which closes the app window and its processes.
    pub async fn quit(self) -> Result<()> {
        self.client.close().await?;
        Ok(())
    }

    /// Waits for an element; on timeout, leaves a screenshot of what the window showed
    /// and names the selector, so a failure in CI can be read afterwards.
    pub async fn wait(&self, css: &str) -> Result<Element> {
        match self
            .client
            .wait()
            .at_most(WAIT)
            .for_element(Locator::Css(css))
            .await
        {
            Ok(element) => Ok(element),
            Err(error) => Err(self.timed_out(css, error.to_string()).await.into()),
        }
    }

    async fn timed_out(&self, what: &str, error: String) -> String {
        let name: String = what
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        let shot = match self.screenshot(&format!("timeout-{name}")).await {
            Ok(path) => path.display().to_string(),
            Err(shot_error) => format!("no screenshot: {shot_error}"),
        };
        format!("timed out waiting for {what} ({error}); window saved as {shot}")
    }

    pub async fn by_testid(&self, id: &str) -> Result<Element> {
        self.wait(&testid(id)).await
    }

    /// Clicks once the element can be pressed: a click on a button still disabled (a save in
    /// flight, a panel re-rendering) would be lost without a trace.
    pub async fn click(&self, id: &str) -> Result<()> {
        let mut element = self.by_testid(id).await?;
        let deadline = Instant::now() + WAIT;
        while !element.is_enabled().await.unwrap_or(false) {
            if Instant::now() > deadline {
                return Err(self
                    .timed_out(&testid(id), "it stayed disabled".into())
                    .await
                    .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
            // The element may have been replaced meanwhile; the newest one is the one to press.
            element = self.by_testid(id).await?;
        }
        element.click().await?;
        Ok(())
    }

    /// Types into a text field, replacing what it held.
    pub async fn type_into(&self, id: &str, text: &str) -> Result<()> {
        let field = self.by_testid(id).await?;
        field.clear().await?;
        field.send_keys(text).await?;
        Ok(())
    }

    /// Sets a native date or time input, whose picker widget WebDriver cannot type into,
    /// and fires the events a person's input would.
    pub async fn set_value(&self, id: &str, value: &str) -> Result<()> {
        let field = self.by_testid(id).await?;
        self.client
            .execute(
                "const [el, value] = arguments; el.value = value;
                 el.dispatchEvent(new Event('input', { bubbles: true }));
                 el.dispatchEvent(new Event('change', { bubbles: true }));",
                vec![serde_json::to_value(&field)?, json!(value)],
            )
            .await?;
        Ok(())
    }

    pub async fn select(&self, id: &str, value: &str) -> Result<()> {
        self.by_testid(id).await?.select_by_value(value).await?;
        Ok(())
    }

    /// The ids of the rows the list shows.
    pub async fn row_ids(&self) -> Result<Vec<i64>> {
        let mut ids = Vec::new();
        for row in self
            .client
            .find_all(Locator::Css(&testid("request-row")))
            .await?
        {
            if let Some(id) = row.attr("data-id").await? {
                ids.push(id.parse()?);
            }
        }
        Ok(ids)
    }

    /// Opens request `id` from the list, as a double click or Enter on its row does.
    pub async fn open_request(&self, id: i64) -> Result<()> {
        let row = self
            .wait(&format!("{}[data-id=\"{id}\"]", testid("request-row")))
            .await?;
        self.client
            .execute(
                "arguments[0].dispatchEvent(new MouseEvent('dblclick', { bubbles: true }));",
                vec![serde_json::to_value(&row)?],
            )
            .await?;
        self.by_testid("request-form").await?;
        Ok(())
    }

    /// The text content of an element, including text clipped by CSS.
    pub async fn text_of(&self, id: &str) -> Result<String> {
        Ok(self
            .by_testid(id)
            .await?
            .prop("textContent")
            .await?
            .unwrap_or_default())
    }

    /// The text content of the first row of the list.
    pub async fn row_text(&self) -> Result<String> {
        let row = self.wait(&testid("request-row")).await?;
        Ok(row.prop("textContent").await?.unwrap_or_default())
    }

    /// Waits until `check` holds for the page, polling.
    pub async fn eventually<F, Fut>(&self, what: &str, mut check: F) -> Result<()>
    where
        F: FnMut() -> Fut,
        Fut: std::future::Future<Output = Result<bool>>,
    {
        let deadline = Instant::now() + WAIT;
        loop {
            if check().await? {
                return Ok(());
            }
            if Instant::now() > deadline {
                return Err(self
                    .timed_out(what, "condition never held".into())
                    .await
                    .into());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Waits for two animation frames, so the picture matches the DOM, then saves a PNG.
    pub async fn screenshot(&self, name: &str) -> Result<PathBuf> {
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(true)));",
                vec![],
            )
            .await?;
        let png = self.client.screenshot().await?;
        let path = artifacts_dir().join(format!("{name}.png"));
        std::fs::write(&path, png)?;
        Ok(path)
    }
}

/// A CSS selector for a `data-testid`.
pub fn testid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}
