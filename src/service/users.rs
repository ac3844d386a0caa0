//! The desk's local profiles, and who may change the desk's settings.

use chrono::{DateTime, Utc};

use crate::api::{UserInput, UserView};
use crate::error::{Error, Result};
use crate::store::{Store, users};
use crate::validate::{FieldErrors, PersonName};
use crate::workflow::{Actor, Role};
use konsultasi_core::audit::{AuditAction, AuditEntry};

use super::views;

pub async fn list_users(store: &Store) -> Result<Vec<UserView>> {
    Ok(users::all(store)
        .await?
        .into_iter()
        .map(views::user)
        .collect())
}

/// Only the secretariat changes the desk's settings and profiles; anyone else is refused as
/// workflow role refusals are (`policy`), naming what was attempted.
pub fn require_secretariat(actor: &Actor, what: &str) -> Result<()> {
    if actor.role == Role::Secretariat {
        Ok(())
    } else {
        Err(not_secretariat(actor, what))
    }
}

/// The refusal of [`require_secretariat`], for a caller that already knows `actor` is not one
/// (the operation table checks declared roles before the service runs).
pub fn not_secretariat(actor: &Actor, what: &str) -> Error {
    Error::Policy {
        message: format!(
            "Hanya sekretariat yang dapat {what}; {} masuk sebagai {}",
            actor.name,
            actor.role.label().to_lowercase()
        ),
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
        require_secretariat(actor, "menambah profil pengguna")?;
    }
    let mut errors = FieldErrors::default();
    let name = errors.take("name", PersonName::parse(&input.name, "Nama profil"));
    if input.role.is_none() {
        errors.push("role", "Pilih peran: agen contact center atau sekretariat");
    }
    let (Some(name), Some(role)) = (name, input.role) else {
        return Err(errors.into());
    };
    let mut tx = store.write_serialised().await?;
    let first = users::none_yet(&mut tx).await?;
    if actor.is_none() && !first {
        return Err(Error::Policy {
            message: "Profil baru hanya dapat dibuat oleh sekretariat: pilih profil sekretariat, \
                      lalu tambahkan profil di Pengaturan"
                .into(),
            findings: Vec::new(),
        });
    }
    if first && role != Role::Secretariat {
        return Err(FieldErrors::single(
            "role",
            "Profil pertama harus sekretariat, agar ada yang dapat menambah profil lain dan \
             mengatur meja",
        )
        .into());
    }
    if users::name_taken(&mut tx, name.as_str()).await? {
        return Err(FieldErrors::single("name", format!("Profil \"{name}\" sudah ada")).into());
    }
    let id = users::insert(&mut tx, name.as_str(), role, now).await?;
    let view = UserView {
        id,
        name: name.into_string(),
        role,
        active: true,
    };
    let itself = Actor {
        id,
        name: view.name.clone(),
        role,
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
