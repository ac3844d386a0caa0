//! The shipped list of regions: complete, coded, and in the right time zone.

use std::collections::HashMap;

use konsultasi::domain::RequesterKind;
use konsultasi::domain::region::{RegionKind, ZoneLabel};
use konsultasi::service;

use crate::common;
use konsultasi::store::backend::Backend;

#[tokio::test]
async fn ships_38_provinces_416_kabupaten_and_98_kota() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    const COUNTS: &str = "SELECT kind, count(*) FROM regions GROUP BY kind ORDER BY kind";
    let counts: Vec<(String, i64)> = match db.store.pools() {
        Backend::Sqlite(pool) => sqlx::query_as(COUNTS).fetch_all(pool).await,
        Backend::Postgres(pool) => sqlx::query_as(COUNTS).fetch_all(pool).await,
    }
    .expect("count regions");
    assert_eq!(
        counts,
        vec![
            ("city".to_owned(), 98),
            ("province".to_owned(), 38),
            ("regency".to_owned(), 416)
        ]
    );
    let reference = db.store.reference();
    assert_eq!(reference.regions().len(), 552);
}

#[tokio::test]
async fn every_region_takes_the_time_zone_of_its_province() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    let reference = db.store.reference();
    let wib_outside_java_sumatra = ["61", "62"]; // Kalimantan Barat, Kalimantan Tengah
    let wita = [
        "51", "52", "53", "63", "64", "65", "71", "72", "73", "74", "75", "76",
    ];
    let wit = ["81", "82", "91", "92", "93", "94", "95", "96"];
    let mut seen_provinces = HashMap::new();
    for region in reference.regions() {
        let province = region.code.province_code().to_owned();
        let expected = if wita.contains(&province.as_str()) {
            ZoneLabel::Wita
        } else if wit.contains(&province.as_str()) {
            ZoneLabel::Wit
        } else {
            ZoneLabel::Wib
        };
        assert_eq!(
            region.zone(),
            expected,
            "{} ({})",
            region.name,
            region.code.as_str()
        );
        if wib_outside_java_sumatra.contains(&province.as_str()) {
            assert_eq!(region.time_zone.name(), "Asia/Pontianak", "{}", region.name);
        }
        // The zone of every kabupaten and kota equals its province's.
        let zone = *seen_provinces.entry(province).or_insert(region.time_zone);
        assert_eq!(zone, region.time_zone, "{}", region.name);
    }
    assert_eq!(seen_provinces.len(), 38);
}

#[tokio::test]
async fn named_provinces_have_the_zones_staff_expect() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    for (query, zone) in [
        ("prov kalimantan barat", ZoneLabel::Wib),
        ("prov kalimantan tengah", ZoneLabel::Wib),
        ("prov bali", ZoneLabel::Wita),
        ("prov ntb", ZoneLabel::Wita),
        ("prov ntt", ZoneLabel::Wita),
        ("prov kalimantan selatan", ZoneLabel::Wita),
        ("prov kalimantan timur", ZoneLabel::Wita),
        ("prov kalimantan utara", ZoneLabel::Wita),
        ("prov gorontalo", ZoneLabel::Wita),
        ("prov maluku utara", ZoneLabel::Wit),
        ("prov papua pegunungan", ZoneLabel::Wit),
        ("prov papua barat daya", ZoneLabel::Wit),
    ] {
        let hits = service::search_region_list(&db.store, query, 5);
        let first = hits
            .first()
            .unwrap_or_else(|| panic!("no match for {query}"));
        assert_eq!(first.kind, RegionKind::Province, "{query}");
        assert_eq!(first.zone, zone, "{query} → {}", first.name);
    }
    let sulawesi = service::search_region_list(&db.store, "prov sulawesi", 10);
    assert_eq!(sulawesi.len(), 5);
    assert!(sulawesi.iter().all(|r| r.zone == ZoneLabel::Wita));
    let papua = service::search_region_list(&db.store, "prov papua", 10);
    assert_eq!(papua.len(), 6);
    assert!(papua.iter().all(|r| r.zone == ZoneLabel::Wit));
}

#[tokio::test]
async fn search_is_tolerant_of_how_staff_write_names() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    let first = |query: &str| {
        service::search_region_list(&db.store, query, 5)
            .into_iter()
            .next()
            .map(|r| (r.code, r.name))
    };
    assert_eq!(
        first("Kab. Muko-Muko"),
        Some(("17.06".into(), "Kabupaten Mukomuko".into()))
    );
    assert_eq!(
        first("kota sibolga"),
        Some(("12.73".into(), "Kota Sibolga".into()))
    );
    assert_eq!(
        first("Kab. Tolitoli"),
        Some(("72.04".into(), "Kabupaten Toli-Toli".into()))
    );
    assert_eq!(
        first("prov. kalbar"),
        Some(("61".into(), "Kalimantan Barat".into()))
    );
    assert_eq!(first("zzzz"), None);
    assert!(service::search_region_list(&db.store, "   ", 5).is_empty());
}

#[tokio::test]
async fn every_region_is_offered_as_pemda_and_as_its_dprd() {
    let _turn = common::run_beside_others();
    let db = common::fresh_db().await;
    let options = service::search_requesters(&db.store, "bogor", 10);
    let labels: Vec<(&str, RequesterKind)> =
        options.iter().map(|o| (o.label.as_str(), o.kind)).collect();
    assert_eq!(
        labels,
        vec![
            ("Kabupaten Bogor", RequesterKind::RegionalGovernment),
            ("Kota Bogor", RequesterKind::RegionalGovernment),
            ("DPRD Kabupaten Bogor", RequesterKind::RegionalCouncil),
            ("DPRD Kota Bogor", RequesterKind::RegionalCouncil),
        ]
    );
    let councils = service::search_requesters(&db.store, "DPRD prov jawa barat", 10);
    assert_eq!(councils.len(), 1);
    assert_eq!(councils[0].label, "DPRD Provinsi Jawa Barat");
    assert_eq!(councils[0].region_code, "32");
    // Every one of the 552 regions can be found as a DPRD by its own name.
    let reference = db.store.reference();
    for region in reference.regions() {
        let found = service::search_requesters(&db.store, &format!("dprd {}", region.name), 600);
        assert!(
            found.iter().any(|o| o.region_code == region.code.as_str()
                && o.kind == RequesterKind::RegionalCouncil),
            "DPRD of {} not offered",
            region.name
        );
    }
}
