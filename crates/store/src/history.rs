//! Consultations held, as the monthly report and the compliance history read them.

use sqlx::{FromRow, SqliteConnection, SqlitePool};

use crate::error::Result;
use konsultasi_core::history::import::HeldRecord;

/// Stores imported records in one transaction (the caller's): all of a file, or nothing.
pub async fn insert_imported(
    conn: &mut SqliteConnection,
    records: &[HeldRecord],
    file: &str,
    now: &str,
) -> Result<()> {
    for record in records {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
                 requester_name, written_as, source, import_file, created_at)
             VALUES (?, ?, ?, ?, ?, ?, 'import', ?, ?) RETURNING id",
        )
        .bind(record.held_on.format("%Y-%m-%d").to_string())
        .bind(record.channel.as_str())
        .bind(record.requester_kind.as_str())
        .bind(&record.region_code)
        .bind(&record.requester_name)
        .bind(&record.written_as)
        .bind(file)
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
        for topic in &record.topic_codes {
            sqlx::query(
                "INSERT INTO consultations_held_topics (held_id, topic_code) VALUES (?, ?)",
            )
            .bind(id)
            .bind(topic)
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

#[derive(Debug, Clone, FromRow)]
pub struct HeldRow {
    pub held_on: String,
    pub channel: String,
    pub requester_kind: String,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    /// Topic codes in the configured order, separated by commas.
    pub topic_codes: Option<String>,
    pub request_id: Option<i64>,
    pub source: String,
}

/// Consultations held on days `from..=to` (`YYYY-MM-DD`).
pub async fn held_between(pool: &SqlitePool, from: &str, to: &str) -> Result<Vec<HeldRow>> {
    Ok(sqlx::query_as(
        "SELECT h.held_on, h.channel, h.requester_kind, h.region_code, h.requester_name,
                (SELECT group_concat(ht.topic_code, ',' ORDER BY t.ordinal)
                   FROM consultations_held_topics ht JOIN topics t ON t.code = ht.topic_code
                  WHERE ht.held_id = h.id) AS topic_codes, h.request_id, h.source
         FROM consultations_held h
         WHERE h.held_on BETWEEN ? AND ?
         ORDER BY h.held_on, h.id",
    )
    .bind(from)
    .bind(to)
    .fetch_all(pool)
    .await?)
}

/// A region's consultations (its Pemda and DPRD), newest first, at most `limit`.
pub async fn held_of_region(
    pool: &SqlitePool,
    region_code: &str,
    limit: u32,
) -> Result<Vec<HeldRow>> {
    Ok(sqlx::query_as(
        "SELECT h.held_on, h.channel, h.requester_kind, h.region_code, h.requester_name,
                (SELECT group_concat(ht.topic_code, ',' ORDER BY t.ordinal)
                   FROM consultations_held_topics ht JOIN topics t ON t.code = ht.topic_code
                  WHERE ht.held_id = h.id) AS topic_codes, h.request_id, h.source
         FROM consultations_held h
         WHERE h.region_code = ?
         ORDER BY h.held_on DESC, h.id DESC LIMIT ?",
    )
    .bind(region_code)
    .bind(limit)
    .fetch_all(pool)
    .await?)
}

pub async fn count_held_of_region(pool: &SqlitePool, region_code: &str) -> Result<u32> {
    let count: i64 =
        sqlx::query_scalar("SELECT count(*) FROM consultations_held WHERE region_code = ?")
            .bind(region_code)
            .fetch_one(pool)
            .await?;
    Ok(count as u32)
}

/// A consultation completed at the desk.
pub struct DeskRecord<'a> {
    pub request_id: i64,
    pub held_on: &'a str,
    pub channel: &'a str,
    pub requester_kind: &'a str,
    pub region_code: Option<&'a str>,
    pub requester_name: Option<&'a str>,
    pub written_as: &'a str,
    pub topic_codes: &'a [String],
}

pub async fn insert_from_desk(
    conn: &mut SqliteConnection,
    record: &DeskRecord<'_>,
    now: &str,
) -> Result<()> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO consultations_held (held_on, channel, requester_kind, region_code,
             requester_name, written_as, source, request_id, created_at)
         VALUES (?, ?, ?, ?, ?, ?, 'desk', ?, ?) RETURNING id",
    )
    .bind(record.held_on)
    .bind(record.channel)
    .bind(record.requester_kind)
    .bind(record.region_code)
    .bind(record.requester_name)
    .bind(record.written_as)
    .bind(record.request_id)
    .bind(now)
    .fetch_one(&mut *conn)
    .await?;
    for topic in record.topic_codes {
        sqlx::query("INSERT INTO consultations_held_topics (held_id, topic_code) VALUES (?, ?)")
            .bind(id)
            .bind(topic)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}
