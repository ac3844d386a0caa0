//! Calendar files: the invite of one booking (to the delegation and the resource persons) and
//! the staff calendar of a range of days.

use chrono::{DateTime, NaiveDate, NaiveTime, Utc};

use super::{ExportedFile, ICS_MIME, booking_of, channel_words, place_of, when_label};
use crate::api::{CalendarFilter, RequestDetail};
use crate::error::{Error, Result};
use crate::export::ics::{
    AttendeeRole, CalendarEvent, Invite, InviteAttendee, InviteMethod, Party,
};
use crate::service::get_request;
use crate::service::scheduling::{guest_cap, guest_cap_in};
use crate::service::setup::{Document, require_ready};
use crate::store::Store;
use crate::store::exports::{self as db, BookedPerson, ExportBooking};
use crate::time::office_local_to_utc;
use crate::validate::{EmailAddress, FieldErrors, WhatsAppNumber, parse_date};

/// The invite file of a request's booking: METHOD:REQUEST while it stands, METHOD:CANCEL once
/// it was cancelled. `cancel` asks for the cancellation explicitly and is refused while the
/// booking still stands (the calendars would lose a meeting that still takes place).
pub async fn invite(
    store: &Store,
    request_id: i64,
    cancel: bool,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let detail = get_request(store, request_id).await?;
    let booking = booking_of(store, &detail).await?;
    if cancel && booking.active {
        return Err(Error::Conflict {
            message: format!(
                "Jadwal permohonan #{request_id} masih berlaku; batalkan permohonannya lebih dulu"
            ),
            findings: Vec::new(),
        });
    }
    let method = if booking.active {
        InviteMethod::Request
    } else {
        InviteMethod::Cancel
    };
    let invite = booking_invite(store, &detail, &booking, method).await?;
    let suffix = match method {
        InviteMethod::Request => "undangan",
        InviteMethod::Cancel => "pembatalan",
    };
    Ok(ExportedFile {
        file_name: format!("konsultasi-{request_id}-{suffix}.ics"),
        mime_type: ICS_MIME,
        bytes: crate::export::ics::invite(&invite, now).into_bytes(),
        warnings: Vec::new(),
    })
}

/// The invite of `booking` with `method`, as the file and the e-mail carry it; refused while
/// the organizer is still the seeded example.
pub(crate) async fn booking_invite(
    store: &Store,
    detail: &RequestDetail,
    booking: &ExportBooking,
    method: InviteMethod,
) -> Result<Invite> {
    let settings = db::settings(store).await?;
    require_ready(&settings, Document::Invite)?;
    let cap = guest_cap(store, detail).await?;
    let persons = db::booking_resource_persons(store, booking.id).await?;
    Ok(Invite {
        method,
        event: calendar_event(detail, booking, cap)?,
        organizer: Party::email(&settings.organizer_name, &settings.organizer_email),
        attendees: attendees(detail, &persons),
        reminder_minutes: u32::try_from(settings.reminder_minutes)
            .ok()
            .filter(|m| *m > 0),
    })
}

fn calendar_event(
    detail: &RequestDetail,
    booking: &ExportBooking,
    cap: u32,
) -> Result<CalendarEvent> {
    let (starts_at, ends_at) = (booking.starts_at, booking.ends_at);
    let topics: Vec<&str> = detail.topics.iter().map(|t| t.name.as_str()).collect();
    let mut description = vec![
        format!(
            "Konsultasi {} Direktorat Jenderal Perimbangan Keuangan",
            channel_words(detail.channel)
        ),
        format!("Pengguna layanan: {}", detail.requester.label),
        format!(
            "Waktu: {}",
            when_label(starts_at, ends_at, detail.requester.zone)
        ),
        format!("Topik: {}", topics.join(", ")),
        format!("Unit: {}", booking.unit_name),
    ];
    if let Some(letter) = &detail.letter {
        description.push(format!(
            "Surat permintaan: nomor {} tanggal {} perihal {}",
            letter.number,
            NaiveDate::parse_from_str(&letter.date, "%Y-%m-%d")
                .map(crate::time::format_date)
                .unwrap_or_else(|_| letter.date.clone()),
            letter.subject
        ));
    }
    description.push(format!(
        "Jumlah tamu paling banyak {cap} orang (direncanakan {} orang)",
        detail.planned_guest_count
    ));
    if let Some(url) = &booking.meeting_url {
        description.push(format!("Tautan Microsoft Teams: {url}"));
    }
    description.push(format!(
        "Narahubung Pemda: {} ({})",
        detail.contact.name, detail.contact.whatsapp
    ));
    description.push(format!("Nomor permohonan: {}", detail.id));
    Ok(CalendarEvent {
        uid: booking.ical_uid.clone(),
        sequence: u32::try_from(booking.sequence).unwrap_or(0),
        starts_at,
        ends_at,
        summary: format!(
            "Konsultasi {} DJPK: {}",
            channel_words(detail.channel),
            detail.requester.label
        ),
        description: description.join("\n"),
        location: place_of(booking).or_else(|| {
            booking
                .meeting_url
                .as_ref()
                .map(|_| "Microsoft Teams (video conference)".to_owned())
        }),
        url: booking.meeting_url.clone(),
        confirmed: detail.status == crate::domain::RequestStatus::Confirmed,
    })
}

/// The delegation (its contact person and each registered guest with an address) and the DJPK
/// resource persons with an e-mail address. A guest known only by name is named in no ATTENDEE:
/// a calendar address must reach someone.
fn attendees(detail: &RequestDetail, resource_persons: &[BookedPerson]) -> Vec<InviteAttendee> {
    let mut list = vec![InviteAttendee {
        party: match &detail.contact.email {
            Some(email) => Party::email(&detail.contact.name, email),
            None => Party::phone(&detail.contact.name, &detail.contact.whatsapp),
        },
        role: AttendeeRole::Required,
    }];
    for guest in &detail.guests {
        let Some(contact) = guest.contact.as_deref() else {
            continue;
        };
        let party = if let Ok(email) = EmailAddress::parse(contact, "") {
            Party::email(&guest.name, email.as_str())
        } else if let Ok(phone) = WhatsAppNumber::parse(contact, "") {
            Party::phone(&guest.name, phone.as_str())
        } else {
            continue;
        };
        if list.iter().any(|a| a.party.address == party.address) {
            continue;
        }
        list.push(InviteAttendee {
            party,
            role: AttendeeRole::Required,
        });
    }
    for (index, person) in resource_persons.iter().enumerate() {
        if let Some(email) = &person.email {
            list.push(InviteAttendee {
                party: Party::email(&person.name, email),
                // The first resource person leads the consultation.
                role: if index == 0 {
                    AttendeeRole::Chair
                } else {
                    AttendeeRole::Required
                },
            });
        }
    }
    list
}

/// Every active booking in a range of WIB days (and the optional filters), as one calendar for
/// the staff: METHOD:PUBLISH, no attendees.
pub async fn calendar(
    store: &Store,
    input: &CalendarFilter,
    now: DateTime<Utc>,
) -> Result<ExportedFile> {
    let mut errors = FieldErrors::default();
    let from = errors.take("from", parse_date(&input.from, "Tanggal awal"));
    let to = errors.take("to", parse_date(&input.to, "Tanggal akhir"));
    if let (Some(from), Some(to)) = (from, to) {
        if to < from {
            errors.push("to", "Tanggal akhir tidak boleh sebelum tanggal awal");
        } else if (to - from).num_days() > 366 {
            errors.push("to", "Rentang kalender paling panjang satu tahun");
        }
    }
    let (Some(from), Some(to)) = (from, to) else {
        return Err(errors.into());
    };
    if !errors.is_empty() {
        return Err(errors.into());
    }
    let midnight = |date: NaiveDate| office_local_to_utc(date, NaiveTime::MIN);
    let day_after = to.succ_opt().unwrap_or(to);
    let bookings = db::bookings_between(store, midnight(from), midnight(day_after)).await?;
    let policy_data = store.policy_data().await?;
    let mut events = Vec::with_capacity(bookings.len());
    for booking in bookings {
        if input.channel.is_some_and(|c| c != booking.channel)
            || input
                .unit_code
                .as_ref()
                .is_some_and(|u| *u != booking.unit_code)
            || input
                .room_code
                .as_ref()
                .is_some_and(|r| Some(r) != booking.room_code.as_ref())
        {
            continue;
        }
        let detail = get_request(store, booking.request_id).await?;
        let cap = guest_cap_in(&policy_data, &detail)?;
        events.push(calendar_event(&detail, &booking, cap)?);
    }
    let settings = db::settings(store).await?;
    let organizer = Party::email(&settings.organizer_name, &settings.organizer_email);
    let name = format!(
        "Konsultasi DJPK {} s.d. {}",
        crate::time::format_date(from),
        crate::time::format_date(to)
    );
    Ok(ExportedFile {
        file_name: format!("kalender-konsultasi-{from}-sd-{to}.ics"),
        mime_type: ICS_MIME,
        bytes: crate::export::ics::published_calendar(&name, &organizer, &events, now).into_bytes(),
        warnings: Vec::new(),
    })
}
