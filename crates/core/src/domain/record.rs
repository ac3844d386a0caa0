//! A stored request as the services read it: built by the store from its rows, with the stored
//! text already read into domain values, and a state that carries what the state means (the
//! booking of a scheduled request, the confirmation of a confirmed one, the check-in of one
//! that arrived).
//!
//! Views and audit snapshots are made from these records; nothing past the store re-reads a
//! status or an instant from text.

use chrono::{DateTime, NaiveDate, Utc};

use super::region::RegionCode;
use super::{Channel, ConfirmationChannel, RequestStatus, RequesterKind};

/// One request with all its parts, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRecord {
    pub id: i64,
    /// Raised by every write to the request; a write based on an older one is a conflict.
    pub version: i64,
    pub state: RequestState,
    pub channel: Channel,
    pub requester: RequesterRecord,
    pub contact: ContactRecord,
    /// Topic codes, in the configured topic order.
    pub topics: Vec<String>,
    pub description: String,
    /// Preferred starts, in the order given.
    pub preferred_slots: Vec<DateTime<Utc>>,
    pub planned_guest_count: u32,
    pub regional_head_attends: bool,
    pub guests: Vec<GuestRecord>,
    pub letter: Option<LetterRecord>,
    /// The day the request reached the desk. Rows older than that column fall back to the day
    /// they were entered; `None` only when neither reads as a date.
    pub received_on: Option<NaiveDate>,
    /// When it was entered and last written, RFC 3339 UTC as stored: shown, never computed on.
    pub created_at: String,
    pub updated_at: String,
}

impl RequestRecord {
    pub fn status(&self) -> RequestStatus {
        self.state.status()
    }

    /// The active booking, whatever the state that holds it.
    pub fn booking(&self) -> Option<&ActiveBooking> {
        self.state.booking()
    }
}

/// Who asks, as stored: a Pemda or DPRD by its region, anyone else by name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequesterRecord {
    Regional {
        kind: RequesterKind,
        region: RegionCode,
    },
    Named {
        kind: RequesterKind,
        name: String,
    },
}

impl RequesterRecord {
    pub fn kind(&self) -> RequesterKind {
        match self {
            RequesterRecord::Regional { kind, .. } | RequesterRecord::Named { kind, .. } => *kind,
        }
    }

    pub fn region(&self) -> Option<&RegionCode> {
        match self {
            RequesterRecord::Regional { region, .. } => Some(region),
            RequesterRecord::Named { .. } => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ContactRecord {
    pub name: String,
    /// E.164, e.g. `+6281234567890`.
    pub whatsapp: String,
    pub email: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GuestRecord {
    pub name: String,
    pub position: String,
    pub institution: String,
    pub contact: Option<String>,
    pub is_regional_head: bool,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterRecord {
    pub number: String,
    pub date: NaiveDate,
    pub subject: String,
    pub addressee: String,
    pub signer: String,
    pub scan: Option<ScanRecord>,
}

/// What is known of a stored scan without reading its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanRecord {
    pub file_name: String,
    pub mime_type: String,
    pub size_bytes: i64,
    /// Lower-case hex SHA-256 of the content.
    pub sha256: String,
}

/// The slot a request holds (at most one booking of a request is active).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ActiveBooking {
    pub id: i64,
    pub channel: Channel,
    pub starts_at: DateTime<Utc>,
    pub ends_at: DateTime<Utc>,
    pub room_code: Option<String>,
    pub meeting_url: Option<String>,
    pub unit_code: String,
    /// Stays with the booking across reschedules; invites supersede each other by SEQUENCE.
    pub ical_uid: String,
    pub sequence: i64,
    /// The named resource persons, ascending.
    pub resource_person_ids: Vec<i64>,
}

/// The Pemda's confirmation of the booked slot.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Confirmation {
    pub confirmed_at: DateTime<Utc>,
    pub confirmed_by: String,
    pub via: ConfirmationChannel,
    /// The booking's SEQUENCE that was confirmed.
    pub sequence: i64,
}

/// The check-in that stands (not voided).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckInRef {
    pub id: i64,
    pub arrived_at: DateTime<Utc>,
    /// The delegation came with no booking.
    pub walk_in: bool,
}

/// Where a request stands in the workflow, with what that state holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RequestState {
    Draft,
    Submitted,
    Verified,
    Scheduled {
        booking: ActiveBooking,
    },
    Confirmed {
        booking: ActiveBooking,
        confirmation: Confirmation,
    },
    /// A walk-in has no booking.
    CheckedIn {
        booking: Option<ActiveBooking>,
        check_in: CheckInRef,
    },
    Completed {
        booking: Option<ActiveBooking>,
        check_in: CheckInRef,
    },
    Rejected {
        reason: Option<String>,
    },
    Cancelled {
        reason: Option<String>,
    },
    /// The booking stays active: its slot is the one nobody came to.
    NoShow {
        booking: Option<ActiveBooking>,
    },
}

impl RequestState {
    pub fn status(&self) -> RequestStatus {
        match self {
            RequestState::Draft => RequestStatus::Draft,
            RequestState::Submitted => RequestStatus::Submitted,
            RequestState::Verified => RequestStatus::Verified,
            RequestState::Scheduled { .. } => RequestStatus::Scheduled,
            RequestState::Confirmed { .. } => RequestStatus::Confirmed,
            RequestState::CheckedIn { .. } => RequestStatus::CheckedIn,
            RequestState::Completed { .. } => RequestStatus::Completed,
            RequestState::Rejected { .. } => RequestStatus::Rejected,
            RequestState::Cancelled { .. } => RequestStatus::Cancelled,
            RequestState::NoShow { .. } => RequestStatus::NoShow,
        }
    }

    pub fn booking(&self) -> Option<&ActiveBooking> {
        match self {
            RequestState::Scheduled { booking } | RequestState::Confirmed { booking, .. } => {
                Some(booking)
            }
            RequestState::CheckedIn { booking, .. }
            | RequestState::Completed { booking, .. }
            | RequestState::NoShow { booking } => booking.as_ref(),
            RequestState::Draft
            | RequestState::Submitted
            | RequestState::Verified
            | RequestState::Rejected { .. }
            | RequestState::Cancelled { .. } => None,
        }
    }

    pub fn confirmation(&self) -> Option<&Confirmation> {
        match self {
            RequestState::Confirmed { confirmation, .. } => Some(confirmation),
            _ => None,
        }
    }

    pub fn check_in(&self) -> Option<&CheckInRef> {
        match self {
            RequestState::CheckedIn { check_in, .. } | RequestState::Completed { check_in, .. } => {
                Some(check_in)
            }
            _ => None,
        }
    }

    /// Why it was rejected or cancelled.
    pub fn reason(&self) -> Option<&str> {
        match self {
            RequestState::Rejected { reason } | RequestState::Cancelled { reason } => {
                reason.as_deref()
            }
            _ => None,
        }
    }
}

/// One row of the request list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestListing {
    pub id: i64,
    pub status: RequestStatus,
    pub channel: Channel,
    pub requester: RequesterRecord,
    pub contact_name: String,
    /// Topic codes, in the configured topic order.
    pub topics: Vec<String>,
    /// The earliest preferred start.
    pub first_slot: Option<DateTime<Utc>>,
    pub booking: Option<ListedBooking>,
    pub planned_guest_count: u32,
    pub letter_number: Option<String>,
    /// As [`RequestRecord::received_on`].
    pub received_on: Option<NaiveDate>,
    /// RFC 3339 UTC as stored.
    pub created_at: String,
}

/// A list row's active booking: when and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListedBooking {
    pub starts_at: DateTime<Utc>,
    pub room_code: Option<String>,
    pub room_name: Option<String>,
}
