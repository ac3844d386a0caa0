//! Team accounts and signing in to the team server: what the admin's screen and the sign-in
//! screen send, and what they get back. Passwords travel in inputs only, never in a view, and
//! their `Debug` hides them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::workflow::Role;

/// An account as the admin's list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct AccountView {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    /// The display name the audit log and the screens show.
    pub name: String,
    pub role: Role,
    pub role_label: String,
    pub active: bool,
    /// A reset password waits to be replaced at the next sign-in.
    pub must_change_password: bool,
    /// "Dikunci sampai 10.20 WIB" while failed sign-ins lock it.
    pub locked_label: Option<String>,
}

/// A new account, made by an admin (or the first admin, on the command line).
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountInput {
    pub username: String,
    pub name: String,
    pub role: Option<Role>,
    /// The first password; its holder sets their own at the first sign-in.
    pub password: String,
}

/// A change an admin makes to an account: its name, role and whether it may sign in. A role
/// change or a deactivation ends the account's sessions.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct AccountUpdate {
    pub name: String,
    pub role: Option<Role>,
    pub active: bool,
}

/// A password an admin sets for someone who forgot theirs; they must replace it at the next
/// sign-in, and their sessions end.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PasswordReset {
    pub password: String,
}

/// Signing in to the team server from a desk.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SignInInput {
    pub username: String,
    pub password: String,
    /// The desk's name (its computer's), recorded with every change made in the session.
    pub desk: String,
}

/// A user changing their own password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PasswordChange {
    pub current: String,
    pub new: String,
}

/// Who is signed in, as the desk shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SessionView {
    #[ts(type = "number")]
    pub id: i64,
    pub username: String,
    pub name: String,
    pub role: Role,
    pub role_label: String,
    pub desk: String,
    /// Until the password is changed, every operation is refused.
    pub must_change_password: bool,
    /// What the role may do, from the core's matrix, as a local profile's `UserView` says it.
    pub may: crate::Permissions,
}

/// The answer to a sign-in: the bearer token of the session (held by the desk in memory only)
/// and who signed in.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignedIn {
    pub token: String,
    pub session: SessionView,
}

/// A change some desk made, as the team server pushes it to every desk: the audit entry that
/// recorded it. Screens refetch what they show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ChangeEvent {
    /// The audit entry's id; 0 for a step of the desk's own mail worker, which may record none
    /// (a message put off for later).
    #[ts(type = "number")]
    pub id: i64,
    pub action: String,
    #[ts(type = "number | null")]
    pub request_id: Option<i64>,
}

/// A desk signing in to a team server from its start screen. The password goes to the server
/// and nowhere else; the address is remembered for the next start.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct ServerSignIn {
    /// `https://host:port`, or `http://127.0.0.1:port` for a server on this computer.
    pub address: String,
    pub username: String,
    pub password: String,
    /// The certificate fingerprint the user compared with the one their admin gave them; the
    /// server's certificate is trusted (and pinned) only when it is this one.
    #[serde(default)]
    pub trusted_fingerprint: Option<String>,
}

/// What a sign-in to a team server came to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum ServerSignInOutcome {
    /// The server's certificate is not trusted yet (or is not the one pinned): the user compares
    /// its fingerprint with the admin's before anything is sent.
    CompareFingerprint {
        address: String,
        /// SHA-256 of the certificate, as `konsultasi serve` prints it ("AB:CD:…").
        fingerprint: String,
        /// A different certificate was pinned for this address before.
        changed: bool,
    },
    SignedIn {
        session: SessionView,
    },
}

/// Where the window's data lives: this computer's database, or a team server it signed in to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ConnectionView {
    /// The local database ("/home/…/konsultasi.db" or "postgres://host/db"), always open.
    pub local_database: String,
    /// The team server's address once signed in to it; every operation then goes there.
    pub server: Option<String>,
    /// Who is signed in to the server.
    pub session: Option<SessionView>,
    /// The server address used last, offered on the start screen (the password never is).
    pub remembered_address: Option<String>,
}

/// What the shell tells the window about the data it shows, as the `konsultasi://live` event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum LiveEvent {
    /// Another desk (or this one) changed something: screens refetch what they show.
    Change { change: ChangeEvent },
    /// Changes may have been missed (a reconnect): screens refetch what they show.
    Resync,
    /// The connection to the team server dropped; the shell keeps retrying.
    Offline {
        message: String,
        /// Seconds until the next attempt.
        #[ts(type = "number")]
        retry_in_seconds: u64,
    },
    /// The connection is back.
    Online,
    /// The session ended (expired, revoked, signed out elsewhere): sign in again.
    SignedOut { message: String },
}

/// An export produced by the team server, carried to the desk that saves it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExportedDocument {
    pub file_name: String,
    pub media_type: String,
    /// The file's bytes in standard base64.
    pub content_base64: String,
    pub warnings: Vec<String>,
}

macro_rules! hide_password {
    ($($ty:ident { $($field:ident),* }),*) => {$(
        impl std::fmt::Debug for $ty {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_struct(stringify!($ty))
                    $(.field(stringify!($field), &self.$field))*
                    .finish_non_exhaustive()
            }
        }
    )*};
}

hide_password!(
    AccountInput {
        username,
        name,
        role
    },
    PasswordReset {},
    SignInInput { username, desk },
    ServerSignIn {
        address,
        username,
        trusted_fingerprint
    },
    PasswordChange {},
    SignedIn { session }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn passwords_and_tokens_never_print() {
        let input = SignInInput {
            username: "rina".into(),
            password: "rahasia-sekali-9".into(),
            desk: "MEJA-1".into(),
        };
        let printed = format!("{input:?}");
        assert!(
            printed.contains("rina") && !printed.contains("rahasia"),
            "{printed}"
        );
        let change = PasswordChange {
            current: "lama-sekali-1".into(),
            new: "baru-sekali-2".into(),
        };
        assert!(!format!("{change:?}").contains("sekali"));
    }
}
