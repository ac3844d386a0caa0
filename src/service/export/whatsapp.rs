//! The confirmation message a desk pastes into WhatsApp.

use super::{StandingBooking, channel_words, place_of, standing_booking, when_label};
use crate::domain::Channel;
use crate::error::Result;
use crate::store::Store;

/// A confirmation message to paste into WhatsApp (its *bold* markup included).
pub async fn whatsapp_message(store: &Store, request_id: i64) -> Result<String> {
    let StandingBooking {
        detail,
        booking,
        settings,
        cap,
        starts,
        ends,
    } = standing_booking(store, request_id).await?;
    let topics: Vec<&str> = detail.topics.iter().map(|t| t.name.as_str()).collect();
    let mut lines = vec![
        "*Konfirmasi Jadwal Konsultasi DJPK*".to_owned(),
        String::new(),
        format!("Yth. Bapak/Ibu {},", detail.contact.name),
        format!(
            "dengan hormat kami sampaikan jadwal konsultasi {} {} dengan Direktorat Jenderal Perimbangan Keuangan:",
            channel_words(detail.channel),
            detail.requester.label
        ),
        String::new(),
        format!(
            "*Waktu:* {}",
            when_label(starts, ends, detail.requester.zone)
        ),
    ];
    match (&booking.room_name, &booking.meeting_url) {
        (Some(_), _) => lines.push(format!(
            "*Tempat:* {}",
            place_of(&booking).unwrap_or_default()
        )),
        (None, Some(url)) => lines.push(format!("*Tautan Microsoft Teams:* {url}")),
        (None, None) => lines.push("*Tautan Microsoft Teams:* akan kami kirimkan kemudian".into()),
    }
    lines.push(format!("*Topik:* {}", topics.join(", ")));
    lines.push(format!("*Unit:* {}", booking.unit_name));
    lines.push(format!("*Jumlah peserta:* paling banyak {cap} orang"));
    if let Some(letter) = &detail.letter {
        lines.push(format!("*Surat permintaan:* {}", letter.number));
    }
    lines.push(String::new());
    if detail.channel == Channel::InPerson {
        lines.push(
            "Mohon peserta hadir 15 menit sebelum jadwal dengan membawa kartu identitas.".into(),
        );
    }
    lines.push("Mohon balas pesan ini untuk mengonfirmasi kehadiran. Terima kasih.".into());
    lines.push(String::new());
    lines.push(settings.organizer_name);
    Ok(lines.join("\n"))
}
