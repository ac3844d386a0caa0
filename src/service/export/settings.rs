//! The export settings: what letters and invites print (letterhead, signatory, organizer,
//! tembusan, reminder) and the pattern letters are numbered by. The secretariat's to change.

use chrono::{DateTime, Utc};
use konsultasi_core::audit::{AuditAction, AuditEntry};
use konsultasi_core::letter_number::parse_number_pattern;

use crate::api::ExportSettings;
use crate::error::Result;
use crate::service::users::require;
use crate::store::Store;
use crate::store::backend::Instant;
use crate::store::exports::{self as db, ExportSettingsRow};
use crate::validate::{EmailAddress, FieldErrors};
use crate::workflow::Actor;
use crate::workflow::Capability;

pub async fn export_settings(store: &Store) -> Result<ExportSettings> {
    let row = db::settings(store).await?;
    Ok(ExportSettings {
        letterhead: row.letterhead.lines().map(str::to_owned).collect(),
        place: row.place,
        signatory_position: row.signatory_position,
        signatory_name: row.signatory_name,
        signatory_nip: row.signatory_nip,
        copies: row
            .copies
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect(),
        organizer_name: row.organizer_name,
        organizer_email: row.organizer_email,
        number_pattern: row.number_pattern,
        reminder_minutes: u32::try_from(row.reminder_minutes).unwrap_or(0),
    })
}

pub async fn save_export_settings(
    store: &Store,
    actor: &Actor,
    input: &ExportSettings,
    now: DateTime<Utc>,
) -> Result<ExportSettings> {
    require(
        actor,
        Capability::Secretariat,
        "mengubah pengaturan surat dan undangan",
    )?;
    let mut errors = FieldErrors::default();
    let line = |errors: &mut FieldErrors, field: String, value: &str, label: &str, max: usize| {
        let value = value.trim();
        if value.is_empty() {
            errors.push(field, format!("{label} wajib diisi"));
        } else if value.chars().count() > max {
            errors.push(field, format!("{label} paling panjang {max} karakter"));
        } else if value.chars().any(char::is_control) {
            errors.push(
                field,
                format!("{label} tidak boleh memuat karakter kendali"),
            );
        }
        value.to_owned()
    };
    if input.letterhead.is_empty() || input.letterhead.len() > 6 {
        errors.push("letterhead", "Kop surat berisi 1 sampai 6 baris");
    }
    let letterhead: Vec<String> = input
        .letterhead
        .iter()
        .enumerate()
        .map(|(i, l)| {
            line(
                &mut errors,
                format!("letterhead[{i}]"),
                l,
                "Baris kop surat",
                150,
            )
        })
        .collect();
    if input.copies.len() > 8 {
        errors.push("copies", "Tembusan paling banyak 8 baris");
    }
    let copies: Vec<String> = input
        .copies
        .iter()
        .enumerate()
        .map(|(i, l)| line(&mut errors, format!("copies[{i}]"), l, "Tembusan", 120))
        .collect();
    let place = line(
        &mut errors,
        "place".into(),
        &input.place,
        "Tempat surat",
        60,
    );
    let position = line(
        &mut errors,
        "signatory_position".into(),
        &input.signatory_position,
        "Jabatan penandatangan",
        200,
    );
    let name = line(
        &mut errors,
        "signatory_name".into(),
        &input.signatory_name,
        "Nama penandatangan",
        100,
    );
    let nip = match input.signatory_nip.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(nip) if nip.len() <= 30 && nip.chars().all(|c| c.is_ascii_digit() || c == ' ') => {
            Some(nip.to_owned())
        }
        Some(_) => {
            errors.push("signatory_nip", "NIP hanya berisi angka");
            None
        }
    };
    let organizer_name = line(
        &mut errors,
        "organizer_name".into(),
        &input.organizer_name,
        "Nama penyelenggara undangan",
        100,
    );
    let organizer_email = errors
        .take(
            "organizer_email",
            EmailAddress::parse(&input.organizer_email, "Surel penyelenggara"),
        )
        .map(|e| e.as_str().to_owned());
    let pattern = errors
        .take(
            "number_pattern",
            parse_number_pattern(&input.number_pattern),
        )
        .unwrap_or_default();
    if input.reminder_minutes > 10_080 {
        errors.push(
            "reminder_minutes",
            "Pengingat paling lama 10.080 menit (7 hari) sebelumnya",
        );
    }
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let mut tx = store.write_serialised().await?;
    let before = db::settings_in(&mut tx).await?;
    let after = ExportSettingsRow {
        letterhead: letterhead.join("\n"),
        place,
        signatory_position: position,
        signatory_name: name,
        signatory_nip: nip,
        copies: copies.join("\n"),
        organizer_name,
        organizer_email: organizer_email.unwrap_or_default(),
        number_pattern: pattern,
        reminder_minutes: i64::from(input.reminder_minutes),
        updated_at: Instant(now),
    };
    db::save_settings(&mut tx, &after).await?;
    tx.audit(
        &AuditEntry::new(actor, AuditAction::SaveExportSettings)
            .before(&before)
            .after(&after),
        now,
    )
    .await?;
    tx.commit().await?;
    export_settings(store).await
}
