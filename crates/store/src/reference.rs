//! Reference data: the official regions (shipped as `data/regions.csv`), topics and units.

use std::collections::HashMap;
use std::str::FromStr;

use chrono_tz::Tz;
use sha2::{Digest, Sha256};

use crate::backend::PoolRef;
use crate::error::{Error, Result};
use crate::on;
use konsultasi_core::domain::region::{Region, RegionCode, RegionKind};
use konsultasi_core::domain::request::Reference;
use konsultasi_core::domain::{Topic, Unit as UnitView};

/// Kemendagri's regions with their time zones; derived from idn-area-data (ODbL, see data/).
pub const REGIONS_CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../data/regions.csv"
));

#[derive(Debug, serde::Deserialize)]
struct RegionRow {
    code: String,
    name: String,
    kind: String,
    province_code: String,
    time_zone: String,
}

fn shipped_regions() -> Result<Vec<RegionRow>> {
    csv::Reader::from_reader(REGIONS_CSV.as_bytes())
        .deserialize()
        .collect::<std::result::Result<Vec<RegionRow>, _>>()
        .map_err(|e| Error::Open(format!("data wilayah bawaan rusak: {e}")))
}

fn sha256_hex(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Brings the regions table in line with the list compiled into this build. It costs one
/// lookup when nothing changed; otherwise all rows are upserted in one transaction.
pub async fn sync_shipped_data(pool: PoolRef<'_>) -> Result<()> {
    let shipped_hash = sha256_hex(REGIONS_CSV);
    on!(pool, pool => {
        let stored_hash: Option<String> =
            sqlx::query_scalar("SELECT sha256 FROM reference_versions WHERE name = 'regions'")
                .fetch_optional(pool)
                .await?;
        if stored_hash.as_deref() == Some(shipped_hash.as_str()) {
            return Ok(());
        }
        let rows = shipped_regions()?;
        let mut tx = pool.begin().await?;
        // Provinces come first in the file, so each kabupaten's province already exists.
        for row in &rows {
            sqlx::query(
                "INSERT INTO regions (code, name, kind, province_code, time_zone)
                 VALUES ($1, $2, $3, $4, $5)
                 ON CONFLICT (code) DO UPDATE SET name = excluded.name, kind = excluded.kind,
                     province_code = excluded.province_code, time_zone = excluded.time_zone",
            )
            .bind(&row.code)
            .bind(&row.name)
            .bind(&row.kind)
            .bind(&row.province_code)
            .bind(&row.time_zone)
            .execute(&mut *tx)
            .await?;
        }
        sqlx::query(
            "INSERT INTO reference_versions (name, sha256) VALUES ('regions', $1)
             ON CONFLICT (name) DO UPDATE SET sha256 = excluded.sha256",
        )
        .bind(&shipped_hash)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
    });
    Ok(())
}

/// An in-memory copy of the reference tables.
#[derive(Debug, Default)]
pub struct ReferenceData {
    regions: Vec<Region>,
    by_code: HashMap<RegionCode, usize>,
    topics: Vec<Topic>,
    units: Vec<UnitView>,
}

impl ReferenceData {
    pub async fn load(pool: PoolRef<'_>) -> Result<Self> {
        let rows: Vec<(String, String, String, String, String, String)> = on!(pool, pool => sqlx::query_as(
            "SELECT r.code, r.name, r.kind, r.province_code, p.name, r.time_zone
             FROM regions r JOIN regions p ON p.code = r.province_code
             ORDER BY r.code",
        )
        .fetch_all(pool)
        .await?);
        let mut regions = Vec::with_capacity(rows.len());
        for (code, name, kind, _province_code, province_name, time_zone) in rows {
            let broken = |what: &str| Error::Open(format!("wilayah {code}: {what} tidak valid"));
            regions.push(Region {
                code: RegionCode::parse(&code).map_err(|_| broken("kode"))?,
                kind: RegionKind::from_stored(&kind).ok_or_else(|| broken("jenis"))?,
                time_zone: Tz::from_str(&time_zone).map_err(|_| broken("zona waktu"))?,
                name,
                province_name,
            });
        }
        let by_code = regions
            .iter()
            .enumerate()
            .map(|(index, region)| (region.code.clone(), index))
            .collect();

        let topics: Vec<(String, String, String, String)> = on!(pool, pool => sqlx::query_as(
            "SELECT t.code, t.name, u.code, u.name FROM topics t JOIN units u ON u.code = t.unit_code
             WHERE t.active ORDER BY t.ordinal, t.code",
        )
        .fetch_all(pool)
        .await?);
        let topics = topics
            .into_iter()
            .map(|(code, name, unit_code, unit_name)| Topic {
                code,
                name,
                unit_code,
                unit_name,
            })
            .collect();
        let units: Vec<(String, String, String)> = on!(pool, pool => sqlx::query_as(
            "SELECT code, name, short_name FROM units ORDER BY code",
        )
        .fetch_all(pool)
        .await?);
        let units = units
            .into_iter()
            .map(|(code, name, short_name)| UnitView {
                code,
                name,
                short_name,
            })
            .collect();
        Ok(Self {
            regions,
            by_code,
            topics,
            units,
        })
    }

    pub fn regions(&self) -> &[Region] {
        &self.regions
    }

    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    pub fn units(&self) -> &[UnitView] {
        &self.units
    }

    pub fn topic_name(&self, code: &str) -> Option<&str> {
        self.topics
            .iter()
            .find(|t| t.code == code)
            .map(|t| t.name.as_str())
    }
}

impl Reference for ReferenceData {
    fn region(&self, code: &RegionCode) -> Option<&Region> {
        self.by_code.get(code).map(|&index| &self.regions[index])
    }

    fn has_topic(&self, code: &str) -> bool {
        self.topics.iter().any(|t| t.code == code)
    }
}
