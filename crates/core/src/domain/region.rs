//! Indonesia's regional governments: provinces, kabupaten and kota, with their time zones.

use chrono_tz::Tz;
use serde::Serialize;
use ts_rs::TS;

use super::{RequesterKind, stored_enum};

stored_enum!(
    /// The level of a region in Kemendagri's list.
    RegionKind {
        Province => "province",
        Regency => "regency",
        City => "city",
    }
);

/// Indonesia's three civil time zones. None observes daylight saving.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
pub enum ZoneLabel {
    /// UTC+7: Sumatra, Java, West and Central Kalimantan.
    #[serde(rename = "WIB")]
    Wib,
    /// UTC+8: Bali, Nusa Tenggara, South/East/North Kalimantan, Sulawesi.
    #[serde(rename = "WITA")]
    Wita,
    /// UTC+9: Maluku and Papua.
    #[serde(rename = "WIT")]
    Wit,
}

impl ZoneLabel {
    pub fn as_str(self) -> &'static str {
        match self {
            ZoneLabel::Wib => "WIB",
            ZoneLabel::Wita => "WITA",
            ZoneLabel::Wit => "WIT",
        }
    }

    /// A time zone that keeps this label's clock (Indonesia has no summer time).
    pub fn tz(self) -> Tz {
        match self {
            ZoneLabel::Wib => Tz::Asia__Jakarta,
            ZoneLabel::Wita => Tz::Asia__Makassar,
            ZoneLabel::Wit => Tz::Asia__Jayapura,
        }
    }

    /// The zone of an IANA time zone used in Indonesia; `None` for any other.
    pub fn of(tz: Tz) -> Option<Self> {
        match tz {
            Tz::Asia__Jakarta | Tz::Asia__Pontianak => Some(ZoneLabel::Wib),
            Tz::Asia__Makassar => Some(ZoneLabel::Wita),
            Tz::Asia__Jayapura => Some(ZoneLabel::Wit),
            _ => None,
        }
    }
}

/// A region's official Kemendagri code: `NN` for a province, `NN.NN` for a kabupaten or kota.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RegionCode(String);

impl RegionCode {
    /// Checks the shape only; whether the code exists is the store's question.
    pub fn parse(raw: &str) -> Result<Self, String> {
        let code = raw.trim();
        let digits = |s: &str| s.len() == 2 && s.bytes().all(|b| b.is_ascii_digit());
        let ok = match code.split_once('.') {
            None => digits(code),
            Some((province, rest)) => digits(province) && digits(rest),
        };
        if ok {
            Ok(Self(code.to_owned()))
        } else {
            Err(format!(
                "Kode wilayah \"{}\" tidak sesuai format Kemendagri (contoh: 32 atau 32.01)",
                crate::validate::quoted(code)
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The first two digits: the province a kabupaten or kota belongs to.
    pub fn province_code(&self) -> &str {
        &self.0[..2]
    }
}

/// One entry of the official list, as shipped in `data/regions.csv`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Region {
    pub code: RegionCode,
    /// As Kemendagri writes it: "Jawa Barat", "Kabupaten Bogor", "Kota Bandung".
    pub name: String,
    pub kind: RegionKind,
    pub province_name: String,
    pub time_zone: Tz,
}

impl Region {
    /// The name staff write on letters: "Provinsi Jawa Barat", "Kabupaten Bogor".
    pub fn government_label(&self) -> String {
        match self.kind {
            RegionKind::Province => format!("Provinsi {}", self.name),
            RegionKind::Regency | RegionKind::City => self.name.clone(),
        }
    }

    /// The label of a requester of `kind` tied to this region ("DPRD Kabupaten Bogor").
    pub fn requester_label(&self, kind: RequesterKind) -> String {
        match kind {
            RequesterKind::RegionalCouncil => format!("DPRD {}", self.government_label()),
            _ => self.government_label(),
        }
    }

    pub fn zone(&self) -> ZoneLabel {
        ZoneLabel::of(self.time_zone).unwrap_or(ZoneLabel::Wib)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn region_codes_follow_kemendagri_shape() {
        assert_eq!(
            RegionCode::parse("32").expect("province").province_code(),
            "32"
        );
        assert_eq!(
            RegionCode::parse(" 32.01 ").expect("regency").as_str(),
            "32.01"
        );
        for bad in ["", "3", "320", "32.1", "32.011", "ab", "32-01", "32.01.01"] {
            assert!(RegionCode::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn zone_labels_of_indonesian_time_zones() {
        assert_eq!(ZoneLabel::of(Tz::Asia__Pontianak), Some(ZoneLabel::Wib));
        assert_eq!(ZoneLabel::of(Tz::Asia__Makassar), Some(ZoneLabel::Wita));
        assert_eq!(ZoneLabel::of(Tz::Asia__Jayapura), Some(ZoneLabel::Wit));
        assert_eq!(ZoneLabel::of(Tz::Europe__Paris), None);
    }
}
