//! The desk's local profiles, and who may change the desk's settings.

use chrono::{DateTime, Utc};

use crate::api::{UserInput, UserView};
use crate::error::{Error, Result};
use crate::store::{Store, users};
use crate::validate::{FieldErrors, PersonName};
use crate::workflow::{Actor, Capability, Role};
use konsultasi_core::audit::{AuditAction, AuditEntry};

use super::views;

pub async fn list_users(store: &Store) -> Result<Vec<UserView>> {
    Ok(users::all(store)
        .await?
        .into_iter()
        .map(views::user)
        .collect())
}

/// Only the holders of `capability` may go on; anyone else is refused as workflow role
/// refusals are (`policy`), naming what was attempted.
pub fn require(actor: &Actor, capability: Capability, what: &str) -> Result<()> {
    if actor.role.may(capability) {
        Ok(())
    } else {
        Err(refused(actor, capability, what))
    }
}

/// The refusal of [`require`], for a caller that already knows `actor` lacks it (the operation
/// table checks declared capabilities before the service runs).
pub fn refused(actor: &Actor, capability: Capability, what: &str) -> Error {
    Error::Policy {
        message: capability.refusal(actor, what),
        findings: Vec::new(),
    }
}

/// Adds a profile. On a database without any profile the first one is created without an
/// actor (the desk must be able to start) and must be a secretariat, so someone can add the
/// others; it is audited as creating itself. After that only a secretariat creates profiles.
pub async fn create_user(
    store: &Store,
    actor: Option<&Actor>,
    input: &UserInput,
    now: DateTime<Utc>,
) -> Result<UserView> {
    if let Some(actor) = actor {
        require(
            actor,
            Capability::ManageProfiles,
            "menambah profil pengguna",
        )?;
    }
    let mut errors = FieldErrors::default();
    let name = errors.take("name", PersonName::parse(&input.name, "Nama profil"));
    if input.role.is_none() {
        errors.push(
            "role",
            "Pilih peran: agen contact center, sekretariat, ketua tim atau admin",
        );
    }
    let (Some(name), Some(role)) = (name, input.role) else {
        return Err(errors.into());
    };
    let mut tx = store.write_serialised().await?;
    let first = users::none_yet(&mut tx).await?;
    if actor.is_none() && !first {
        return Err(Error::Policy {
            message: "Profil baru hanya dapat dibuat oleh ketua tim: pilih profil ketua tim, \
                      lalu tambahkan profil di Pengaturan"
                .into(),
            findings: Vec::new(),
        });
    }
    if first && role != Role::TeamLeader {
        return Err(FieldErrors::single(
            "role",
            "Profil pertama harus ketua tim, agar ada yang dapat menambah profil lain dan \
             mengatur meja",
        )
        .into());
    }
    if users::name_taken(&mut tx, name.as_str()).await? {
        return Err(FieldErrors::single("name", format!("Profil \"{name}\" sudah ada")).into());
    }
    let id = users::insert(&mut tx, name.as_str(), role, now).await?;
    let view = UserView::new(id, name.into_string(), role, true);
    let itself = Actor {
        id,
        name: view.name.clone(),
        role,
        desk: None,
    };
    let mut entry = AuditEntry::new(actor.unwrap_or(&itself), AuditAction::CreateUser).after(&view);
    if actor.is_none() {
        entry = entry.note("Profil pertama, dibuat saat meja pertama kali dipakai");
    }
    tx.audit(&entry, now).await?;
    tx.commit().await?;
    Ok(view)
}

/// The active user with this id, or this name (for the CLI's `--as`).
pub async fn actor(store: &Store, who: &str) -> Result<Actor> {
    let who = who.trim();
    users::active(store, who).await?.ok_or_else(|| {
        Error::Validation(FieldErrors::single(
            "actor",
            format!("Profil pengguna \"{who}\" tidak ada atau tidak aktif"),
        ))
    })
}
