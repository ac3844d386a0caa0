//! What the audit log records: one typed entry per change, written by the store in the same
//! transaction as the change itself.

use serde::Serialize;

use crate::workflow::{Actor, Transition};

/// Every kind of change the desk makes. The stored spelling (`as_str`) is what the history
/// screens and the audit search show and filter on, so it never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditAction {
    /// A workflow step of DESIGN §3 (verify, schedule, confirm, …).
    Transition(Transition),
    CreateRequest,
    UpdateRequest,
    WalkIn,
    VoidCheckIn,
    ImportHistory,
    CreateUser,
    SetPolicy,
    AddHoliday,
    DeleteHoliday,
    ImportHolidays,
    AddSessionOverride,
    DeleteSessionOverride,
    SaveRoom,
    SaveUnit,
    RouteTopic,
    SaveResourcePerson,
    SaveExportSettings,
    CreateAccount,
    UpdateAccount,
    ResetPassword,
    ChangePassword,
    SignIn,
    SignInFailed,
    AccountLocked,
    SignOut,
    SaveMailSettings,
    /// Messages queued by the change this entry belongs to (or withdrawn by it).
    MailQueued,
    MailSent,
    MailFailed,
    /// A worker stopped while handing a message over: it is not sent again by itself.
    MailUncertain,
    MailResent,
}

impl AuditAction {
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Transition(transition) => transition.as_str(),
            AuditAction::CreateRequest => "create",
            AuditAction::UpdateRequest => "update",
            AuditAction::WalkIn => "walk_in",
            AuditAction::VoidCheckIn => "void_check_in",
            AuditAction::ImportHistory => "import",
            AuditAction::CreateUser => "user.create",
            AuditAction::SetPolicy => "policy.set",
            AuditAction::AddHoliday => "holiday.add",
            AuditAction::DeleteHoliday => "holiday.delete",
            AuditAction::ImportHolidays => "holiday.import",
            AuditAction::AddSessionOverride => "session_override.add",
            AuditAction::DeleteSessionOverride => "session_override.delete",
            AuditAction::SaveRoom => "room.save",
            AuditAction::SaveUnit => "unit.save",
            AuditAction::RouteTopic => "topic.route",
            AuditAction::SaveResourcePerson => "resource_person.save",
            AuditAction::SaveExportSettings => "export_settings.save",
            AuditAction::CreateAccount => "account.create",
            AuditAction::UpdateAccount => "account.update",
            AuditAction::ResetPassword => "account.reset_password",
            AuditAction::ChangePassword => "account.change_password",
            AuditAction::SignIn => "account.sign_in",
            AuditAction::SignInFailed => "account.sign_in_failed",
            AuditAction::AccountLocked => "account.locked",
            AuditAction::SignOut => "account.sign_out",
            AuditAction::SaveMailSettings => "mail_settings.save",
            AuditAction::MailQueued => "mail.queued",
            AuditAction::MailSent => "mail.sent",
            AuditAction::MailFailed => "mail.failed",
            AuditAction::MailUncertain => "mail.uncertain",
            AuditAction::MailResent => "mail.resend",
        }
    }
}

impl From<Transition> for AuditAction {
    fn from(transition: Transition) -> Self {
        AuditAction::Transition(transition)
    }
}

/// One entry of the audit log: who did what to which request, with the record before and
/// after as JSON. Settings changes have no request.
#[derive(Debug, Clone, PartialEq)]
pub struct AuditEntry {
    pub actor: Actor,
    pub action: AuditAction,
    pub request_id: Option<i64>,
    /// JSON text, with the fields in the order the record declares them.
    pub before: Option<String>,
    pub after: Option<String>,
    pub note: Option<String>,
}

impl AuditEntry {
    pub fn new(actor: &Actor, action: impl Into<AuditAction>) -> Self {
        Self {
            actor: actor.clone(),
            action: action.into(),
            request_id: None,
            before: None,
            after: None,
            note: None,
        }
    }

    pub fn on_request(mut self, id: i64) -> Self {
        self.request_id = Some(id);
        self
    }

    /// The record as it was; a value that cannot be written as JSON is a bug in the caller's
    /// type, reported as `null` rather than losing the entry.
    pub fn before(mut self, value: &impl Serialize) -> Self {
        self.before = Some(serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()));
        self
    }

    pub fn after(mut self, value: &impl Serialize) -> Self {
        self.after = Some(serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned()));
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Self {
        self.note = Some(note.into());
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transitions_keep_the_names_the_history_shows() {
        for transition in Transition::ALL {
            assert_eq!(AuditAction::from(transition).as_str(), transition.as_str());
        }
        assert_eq!(AuditAction::CreateRequest.as_str(), "create");
        assert_eq!(AuditAction::SignInFailed.as_str(), "account.sign_in_failed");
    }
}
