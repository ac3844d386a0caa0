//! The day of the visit: what the desk records when a delegation arrives, and the violations
//! (DESIGN §4, "check-in rules") that follow from it by themselves. Pure: the facts in, the
//! violations with their evidence out.

use crate::domain::{Channel, RequestStatus, stored_enum};

stored_enum!(
    /// A recorded non-compliance (*pelanggaran*), as the seed report lists them.
    ViolationKind {
        /// The delegation came to a slot it never confirmed.
        NotConfirmed => "not_confirmed",
        /// A tatap muka without a request letter (S-38/PK/2023 angka 2).
        NoLetter => "no_letter",
        /// More guests came than the channel's cap (S-38/PK/2023 angka 4).
        OverGuestCap => "over_guest_cap",
        /// The request said the Kepala Daerah would come, and the Kepala Daerah did not.
        RegionalHeadAbsent => "regional_head_absent",
        /// The delegation came with no booking at all.
        NoBooking => "no_booking",
        /// The slot ended and nobody came.
        NoShow => "no_show",
    }
);

impl ViolationKind {
    pub fn label(self) -> &'static str {
        match self {
            ViolationKind::NotConfirmed => "Datang tanpa konfirmasi",
            ViolationKind::NoLetter => "Tanpa surat permintaan",
            ViolationKind::OverGuestCap => "Tamu melebihi batas",
            ViolationKind::RegionalHeadAbsent => "Kepala Daerah tidak hadir",
            ViolationKind::NoBooking => "Datang tanpa jadwal",
            ViolationKind::NoShow => "Tidak hadir",
        }
    }

    /// The clause the violation breaks, as staff cite it.
    pub fn clause(self) -> &'static str {
        match self {
            ViolationKind::NoLetter => "S-38/PK/2023 angka 2",
            ViolationKind::NotConfirmed | ViolationKind::NoBooking => "S-38/PK/2023 angka 3",
            ViolationKind::OverGuestCap => "S-38/PK/2023 angka 4",
            ViolationKind::RegionalHeadAbsent | ViolationKind::NoShow => "SE-1/PK.1/2023",
        }
    }
}

/// What the desk knows when the delegation stands at the door.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArrivalFacts {
    pub channel: Channel,
    /// Whether a booking exists (false for a walk-in).
    pub booked: bool,
    /// Whether the Pemda confirmed the booked slot.
    pub confirmed: bool,
    /// Whether the request carries a numbered, dated request letter.
    pub has_letter: bool,
    /// The guest cap of the policy the request is judged by.
    pub guest_cap: u32,
    /// Registered guests who came.
    pub registered_present: u32,
    /// Guests who came unannounced.
    pub extra_guests: u32,
    /// Whether the request claimed the Kepala Daerah would come.
    pub regional_head_claimed: bool,
    /// Whether the Kepala Daerah really came.
    pub regional_head_present: bool,
}

impl ArrivalFacts {
    pub fn attended(&self) -> u32 {
        self.registered_present + self.extra_guests
    }
}

/// One violation and the facts that prove it, in words staff can read back to the Pemda.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Violation {
    pub kind: ViolationKind,
    pub evidence: String,
}

/// The violations an arrival carries, in a fixed order.
pub fn violations_at_arrival(facts: &ArrivalFacts) -> Vec<Violation> {
    let mut found = Vec::new();
    if !facts.booked {
        found.push(Violation {
            kind: ViolationKind::NoBooking,
            evidence: "Delegasi datang tanpa jadwal konsultasi yang ditetapkan DJPK".into(),
        });
    } else if !facts.confirmed {
        found.push(Violation {
            kind: ViolationKind::NotConfirmed,
            evidence: "Jadwal belum dikonfirmasi oleh pemohon sebelum kedatangan".into(),
        });
    }
    if facts.channel == Channel::InPerson && !facts.has_letter {
        found.push(Violation {
            kind: ViolationKind::NoLetter,
            evidence: "Tidak ada surat permintaan konsultasi yang bernomor dan bertanggal".into(),
        });
    }
    if facts.attended() > facts.guest_cap {
        found.push(Violation {
            kind: ViolationKind::OverGuestCap,
            evidence: format!(
                "Hadir {} orang ({} terdaftar, {} tambahan); batas {} {} orang",
                facts.attended(),
                facts.registered_present,
                facts.extra_guests,
                match facts.channel {
                    Channel::InPerson => "tatap muka",
                    Channel::VideoConference => "video conference",
                },
                facts.guest_cap
            ),
        });
    }
    if facts.regional_head_claimed && !facts.regional_head_present {
        found.push(Violation {
            kind: ViolationKind::RegionalHeadAbsent,
            evidence: "Permohonan menyatakan Kepala Daerah hadir, tetapi Kepala Daerah tidak \
                       datang"
                .into(),
        });
    }
    found
}

/// Where a request returns when its check-in is voided, so that the delegation can be checked in
/// again: a booked arrival goes back to where it stood before it (Confirmed, unless the arrival
/// carried "not confirmed", which it does exactly when the request was only Scheduled); a
/// walk-in, which had no booking to return to, goes back to Submitted, to be verified and
/// scheduled (or cancelled) like any request.
pub fn status_after_void(booked: bool, violations: &[ViolationKind]) -> RequestStatus {
    if !booked {
        RequestStatus::Submitted
    } else if violations.contains(&ViolationKind::NotConfirmed) {
        RequestStatus::Scheduled
    } else {
        RequestStatus::Confirmed
    }
}

/// The violation of a booking whose slot ended with nobody checked in.
pub fn no_show(slot_label: &str) -> Violation {
    Violation {
        kind: ViolationKind::NoShow,
        evidence: format!("Tidak ada yang hadir pada jadwal {slot_label}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compliant() -> ArrivalFacts {
        ArrivalFacts {
            channel: Channel::InPerson,
            booked: true,
            confirmed: true,
            has_letter: true,
            guest_cap: 5,
            registered_present: 4,
            extra_guests: 0,
            regional_head_claimed: false,
            regional_head_present: false,
        }
    }

    fn kinds(facts: &ArrivalFacts) -> Vec<ViolationKind> {
        violations_at_arrival(facts)
            .into_iter()
            .map(|v| v.kind)
            .collect()
    }

    #[test]
    fn a_compliant_arrival_has_no_violation() {
        assert_eq!(kinds(&compliant()), vec![]);
    }

    #[test]
    fn an_unconfirmed_slot_is_a_violation() {
        let facts = ArrivalFacts {
            confirmed: false,
            ..compliant()
        };
        assert_eq!(kinds(&facts), vec![ViolationKind::NotConfirmed]);
    }

    #[test]
    fn a_tatap_muka_without_letter_is_a_violation_but_a_video_conference_is_not() {
        let facts = ArrivalFacts {
            has_letter: false,
            ..compliant()
        };
        assert_eq!(kinds(&facts), vec![ViolationKind::NoLetter]);
        let video = ArrivalFacts {
            channel: Channel::VideoConference,
            guest_cap: 20,
            ..facts
        };
        assert_eq!(kinds(&video), vec![]);
    }

    #[test]
    fn extra_guests_beyond_the_cap_are_a_violation_with_the_counts_as_evidence() {
        let at_cap = ArrivalFacts {
            extra_guests: 1,
            ..compliant()
        };
        assert_eq!(kinds(&at_cap), vec![]);
        let over = ArrivalFacts {
            extra_guests: 3,
            ..compliant()
        };
        let found = violations_at_arrival(&over);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].kind, ViolationKind::OverGuestCap);
        assert_eq!(
            found[0].evidence,
            "Hadir 7 orang (4 terdaftar, 3 tambahan); batas tatap muka 5 orang"
        );
    }

    #[test]
    fn a_claimed_regional_head_who_stays_away_is_a_violation() {
        let absent = ArrivalFacts {
            regional_head_claimed: true,
            ..compliant()
        };
        assert_eq!(kinds(&absent), vec![ViolationKind::RegionalHeadAbsent]);
        let present = ArrivalFacts {
            regional_head_present: true,
            ..absent.clone()
        };
        assert_eq!(kinds(&present), vec![]);
        // An unannounced Kepala Daerah breaks no rule.
        let unannounced = ArrivalFacts {
            regional_head_present: true,
            ..compliant()
        };
        assert_eq!(kinds(&unannounced), vec![]);
    }

    #[test]
    fn a_walk_in_is_one_no_booking_violation_not_also_unconfirmed() {
        let walk_in = ArrivalFacts {
            booked: false,
            confirmed: false,
            has_letter: false,
            extra_guests: 2,
            registered_present: 5,
            ..compliant()
        };
        assert_eq!(
            kinds(&walk_in),
            vec![
                ViolationKind::NoBooking,
                ViolationKind::NoLetter,
                ViolationKind::OverGuestCap
            ]
        );
    }

    #[test]
    fn a_voided_check_in_returns_the_request_to_where_it_stood() {
        use ViolationKind as K;
        assert_eq!(
            status_after_void(true, &[K::NotConfirmed, K::NoLetter]),
            RequestStatus::Scheduled
        );
        assert_eq!(
            status_after_void(true, &[K::OverGuestCap]),
            RequestStatus::Confirmed
        );
        assert_eq!(status_after_void(true, &[]), RequestStatus::Confirmed);
        assert_eq!(
            status_after_void(false, &[K::NoBooking]),
            RequestStatus::Submitted
        );
    }

    #[test]
    fn a_no_show_names_the_slot() {
        let v = no_show("Rabu, 2 Desember 2026 09.00–10.00 WIB");
        assert_eq!(v.kind, ViolationKind::NoShow);
        assert!(v.evidence.contains("2 Desember 2026"));
    }
}
