//! Parsing of the request form: [`RequestInput`] into the domain's [`NewRequest`].
//!
//! It needs the reference data (regions, topics) because an unknown region code or topic is
//! bad input, not a database accident.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use konsultasi_core::domain::region::RegionCode;
use konsultasi_core::domain::request::{
    Contact, Guest, LetterScan, MAX_GUESTS, MAX_PREFERRED_SLOTS, MAX_TOPICS, NewRequest, Reference,
    RequestLetter, Requester,
};
use konsultasi_core::time::office_local_to_utc;
use konsultasi_core::validate::{
    Description, EmailAddress, FieldErrors, GuestContact, GuestCount, InstitutionName, JobTitle,
    LetterLine, LetterNumber, PersonName, WhatsAppNumber, parse_date, parse_time, quoted,
};

use crate::{GuestInput, LetterInput, RequestInput, RequesterInput};

impl RequestInput {
    /// The only way from a form to a [`NewRequest`]: every field checked, every complaint
    /// listed with its dotted path. `today` is the office's date (WIB): a request cannot have
    /// been received after it, since lead time counts from the received date.
    pub fn parse(
        &self,
        reference: &dyn Reference,
        today: NaiveDate,
    ) -> Result<NewRequest, FieldErrors> {
        let input = self;
        let mut errors = FieldErrors::default();

        let channel = input.channel;
        if channel.is_none() {
            errors.push("channel", "Pilih saluran: video conference atau tatap muka");
        }
        let requester = parse_requester(&input.requester, reference, &mut errors);
        let contact = parse_contact(input, &mut errors);
        let topics = parse_topics(&input.topics, reference, &mut errors);
        let description = errors.take(
            "description",
            Description::parse(&input.description, "Uraian permohonan"),
        );
        let preferred_slots = parse_slots(input, &mut errors);

        let planned_guest_count = errors.take(
            "planned_guest_count",
            GuestCount::parse(input.planned_guest_count, "Jumlah tamu direncanakan"),
        );
        let guests = parse_guests(&input.guests, &mut errors);
        if let Some(count) = planned_guest_count
            && input.guests.len() > count.get() as usize
        {
            errors.push(
                "planned_guest_count",
                format!(
                    "Jumlah tamu direncanakan ({}) lebih kecil dari jumlah nama tamu ({})",
                    count.get(),
                    input.guests.len()
                ),
            );
        }
        let letter = input
            .letter
            .as_ref()
            .and_then(|letter| parse_letter(letter, &mut errors));
        let received_on = match input.received_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(raw) => errors.take(
                "received_on",
                parse_date(raw, "Tanggal permohonan diterima").and_then(|day| {
                    if day > today {
                        Err(format!(
                            "Tanggal permohonan diterima tidak boleh setelah hari ini ({})",
                            konsultasi_core::time::format_date(today)
                        ))
                    } else {
                        Ok(day)
                    }
                }),
            ),
        };

        if !errors.is_empty() {
            return Err(errors);
        }
        match (
            channel,
            requester,
            contact,
            description,
            planned_guest_count,
        ) {
            (
                Some(channel),
                Some(requester),
                Some(contact),
                Some(description),
                Some(planned_guest_count),
            ) => Ok(NewRequest {
                channel,
                requester,
                contact,
                topics,
                description,
                preferred_slots,
                planned_guest_count,
                // One fact: the guest marked Kepala Daerah is the claim that the Kepala Daerah
                // attends.
                regional_head_attends: guests.iter().any(|g| g.is_regional_head),
                guests,
                letter,
                received_on,
            }),
            // Every `None` above recorded an error, so this arm is unreachable in practice;
            // it stays an error rather than a panic.
            _ => Err(FieldErrors::single("", "Data permohonan tidak lengkap")),
        }
    }
}

fn parse_requester(
    input: &RequesterInput,
    reference: &dyn Reference,
    errors: &mut FieldErrors,
) -> Option<Requester> {
    let Some(kind) = input.kind else {
        errors.push("requester.kind", "Pilih jenis pengguna layanan");
        return None;
    };
    if kind.is_regional() {
        let raw = input.region_code.as_deref().unwrap_or("").trim();
        if raw.is_empty() {
            errors.push(
                "requester.region_code",
                "Pilih Pemda dari daftar wilayah resmi",
            );
            return None;
        }
        let code = errors.take("requester.region_code", RegionCode::parse(raw))?;
        if reference.region(&code).is_none() {
            errors.push(
                "requester.region_code",
                format!(
                    "Kode wilayah {} tidak ada dalam daftar wilayah Kemendagri",
                    quoted(raw)
                ),
            );
            return None;
        }
        Some(Requester::Regional { kind, region: code })
    } else {
        let name = errors.take(
            "requester.name",
            InstitutionName::parse(input.name.as_deref().unwrap_or(""), "Nama pengguna layanan"),
        )?;
        Some(Requester::Named { kind, name })
    }
}

fn parse_contact(input: &RequestInput, errors: &mut FieldErrors) -> Option<Contact> {
    let contact = &input.contact;
    let name = errors.take(
        "contact.name",
        PersonName::parse(&contact.name, "Nama narahubung"),
    );
    let whatsapp = errors.take(
        "contact.whatsapp",
        WhatsAppNumber::parse(&contact.whatsapp, "Nomor WhatsApp"),
    );
    let email = match contact.email.as_deref().map(str::trim) {
        None | Some("") => Some(None),
        Some(raw) => errors
            .take("contact.email", EmailAddress::parse(raw, "E-mail"))
            .map(Some),
    };
    Some(Contact {
        name: name?,
        whatsapp: whatsapp?,
        email: email?,
    })
}

fn parse_topics(
    raw: &[String],
    reference: &dyn Reference,
    errors: &mut FieldErrors,
) -> Vec<String> {
    if raw.is_empty() {
        errors.push("topics", "Pilih minimal satu topik konsultasi");
        return Vec::new();
    }
    if raw.len() > MAX_TOPICS {
        errors.push(
            "topics",
            format!("Paling banyak {MAX_TOPICS} topik (ada {})", raw.len()),
        );
        return Vec::new();
    }
    let mut seen = HashSet::new();
    let mut topics = Vec::new();
    for (index, code) in raw.iter().enumerate() {
        let code = code.trim();
        if !reference.has_topic(code) {
            errors.push(
                format!("topics[{index}]"),
                format!("Topik \"{}\" tidak dikenal", quoted(code)),
            );
        } else if seen.insert(code.to_owned()) {
            topics.push(code.to_owned());
        }
    }
    topics
}

fn parse_slots(input: &RequestInput, errors: &mut FieldErrors) -> Vec<DateTime<Utc>> {
    let raw = &input.preferred_slots;
    if raw.is_empty() || raw.len() > MAX_PREFERRED_SLOTS {
        errors.push(
            "preferred_slots",
            format!(
                "Isi satu sampai {MAX_PREFERRED_SLOTS} usulan jadwal (ada {})",
                raw.len()
            ),
        );
        return Vec::new();
    }
    let mut slots = Vec::new();
    for (index, slot) in raw.iter().enumerate() {
        let ordinal = index + 1;
        let date = errors.take(
            format!("preferred_slots[{index}].date"),
            parse_date(&slot.date, &format!("Tanggal usulan ke-{ordinal}")),
        );
        let time = errors.take(
            format!("preferred_slots[{index}].time"),
            parse_time(&slot.time, &format!("Jam usulan ke-{ordinal}")),
        );
        if let (Some(date), Some(time)) = (date, time) {
            let start = office_local_to_utc(date, time);
            if slots.contains(&start) {
                errors.push(
                    format!("preferred_slots[{index}].date"),
                    format!("Usulan jadwal ke-{ordinal} sama dengan usulan sebelumnya"),
                );
            } else {
                slots.push(start);
            }
        }
    }
    slots
}

fn parse_guests(raw: &[GuestInput], errors: &mut FieldErrors) -> Vec<Guest> {
    parse_guest_list(raw, "guests", errors)
}

/// Parses a list of guests whose fields are reported under `list` (`guests[1].name`).
pub fn parse_guest_list(raw: &[GuestInput], list: &str, errors: &mut FieldErrors) -> Vec<Guest> {
    if raw.len() > MAX_GUESTS {
        errors.push(
            list,
            format!("Paling banyak {MAX_GUESTS} nama tamu (ada {})", raw.len()),
        );
        return Vec::new();
    }
    let heads = raw.iter().filter(|g| g.is_regional_head).count();
    if heads > 1 {
        errors.push(
            list,
            format!("Hanya satu tamu yang dapat ditandai sebagai Kepala Daerah (ada {heads})"),
        );
    }
    let mut guests = Vec::new();
    for (index, guest) in raw.iter().enumerate() {
        let ordinal = index + 1;
        let field = |name: &str| format!("{list}[{index}].{name}");
        let name = errors.take(
            field("name"),
            PersonName::parse(&guest.name, &format!("Nama tamu ke-{ordinal}")),
        );
        let position = errors.take(
            field("position"),
            JobTitle::parse(&guest.position, &format!("Jabatan tamu ke-{ordinal}")),
        );
        let institution = errors.take(
            field("institution"),
            InstitutionName::parse(&guest.institution, &format!("Instansi tamu ke-{ordinal}")),
        );
        let contact = match guest.contact.as_deref().map(str::trim) {
            None | Some("") => Some(None),
            Some(raw) => errors
                .take(
                    field("contact"),
                    GuestContact::parse(raw, &format!("Kontak tamu ke-{ordinal}")),
                )
                .map(Some),
        };
        if let (Some(name), Some(position), Some(institution), Some(contact)) =
            (name, position, institution, contact)
        {
            guests.push(Guest {
                name,
                position,
                institution,
                contact,
                is_regional_head: guest.is_regional_head,
            });
        }
    }
    guests
}

fn parse_letter(input: &LetterInput, errors: &mut FieldErrors) -> Option<RequestLetter> {
    let number = errors.take(
        "letter.number",
        LetterNumber::parse(&input.number, "Nomor surat"),
    );
    let date = errors.take("letter.date", parse_date(&input.date, "Tanggal surat"));
    let subject = errors.take(
        "letter.subject",
        LetterLine::parse(&input.subject, "Perihal surat"),
    );
    let addressee = errors.take(
        "letter.addressee",
        LetterLine::parse(&input.addressee, "Tujuan surat"),
    );
    let signer = errors.take(
        "letter.signer",
        PersonName::parse(&input.signer, "Penandatangan surat"),
    );
    let scan = match &input.scan {
        None => Some(None),
        Some(upload) => errors
            .take(
                "letter.scan",
                LetterScan::from_base64(&upload.file_name, &upload.content_base64),
            )
            .map(Some),
    };
    Some(RequestLetter {
        number: number?,
        date: date?,
        subject: subject?,
        addressee: addressee?,
        signer: signer?,
        scan: scan?,
    })
}
