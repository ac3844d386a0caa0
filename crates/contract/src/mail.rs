//! Invitations by e-mail: the SMTP settings (Pengaturan → Surel), the test message, and each
//! message of the outbox as the request's panel and the audit show it.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use konsultasi_core::mail::{DeliveryState, MailAudience, MailKind, MailSecurity};

/// The settings as the form shows them. The password itself never leaves the desk's secret
/// file: the view says only whether one is kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailSettingsView {
    /// Whether bookings queue invitations at all.
    pub enabled: bool,
    pub host: String,
    pub port: u16,
    pub security: MailSecurity,
    /// Empty: the server takes mail without signing in.
    pub username: String,
    pub password_kept: bool,
    pub sender_name: String,
    pub sender_address: String,
    /// The Pemda's reminder: so many working days before the day (0: none) …
    pub reminder_working_days: u32,
    /// … at this time on the Pemda's own clock (`HH:MM`).
    pub reminder_pemda_time: String,
    /// The resource persons' reminder on the day, at this WIB time (`HH:MM`); none if absent.
    pub reminder_staff_time: Option<String>,
    /// The certificate (PEM) of an authority trusted for the server beside the system's own.
    pub trusted_certificate: Option<String>,
    /// The SHA-256 of each certificate in it ("AB:CD:…"), for staff to compare with what the
    /// server's administrator gave them.
    pub trusted_certificate_fingerprints: Vec<String>,
    /// Whether the Pemda's invitation waits for the confirmation letter and carries it.
    pub attach_confirmation: bool,
}

/// What the form sends. `password`: absent keeps the kept one, `""` forgets it, any other text
/// replaces it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MailSettingsInput {
    pub enabled: bool,
    pub host: String,
    #[ts(type = "number")]
    pub port: i64,
    pub security: Option<MailSecurity>,
    #[serde(default)]
    pub username: String,
    #[serde(default)]
    pub password: Option<String>,
    pub sender_name: String,
    pub sender_address: String,
    #[ts(type = "number")]
    pub reminder_working_days: i64,
    pub reminder_pemda_time: String,
    #[serde(default)]
    pub reminder_staff_time: Option<String>,
    /// Absent or empty: the system's certificate store alone.
    #[serde(default)]
    pub trusted_certificate: Option<String>,
    #[serde(default)]
    pub attach_confirmation: bool,
}

/// Where to send a test message.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct MailTestInput {
    pub to: String,
}

/// What became of a test message: the server's own answer, or why it could not be reached, in
/// Indonesian. Not reaching the server is an answer, not an error of the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailTestResult {
    pub delivered: bool,
    pub answer: String,
}

/// One message to one recipient, as the request's panel lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MailDeliveryView {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: MailKind,
    /// "Undangan", "Pembatalan", "Pengingat".
    pub kind_label: String,
    /// The booking's SEQUENCE it speaks of.
    #[ts(type = "number")]
    pub sequence: i64,
    pub audience: MailAudience,
    pub recipient_name: String,
    pub recipient_address: String,
    pub state: DeliveryState,
    /// "Dalam antrean", "Terkirim", …
    pub state_label: String,
    pub attempts: u32,
    /// When it is (or was) due, RFC 3339, and as the desk reads it ("Jumat, 4 Desember 2026
    /// 10.00 WIB").
    pub due_at: String,
    pub due_label: String,
    /// The server's answer, or why it is not sent.
    pub answer: Option<String>,
    pub sent_at: Option<String>,
    /// Whether staff may send it again (failed, or uncertain).
    pub can_resend: bool,
    /// The number of the confirmation letter the sent message carried.
    pub attached_letter: Option<String>,
}
