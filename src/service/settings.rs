//! The settings the rules apply and the desk's lists behind them: policy versions, holidays
//! and their import, special hours, rooms, units, topic routing and resource persons. Only the
//! secretariat changes them; each change is audited in its own write.

use chrono::{DateTime, Utc};
use konsultasi_core::audit::{AuditAction, AuditEntry};
use serde::Serialize;

use crate::api::{
    HolidayImport, HolidayInput, HolidayView, PolicyInput, PolicyOverview, PolicyVersionView,
    ResourcePersonInput, ResourcePersonView, RoomInput, RoomView, SessionOverrideInput,
    SessionOverrideView, Topic, TopicRouting, UnitInput, UnitView,
};
use crate::error::{Error, Result};
use crate::policy::calendar::{HolidayKind, IcsHolidays, NewHoliday, read_holidays_ics};
use crate::policy::{Policy, WeeklyWindows};
use crate::store::Store;
use crate::store::policy::{self as db, UpcomingBooking};
use crate::time::{OFFICE_TZ, format_date_with_day, office_day};
use crate::validate::{FieldErrors, parse_date};

use super::users::require;
use crate::workflow::Actor;
use crate::workflow::Capability;

/// The entry of a settings change: no "before" for something added, no "after" for something
/// removed.
fn setting_change(
    actor: &Actor,
    action: AuditAction,
    before: Option<&impl Serialize>,
    after: Option<&impl Serialize>,
) -> AuditEntry {
    let mut entry = AuditEntry::new(actor, action);
    if let Some(before) = before {
        entry = entry.before(before);
    }
    if let Some(after) = after {
        entry = entry.after(after);
    }
    entry
}

fn version_view(row: &db::PolicyVersionRow) -> Result<PolicyVersionView> {
    Ok(PolicyVersionView {
        id: row.id,
        effective_from: row.effective_from.to_string(),
        settings: row.settings()?,
        note: row.note.clone(),
        created_at: row.created_at.to_text(),
        created_label: super::view_rules::instant_label(&row.created_at.to_text()),
    })
}

/// Every policy version, the one in force on `today`, and the shipped defaults.
pub async fn policy_overview(store: &Store, now: DateTime<Utc>) -> Result<PolicyOverview> {
    let rows = store.policy_versions().await?;
    let versions = rows.iter().map(version_view).collect::<Result<Vec<_>>>()?;
    let data = store.policy_data().await?;
    let in_force_id =
        crate::policy::version_in_force(&data.versions, office_day(now)).map(|v| v.id);
    let in_force = versions
        .iter()
        .find(|v| Some(v.id) == in_force_id)
        .or_else(|| versions.last())
        .cloned()
        .ok_or_else(|| Error::Internal("tidak ada versi kebijakan".into()))?;
    Ok(PolicyOverview {
        in_force,
        versions,
        defaults: crate::policy::PolicySettings::default(),
    })
}

/// Adds a policy version; earlier versions stay as they were.
pub async fn set_policy(
    store: &Store,
    actor: &Actor,
    input: &PolicyInput,
    now: DateTime<Utc>,
) -> Result<PolicyVersionView> {
    require(actor, Capability::Lead, "mengubah kebijakan layanan")?;
    let mut errors = Policy::parse(&input.settings).err().unwrap_or_default();
    let effective_from = errors.take(
        "effective_from",
        parse_date(&input.effective_from, "Tanggal berlaku"),
    );
    let note = match input
        .note
        .as_deref()
        .map(str::trim)
        .filter(|n| !n.is_empty())
    {
        Some(note) => errors.take(
            "note",
            crate::validate::LetterLine::parse(note, "Catatan").map(|n| n.into_string()),
        ),
        None => None,
    };
    let Some(effective_from) = effective_from.filter(|_| errors.is_empty()) else {
        return Err(errors.into());
    };
    let mut tx = store.write_serialised().await?;
    let id = db::insert_policy_version(
        &mut tx,
        effective_from,
        &input.settings,
        note.as_deref(),
        now,
    )
    .await?;
    // Versions are append-only: nothing is replaced, so the entry has no "before".
    tx.audit(
        &AuditEntry::new(actor, AuditAction::SetPolicy).after(&serde_json::json!({
            "id": id,
            "effective_from": effective_from.format("%Y-%m-%d").to_string(),
            "settings": &input.settings,
            "note": note,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    let rows = store.policy_versions().await?;
    let row = rows
        .iter()
        .find(|r| r.id == id)
        .ok_or_else(|| Error::Internal("versi kebijakan hilang".into()))?;
    version_view(row)
}

fn holiday_view(row: db::HolidayRow) -> Result<HolidayView> {
    let date = row.date;
    Ok(HolidayView {
        id: row.id,
        label: format_date_with_day(date),
        kind: HolidayKind::from_stored(&row.kind)
            .ok_or_else(|| Error::Internal(row.kind.clone()))?,
        date: row.date.to_string(),
        name: row.name,
        source: row.source,
    })
}

pub async fn list_holidays(store: &Store, year: Option<i32>) -> Result<Vec<HolidayView>> {
    store
        .holidays(year)
        .await?
        .into_iter()
        .map(holiday_view)
        .collect()
}

pub async fn add_holiday(
    store: &Store,
    actor: &Actor,
    input: &HolidayInput,
    now: DateTime<Utc>,
) -> Result<Vec<HolidayView>> {
    require(actor, Capability::Secretariat, "mengubah hari libur")?;
    let holiday = NewHoliday::parse(&input.date, &input.name, input.kind)?;
    let (date, name, kind) = (holiday.date, &holiday.name, holiday.kind);
    let mut tx = store.write_serialised().await?;
    if !db::insert_holiday(&mut tx, date, name.as_str(), kind, "manual").await? {
        return Err(FieldErrors::single(
            "name",
            format!("\"{name}\" sudah tercatat pada tanggal itu"),
        )
        .into());
    }
    tx.audit(
        &AuditEntry::new(actor, AuditAction::AddHoliday).after(&serde_json::json!({
            "date": date.format("%Y-%m-%d").to_string(),
            "name": name.as_str(),
            "kind": kind,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    list_holidays(
        store,
        Some(date.format("%Y").to_string().parse().unwrap_or(0)),
    )
    .await
}

pub async fn delete_holiday(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    require(actor, Capability::Secretariat, "mengubah hari libur")?;
    let mut tx = store.write_serialised().await?;
    let removed = db::delete_holiday(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Hari libur", id))?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::DeleteHoliday).before(&removed),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Imports all-day events of an .ics file (e.g. a published holiday calendar) as holidays,
/// read by [`read_holidays_ics`] (its limits and rules). Nothing is imported when the file
/// cannot be read as iCalendar at all or exceeds a limit.
pub async fn import_holidays_ics(
    store: &Store,
    actor: &Actor,
    text: &str,
    now: DateTime<Utc>,
) -> Result<HolidayImport> {
    require(actor, Capability::Secretariat, "mengubah hari libur")?;
    let IcsHolidays { days, problems } = read_holidays_ics(text)?;
    let mut tx = store.write_serialised().await?;
    let (mut added, mut skipped) = (0, 0);
    let mut added_days = Vec::new();
    for day in &days {
        let (date, name, kind) = (day.date, day.name.as_str(), day.kind);
        if db::insert_holiday(&mut tx, date, name, kind, "import").await? {
            added += 1;
            added_days.push(serde_json::json!({
                "date": date.format("%Y-%m-%d").to_string(),
                "name": name,
                "kind": kind,
            }));
        } else {
            skipped += 1;
        }
    }
    tx.audit(
        &AuditEntry::new(actor, AuditAction::ImportHolidays)
            .after(&serde_json::json!({ "added": added_days, "skipped": skipped })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(HolidayImport {
        added,
        skipped,
        problems,
    })
}

pub async fn list_session_overrides(store: &Store) -> Result<Vec<SessionOverrideView>> {
    store
        .session_overrides()
        .await?
        .into_iter()
        .map(|row| {
            Ok(SessionOverrideView {
                weekly_windows: row.windows()?,
                id: row.id,
                label: row.label,
                from: row.from_date.to_string(),
                to: row.to_date.to_string(),
            })
        })
        .collect()
}

pub async fn add_session_override(
    store: &Store,
    actor: &Actor,
    input: &SessionOverrideInput,
    now: DateTime<Utc>,
) -> Result<Vec<SessionOverrideView>> {
    require(
        actor,
        Capability::Secretariat,
        "mengubah jam layanan khusus",
    )?;
    let mut errors = FieldErrors::default();
    let label = errors.take(
        "label",
        crate::validate::LetterLine::parse(&input.label, "Nama jam layanan khusus"),
    );
    let from = errors.take("from", parse_date(&input.from, "Tanggal mulai"));
    let to = errors.take("to", parse_date(&input.to, "Tanggal selesai"));
    if let (Some(from), Some(to)) = (from, to)
        && to < from
    {
        errors.push(
            "to",
            "Tanggal selesai harus sama dengan atau setelah tanggal mulai",
        );
    }
    WeeklyWindows::parse(&input.weekly_windows, "weekly_windows", &mut errors);
    let (Some(label), Some(from), Some(to)) = (label, from, to) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.write_serialised().await?;
    let id = db::insert_session_override(&mut tx, label.as_str(), from, to, &input.weekly_windows)
        .await?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::AddSessionOverride).after(&serde_json::json!({
            "id": id,
            "label": label.as_str(),
            "from": from.format("%Y-%m-%d").to_string(),
            "to": to.format("%Y-%m-%d").to_string(),
            "weekly_windows": &input.weekly_windows,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    list_session_overrides(store).await
}

pub async fn delete_session_override(
    store: &Store,
    actor: &Actor,
    id: i64,
    now: DateTime<Utc>,
) -> Result<()> {
    require(
        actor,
        Capability::Secretariat,
        "mengubah jam layanan khusus",
    )?;
    let mut tx = store.write_serialised().await?;
    let removed = db::delete_session_override(&mut tx, id)
        .await?
        .ok_or_else(|| Error::not_found("Jam layanan khusus", id))?;
    let windows = removed.windows()?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::DeleteSessionOverride).before(&serde_json::json!({
            "id": removed.id,
            "label": removed.label,
            "from": removed.from_date,
            "to": removed.to_date,
            "weekly_windows": windows,
        })),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// How many bookings of a room or person lie ahead, and the first few of them.
const NAMED_BOOKINGS: usize = 3;

/// The refusal to take `subject` out of use while bookings still count on it: how many, and
/// the first few (request and start, WIB).
fn still_booked(subject: &str, upcoming: &[UpcomingBooking]) -> Result<Error> {
    let named = upcoming
        .iter()
        .take(NAMED_BOOKINGS)
        .map(|b| {
            let start = b.starts_at.0.with_timezone(&OFFICE_TZ);
            Ok(format!(
                "#{} pada {} WIB",
                b.request_id,
                start.format("%d/%m/%Y %H.%M")
            ))
        })
        .collect::<Result<Vec<_>>>()?;
    let rest = upcoming.len().saturating_sub(NAMED_BOOKINGS);
    let more = if rest > 0 {
        format!(", dan {rest} lainnya")
    } else {
        String::new()
    };
    Ok(Error::Conflict {
        message: format!(
            "{subject} tidak dapat dinonaktifkan: masih ada {} jadwal mendatang ({}{more}). \
             Pindahkan atau batalkan jadwal itu terlebih dahulu",
            upcoming.len(),
            named.join("; ")
        ),
        findings: Vec::new(),
    })
}

pub async fn list_rooms(store: &Store) -> Result<Vec<RoomView>> {
    Ok(store
        .rooms()
        .await?
        .into_iter()
        .map(|r| RoomView {
            code: r.code,
            name: r.name,
            capacity: u32::try_from(r.capacity).unwrap_or(0),
            active: r.active,
        })
        .collect())
}

pub async fn resource_persons(store: &Store) -> Result<Vec<ResourcePersonView>> {
    Ok(store
        .resource_persons()
        .await?
        .into_iter()
        .map(|row| ResourcePersonView {
            id: row.id,
            unit_code: row.unit_code,
            name: row.name,
            position: row.position,
            email: row.email,
            active: row.active,
        })
        .collect())
}

/// Adds or changes a resource person, after checking the unit, the name and the address.
pub async fn save_resource_person(
    store: &Store,
    actor: &Actor,
    input: &ResourcePersonInput,
    now: DateTime<Utc>,
) -> Result<Vec<ResourcePersonView>> {
    require(actor, Capability::Secretariat, "mengubah daftar narasumber")?;
    let mut errors = FieldErrors::default();
    if !units(store).iter().any(|u| u.code == input.unit_code) {
        errors.push(
            "unit_code",
            format!("Unit \"{}\" tidak dikenal", input.unit_code),
        );
    }
    let name = errors.take(
        "name",
        crate::validate::PersonName::parse(&input.name, "Nama narasumber"),
    );
    let optional = |value: &Option<String>| {
        value
            .as_deref()
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    let position = optional(&input.position);
    if position
        .as_deref()
        .is_some_and(|p| p.chars().count() > 150 || p.chars().any(char::is_control))
    {
        errors.push("position", "Jabatan paling panjang 150 karakter");
    }
    let email = match optional(&input.email) {
        Some(raw) => errors
            .take(
                "email",
                crate::validate::EmailAddress::parse(&raw, "Surel narasumber"),
            )
            .map(|e| e.as_str().to_owned()),
        None => None,
    };
    let Some(name) = name else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.write_serialised().await?;
    let before = match input.id {
        Some(id) => Some(
            db::resource_person(&mut tx, id)
                .await?
                .ok_or_else(|| Error::not_found("Narasumber", id))?,
        ),
        None => None,
    };
    if let Some(before) = before.as_ref().filter(|b| b.active && !input.active) {
        let upcoming = db::upcoming_bookings_of_person(&mut tx, before.id, now).await?;
        if !upcoming.is_empty() {
            return Err(still_booked(
                &format!("Narasumber {}", before.name),
                &upcoming,
            )?);
        }
    }
    let row = db::ResourcePersonRow {
        id: input.id.unwrap_or(0),
        unit_code: input.unit_code.clone(),
        name: name.as_str().to_owned(),
        position,
        email,
        active: input.active,
    };
    let id = db::save_resource_person(&mut tx, &row)
        .await?
        .ok_or_else(|| Error::not_found("Narasumber", input.id.unwrap_or(0)))?;
    tx.audit(
        &setting_change(
            actor,
            AuditAction::SaveResourcePerson,
            before.as_ref(),
            Some(&db::ResourcePersonRow { id, ..row }),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    resource_persons(store).await
}

pub fn units(store: &Store) -> Vec<UnitView> {
    store.reference().units().to_vec()
}

/// A short code of capitals, digits and hyphens, as rooms and units use.
fn parse_code(raw: &str, label: &str) -> std::result::Result<String, String> {
    let code = raw.trim();
    let ok = (1..=20).contains(&code.len())
        && code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
    if ok {
        Ok(code.to_owned())
    } else {
        Err(format!(
            "{label} harus 1–20 huruf besar, angka, - atau _ (mis. RK-3)"
        ))
    }
}

/// Adds a room or changes one (by its code).
pub async fn save_room(
    store: &Store,
    actor: &Actor,
    input: &RoomInput,
    now: DateTime<Utc>,
) -> Result<Vec<RoomView>> {
    require(actor, Capability::Secretariat, "mengubah daftar ruang")?;
    let mut errors = FieldErrors::default();
    let code = errors.take("code", parse_code(&input.code, "Kode ruang"));
    let name = errors.take(
        "name",
        crate::validate::LetterLine::parse(&input.name, "Nama ruang"),
    );
    if !(1..=500).contains(&input.capacity) {
        errors.push(
            "capacity",
            format!(
                "Kapasitas harus 1 sampai 500 orang, bukan {}",
                input.capacity
            ),
        );
    }
    let (Some(code), Some(name)) = (code, name) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.write_serialised().await?;
    let before = db::room(&mut tx, &code).await?;
    if !input.active {
        let upcoming = db::upcoming_bookings_in_room(&mut tx, &code, now).await?;
        if !upcoming.is_empty() {
            return Err(still_booked(&format!("Ruang {code}"), &upcoming)?);
        }
    }
    db::upsert_room(&mut tx, &code, name.as_str(), input.capacity, input.active).await?;
    let after = db::RoomRow {
        code: code.clone(),
        name: name.as_str().to_owned(),
        capacity: i64::from(input.capacity),
        active: input.active,
    };
    tx.audit(
        &setting_change(actor, AuditAction::SaveRoom, before.as_ref(), Some(&after)),
        now,
    )
    .await?;
    tx.commit().await?;
    list_rooms(store).await
}

/// Adds a unit or renames one (by its code).
pub async fn save_unit(
    store: &Store,
    actor: &Actor,
    input: &UnitInput,
    now: DateTime<Utc>,
) -> Result<Vec<UnitView>> {
    require(actor, Capability::Secretariat, "mengubah daftar unit")?;
    let mut errors = FieldErrors::default();
    let code = errors.take("code", parse_code(&input.code, "Kode unit"));
    let name = errors.take(
        "name",
        crate::validate::LetterLine::parse(&input.name, "Nama unit"),
    );
    let short = errors.take(
        "short_name",
        crate::validate::PersonName::parse(&input.short_name, "Nama singkat unit"),
    );
    let (Some(code), Some(name), Some(short)) = (code, name, short) else {
        return Err(errors.into());
    };
    let mut tx = store.write_serialised().await?;
    let before = db::unit(&mut tx, &code).await?;
    db::upsert_unit(&mut tx, &code, name.as_str(), short.as_str()).await?;
    let unit = |name: &str, short_name: &str| serde_json::json!({ "code": &code, "name": name, "short_name": short_name });
    tx.audit(
        &setting_change(
            actor,
            AuditAction::SaveUnit,
            before.as_ref().map(|(n, s)| unit(n, s)).as_ref(),
            Some(&unit(name.as_str(), short.as_str())),
        ),
        now,
    )
    .await?;
    tx.commit().await?;
    store.reload_reference().await?;
    Ok(units(store))
}

/// Changes the unit a topic routes to by default.
pub async fn route_topic(
    store: &Store,
    actor: &Actor,
    input: &TopicRouting,
    now: DateTime<Utc>,
) -> Result<Vec<Topic>> {
    require(actor, Capability::Secretariat, "mengubah unit tujuan topik")?;
    if !units(store).iter().any(|u| u.code == input.unit_code) {
        return Err(FieldErrors::single(
            "unit_code",
            format!("Unit \"{}\" tidak dikenal", input.unit_code),
        )
        .into());
    }
    let mut tx = store.write_serialised().await?;
    let Some(before) = db::route_topic(&mut tx, &input.topic_code, &input.unit_code).await? else {
        return Err(FieldErrors::single(
            "topic_code",
            format!("Topik \"{}\" tidak dikenal", input.topic_code),
        )
        .into());
    };
    tx.audit(
        &AuditEntry::new(actor, AuditAction::RouteTopic)
            .before(&serde_json::json!({ "topic_code": &input.topic_code, "unit_code": before }))
            .after(
                &serde_json::json!({ "topic_code": &input.topic_code, "unit_code": &input.unit_code }),
            ),
        now,
    )
    .await?;
    tx.commit().await?;
    store.reload_reference().await?;
    Ok(store.reference().topics().to_vec())
}
