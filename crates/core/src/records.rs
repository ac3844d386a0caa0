//! How the desk's records name what they record: the requester's short label, and a
//! consultation held (at the desk or imported) as the monthly report and a region's history
//! read it. Both the check-in and the history services need these, so they live below both.

use chrono::NaiveDate;

use crate::domain::region::{Region, RegionCode, RegionKind};
use crate::domain::request::Reference;
use crate::domain::{Channel, RequesterKind};
use crate::history::report::HeldItem;

/// The names of the desk's topics, for records that keep only their codes.
pub trait TopicNames {
    fn topic_name(&self, code: &str) -> Option<&str>;
}

/// A consultation held, as the store keeps it: completed at the desk or imported from the
/// desk's earlier records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldConsultation {
    pub held_on: NaiveDate,
    pub channel: Channel,
    pub requester_kind: RequesterKind,
    pub region_code: Option<String>,
    /// The requester's own name when it is no region (a university, an association).
    pub requester_name: Option<String>,
    /// Topic codes in the configured order.
    pub topic_codes: Vec<String>,
    /// The request it closed; absent for an imported record.
    pub request_id: Option<i64>,
    /// "desk" or "import".
    pub source: String,
}

impl HeldConsultation {
    /// The consultation as the report counts it: its requester's short label, its province and
    /// its topics by name (a topic no longer offered keeps its code).
    pub fn report_item(&self, reference: &(impl Reference + TopicNames + ?Sized)) -> HeldItem {
        HeldItem {
            held_on: self.held_on,
            channel: self.channel,
            requester_kind: self.requester_kind,
            requester_label: requester_short_label(
                reference,
                self.requester_kind,
                self.region_code.as_deref(),
                self.requester_name.as_deref(),
            ),
            province: region_by_code(reference, self.region_code.as_deref())
                .map(|r| r.province_name.clone()),
            topics: self
                .topic_codes
                .iter()
                .map(|code| reference.topic_name(code).unwrap_or(code).to_owned())
                .collect(),
        }
    }
}

fn region_by_code<'a>(
    reference: &'a (impl Reference + ?Sized),
    code: Option<&str>,
) -> Option<&'a Region> {
    let code = RegionCode::parse(code?).ok()?;
    reference.region(&code)
}

/// The requester as reports and histories write it, from what a record keeps of it: the
/// region's short label, else the requester's own name.
pub fn requester_short_label(
    reference: &(impl Reference + ?Sized),
    kind: RequesterKind,
    region_code: Option<&str>,
    name: Option<&str>,
) -> String {
    match region_by_code(reference, region_code) {
        Some(region) => short_label(region, kind),
        None => name.unwrap_or_default().to_owned(),
    }
}

/// The requester as the monthly report writes it: "Kab. Tanah Datar", "Kota Kendari",
/// "Prov. Kalimantan Timur (DPRD)".
pub fn short_label(region: &Region, kind: RequesterKind) -> String {
    let name = match region.kind {
        RegionKind::Province => format!("Prov. {}", region.name),
        RegionKind::Regency => format!(
            "Kab. {}",
            region
                .name
                .strip_prefix("Kabupaten ")
                .unwrap_or(&region.name)
        ),
        RegionKind::City => region.name.clone(),
    };
    match kind {
        RequesterKind::RegionalCouncil => format!("{name} (DPRD)"),
        _ => name,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Desk(Vec<Region>);

    impl Reference for Desk {
        fn region(&self, code: &RegionCode) -> Option<&Region> {
            self.0.iter().find(|r| &r.code == code)
        }
        fn has_topic(&self, code: &str) -> bool {
            code == "dak"
        }
    }

    impl TopicNames for Desk {
        fn topic_name(&self, code: &str) -> Option<&str> {
            (code == "dak").then_some("Dana Alokasi Khusus")
        }
    }

    fn desk() -> Desk {
        let region = |code: &str, name: &str, kind| Region {
            code: RegionCode::parse(code).expect("code"),
            name: name.into(),
            kind,
            province_name: "Bengkulu".into(),
            time_zone: chrono_tz::Asia::Jakarta,
        };
        Desk(vec![
            region("17", "Bengkulu", RegionKind::Province),
            region("17.06", "Kabupaten Mukomuko", RegionKind::Regency),
        ])
    }

    #[test]
    fn regions_are_named_short_and_others_by_their_own_name() {
        let desk = desk();
        assert_eq!(
            requester_short_label(
                &desk,
                RequesterKind::RegionalGovernment,
                Some("17.06"),
                None
            ),
            "Kab. Mukomuko"
        );
        assert_eq!(
            requester_short_label(&desk, RequesterKind::RegionalCouncil, Some("17"), None),
            "Prov. Bengkulu (DPRD)"
        );
        assert_eq!(
            requester_short_label(
                &desk,
                RequesterKind::Academic,
                None,
                Some("Universitas Uji")
            ),
            "Universitas Uji"
        );
    }

    #[test]
    fn a_held_consultation_reads_with_its_province_and_topic_names() {
        let held = HeldConsultation {
            held_on: NaiveDate::from_ymd_opt(2026, 12, 7).expect("date"),
            channel: Channel::InPerson,
            requester_kind: RequesterKind::RegionalGovernment,
            region_code: Some("17.06".into()),
            requester_name: None,
            topic_codes: vec!["dak".into(), "lama".into()],
            request_id: Some(1),
            source: "desk".into(),
        };
        let item = held.report_item(&desk());
        assert_eq!(item.requester_label, "Kab. Mukomuko");
        assert_eq!(item.province.as_deref(), Some("Bengkulu"));
        assert_eq!(item.topics, vec!["Dana Alokasi Khusus", "lama"]);
    }
}
