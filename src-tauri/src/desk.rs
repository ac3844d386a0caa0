//! Who the window works as, and where its operations go: this computer's database with a
//! chosen profile (local mode), or a team server it signed in to (team mode).
//!
//! In team mode the shell holds the session's token in memory and relays the server's change
//! events to the window as `konsultasi://live`; the window never speaks HTTP itself (its CSP
//! allows only the IPC). A local PostgreSQL database shared by several desks relays its changes
//! the same way.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use futures_util::StreamExt;
use tauri::{AppHandle, Emitter, Manager};
use tokio::sync::{Notify, RwLock};

use konsultasi::Store;
use konsultasi::api::{ConnectionView, LiveEvent, SessionView, UserView};
use konsultasi::remote::{Refusal, ServerEvent, TeamClient};
use konsultasi::service::workflow::Actor;
use konsultasi::store::backend::Location;
use konsultasi::store::changes::{ChangeFeed, Heard};

/// The window's event with what changed, the connection's state, or the session's end.
pub const LIVE_EVENT: &str = "konsultasi://live";

/// The longest wait between two attempts to reach the team server again.
const LONGEST_RETRY: Duration = Duration::from_secs(10);

/// A session on a team server, with the task relaying its events.
pub struct Team {
    pub client: Arc<TeamClient>,
    pub session: SessionView,
    /// None until the session may work: a password still to be replaced hears no events.
    relay: Option<tauri::async_runtime::JoinHandle<()>>,
}

impl Drop for Team {
    fn drop(&mut self) {
        if let Some(relay) = &self.relay {
            relay.abort();
        }
    }
}

/// The shell's state: the local database (always open), the profile chosen in local mode, and
/// the team session when there is one.
pub struct Desk {
    pub local: Store,
    profile: Mutex<Option<Actor>>,
    team: RwLock<Option<Team>>,
    /// Wakes the relay to try the server again now (a failed call, "Coba sekarang").
    reconnect: Arc<Notify>,
    /// Wakes the local outbox's worker (see [`send_local_mail`]).
    pub mail_wake: Arc<Notify>,
}

impl Desk {
    pub fn new(local: Store) -> Self {
        Self {
            local,
            profile: Mutex::new(None),
            team: RwLock::new(None),
            reconnect: Arc::new(Notify::new()),
            mail_wake: Arc::new(Notify::new()),
        }
    }

    pub fn profile(&self) -> Option<Actor> {
        match self.profile.lock() {
            Ok(guard) => guard.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    pub fn set_profile(&self, actor: Actor) {
        match self.profile.lock() {
            Ok(mut guard) => *guard = Some(actor),
            Err(poisoned) => *poisoned.into_inner() = Some(actor),
        }
    }

    /// The team client, while signed in to a server.
    pub async fn team_client(&self) -> Option<Arc<TeamClient>> {
        self.team
            .read()
            .await
            .as_ref()
            .map(|team| Arc::clone(&team.client))
    }

    pub async fn team_session(&self) -> Option<SessionView> {
        self.team
            .read()
            .await
            .as_ref()
            .map(|team| team.session.clone())
    }

    /// Who acts, as the window shows it: the team session's account or the local profile.
    pub async fn current_user(&self) -> Option<UserView> {
        if let Some(session) = self.team_session().await {
            return Some(UserView::new(session.id, session.name, session.role, true));
        }
        self.profile()
            .map(|actor| UserView::new(actor.id, actor.name, actor.role, true))
    }

    pub async fn connection(&self, remembered_address: Option<String>) -> ConnectionView {
        let team = self.team.read().await;
        ConnectionView {
            local_database: self.local.location().to_string(),
            server: team.as_ref().map(|team| team.client.address().to_string()),
            session: team.as_ref().map(|team| team.session.clone()),
            remembered_address,
        }
    }

    /// Starts working on `client`'s server as `session`, ending any earlier team session.
    pub async fn enter_team(&self, app: &AppHandle, client: Arc<TeamClient>, session: SessionView) {
        let mut team = Team {
            client,
            session,
            relay: None,
        };
        self.start_relay(app, &mut team);
        *self.team.write().await = Some(team);
    }

    /// The server refuses every call until a reset password is replaced, its event stream too.
    fn start_relay(&self, app: &AppHandle, team: &mut Team) {
        if team.relay.is_none() && !team.session.must_change_password {
            team.relay = Some(tauri::async_runtime::spawn(relay_team_events(
                app.clone(),
                Arc::clone(&team.client),
                Arc::clone(&self.reconnect),
            )));
        }
    }

    /// The session after a password change: now it may work, and hear the other desks.
    pub async fn update_session(&self, app: &AppHandle, session: SessionView) {
        if let Some(team) = self.team.write().await.as_mut() {
            team.session = session;
            self.start_relay(app, team);
        }
    }

    /// Leaves team mode (the relay stops); the window goes back to its start screen.
    pub async fn leave_team(&self) -> Option<Arc<TeamClient>> {
        self.team
            .write()
            .await
            .take()
            .map(|team| Arc::clone(&team.client))
    }

    /// What a failed remote call means for the connection: an unreachable server wakes the
    /// relay (which shows the banner and retries), an ended session returns the window to the
    /// sign-in.
    pub async fn heard_refusal(&self, app: &AppHandle, refusal: &Refusal) {
        match refusal.code().as_str() {
            "unavailable" => {
                emit(
                    app,
                    &LiveEvent::Offline {
                        message: refusal.message(),
                        retry_in_seconds: 1,
                    },
                );
                self.reconnect.notify_one();
            }
            "unauthenticated" if self.leave_team().await.is_some() => {
                emit(
                    app,
                    &LiveEvent::SignedOut {
                        message: refusal.message(),
                    },
                );
            }
            _ => {}
        }
    }

    pub fn reconnect_now(&self) {
        self.reconnect.notify_one();
    }
}

fn emit(app: &AppHandle, event: &LiveEvent) {
    // A window that is closing cannot hear it; nothing else is lost.
    let _ = app.emit(LIVE_EVENT, event);
}

/// Hears the team server's events for as long as the session lasts: each change is handed to
/// the window; a dropped stream shows the banner, is retried with a growing wait (1, 2, 4 … 10
/// s, or at once when woken), and once back the screens refetch what they show.
async fn relay_team_events(app: AppHandle, client: Arc<TeamClient>, reconnect: Arc<Notify>) {
    let mut attempt: u32 = 0;
    let mut was_connected = false;
    loop {
        let failure = match client.events().await {
            Ok(stream) => {
                let mut stream = std::pin::pin!(stream);
                loop {
                    tokio::select! {
                        event = stream.next() => match event {
                            Some(Ok(ServerEvent::Ready)) => {
                                emit(&app, &LiveEvent::Online);
                                if was_connected || attempt > 0 {
                                    emit(&app, &LiveEvent::Resync);
                                }
                                was_connected = true;
                                attempt = 0;
                            }
                            Some(Ok(ServerEvent::Change(change))) => {
                                emit(&app, &LiveEvent::Change { change });
                            }
                            Some(Ok(ServerEvent::Resync)) => emit(&app, &LiveEvent::Resync),
                            Some(Err(refusal)) => break refusal.message(),
                            None => break "Sambungan ke server tim terputus".to_owned(),
                        },
                        () = reconnect.notified() => break "Menyambung ulang ke server tim".to_owned(),
                    }
                }
            }
            Err(refusal) if refusal.code() == "unauthenticated" => {
                let desk = app.state::<Desk>();
                if desk.leave_team().await.is_some() {
                    emit(
                        &app,
                        &LiveEvent::SignedOut {
                            message: refusal.message(),
                        },
                    );
                }
                return;
            }
            Err(refusal) => refusal.message(),
        };
        // A stream that ended because the session did is told apart by the next attempt's 401.
        attempt = attempt.saturating_add(1);
        let wait = Duration::from_secs(1u64 << (attempt - 1).min(4)).min(LONGEST_RETRY);
        emit(
            &app,
            &LiveEvent::Offline {
                message: failure,
                retry_in_seconds: wait.as_secs(),
            },
        );
        tokio::select! {
            () = tokio::time::sleep(wait) => {}
            () = reconnect.notified() => {}
        }
    }
}

/// Sends the local database's outbox in the background for as long as the app runs (a team
/// server sends its own). It never holds up a command: each message is taken and recorded in a
/// short write of its own, and the SMTP conversation happens outside any.
pub fn send_local_mail(app: &AppHandle, desk: &Desk) {
    let mut worker = konsultasi::mail::worker::Worker::new(
        desk.local.clone(),
        konsultasi::mail::worker::WorkerConfig::default(),
        konsultasi::time::system_now,
    );
    // A PostgreSQL database announces the worker's writes through `relay_local_changes`; a
    // SQLite file announces nothing, so the worker tells the window itself.
    if !matches!(desk.local.location(), Location::Postgres(_)) {
        let app = app.clone();
        worker = worker.observed_by(Arc::new(move |request_id, _outcome| {
            emit(
                &app,
                &LiveEvent::Change {
                    change: konsultasi::api::ChangeEvent {
                        id: 0,
                        action: "mail.outcome".into(),
                        request_id: Some(request_id),
                    },
                },
            );
        }));
    }
    tauri::async_runtime::spawn(worker.run(Arc::clone(&desk.mail_wake), std::future::pending()));
}

/// A local PostgreSQL database may be shared by several desks: its changes reach this window
/// as a team server's would. (A SQLite file has one desk; its own changes need no relay.)
pub fn relay_local_changes(app: &AppHandle, store: &Store) {
    if !matches!(store.location(), Location::Postgres(_)) {
        return;
    }
    let app = app.clone();
    let store = store.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let mut feed = match ChangeFeed::subscribe(&store).await {
                Ok(feed) => feed,
                Err(_) => {
                    tokio::time::sleep(LONGEST_RETRY).await;
                    continue;
                }
            };
            emit(&app, &LiveEvent::Resync);
            while let Ok(heard) = feed.next().await {
                if app.state::<Desk>().team_client().await.is_some() {
                    continue;
                }
                match heard {
                    Heard::Change(change) => emit(
                        &app,
                        &LiveEvent::Change {
                            change: konsultasi::api::ChangeEvent {
                                id: change.id,
                                action: change.action,
                                request_id: change.request_id,
                            },
                        },
                    ),
                    Heard::Resync => emit(&app, &LiveEvent::Resync),
                }
            }
            tokio::time::sleep(Duration::from_secs(1)).await;
        }
    });
}

/// Where the known servers and their pinned certificates are kept.
pub fn known_servers_path(app: &AppHandle) -> Option<PathBuf> {
    app.path()
        .app_config_dir()
        .ok()
        .map(|dir| dir.join("team-servers.json"))
}

/// The name this computer goes by, recorded with every change made in the session.
pub fn desk_name() -> String {
    let named = std::env::var("KONSULTASI_DESK")
        .ok()
        .or_else(|| std::env::var("COMPUTERNAME").ok())
        .or_else(|| std::fs::read_to_string("/etc/hostname").ok())
        .map(|name| name.trim().chars().take(100).collect::<String>())
        .filter(|name| !name.is_empty());
    named.unwrap_or_else(|| "meja".to_owned())
}
