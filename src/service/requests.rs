//! Requests: entering and editing them, reading one or the list, and the reference data the
//! form offers (requesters, regions, topics).

use chrono::{DateTime, Utc};

use crate::api::{
    RegionView, RequestDetail, RequestFilter, RequestInput, RequestSummary, RequesterOption, Topic,
};
use crate::domain::RequestStatus;
use crate::domain::RequesterKind;
use crate::domain::record::RequestRecord;
use crate::error::{Error, Result};
use crate::search::{Body, RegionQuery, search_regions};
use crate::store::write::SerialisedWrite;
use crate::store::{Store, requests};
use crate::time::OFFICE_TZ;
use crate::validate::{FieldErrors, SearchText};
use crate::workflow::{self, Actor};
use konsultasi_core::audit::{AuditAction, AuditEntry};

use super::{settings, views};

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
    let mut tx = store.write_serialised().await?;
    let id = requests::insert(&mut tx, &request, RequestStatus::Submitted, now).await?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::CreateRequest)
            .on_request(id)
            .after(&audited_input(input)),
        now,
    )
    .await?;
    tx.commit().await?;
    get_request(store, id).await
}

/// Replaces the fields of request `id`, if it is still at `based_on`, the version the editor
/// loaded. The check, the audit's "before" and the write happen in one serialised write, so
/// of two edits based on one version exactly one lands, and the audit entry names exactly
/// what it replaced.
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
    let mut tx = store.write_serialised().await?;
    let before = requests::record_in(&mut tx, id).await?;
    if before.version != based_on {
        return Err(stale_edit(&mut tx, id).await?);
    }
    if !workflow::editable(before.status()) {
        return Err(Error::Conflict {
            message: format!(
                "Permohonan berstatus {} tidak dapat diubah lagi",
                workflow::status_label(before.status())
            ),
            findings: Vec::new(),
        });
    }
    let before = views::detail(&before, &reference)?;
    if !requests::update(&mut tx, id, based_on, &request, now).await? {
        // Unreachable under the write lock; kept so a future caller cannot overwrite blindly.
        return Err(stale_edit(&mut tx, id).await?);
    }
    let after = views::detail(&requests::record_in(&mut tx, id).await?, &reference)?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::UpdateRequest)
            .on_request(id)
            .before(&before)
            .after(&after),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The refusal of an edit based on an old version: who changed the request last, and when.
async fn stale_edit(tx: &mut SerialisedWrite, id: i64) -> Result<Error> {
    let message = match requests::last_change(tx, id).await? {
        Some((who, at)) => format!(
            "Permohonan #{id} sudah diubah oleh {who} pada {} WIB setelah Anda membukanya; \
             muat ulang untuk melihat perubahannya",
            at.with_timezone(&OFFICE_TZ).format("%d/%m/%Y %H.%M")
        ),
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

/// Request `id` as the store holds it, for services that decide on it (its state carries the
/// booking, confirmation or check-in).
pub async fn request_record(store: &Store, id: i64) -> Result<RequestRecord> {
    requests::record(store, id).await
}

pub async fn get_request(store: &Store, id: i64) -> Result<RequestDetail> {
    views::detail(&requests::record(store, id).await?, &store.reference())
}

pub async fn list_requests(store: &Store, filter: &RequestFilter) -> Result<Vec<RequestSummary>> {
    let reference = store.reference();
    SearchText::parse_optional(filter.text.as_deref(), "Teks pencarian")
        .map_err(|message| FieldErrors::single("text", message))?;
    let filter = filter.parse()?;
    if let Some(unit) = &filter.unit_code
        && !settings::units(store).iter().any(|u| &u.code == unit)
    {
        return Err(
            FieldErrors::single("unit_code", format!("Unit \"{unit}\" tidak dikenal")).into(),
        );
    }
    requests::list(store, &filter)
        .await?
        .iter()
        .map(|listing| views::summary(listing, &reference))
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
