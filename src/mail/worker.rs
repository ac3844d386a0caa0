//! The worker that sends what the outbox holds, in the background of the desk (or of the team
//! server): it takes one message at a time in a serialised write, composes it from the booking
//! as it stands, hands it to the SMTP server and records the answer.
//!
//! Nothing is sent twice: a message is marked `sending` before the server hears of it, and one
//! whose worker stopped before the answer was recorded becomes `uncertain`, for staff to look
//! at, instead of being sent again. Nothing is lost either: a server that cannot be reached
//! leaves the message queued, tried again with a growing pause, and a queued message waits while
//! sending is switched off.

use std::sync::Arc;

use chrono::{DateTime, Duration, Utc};
use tokio::sync::Notify;

use crate::error::Result;
use crate::mail::{compose, retry_after};
use crate::service::mail::{self as service, Rendered, Taken};
use crate::smtp::{self, Delivery, Server, Session};
use crate::store::Store;
use crate::store::mail::Outcome;

/// How the worker paces itself.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// How long a message being handed over is held before it counts as interrupted.
    pub lease: Duration,
    /// The longest the worker sleeps without looking (another desk may have queued something).
    pub idle_check: std::time::Duration,
    /// The pause before trying a deferred message again; `None`: [`retry_after`] its attempts.
    pub deferred_retry: Option<Duration>,
    /// After this many tries a deferred message is given up as failed.
    pub max_attempts: u32,
}

impl Default for WorkerConfig {
    fn default() -> Self {
        Self {
            lease: Duration::minutes(5),
            idle_check: std::time::Duration::from_secs(30),
            deferred_retry: None,
            // With the pauses of `retry_after`, about a day of trying.
            max_attempts: 30,
        }
    }
}

/// What one step of the worker did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// A message was taken and its outcome recorded.
    Handled(Outcome),
    /// Nothing due now; the next thing is due then (if anything is queued).
    Idle(Option<DateTime<Utc>>),
}

/// Told of every outcome recorded, with the request it belongs to.
pub type Observer = Arc<dyn Fn(i64, &Outcome) + Send + Sync>;

/// The worker's state between steps: the open session it reuses while messages keep coming.
pub struct Worker {
    store: Store,
    config: WorkerConfig,
    clock: fn() -> DateTime<Utc>,
    session: Option<(Server, Session)>,
    observer: Option<Observer>,
}

impl Worker {
    pub fn new(store: Store, config: WorkerConfig, clock: fn() -> DateTime<Utc>) -> Self {
        Self {
            store,
            config,
            clock,
            session: None,
            observer: None,
        }
    }

    /// Tells `observer` of each outcome once it is recorded: a window whose database sends no
    /// change notices of its own (SQLite) refreshes what it shows of the request.
    pub fn observed_by(mut self, observer: Observer) -> Self {
        self.observer = Some(observer);
        self
    }

    /// Takes and handles the next message due, if any.
    pub async fn step(&mut self) -> Result<Step> {
        let now = (self.clock)();
        let Some(taken) = service::take_next(&self.store, now, self.config.lease).await? else {
            if let Some((_, session)) = self.session.take() {
                session.quit().await;
            }
            return Ok(Step::Idle(service::next_wake(&self.store).await?));
        };
        let outcome = self.handle(&taken).await;
        service::finish(&self.store, &taken, &outcome, (self.clock)()).await?;
        if let Some(observer) = &self.observer {
            observer(taken.row.request_id, &outcome);
        }
        Ok(Step::Handled(outcome))
    }

    async fn handle(&mut self, taken: &Taken) -> Outcome {
        let now = (self.clock)();
        let later = |answer: String, attempts: u32| Outcome::Retry {
            answer,
            due_at: now
                + self
                    .config
                    .deferred_retry
                    .unwrap_or_else(|| retry_after(attempts)),
        };
        let (message, attached_letter) = match service::render(&self.store, &taken.row, now).await {
            Ok(Rendered::Compose(message, letter)) => (message, letter),
            Ok(Rendered::Withdraw(why)) => return Outcome::Withdrawn { why },
            Ok(Rendered::Hold(answer)) => {
                return Outcome::Hold {
                    answer: format!("Belum dikirim: {answer}"),
                    due_at: now + service::HOLD_PAUSE,
                };
            }
            Err(error) => return later(error.to_string(), taken.row.attempts),
        };
        let composed = match compose(&message) {
            Ok(composed) => composed,
            Err(answer) => return Outcome::Failed { answer },
        };
        // Read for every message: a change in Pengaturan applies to the next one.
        let server = match service::smtp_server(&self.store).await {
            Ok(server) => server,
            Err(error) => return later(error.to_string(), taken.row.attempts),
        };
        if !self
            .session
            .as_ref()
            .is_some_and(|(open, _)| open.same_as(&server))
        {
            if let Some((_, old)) = self.session.take() {
                old.quit().await;
            }
            match smtp::connect(&server).await {
                Ok(session) => self.session = Some((server, session)),
                Err(delivery) => return self.outcome_of(delivery, taken, now, None),
            }
        }
        let Some((_, session)) = self.session.as_mut() else {
            return later("Sesi SMTP tidak terbuka".into(), taken.row.attempts);
        };
        let delivery = session.deliver(&composed).await;
        if !matches!(delivery, Delivery::Accepted(_)) {
            // After a refusal or a broken step the connection's state is unknown.
            self.session = None;
        }
        self.outcome_of(delivery, taken, now, attached_letter)
    }

    fn outcome_of(
        &self,
        delivery: Delivery,
        taken: &Taken,
        now: DateTime<Utc>,
        attached_letter: Option<String>,
    ) -> Outcome {
        match delivery {
            Delivery::Accepted(answer) => Outcome::Sent {
                answer,
                attached_letter,
            },
            Delivery::Refused(answer) => Outcome::Failed { answer },
            Delivery::Unknown(answer) => Outcome::Uncertain { answer },
            Delivery::Deferred(answer) if taken.row.attempts >= self.config.max_attempts => {
                Outcome::Failed {
                    answer: format!("{answer} (dicoba {} kali)", taken.row.attempts),
                }
            }
            Delivery::Deferred(answer) => Outcome::Retry {
                answer,
                due_at: now
                    + self
                        .config
                        .deferred_retry
                        .unwrap_or_else(|| retry_after(taken.row.attempts)),
            },
        }
    }

    /// Sends everything due now and returns when nothing is, or once the server put a message
    /// off (it would put off the rest too): for `konsultasi mail send --until-idle`.
    pub async fn until_idle(&mut self) -> Result<Vec<Outcome>> {
        let mut outcomes = Vec::new();
        loop {
            match self.step().await? {
                Step::Handled(outcome) => {
                    let put_off = matches!(outcome, Outcome::Retry { .. });
                    outcomes.push(outcome);
                    if put_off {
                        return Ok(outcomes);
                    }
                }
                Step::Idle(_) => return Ok(outcomes),
            }
        }
    }

    /// Runs until `stop` resolves: steps while messages are due, sleeps until the next is due,
    /// `wake` is notified (something was queued here) or `idle_check` passed.
    pub async fn run(mut self, wake: Arc<Notify>, stop: impl std::future::Future<Output = ()>) {
        tokio::pin!(stop);
        loop {
            let pause = match self.step().await {
                Ok(Step::Handled(_)) => continue,
                Ok(Step::Idle(next)) => {
                    let now = (self.clock)();
                    let until_next = next
                        .map(|at| (at - now).to_std().unwrap_or_default())
                        .unwrap_or(self.config.idle_check);
                    until_next.min(self.config.idle_check)
                }
                Err(error) => {
                    eprintln!("Konsultasi DJPK: pengiriman surel tertunda: {error}");
                    std::time::Duration::from_secs(5)
                }
            };
            tokio::select! {
                () = &mut stop => break,
                () = wake.notified() => {}
                () = tokio::time::sleep(pause) => {}
            }
        }
        if let Some((_, session)) = self.session.take() {
            session.quit().await;
        }
    }
}
