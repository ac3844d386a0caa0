//! The SMTP settings (one row; never the password) and the outbox: one row per message to one
//! recipient, queued inside the write that caused it and moved through its states by the
//! sending worker.
//!
//! A worker takes a message by setting it `sending` with a lease, in a serialised write, before
//! it speaks to the server; so two workers never take one message, and a worker that died while
//! sending leaves it `sending` until the lease runs out, when it becomes `uncertain` (never sent
//! again by itself: the server may already have it).

use chrono::{DateTime, Utc};
use konsultasi_core::domain::region::ZoneLabel;
use konsultasi_core::mail::{DeliveryState, MailAudience, MailKind, MailSecurity};
use sqlx::FromRow;

use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use crate::stored::{corrupt, member};

#[derive(Debug, Clone, PartialEq, Eq, FromRow)]
pub struct MailSettingsRow {
    pub enabled: bool,
    pub host: String,
    pub port: i64,
    pub security: String,
    pub username: String,
    pub sender_name: String,
    pub sender_address: String,
    pub reminder_working_days: i64,
    pub reminder_pemda_time: String,
    pub reminder_staff_time: Option<String>,
    /// An authority's certificate (PEM) trusted for the server beside the system's store.
    pub trusted_certificate: Option<String>,
    /// Whether the Pemda's invitation carries the confirmation letter once it is issued.
    pub attach_confirmation: bool,
    pub updated_at: Option<Instant>,
}

impl MailSettingsRow {
    pub fn security(&self) -> Result<MailSecurity> {
        member("keamanan SMTP", &self.security, MailSecurity::from_stored)
    }
}

pub async fn settings(conn: &mut impl Conn) -> Result<MailSettingsRow> {
    Ok(on!(conn.db(), c => sqlx::query_as(
        "SELECT enabled, host, port, security, username, sender_name, sender_address,
                reminder_working_days, reminder_pemda_time, reminder_staff_time,
                trusted_certificate, attach_confirmation, updated_at
         FROM mail_settings WHERE id = 1",
    )
    .fetch_one(c)
    .await?))
}

/// Replaces the settings, inside the caller's write.
pub async fn save_settings(conn: &mut impl Conn, row: &MailSettingsRow) -> Result<()> {
    on!(conn.db(), c => sqlx::query(
        "UPDATE mail_settings SET enabled = $1, host = $2, port = $3, security = $4,
                username = $5, sender_name = $6, sender_address = $7,
                reminder_working_days = $8, reminder_pemda_time = $9, reminder_staff_time = $10,
                trusted_certificate = $11, attach_confirmation = $12, updated_at = $13
         WHERE id = 1",
    )
    .bind(row.enabled)
    .bind(&row.host)
    .bind(row.port)
    .bind(&row.security)
    .bind(&row.username)
    .bind(&row.sender_name)
    .bind(&row.sender_address)
    .bind(row.reminder_working_days)
    .bind(&row.reminder_pemda_time)
    .bind(&row.reminder_staff_time)
    .bind(&row.trusted_certificate)
    .bind(row.attach_confirmation)
    .bind(row.updated_at)
    .execute(c)
    .await?
    .rows_affected());
    Ok(())
}

/// One message to be queued.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewMail {
    pub request_id: i64,
    pub booking_id: i64,
    pub kind: MailKind,
    pub sequence: i64,
    pub audience: MailAudience,
    pub recipient_name: String,
    pub recipient_address: String,
    pub recipient_zone: ZoneLabel,
    pub due_at: DateTime<Utc>,
}

/// One message of the outbox as it stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailRow {
    pub id: i64,
    pub request_id: i64,
    pub booking_id: i64,
    pub kind: MailKind,
    pub sequence: i64,
    pub audience: MailAudience,
    pub recipient_name: String,
    pub recipient_address: String,
    pub recipient_zone: ZoneLabel,
    pub state: DeliveryState,
    pub attempts: u32,
    pub due_at: DateTime<Utc>,
    pub answer: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    pub sent_at: Option<DateTime<Utc>>,
    /// The number of the letter the sent message carried.
    pub attached_letter: Option<String>,
}

#[derive(FromRow)]
struct StoredMail {
    id: i64,
    request_id: i64,
    booking_id: i64,
    kind: String,
    sequence: i64,
    audience: String,
    recipient_name: String,
    recipient_address: String,
    recipient_zone: String,
    state: String,
    attempts: i64,
    due_at: Instant,
    answer: Option<String>,
    created_at: Instant,
    updated_at: Instant,
    sent_at: Option<Instant>,
    attached_letter: Option<String>,
}

/// The columns a [`MailRow`] is read from, as a literal so each query stays one literal.
macro_rules! columns {
    () => {
        "id, request_id, booking_id, kind, sequence, audience, recipient_name, recipient_address,
         recipient_zone, state, attempts, due_at, answer, created_at, updated_at, sent_at,
         attached_letter"
    };
}

fn zone_of(text: &str) -> Option<ZoneLabel> {
    [ZoneLabel::Wib, ZoneLabel::Wita, ZoneLabel::Wit]
        .into_iter()
        .find(|zone| zone.as_str() == text)
}

impl TryFrom<StoredMail> for MailRow {
    type Error = crate::error::Error;

    fn try_from(row: StoredMail) -> Result<Self> {
        Ok(MailRow {
            id: row.id,
            request_id: row.request_id,
            booking_id: row.booking_id,
            kind: member("jenis surel", &row.kind, MailKind::from_stored)?,
            sequence: row.sequence,
            audience: member("penerima surel", &row.audience, MailAudience::from_stored)?,
            recipient_name: row.recipient_name,
            recipient_address: row.recipient_address,
            recipient_zone: member("zona penerima", &row.recipient_zone, zone_of)?,
            state: member("status surel", &row.state, DeliveryState::from_stored)?,
            attempts: u32::try_from(row.attempts)
                .map_err(|_| corrupt("percobaan surel", &row.attempts.to_string()))?,
            due_at: row.due_at.0,
            answer: row.answer,
            created_at: row.created_at.0,
            updated_at: row.updated_at.0,
            sent_at: row.sent_at.map(|at| at.0),
            attached_letter: row.attached_letter,
        })
    }
}

fn rows(stored: Vec<StoredMail>) -> Result<Vec<MailRow>> {
    stored.into_iter().map(MailRow::try_from).collect()
}

/// Queues one message, inside the caller's write; answers its id.
pub async fn queue(conn: &mut impl Conn, mail: &NewMail, now: DateTime<Utc>) -> Result<i64> {
    Ok(on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO mail_outbox (request_id, booking_id, kind, sequence, audience, recipient_name,
                                  recipient_address, recipient_zone, state, attempts, due_at,
                                  created_at, updated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'queued', 0, $9, $10, $10)
         RETURNING id",
    )
    .bind(mail.request_id)
    .bind(mail.booking_id)
    .bind(mail.kind.as_str())
    .bind(mail.sequence)
    .bind(mail.audience.as_str())
    .bind(&mail.recipient_name)
    .bind(&mail.recipient_address)
    .bind(mail.recipient_zone.as_str())
    .bind(Instant(mail.due_at))
    .bind(Instant(now))
    .fetch_one(c)
    .await?))
}

/// Withdraws every message of `booking_id` still waiting (a newer invite or a cancellation
/// replaces them) and answers them.
pub async fn withdraw_waiting(
    conn: &mut impl Conn,
    booking_id: i64,
    why: &str,
    now: DateTime<Utc>,
) -> Result<Vec<MailRow>> {
    let sql = concat!(
        "UPDATE mail_outbox SET state = 'withdrawn', answer = $1, updated_at = $2
         WHERE booking_id = $3 AND state = 'queued'
         RETURNING ",
        columns!(),
        ""
    );
    let stored: Vec<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(why)
        .bind(Instant(now))
        .bind(booking_id)
        .fetch_all(c)
        .await?);
    rows(stored)
}

/// The invites of `booking_id` that may have reached their recipient (sent, being sent, or
/// uncertain): whom a cancellation or a change must reach.
pub async fn invites_out(conn: &mut impl Conn, booking_id: i64) -> Result<Vec<MailRow>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM mail_outbox
         WHERE booking_id = $1 AND kind = 'invite' AND state IN ('sent', 'sending', 'uncertain')
         ORDER BY id"
    );
    let stored: Vec<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(booking_id)
        .fetch_all(c)
        .await?);
    rows(stored)
}

/// Marks every message whose sender's lease ran out before `now` as uncertain, and answers
/// them: their worker stopped while the server may have had them.
pub async fn interrupt_expired(conn: &mut impl Conn, now: DateTime<Utc>) -> Result<Vec<MailRow>> {
    let sql = concat!(
        "UPDATE mail_outbox SET state = 'uncertain', lease_until = NULL, updated_at = $1,
                answer = 'Pengiriman terputus: aplikasi berhenti saat surel diserahkan ke server. \
Surel mungkin sudah sampai; periksa dengan penerima sebelum mengirim ulang.'
         WHERE state = 'sending' AND lease_until < $1
         RETURNING ",
        columns!(),
        ""
    );
    let stored: Vec<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(Instant(now))
        .fetch_all(c)
        .await?);
    rows(stored)
}

/// Takes the next message due by `now` for sending (state `sending`, one more attempt, held
/// until `lease_until`), inside the caller's serialised write.
pub async fn take_due(
    conn: &mut impl Conn,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<Option<MailRow>> {
    let sql = concat!(
        "UPDATE mail_outbox SET state = 'sending', attempts = attempts + 1, lease_until = $1,
                updated_at = $2
         WHERE id = (SELECT id FROM mail_outbox WHERE state = 'queued' AND due_at <= $2
                     ORDER BY due_at, id LIMIT 1)
         RETURNING ",
        columns!(),
        ""
    );
    let stored: Option<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(Instant(lease_until))
        .bind(Instant(now))
        .fetch_optional(c)
        .await?);
    stored.map(MailRow::try_from).transpose()
}

/// What became of a message the worker took.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    Sent {
        answer: String,
        /// The number of the letter it carried.
        attached_letter: Option<String>,
    },
    /// Try again at `due_at` (the server unreachable, a 4xx answer).
    Retry {
        answer: String,
        due_at: DateTime<Utc>,
    },
    Failed {
        answer: String,
    },
    /// Handed over without an answer: it may have arrived, so it is not sent again by itself.
    Uncertain {
        answer: String,
    },
    /// Not sent: it no longer says what stands (a newer invite replaced it).
    Withdrawn {
        why: String,
    },
    /// Not yet, and not for the server's sake (it waits for a setting or for its letter):
    /// queued again until `due_at`, the attempt not counted.
    Hold {
        answer: String,
        due_at: DateTime<Utc>,
    },
}

/// Records the outcome of a message taken with [`take_due`]; `false` if it was no longer
/// this worker's (its lease ran out and it was marked uncertain meanwhile).
pub async fn record_outcome(
    conn: &mut impl Conn,
    id: i64,
    outcome: &Outcome,
    now: DateTime<Utc>,
) -> Result<bool> {
    let (state, answer, due_at, sent_at, letter) = match outcome {
        Outcome::Sent {
            answer,
            attached_letter,
        } => (
            "sent",
            answer,
            None,
            Some(Instant(now)),
            attached_letter.as_deref(),
        ),
        Outcome::Retry { answer, due_at } => ("queued", answer, Some(Instant(*due_at)), None, None),
        Outcome::Failed { answer } => ("failed", answer, None, None, None),
        Outcome::Uncertain { answer } => ("uncertain", answer, None, None, None),
        Outcome::Withdrawn { why } => ("withdrawn", why, None, None, None),
        Outcome::Hold { answer, due_at } => ("queued", answer, Some(Instant(*due_at)), None, None),
    };
    let uncounted = i64::from(matches!(outcome, Outcome::Hold { .. }));
    Ok(on!(conn.db(), c => sqlx::query(
        "UPDATE mail_outbox SET state = $1, answer = $2, due_at = coalesce($3, due_at),
                sent_at = $4, attached_letter = $5, lease_until = NULL, updated_at = $6,
                attempts = attempts - $8
         WHERE id = $7 AND state = 'sending'",
    )
    .bind(state)
    .bind(answer)
    .bind(due_at)
    .bind(sent_at)
    .bind(letter)
    .bind(Instant(now))
    .bind(id)
    .bind(uncounted)
    .execute(c)
    .await?
    .rows_affected())
        == 1)
}

/// Makes the Pemda invitations of `request_id` at `sequence` that wait for their confirmation
/// letter due now, inside the write that issued it; answers how many.
pub async fn release_waiting_for_letter(
    conn: &mut impl Conn,
    request_id: i64,
    sequence: i64,
    now: DateTime<Utc>,
) -> Result<u64> {
    Ok(on!(conn.db(), c => sqlx::query(
        "UPDATE mail_outbox SET due_at = $1, updated_at = $1
         WHERE request_id = $2 AND sequence = $3 AND kind = 'invite' AND audience = 'pemda'
           AND state = 'queued' AND due_at > $1",
    )
    .bind(Instant(now))
    .bind(request_id)
    .bind(sequence)
    .execute(c)
    .await?
    .rows_affected()))
}

/// Puts a failed or uncertain message back in the queue, due now (staff asked to send it
/// again); `None` if it is in another state.
pub async fn requeue(conn: &mut impl Conn, id: i64, now: DateTime<Utc>) -> Result<Option<MailRow>> {
    let sql = concat!(
        "UPDATE mail_outbox SET state = 'queued', due_at = $1, updated_at = $1
         WHERE id = $2 AND state IN ('failed', 'uncertain')
         RETURNING ",
        columns!(),
        ""
    );
    let stored: Option<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(Instant(now))
        .bind(id)
        .fetch_optional(c)
        .await?);
    stored.map(MailRow::try_from).transpose()
}

pub async fn mail_by_id(conn: &mut impl Conn, id: i64) -> Result<Option<MailRow>> {
    let sql = concat!("SELECT ", columns!(), " FROM mail_outbox WHERE id = $1");
    let stored: Option<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(id)
        .fetch_optional(c)
        .await?);
    stored.map(MailRow::try_from).transpose()
}

/// Every message of a request, oldest first.
pub async fn mail_of_request(conn: &mut impl Conn, request_id: i64) -> Result<Vec<MailRow>> {
    let sql = concat!(
        "SELECT ",
        columns!(),
        " FROM mail_outbox WHERE request_id = $1 ORDER BY id"
    );
    let stored: Vec<StoredMail> = on!(conn.db(), c => sqlx::query_as(sql)
        .bind(request_id)
        .fetch_all(c)
        .await?);
    rows(stored)
}

/// When the worker has something to do next: the earliest queued message, or the earliest
/// lease to expire.
pub async fn next_wake(conn: &mut impl Conn) -> Result<Option<DateTime<Utc>>> {
    let next: Option<Instant> = on!(conn.db(), c => sqlx::query_scalar(
        "SELECT min(at) FROM (
             SELECT min(due_at) AS at FROM mail_outbox WHERE state = 'queued'
             UNION ALL
             SELECT min(lease_until) AS at FROM mail_outbox WHERE state = 'sending'
         ) AS due",
    )
    .fetch_one(c)
    .await?);
    Ok(next.map(|at| at.0))
}

/// How many messages stand in each state.
pub async fn count_by_state(conn: &mut impl Conn) -> Result<Vec<(DeliveryState, i64)>> {
    let counted: Vec<(String, i64)> = on!(conn.db(), c => sqlx::query_as(
        "SELECT state, count(*) FROM mail_outbox GROUP BY state ORDER BY state",
    )
    .fetch_all(c)
    .await?);
    counted
        .into_iter()
        .map(|(state, n)| {
            Ok((
                member("status surel", &state, DeliveryState::from_stored)?,
                n,
            ))
        })
        .collect()
}
