//! The services that the desktop shell and the CLI both call.
//!
//! Each takes the [`Store`], the untrusted input as sent, and `now` where it writes; it parses
//! the input into domain values, writes in one transaction, and answers with the views of
//! [`crate::api`]. A refused input changes nothing.

pub mod checkin;
pub mod export;
pub mod history;
pub mod policy;
pub mod setup;
mod view_rules;
pub mod workflow;

use workflow::{Actor, record};

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::de::DeserializeOwned;

use crate::api::{
    BookingView, ContactView, GuestView, LetterView, RegionView, RequestDetail, RequestFilter,
    RequestInput, RequestSummary, RequesterOption, RequesterView, ScanInfo, SlotView,
    SummaryBooking, Topic, TopicRef,
};
use crate::domain::region::{RegionCode, ZoneLabel};
use crate::domain::request::Reference;
use crate::domain::{Channel, RequestStatus, RequesterKind};
use crate::error::{Error, Result};
use crate::search::{Body, RegionQuery, search_regions};
use crate::store::Store;
use crate::store::reference::ReferenceData;
use crate::store::requests::{self, StoredRequest, SummaryRow, TOPIC_SEPARATOR};
use crate::time::{OFFICE_TZ, parse_rfc3339, slot_label};
use crate::validate::FieldErrors;

/// Reads a JSON value into an input type, turning serde's complaint into a field error that
/// names the offending field (`guests[1].name`) in Indonesian.
pub fn parse_json<T: DeserializeOwned>(value: serde_json::Value) -> Result<T> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let path = error.path().to_string();
        let detail = error.inner().to_string();
        let (field, message) = describe_json_error(&path, &detail);
        Error::Validation(FieldErrors::single(field, message))
    })
}

/// Reads JSON text (from a file or stdin) into an input type.
pub fn parse_json_text<T: DeserializeOwned>(text: &str) -> Result<T> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        Error::Validation(FieldErrors::single(
            "",
            format!(
                "JSON tidak valid (baris {}, kolom {})",
                e.line(),
                e.column()
            ),
        ))
    })?;
    parse_json(value)
}

fn describe_json_error(path: &str, detail: &str) -> (String, String) {
    let quoted = |text: &str| text.split('`').nth(1).map(str::to_owned);
    let join = |name: &str| {
        if path == "." || path.is_empty() {
            name.to_owned()
        } else {
            format!("{path}.{name}")
        }
    };
    if detail.starts_with("unknown field") {
        // The path already ends at the unknown field.
        let name = quoted(detail).unwrap_or_default();
        (path.to_owned(), format!("Isian \"{name}\" tidak dikenal"))
    } else if detail.starts_with("missing field") {
        let name = quoted(detail).unwrap_or_default();
        (join(&name), format!("Isian \"{name}\" wajib ada"))
    } else if detail.starts_with("unknown variant") {
        let value = quoted(detail).unwrap_or_default();
        (
            path.to_owned(),
            format!("Nilai \"{value}\" tidak dikenal untuk isian ini"),
        )
    } else if detail.starts_with("invalid type") || detail.starts_with("invalid value") {
        let expected = detail.rsplit("expected ").next().unwrap_or_default();
        let wanted = if expected.starts_with('i') || expected.starts_with('u') {
            "bilangan bulat"
        } else if expected.contains("string") {
            "teks"
        } else if expected.contains("bool") {
            "true atau false"
        } else if expected.contains("sequence") {
            "daftar"
        } else if expected.contains("struct") || expected.contains("map") {
            "objek"
        } else {
            expected
        };
        (
            path.to_owned(),
            format!("Jenis nilai salah: harus {wanted} ({detail})"),
        )
    } else {
        (path.to_owned(), format!("Isian tidak valid ({detail})"))
    }
}

/// What the audit log keeps of an input: everything but the scan's bytes (its hash is on the
/// request).
fn audited_input(input: &RequestInput) -> RequestInput {
    let mut kept = input.clone();
    if let Some(scan) = kept.letter.as_mut().and_then(|l| l.scan.as_mut()) {
        scan.content_base64 = String::new();
    }
    kept
}

pub async fn create_request(
    store: &Store,
    actor: &Actor,
    input: &RequestInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let reference = store.reference();
    let request = input.parse(reference.as_ref(), crate::time::office_day(now))?;
    let mut tx = store.pool().begin().await?;
    let id = requests::insert(&mut tx, &request, RequestStatus::Submitted, now).await?;
    let none: Option<&RequestInput> = None;
    record(
        &mut tx,
        actor,
        "create",
        Some(id),
        none,
        Some(&audited_input(input)),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// Replaces the fields of request `id`, if it is still at `based_on`, the version the editor
/// loaded. The check, the audit's "before" and the write happen in one `BEGIN IMMEDIATE`
/// transaction, so of two edits based on one version exactly one lands, and the audit entry
/// names exactly what it replaced.
pub async fn update_request(
    store: &Store,
    actor: &Actor,
    id: i64,
    based_on: i64,
    input: &RequestInput,
    now: DateTime<Utc>,
) -> Result<RequestDetail> {
    let reference = store.reference();
    let request = input.parse(reference.as_ref(), crate::time::office_day(now))?;
    let mut tx = store.pool().begin_with("BEGIN IMMEDIATE").await?;
    let before = requests::get_in(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let before = detail_view(before, &reference)?;
    if before.version != based_on {
        return Err(stale_edit(&mut tx, id).await?);
    }
    if !crate::workflow::editable(before.status) {
        return Err(Error::Conflict {
            message: format!(
                "Permohonan berstatus {} tidak dapat diubah lagi",
                crate::workflow::status_label(before.status)
            ),
            findings: Vec::new(),
        });
    }
    if !requests::update(&mut tx, id, based_on, &request, now).await? {
        // Unreachable under the write lock; kept so a future caller cannot overwrite blindly.
        return Err(stale_edit(&mut tx, id).await?);
    }
    let after = requests::get_in(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    let after = detail_view(after, &reference)?;
    record(
        &mut tx,
        actor,
        "update",
        Some(id),
        Some(&before),
        Some(&after),
        None,
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The refusal of an edit based on an old version: who changed the request last, and when.
async fn stale_edit(conn: &mut sqlx::SqliteConnection, id: i64) -> Result<Error> {
    let message = match requests::last_change(conn, id).await? {
        Some((who, at)) => {
            let at = parse_stored("waktu perubahan", &at, parse_rfc3339)?.with_timezone(&OFFICE_TZ);
            format!(
                "Permohonan #{id} sudah diubah oleh {who} pada {} WIB setelah Anda membukanya; \
                 muat ulang untuk melihat perubahannya",
                at.format("%d/%m/%Y %H.%M")
            )
        }
        None => format!(
            "Permohonan #{id} sudah diubah setelah Anda membukanya; muat ulang untuk melihat \
             perubahannya"
        ),
    };
    Ok(Error::Conflict {
        message,
        findings: Vec::new(),
    })
}

pub async fn get_request(store: &Store, id: i64) -> Result<RequestDetail> {
    let stored = requests::get(store.pool(), id)
        .await?
        .ok_or_else(|| Error::not_found("Permohonan", id))?;
    detail_view(stored, &store.reference())
}

pub async fn list_requests(store: &Store, filter: &RequestFilter) -> Result<Vec<RequestSummary>> {
    let reference = store.reference();
    crate::validate::SearchText::parse_optional(filter.text.as_deref(), "Teks pencarian")
        .map_err(|message| FieldErrors::single("text", message))?;
    let filter = filter.parse()?;
    if let Some(unit) = &filter.unit_code
        && !policy::units(store).iter().any(|u| &u.code == unit)
    {
        return Err(
            FieldErrors::single("unit_code", format!("Unit \"{unit}\" tidak dikenal")).into(),
        );
    }
    let rows = requests::list(store.pool(), &filter).await?;
    rows.into_iter()
        .map(|row| summary_view(row, &reference))
        .collect()
}

/// Pemda and DPRD matching what staff type, best first. The government of a region is offered
/// before its council unless the query says "DPRD".
pub fn search_requesters(store: &Store, query: &str, limit: usize) -> Vec<RequesterOption> {
    let reference = store.reference();
    let query = RegionQuery::parse(query);
    let regions = search_regions(reference.regions(), &query);
    let kinds: &[RequesterKind] = match query.body {
        Body::Government => &[RequesterKind::RegionalGovernment],
        Body::Council => &[RequesterKind::RegionalCouncil],
        Body::Either => &[
            RequesterKind::RegionalGovernment,
            RequesterKind::RegionalCouncil,
        ],
    };
    kinds
        .iter()
        .flat_map(|kind| {
            regions.iter().map(move |region| RequesterOption {
                kind: *kind,
                region_code: region.code.as_str().to_owned(),
                label: region.requester_label(*kind),
                province_name: region.province_name.clone(),
                zone: region.zone(),
                region_kind: region.kind,
            })
        })
        .take(limit)
        .collect()
}

/// Regions of the official list matching `query`, best first.
pub fn search_region_list(store: &Store, query: &str, limit: usize) -> Vec<RegionView> {
    let reference = store.reference();
    search_regions(reference.regions(), &RegionQuery::parse(query))
        .into_iter()
        .take(limit)
        .map(|region| RegionView {
            code: region.code.as_str().to_owned(),
            name: region.name.clone(),
            kind: region.kind,
            province_code: region.code.province_code().to_owned(),
            province_name: region.province_name.clone(),
            zone: region.zone(),
            time_zone: region.time_zone.name().to_owned(),
        })
        .collect()
}

pub fn list_topics(store: &Store) -> Vec<Topic> {
    store.reference().topics().to_vec()
}

fn corrupt(what: &str, value: &str) -> Error {
    Error::Internal(format!("data tersimpan rusak: {what} \"{value}\""))
}

fn parse_stored<T>(what: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| corrupt(what, value))
}

struct RequesterParts {
    view: RequesterView,
    time_zone: Tz,
}

fn requester_view(
    kind: &str,
    region_code: Option<&str>,
    name: Option<&str>,
    reference: &ReferenceData,
) -> Result<RequesterParts> {
    let kind = parse_stored("jenis pengguna", kind, RequesterKind::from_stored)?;
    let region = match region_code {
        Some(code) => {
            let code = RegionCode::parse(code).map_err(|_| corrupt("kode wilayah", code))?;
            Some(
                reference
                    .region(&code)
                    .ok_or_else(|| corrupt("kode wilayah", code.as_str()))?,
            )
        }
        None => None,
    };
    Ok(match region {
        Some(region) => RequesterParts {
            view: RequesterView {
                kind,
                region_code: Some(region.code.as_str().to_owned()),
                label: region.requester_label(kind),
                province_name: Some(region.province_name.clone()),
                zone: region.zone(),
            },
            time_zone: region.time_zone,
        },
        None => RequesterParts {
            view: RequesterView {
                kind,
                region_code: None,
                label: name.unwrap_or_default().to_owned(),
                province_name: None,
                zone: ZoneLabel::Wib,
            },
            time_zone: OFFICE_TZ,
        },
    })
}

fn slot_view(stored: &str, requester_tz: Tz) -> Result<SlotView> {
    let instant = parse_stored("jadwal", stored, parse_rfc3339)?;
    let office = instant.with_timezone(&OFFICE_TZ);
    Ok(SlotView {
        starts_at: stored.to_owned(),
        date: office.format("%Y-%m-%d").to_string(),
        time: office.format("%H:%M").to_string(),
        label: slot_label(instant, requester_tz),
    })
}

fn detail_view(stored: StoredRequest, reference: &ReferenceData) -> Result<RequestDetail> {
    let row = stored.row;
    let requester = requester_view(
        &row.requester_kind,
        row.region_code.as_deref(),
        row.requester_name.as_deref(),
        reference,
    )?;
    let preferred_slots = stored
        .preferred_slots
        .iter()
        .map(|slot| slot_view(slot, requester.time_zone))
        .collect::<Result<_>>()?;
    let status = parse_stored("status", &row.status, RequestStatus::from_stored)?;
    let channel = parse_stored("saluran", &row.channel, Channel::from_stored)?;
    Ok(RequestDetail {
        id: row.id,
        status,
        channel,
        requester: requester.view,
        contact: ContactView {
            name: row.contact_name,
            whatsapp: row.contact_whatsapp,
            email: row.contact_email,
        },
        topics: stored
            .topics
            .into_iter()
            .map(|code| TopicRef {
                name: reference.topic_name(&code).unwrap_or(&code).to_owned(),
                code,
            })
            .collect(),
        description: row.description,
        preferred_slots,
        planned_guest_count: u32::try_from(row.planned_guest_count).unwrap_or(0),
        regional_head_attends: row.regional_head_attends,
        guests: stored
            .guests
            .into_iter()
            .map(|g| GuestView {
                name: g.name,
                position: g.job_title,
                institution: g.institution,
                contact: g.contact,
                is_regional_head: g.is_regional_head,
            })
            .collect(),
        received_on: row
            .received_on
            .clone()
            .unwrap_or_else(|| row.created_at.chars().take(10).collect()),
        booking: stored
            .booking
            .map(|b| -> Result<BookingView> {
                let start = parse_stored("jadwal", &b.starts_at, parse_rfc3339)?;
                Ok(BookingView {
                    id: b.id,
                    channel: parse_stored("saluran", &b.channel, Channel::from_stored)?,
                    label: slot_label(start, requester.time_zone),
                    duration_minutes: view_rules::span_minutes(&b.starts_at, &b.ends_at)?,
                    starts_at: b.starts_at,
                    ends_at: b.ends_at,
                    room_code: b.room_code,
                    meeting_url: b.meeting_url,
                    unit_code: b.unit_code,
                    ical_uid: b.ical_uid,
                    resource_person_ids: b
                        .resource_person_ids
                        .as_deref()
                        .unwrap_or("")
                        .split(',')
                        .filter_map(|id| id.parse().ok())
                        .collect(),
                    sequence: b.sequence,
                })
            })
            .transpose()?,
        letter: stored.letter.map(|l| LetterView {
            scan: match (
                l.scan_file_name,
                l.scan_mime_type,
                l.scan_size_bytes,
                l.scan_sha256,
            ) {
                (Some(file_name), Some(mime_type), Some(size_bytes), Some(sha256)) => {
                    Some(ScanInfo {
                        file_name,
                        mime_type,
                        size_bytes,
                        sha256,
                    })
                }
                _ => None,
            },
            number: l.number,
            date: l.letter_date,
            subject: l.subject,
            addressee: l.addressee,
            signer: l.signer,
        }),
        created_label: view_rules::instant_label(&row.created_at),
        created_at: row.created_at,
        updated_at: row.updated_at,
        version: row.version,
        actions: crate::workflow::actions_view(status, channel),
        editable: crate::workflow::editable(status),
    })
}

fn summary_view(row: SummaryRow, reference: &ReferenceData) -> Result<RequestSummary> {
    let requester = requester_view(
        &row.requester_kind,
        row.region_code.as_deref(),
        row.requester_name.as_deref(),
        reference,
    )?;
    let first_slot_label = row
        .first_slot
        .as_deref()
        .map(|slot| slot_view(slot, requester.time_zone).map(|view| view.label))
        .transpose()?;
    let booking = row
        .booked_start
        .map(|starts_at| -> Result<SummaryBooking> {
            let start = parse_stored("jadwal", &starts_at, parse_rfc3339)?;
            Ok(SummaryBooking {
                label: slot_label(start, requester.time_zone),
                starts_at,
                room_code: row.booked_room_code,
                room_name: row.booked_room_name,
            })
        })
        .transpose()?;
    Ok(RequestSummary {
        id: row.id,
        status: parse_stored("status", &row.status, RequestStatus::from_stored)?,
        channel: parse_stored("saluran", &row.channel, Channel::from_stored)?,
        requester_label: requester.view.label,
        requester_kind: requester.view.kind,
        region_code: requester.view.region_code,
        zone: requester.view.zone,
        topics: row
            .topic_codes
            .as_deref()
            .unwrap_or("")
            .split(TOPIC_SEPARATOR)
            .filter(|code| !code.is_empty())
            .map(|code| reference.topic_name(code).unwrap_or(code).to_owned())
            .collect(),
        first_slot: row.first_slot,
        first_slot_label,
        booking,
        planned_guest_count: u32::try_from(row.planned_guest_count).unwrap_or(0),
        letter_number: row.letter_number,
        contact_name: row.contact_name,
        received_on: row.received_on,
        created_label: view_rules::instant_label(&row.created_at),
        created_at: row.created_at,
    })
}
