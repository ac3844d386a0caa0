//! The desk's vocabulary: channels, statuses, requesters, regions and requests.
//!
//! Closed sets are enums that serialise as snake_case and are stored as the same text in SQLite,
//! where a CHECK constraint holds the same list.

pub mod record;
pub mod region;
pub mod request;

use serde::Serialize;
use ts_rs::TS;

/// What the request list is asked for, checked: office-day bounds as instants, free text
/// split into words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RequestQuery {
    pub status: Option<RequestStatus>,
    pub channel: Option<Channel>,
    pub region_code: Option<String>,
    pub unit_code: Option<String>,
    /// RFC 3339 UTC bounds of the consultation's start: from (inclusive), before (exclusive).
    pub starts_from: Option<String>,
    pub starts_before: Option<String>,
    pub words: Vec<String>,
}

/// A consultation topic and the DJPK unit it belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Topic {
    pub code: String,
    pub name: String,
    pub unit_code: String,
    pub unit_name: String,
}

/// A DJPK unit (directorate) that holds consultations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[ts(rename = "UnitView")]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub short_name: String,
}

/// Declares a closed set stored as text: the enum, its stored spelling and its parser. Exported
/// so the contract declares its own closed sets the same way (the caller needs `serde` and
/// `ts_rs`).
#[macro_export]
macro_rules! stored_enum {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize, ts_rs::TS)]
        #[serde(rename_all = "snake_case")]
        pub enum $name {
            $($(#[$vmeta])* $variant),+
        }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The spelling used in the database, in JSON and on the command line.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text),+
                }
            }

            pub fn from_stored(text: &str) -> Option<Self> {
                match text {
                    $($text => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub use crate::stored_enum;

stored_enum!(
    /// How the consultation takes place (S-38/PK/2023 prefers video conference).
    Channel {
        VideoConference => "video_conference",
        InPerson => "in_person",
    }
);

stored_enum!(
    /// Where a request stands in the workflow of DESIGN §3.
    RequestStatus {
        Draft => "draft",
        Submitted => "submitted",
        Verified => "verified",
        Scheduled => "scheduled",
        Confirmed => "confirmed",
        CheckedIn => "checked_in",
        Completed => "completed",
        Rejected => "rejected",
        Cancelled => "cancelled",
        NoShow => "no_show",
    }
);

stored_enum!(
    /// Who asks (*pengguna layanan*). The first two are tied to an official region.
    RequesterKind {
        /// A Pemda: province, kabupaten or kota.
        RegionalGovernment => "regional_government",
        /// The DPRD of a region.
        RegionalCouncil => "regional_council",
        MinistryAgency => "ministry_agency",
        Academic => "academic",
        Association => "association",
        Other => "other",
    }
);

impl RequesterKind {
    pub fn is_regional(self) -> bool {
        matches!(
            self,
            RequesterKind::RegionalGovernment | RequesterKind::RegionalCouncil
        )
    }

    /// The Indonesian name staff use for the kind.
    pub fn label(self) -> &'static str {
        match self {
            RequesterKind::RegionalGovernment => "Pemda",
            RequesterKind::RegionalCouncil => "DPRD",
            RequesterKind::MinistryAgency => "Kementerian/Lembaga",
            RequesterKind::Academic => "Akademisi",
            RequesterKind::Association => "Asosiasi",
            RequesterKind::Other => "Lainnya",
        }
    }
}

stored_enum!(
    /// How the Pemda confirmed a slot.
    ConfirmationChannel {
        Whatsapp => "whatsapp",
        Telephone => "telephone",
        Email => "email",
        Letter => "letter",
        HaiKemenkeu => "hai_kemenkeu",
        LiveChat => "live_chat",
    }
);

impl ConfirmationChannel {
    pub fn label(self) -> &'static str {
        match self {
            ConfirmationChannel::Whatsapp => "WhatsApp",
            ConfirmationChannel::Telephone => "telepon",
            ConfirmationChannel::Email => "e-mail",
            ConfirmationChannel::Letter => "surat",
            ConfirmationChannel::HaiKemenkeu => "Hai Kemenkeu",
            ConfirmationChannel::LiveChat => "live chat",
        }
    }
}
