//! The workflow of DESIGN §3 as a state machine: which transition may move a request from
//! which status, and who may make it.
//!
//! `Draft → Submitted → Verified → Scheduled → Confirmed → CheckedIn → Completed`, with the
//! side exits `Rejected`, `Cancelled` and `NoShow`; `Reschedule` keeps a Scheduled or Confirmed
//! request Scheduled on a new slot (it must be confirmed again). Every transition is refused
//! with an Indonesian reason when the status or the role does not allow it.

use crate::domain::{Channel, RequestStatus, stored_enum};

stored_enum!(
    /// What a user may do: a local profile's role, or a team account's.
    Role {
        /// Contact-centre agent: registers requests and records confirmations.
        Agent => "agent",
        /// Secretariat staff: verifies letters, schedules tatap muka, checks delegations in,
        /// issues letters and keeps the desk's calendar, rooms and resource persons.
        Secretariat => "secretariat",
        /// Team leader: all the secretariat does, plus the reports and the service policy.
        TeamLeader => "team_leader",
        /// Administrator: manages accounts and profiles; reads the desk, changes none of it.
        Admin => "admin",
    }
);

impl Role {
    pub fn label(self) -> &'static str {
        match self {
            Role::Agent => "Agen contact center",
            Role::Secretariat => "Sekretariat",
            Role::TeamLeader => "Ketua tim",
            Role::Admin => "Admin",
        }
    }

    /// Whether this role holds `capability`: the desk's one role matrix, for the window, the
    /// CLI and the team server alike.
    pub fn may(self, capability: Capability) -> bool {
        use Capability as C;
        match self {
            Role::Agent => matches!(capability, C::ReadDesk | C::Register),
            Role::Secretariat => matches!(capability, C::ReadDesk | C::Register | C::Secretariat),
            Role::TeamLeader => !matches!(capability, C::ManageAccounts),
            Role::Admin => matches!(
                capability,
                C::ReadDesk | C::ManageProfiles | C::ManageAccounts
            ),
        }
    }

    /// The roles that hold `capability`, in declared order.
    pub fn holding(capability: Capability) -> Vec<Role> {
        Role::ALL
            .iter()
            .copied()
            .filter(|role| role.may(capability))
            .collect()
    }
}

/// What an operation needs of its caller's role; [`Role::may`] says who holds it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Capability {
    /// Reading requests, the calendar, the dashboard, the arrivals, the settings: everyone.
    ReadDesk,
    /// Registering and editing requests, recording a confirmation or a cancellation,
    /// scheduling a video conference: the desk's staff, not the administrator.
    Register,
    /// Verifying letters, rejecting, scheduling a tatap muka, check-in and its corrections,
    /// letters and invites, the calendar of holidays and hours, rooms, units, resource persons.
    Secretariat,
    /// The monthly report, the import of earlier records, the service policy.
    Lead,
    /// The local desk's profiles.
    ManageProfiles,
    /// The team server's accounts: creating them, roles, deactivation, password resets.
    ManageAccounts,
}

impl Capability {
    /// Who holds it, for a refusal: "Sekretariat atau Ketua tim".
    pub fn holders_label(self) -> String {
        let labels: Vec<&str> = Role::holding(self).iter().map(|r| r.label()).collect();
        match labels.as_slice() {
            [] => String::new(),
            [only] => (*only).to_owned(),
            [init @ .., last] => format!("{} atau {last}", init.join(", ")),
        }
    }

    /// The refusal of `actor` for `what` ("mengubah kebijakan layanan"), in the words every
    /// face shows.
    pub fn refusal(self, actor: &Actor, what: &str) -> String {
        format!(
            "Hanya {} yang dapat {what}; {} masuk sebagai {}",
            self.holders_label(),
            actor.name,
            actor.role.label().to_lowercase()
        )
    }
}

/// The user making a change: a local profile, or a signed-in account in team mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// The desk a team account signed in from (its computer's name), for the audit log;
    /// absent for a local profile.
    pub desk: Option<String>,
}

impl Actor {
    /// The id that stands for the desk itself: its outbox worker, which acts for nobody. The
    /// audit log records it under its name with no user.
    pub const DESK_ITSELF: i64 = 0;

    /// The desk's own background work (sending e-mail), as the audit log names it.
    pub fn desk_itself(name: &str) -> Self {
        Actor {
            id: Self::DESK_ITSELF,
            name: name.to_owned(),
            role: Role::Agent,
            desk: None,
        }
    }
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
    needs(transition, channel) == Capability::Secretariat
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

/// What `transition` on a request of `channel` needs of the role.
fn needs(transition: Transition, channel: Channel) -> Capability {
    match transition {
        // Letters are the secretariat's to judge, and so are refusals; check-in and what
        // follows it happen at the secretariat's desk.
        Transition::Verify
        | Transition::Reject
        | Transition::CheckIn
        | Transition::Complete
        | Transition::MarkNoShow => Capability::Secretariat,
        // A tatap muka brings a delegation into the building: only the secretariat books it.
        Transition::Schedule | Transition::Reschedule if channel == Channel::InPerson => {
            Capability::Secretariat
        }
        Transition::Schedule
        | Transition::Reschedule
        | Transition::Submit
        | Transition::Confirm
        | Transition::Cancel => Capability::Register,
    }
}

/// Whether `role` may make `transition` on a request of `channel`.
fn allowed(role: Role, transition: Transition, channel: Channel) -> bool {
    role.may(needs(transition, channel))
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
                "Peran {} tidak berwenang: permohonan hanya dapat {} oleh {}",
                role.label(),
                transition.passive(),
                needs(transition, channel).holders_label()
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
    fn the_role_matrix_widens_from_agent_to_team_leader_and_keeps_admins_apart() {
        use Capability as C;
        let all = [
            C::ReadDesk,
            C::Register,
            C::Secretariat,
            C::Lead,
            C::ManageProfiles,
            C::ManageAccounts,
        ];
        let held =
            |role: Role| -> Vec<C> { all.iter().copied().filter(|c| role.may(*c)).collect() };
        assert_eq!(held(Role::Agent), [C::ReadDesk, C::Register]);
        assert_eq!(
            held(Role::Secretariat),
            [C::ReadDesk, C::Register, C::Secretariat]
        );
        assert_eq!(
            held(Role::TeamLeader),
            [
                C::ReadDesk,
                C::Register,
                C::Secretariat,
                C::Lead,
                C::ManageProfiles
            ]
        );
        assert_eq!(
            held(Role::Admin),
            [C::ReadDesk, C::ManageProfiles, C::ManageAccounts]
        );
        assert_eq!(C::Secretariat.holders_label(), "Sekretariat atau Ketua tim");
        assert_eq!(C::ManageAccounts.holders_label(), "Admin");
        let rina = Actor {
            id: 1,
            name: "Rina".into(),
            role: Role::Agent,
            desk: None,
        };
        assert_eq!(
            C::Lead.refusal(&rina, "mengubah kebijakan layanan"),
            "Hanya Ketua tim yang dapat mengubah kebijakan layanan; Rina masuk sebagai agen \
             contact center"
        );
    }

    #[test]
    fn check_in_and_its_outcomes_are_the_secretariats_and_admins_change_no_request() {
        for t in [T::CheckIn, T::MarkNoShow] {
            assert!(matches!(
                apply(S::Confirmed, t, Role::Agent, Channel::InPerson),
                Err(Refusal::Role(_))
            ));
            assert!(apply(S::Confirmed, t, Role::Secretariat, Channel::InPerson).is_ok());
            assert!(apply(S::Confirmed, t, Role::TeamLeader, Channel::InPerson).is_ok());
        }
        for (from, t) in [
            (S::Draft, T::Submit),
            (S::Scheduled, T::Confirm),
            (S::Submitted, T::Cancel),
            (S::Submitted, T::Verify),
        ] {
            assert!(
                matches!(
                    apply(from, t, Role::Admin, Channel::VideoConference),
                    Err(Refusal::Role(_))
                ),
                "{t:?}"
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
