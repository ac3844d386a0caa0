//! Consultations held, as the monthly report and the compliance history read them: those
//! completed at the desk and those imported from the desk's earlier records.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::FromRow;

use crate::Store;
use crate::backend::{Conn, Instant};
use crate::error::Result;
use crate::on;
use crate::reference::ReferenceData;
use crate::stored;
use konsultasi_core::domain::{Channel, RequesterKind};
use konsultasi_core::history::import::HeldRecord;
use konsultasi_core::records::{HeldConsultation, TopicNames};

/// The reference tables name the topics a held consultation keeps by code.
impl TopicNames for ReferenceData {
    fn topic_name(&self, code: &str) -> Option<&str> {
        ReferenceData::topic_name(self, code)
    }
}

/// Stores imported records inside the caller's write: all of a file, or nothing.
pub async fn record_imported(
    conn: &mut impl Conn,
    records: &[HeldRecord],
    file: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    for record in records {
        let id: i64 = on!(conn.db(), c => sqlx::query_scalar(
            "INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
                 requester_name, written_as, source, import_file, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'import', $7, $8) RETURNING id",
        )
        .bind(record.held_on)
        .bind(record.channel.as_str())
        .bind(record.requester_kind.as_str())
        .bind(&record.region_code)
        .bind(&record.requester_name)
        .bind(&record.written_as)
        .bind(file)
        .bind(Instant(now))
        .fetch_one(c)
        .await?);
        insert_topics(&mut *conn, id, &record.topic_codes).await?;
    }
    Ok(())
}

/// A consultation completed at the desk.
pub struct DeskRecord<'a> {
    pub request_id: i64,
    pub held_on: NaiveDate,
    pub channel: Channel,
    pub requester_kind: RequesterKind,
    pub region_code: Option<&'a str>,
    /// The requester's own name, for one that is no region.
    pub requester_name: Option<&'a str>,
    /// The requester as the report writes it.
    pub written_as: &'a str,
    pub topic_codes: &'a [String],
}

/// Stores a consultation completed at the desk, inside the caller's write.
pub async fn record_held_at_desk(
    conn: &mut impl Conn,
    record: &DeskRecord<'_>,
    now: DateTime<Utc>,
) -> Result<()> {
    let id: i64 = on!(conn.db(), c => sqlx::query_scalar(
        "INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
             requester_name, written_as, source, request_id, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'desk', $7, $8) RETURNING id",
    )
    .bind(record.held_on)
    .bind(record.channel.as_str())
    .bind(record.requester_kind.as_str())
    .bind(record.region_code)
    .bind(record.requester_name)
    .bind(record.written_as)
    .bind(record.request_id)
    .bind(Instant(now))
    .fetch_one(c)
    .await?);
    insert_topics(conn, id, record.topic_codes).await
}

async fn insert_topics(conn: &mut impl Conn, held_id: i64, codes: &[String]) -> Result<()> {
    for topic in codes {
        on!(conn.db(), c => sqlx::query(
            "INSERT INTO consultations_held_topics (held_id, topic_code) VALUES ($1, $2)",
        )
        .bind(held_id)
        .bind(topic)
        .execute(c)
        .await?
        .rows_affected());
    }
    Ok(())
}

#[derive(FromRow)]
struct HeldRow {
    held_on: NaiveDate,
    channel: String,
    requester_kind: String,
    region_code: Option<String>,
    requester_name: Option<String>,
    /// Topic codes in the configured order, separated by commas.
    topic_codes: Option<String>,
    request_id: Option<i64>,
    source: String,
}

impl HeldRow {
    fn read(self) -> Result<HeldConsultation> {
        Ok(HeldConsultation {
            held_on: self.held_on,
            channel: stored::member("saluran", &self.channel, Channel::from_stored)?,
            requester_kind: stored::member(
                "jenis pengguna",
                &self.requester_kind,
                RequesterKind::from_stored,
            )?,
            region_code: self.region_code,
            requester_name: self.requester_name,
            topic_codes: self
                .topic_codes
                .as_deref()
                .unwrap_or("")
                .split(',')
                .filter(|c| !c.is_empty())
                .map(str::to_owned)
                .collect(),
            request_id: self.request_id,
            source: self.source,
        })
    }
}

fn read_all(rows: Vec<HeldRow>) -> Result<Vec<HeldConsultation>> {
    rows.into_iter().map(HeldRow::read).collect()
}

/// The held consultations' columns with their topic codes joined in the configured order
/// (`$agg` is each dialect's string aggregate), then `$tail`.
macro_rules! held_select {
    ($agg:literal, $tail:literal) => {
        concat!(
            "SELECT h.held_on, h.channel, h.requester_kind, h.region_code, h.requester_name,
                    (SELECT ",
            $agg,
            "(ht.topic_code, ',' ORDER BY t.ordinal)
                       FROM consultations_held_topics ht JOIN topics t ON t.code = ht.topic_code
                      WHERE ht.held_id = h.id) AS topic_codes, h.request_id, h.source
             FROM consultations_held h ",
            $tail
        )
    };
}

/// Consultations held on days `from..=to`, oldest first: one query over the day index.
pub async fn held_between(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<HeldConsultation>> {
    let rows: Vec<HeldRow> = on!(store.pools(), p, d => sqlx::query_as(d.pick(
        held_select!(
            "group_concat",
            "WHERE h.held_on >= $1 AND h.held_on <= $2 ORDER BY h.held_on, h.id"
        ),
        held_select!(
            "string_agg",
            "WHERE h.held_on >= $1 AND h.held_on <= $2 ORDER BY h.held_on, h.id"
        ),
    ))
    .bind(from)
    .bind(to)
    .fetch_all(p)
    .await?);
    read_all(rows)
}

/// How many consultations of each channel were held on each day of `from..=to`: the monthly
/// chart's counts, without reading the rows.
pub async fn held_counts_between(
    store: &Store,
    from: NaiveDate,
    to: NaiveDate,
) -> Result<Vec<(NaiveDate, Channel, u32)>> {
    let rows: Vec<(NaiveDate, String, i64)> = on!(store.pools(), p => sqlx::query_as(
        "SELECT held_on, channel, count(*) FROM consultations_held
         WHERE held_on >= $1 AND held_on <= $2 GROUP BY held_on, channel ORDER BY held_on, channel",
    )
    .bind(from)
    .bind(to)
    .fetch_all(p)
    .await?);
    rows.into_iter()
        .map(|(day, channel, count)| {
            let channel = stored::member("saluran", &channel, Channel::from_stored)?;
            Ok((day, channel, u32::try_from(count).unwrap_or(u32::MAX)))
        })
        .collect()
}

/// A region's consultations (its Pemda and DPRD), newest first, at most `limit`.
pub async fn held_of_region(
    store: &Store,
    region_code: &str,
    limit: u32,
) -> Result<Vec<HeldConsultation>> {
    let rows: Vec<HeldRow> = on!(store.pools(), p, d => sqlx::query_as(d.pick(
        held_select!(
            "group_concat",
            "WHERE h.region_code = $1 ORDER BY h.held_on DESC, h.id DESC LIMIT $2"
        ),
        held_select!(
            "string_agg",
            "WHERE h.region_code = $1 ORDER BY h.held_on DESC, h.id DESC LIMIT $2"
        ),
    ))
    .bind(region_code)
    .bind(i64::from(limit))
    .fetch_all(p)
    .await?);
    read_all(rows)
}

/// How many consultations a region held (desk and imported).
pub async fn count_held_of_region(store: &Store, region_code: &str) -> Result<u32> {
    let count: i64 = on!(store.pools(), p =>
        sqlx::query_scalar("SELECT count(*) FROM consultations_held WHERE region_code = $1")
            .bind(region_code)
            .fetch_one(p)
            .await?
    );
    Ok(count as u32)
}
