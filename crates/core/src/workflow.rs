//! The workflow of DESIGN §3 as a state machine: which transition may move a request from
//! which status, and who may make it.
//!
//! `Draft → Submitted → Verified → Scheduled → Confirmed → CheckedIn → Completed`, with the
//! side exits `Rejected`, `Cancelled` and `NoShow`; `Reschedule` keeps a Scheduled or Confirmed
//! request Scheduled on a new slot (it must be confirmed again). Every transition is refused
//! with an Indonesian reason when the status or the role does not allow it.

use crate::domain::{Channel, RequestStatus, stored_enum};

stored_enum!(
    /// What a local user profile may do.
    Role {
        /// Contact-centre agent: registers requests and records confirmations.
        Agent => "agent",
        /// Secretariat staff: verifies letters, schedules tatap muka, rejects.
        Secretariat => "secretariat",
    }
);

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Agent => "Agen contact center",
            Role::Secretariat => "Sekretariat",
        }
    }
}

/// The user making a change: a local profile, or a signed-in account in team mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub role: Role,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Transition {
    Submit,
    Verify,
    Schedule,
    Confirm,
    Reschedule,
    Cancel,
    Reject,
    CheckIn,
    Complete,
    MarkNoShow,
}

impl Transition {
    pub const ALL: [Transition; 10] = [
        Transition::Submit,
        Transition::Verify,
        Transition::Schedule,
        Transition::Confirm,
        Transition::Reschedule,
        Transition::Cancel,
        Transition::Reject,
        Transition::CheckIn,
        Transition::Complete,
        Transition::MarkNoShow,
    ];

    /// The audit log's name for the transition.
    pub fn as_str(self) -> &'static str {
        match self {
            Transition::Submit => "submit",
            Transition::Verify => "verify",
            Transition::Schedule => "schedule",
            Transition::Confirm => "confirm",
            Transition::Reschedule => "reschedule",
            Transition::Cancel => "cancel",
            Transition::Reject => "reject",
            Transition::CheckIn => "check_in",
            Transition::Complete => "complete",
            Transition::MarkNoShow => "no_show",
        }
    }

    /// The verb staff read in a refusal ("tidak dapat *diverifikasi*").
    fn passive(self) -> &'static str {
        match self {
            Transition::Submit => "diajukan",
            Transition::Verify => "diverifikasi",
            Transition::Schedule => "dijadwalkan",
            Transition::Confirm => "dikonfirmasi",
            Transition::Reschedule => "dijadwalkan ulang",
            Transition::Cancel => "dibatalkan",
            Transition::Reject => "ditolak",
            Transition::CheckIn => "dicatat kehadirannya",
            Transition::Complete => "diselesaikan",
            Transition::MarkNoShow => "ditandai tidak hadir",
        }
    }
}

pub fn status_label(status: RequestStatus) -> &'static str {
    match status {
        RequestStatus::Draft => "Draf",
        RequestStatus::Submitted => "Diajukan",
        RequestStatus::Verified => "Terverifikasi",
        RequestStatus::Scheduled => "Dijadwalkan",
        RequestStatus::Confirmed => "Dikonfirmasi",
        RequestStatus::CheckedIn => "Hadir",
        RequestStatus::Completed => "Selesai",
        RequestStatus::Rejected => "Ditolak",
        RequestStatus::Cancelled => "Dibatalkan",
        RequestStatus::NoShow => "Tidak hadir",
    }
}

/// Whether the request's own data (requester, contact, guests, letter…) may still change. Once
/// a consultation took place, was refused or called off, its record is history: the audit and
/// the compliance figures rely on it staying as it was.
pub fn editable(status: RequestStatus) -> bool {
    matches!(
        status,
        RequestStatus::Draft
            | RequestStatus::Submitted
            | RequestStatus::Verified
            | RequestStatus::Scheduled
            | RequestStatus::Confirmed
    )
}

/// Whether only the secretariat may make `transition` on a request of `channel`: the rest see
/// the step, and the core refuses it with its reason.
pub fn secretariat_only(transition: Transition, channel: Channel) -> bool {
    !allowed(Role::Agent, transition, channel) && allowed(Role::Secretariat, transition, channel)
}

stored_enum!(
    /// The steps staff start from an opened request, in the order its buttons stand: forward
    /// steps first, the exits last. Check-in, completion and no-show belong to the day of the
    /// visit and are started from the arrivals.
    DeskAction {
        Verify => "verify",
        Schedule => "schedule",
        Confirm => "confirm",
        Reschedule => "reschedule",
        Reject => "reject",
        Cancel => "cancel",
    }
);

impl DeskAction {
    pub fn transition(self) -> Transition {
        match self {
            DeskAction::Verify => Transition::Verify,
            DeskAction::Schedule => Transition::Schedule,
            DeskAction::Confirm => Transition::Confirm,
            DeskAction::Reschedule => Transition::Reschedule,
            DeskAction::Reject => Transition::Reject,
            DeskAction::Cancel => Transition::Cancel,
        }
    }

    /// The button's label; an ellipsis where a form opens first.
    pub fn label(self) -> &'static str {
        match self {
            DeskAction::Verify => "Verifikasi surat",
            DeskAction::Schedule => "Jadwalkan…",
            DeskAction::Confirm => "Catat konfirmasi…",
            DeskAction::Reschedule => "Jadwalkan ulang…",
            DeskAction::Reject => "Tolak…",
            DeskAction::Cancel => "Batalkan…",
        }
    }
}

/// A step the workflow allows from a request's status, as the request screen offers it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct ActionView {
    pub action: DeskAction,
    pub label: String,
    /// What the request became, for "Permohonan #7 *diverifikasi*".
    pub done_label: String,
    /// Only the secretariat may take it; others still see it, and the core refuses them.
    pub secretariat_only: bool,
    /// Why the step must still wait although the status allows it ("Konsultasi tatap muka
    /// dijadwalkan setelah surat permintaannya diverifikasi"); empty when it may be taken now.
    pub waits_for: Option<String>,
}

/// The steps the workflow allows from `status` on a request of `channel`, in button order.
pub fn actions_view(status: RequestStatus, channel: Channel) -> Vec<ActionView> {
    DeskAction::ALL
        .iter()
        .filter(|action| target(status, action.transition()).is_some())
        .map(|action| {
            let transition = action.transition();
            // What would still refuse the step for the role that may take it.
            let waits_for = match apply(status, transition, Role::Secretariat, channel) {
                Err(Refusal::Status(message)) => Some(message),
                _ => None,
            };
            ActionView {
                action: *action,
                label: action.label().to_owned(),
                done_label: transition.passive().to_owned(),
                secretariat_only: secretariat_only(transition, channel),
                waits_for,
            }
        })
        .collect()
}

/// Why a transition was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// The request's status does not allow the transition.
    Status(String),
    /// The user's role does not allow it.
    Role(String),
}

impl Refusal {
    pub fn message(&self) -> &str {
        match self {
            Refusal::Status(message) | Refusal::Role(message) => message,
        }
    }
}

/// The status a transition leads to from `from`, if the workflow allows it at all.
pub fn target(from: RequestStatus, transition: Transition) -> Option<RequestStatus> {
    use RequestStatus as S;
    use Transition as T;
    match (transition, from) {
        (T::Submit, S::Draft) => Some(S::Submitted),
        (T::Verify, S::Submitted) => Some(S::Verified),
        (T::Schedule, S::Submitted | S::Verified) => Some(S::Scheduled),
        (T::Confirm, S::Scheduled) => Some(S::Confirmed),
        (T::Reschedule, S::Scheduled | S::Confirmed) => Some(S::Scheduled),
        (T::Cancel, S::Draft | S::Submitted | S::Verified | S::Scheduled | S::Confirmed) => {
            Some(S::Cancelled)
        }
        (T::Reject, S::Submitted | S::Verified) => Some(S::Rejected),
        (T::CheckIn, S::Scheduled | S::Confirmed) => Some(S::CheckedIn),
        (T::Complete, S::CheckedIn) => Some(S::Completed),
        (T::MarkNoShow, S::Scheduled | S::Confirmed) => Some(S::NoShow),
        _ => None,
    }
}

/// Whether `role` may make `transition` on a request of `channel`.
fn allowed(role: Role, transition: Transition, channel: Channel) -> bool {
    match transition {
        // Letters are the secretariat's to judge, and so are refusals.
        Transition::Verify | Transition::Reject => role == Role::Secretariat,
        // A tatap muka brings a delegation into the building: only the secretariat books it.
        Transition::Schedule | Transition::Reschedule => {
            role == Role::Secretariat || channel == Channel::VideoConference
        }
        Transition::Submit
        | Transition::Confirm
        | Transition::Cancel
        | Transition::CheckIn
        | Transition::Complete
        | Transition::MarkNoShow => true,
    }
}

/// The status after `transition`, or why it cannot happen.
pub fn apply(
    from: RequestStatus,
    transition: Transition,
    role: Role,
    channel: Channel,
) -> Result<RequestStatus, Refusal> {
    let Some(to) = target(from, transition) else {
        return Err(Refusal::Status(format!(
            "Permohonan berstatus {} tidak dapat {}",
            status_label(from),
            transition.passive()
        )));
    };
    if !allowed(role, transition, channel) {
        let what = if channel == Channel::InPerson
            && matches!(transition, Transition::Schedule | Transition::Reschedule)
        {
            "Konsultasi tatap muka hanya dapat dijadwalkan oleh Sekretariat".to_owned()
        } else {
            format!(
                "Peran {} tidak berwenang: permohonan hanya dapat {} oleh Sekretariat",
                role.label(),
                transition.passive()
            )
        };
        return Err(Refusal::Role(what));
    }
    // A tatap muka is scheduled only after its letter was verified.
    if transition == Transition::Schedule
        && channel == Channel::InPerson
        && from != RequestStatus::Verified
    {
        return Err(Refusal::Status(
            "Konsultasi tatap muka dijadwalkan setelah surat permintaannya diverifikasi".to_owned(),
        ));
    }
    Ok(to)
}

#[cfg(test)]
mod tests {
    use super::*;
    use RequestStatus as S;
    use Transition as T;

    /// Every legal (from, transition) pair and where it leads; everything else is illegal.
    const LEGAL: &[(S, T, S)] = &[
        (S::Draft, T::Submit, S::Submitted),
        (S::Submitted, T::Verify, S::Verified),
        (S::Submitted, T::Schedule, S::Scheduled),
        (S::Verified, T::Schedule, S::Scheduled),
        (S::Scheduled, T::Confirm, S::Confirmed),
        (S::Scheduled, T::Reschedule, S::Scheduled),
        (S::Confirmed, T::Reschedule, S::Scheduled),
        (S::Draft, T::Cancel, S::Cancelled),
        (S::Submitted, T::Cancel, S::Cancelled),
        (S::Verified, T::Cancel, S::Cancelled),
        (S::Scheduled, T::Cancel, S::Cancelled),
        (S::Confirmed, T::Cancel, S::Cancelled),
        (S::Submitted, T::Reject, S::Rejected),
        (S::Verified, T::Reject, S::Rejected),
        (S::Scheduled, T::CheckIn, S::CheckedIn),
        (S::Confirmed, T::CheckIn, S::CheckedIn),
        (S::CheckedIn, T::Complete, S::Completed),
        (S::Scheduled, T::MarkNoShow, S::NoShow),
        (S::Confirmed, T::MarkNoShow, S::NoShow),
    ];

    #[test]
    fn every_pair_of_status_and_transition_is_legal_exactly_when_listed() {
        for from in S::ALL.iter().copied() {
            for transition in T::ALL {
                let expected = LEGAL
                    .iter()
                    .find(|(f, t, _)| *f == from && *t == transition)
                    .map(|(_, _, to)| *to);
                assert_eq!(
                    target(from, transition),
                    expected,
                    "{from:?} --{transition:?}-->"
                );
                if expected.is_none() {
                    let refusal = apply(
                        from,
                        transition,
                        Role::Secretariat,
                        Channel::VideoConference,
                    )
                    .expect_err("illegal");
                    assert!(matches!(refusal, Refusal::Status(_)));
                    assert!(
                        refusal.message().contains(status_label(from)),
                        "{}",
                        refusal.message()
                    );
                }
            }
        }
    }

    #[test]
    fn terminal_statuses_go_nowhere() {
        for terminal in [S::Completed, S::Rejected, S::Cancelled, S::NoShow] {
            assert!(
                T::ALL.iter().all(|t| target(terminal, *t).is_none()),
                "{terminal:?}"
            );
        }
    }

    #[test]
    fn roles_gate_verification_rejection_and_tatap_muka_scheduling() {
        let refused =
            |from, t, role, channel| matches!(apply(from, t, role, channel), Err(Refusal::Role(_)));
        assert!(
            refused(S::Submitted, T::Verify, Role::Agent, Channel::InPerson),
            "an agent cannot verify a letter"
        );
        assert!(refused(
            S::Submitted,
            T::Reject,
            Role::Agent,
            Channel::VideoConference
        ));
        assert!(refused(
            S::Verified,
            T::Schedule,
            Role::Agent,
            Channel::InPerson
        ));
        assert!(refused(
            S::Confirmed,
            T::Reschedule,
            Role::Agent,
            Channel::InPerson
        ));
        assert_eq!(
            apply(
                S::Submitted,
                T::Verify,
                Role::Secretariat,
                Channel::InPerson
            ),
            Ok(S::Verified)
        );
        assert_eq!(
            apply(
                S::Submitted,
                T::Schedule,
                Role::Agent,
                Channel::VideoConference
            ),
            Ok(S::Scheduled)
        );
        assert_eq!(
            apply(S::Scheduled, T::Confirm, Role::Agent, Channel::InPerson),
            Ok(S::Confirmed)
        );
        assert_eq!(
            apply(S::Draft, T::Submit, Role::Agent, Channel::InPerson),
            Ok(S::Submitted)
        );
    }

    #[test]
    fn the_request_screen_offers_the_legal_steps_in_button_order() {
        let offered = |status| {
            actions_view(status, Channel::VideoConference)
                .into_iter()
                .map(|a| a.action.as_str())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            offered(S::Submitted),
            ["verify", "schedule", "reject", "cancel"]
        );
        assert_eq!(offered(S::Verified), ["schedule", "reject", "cancel"]);
        assert_eq!(offered(S::Scheduled), ["confirm", "reschedule", "cancel"]);
        assert_eq!(offered(S::Confirmed), ["reschedule", "cancel"]);
        assert_eq!(offered(S::Draft), ["cancel"]);
        for done in [
            S::CheckedIn,
            S::Completed,
            S::Rejected,
            S::Cancelled,
            S::NoShow,
        ] {
            assert!(offered(done).is_empty(), "{done:?}");
            assert!(!editable(done), "{done:?}");
        }
    }

    #[test]
    fn the_offered_steps_say_who_may_take_them_and_what_they_wait_for() {
        let find = |status, channel, action: DeskAction| {
            actions_view(status, channel)
                .into_iter()
                .find(|a| a.action == action)
                .expect("offered")
        };
        assert!(find(S::Submitted, Channel::VideoConference, DeskAction::Verify).secretariat_only);
        assert!(find(S::Submitted, Channel::InPerson, DeskAction::Reject).secretariat_only);
        assert!(
            !find(
                S::Scheduled,
                Channel::VideoConference,
                DeskAction::Reschedule
            )
            .secretariat_only
        );
        assert!(find(S::Scheduled, Channel::InPerson, DeskAction::Reschedule).secretariat_only);
        assert!(!find(S::Confirmed, Channel::InPerson, DeskAction::Cancel).secretariat_only);
        let verify = find(S::Submitted, Channel::InPerson, DeskAction::Verify);
        assert_eq!(
            (verify.label.as_str(), verify.done_label.as_str()),
            ("Verifikasi surat", "diverifikasi")
        );
        let early = find(S::Submitted, Channel::InPerson, DeskAction::Schedule);
        assert!(
            early
                .waits_for
                .as_deref()
                .is_some_and(|why| why.contains("setelah surat permintaannya diverifikasi")),
            "{early:?}"
        );
        assert_eq!(
            find(S::Verified, Channel::InPerson, DeskAction::Schedule).waits_for,
            None
        );
        assert_eq!(
            find(S::Submitted, Channel::VideoConference, DeskAction::Schedule).waits_for,
            None
        );
    }

    #[test]
    fn a_tatap_muka_is_scheduled_only_after_verification() {
        let refusal = apply(
            S::Submitted,
            T::Schedule,
            Role::Secretariat,
            Channel::InPerson,
        )
        .expect_err("unverified");
        assert!(
            refusal.message().contains("diverifikasi"),
            "{}",
            refusal.message()
        );
        assert_eq!(
            apply(
                S::Verified,
                T::Schedule,
                Role::Secretariat,
                Channel::InPerson
            ),
            Ok(S::Scheduled)
        );
    }
}
