//! Time as the desk reads it: instants in UTC, shown in WIB and in the requester's own zone.
//!
//! The office runs on Asia/Jakarta. Nothing here reads the clock: callers pass `now`
//! (see [`system_now`], the one sanctioned reader, used only by the outermost layers).

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeZone, Utc, Weekday};
use chrono_tz::Tz;

use crate::domain::region::ZoneLabel;

/// The zone the office works in.
pub const OFFICE_TZ: Tz = chrono_tz::Asia::Jakarta;

/// The current instant, for the CLI and the desktop shell to pass inwards.
#[allow(clippy::disallowed_methods)]
pub fn system_now() -> DateTime<Utc> {
    Utc::now()
}

/// The instant of a wall-clock time at the office.
pub fn office_local_to_utc(date: NaiveDate, time: NaiveTime) -> DateTime<Utc> {
    // Asia/Jakarta has had no transitions since 1964, so every local time maps to one instant.
    OFFICE_TZ
        .from_local_datetime(&date.and_time(time))
        .earliest()
        .map(|local| local.with_timezone(&Utc))
        .unwrap_or_else(|| {
            Utc.from_utc_datetime(&(date.and_time(time) - chrono::Duration::hours(7)))
        })
}

/// The office's (WIB) calendar day of an instant.
pub fn office_day(instant: DateTime<Utc>) -> NaiveDate {
    instant.with_timezone(&OFFICE_TZ).date_naive()
}

/// The instants a WIB day starts and the next one starts, as stored instants compare.
pub fn office_day_bounds(day: NaiveDate) -> (DateTime<Utc>, DateTime<Utc>) {
    let start = office_local_to_utc(day, NaiveTime::MIN);
    (start, start + chrono::Duration::days(1))
}

/// Writes an instant the way Indonesian forms and databases exchange it: `2026-12-03T02:00:00Z`.
pub fn to_rfc3339(instant: DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

pub fn parse_rfc3339(text: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

pub fn day_name(weekday: Weekday) -> &'static str {
    match weekday {
        Weekday::Mon => "Senin",
        Weekday::Tue => "Selasa",
        Weekday::Wed => "Rabu",
        Weekday::Thu => "Kamis",
        Weekday::Fri => "Jumat",
        Weekday::Sat => "Sabtu",
        Weekday::Sun => "Minggu",
    }
}

pub fn month_name(month: u32) -> &'static str {
    const MONTHS: [&str; 12] = [
        "Januari",
        "Februari",
        "Maret",
        "April",
        "Mei",
        "Juni",
        "Juli",
        "Agustus",
        "September",
        "Oktober",
        "November",
        "Desember",
    ];
    MONTHS[(month as usize).saturating_sub(1) % 12]
}

/// "17 Maret 2023"
pub fn format_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        month_name(date.month()),
        date.year()
    )
}

/// "Jumat, 17 Maret 2023"
pub fn format_date_with_day(date: NaiveDate) -> String {
    format!("{}, {}", day_name(date.weekday()), format_date(date))
}

/// "09.00 WIB": Indonesian usage separates hours and minutes with a full stop.
pub fn format_time(time: NaiveTime, zone: ZoneLabel) -> String {
    format!("{} {}", time.format("%H.%M"), zone.as_str())
}

/// "Kamis, 3 Desember 2026 09.00 WIB (11.00 WIT)": the office's time first, then the
/// requester's own in brackets when it differs (led by its day's name when that differs too:
/// "23.30 WIB (Jumat, 01.30 WIT)"). The label is one piece of text, shown whole.
pub fn slot_label(instant: DateTime<Utc>, requester_tz: Tz) -> String {
    let office = instant.with_timezone(&OFFICE_TZ);
    let mut label = format!(
        "{} {}",
        format_date_with_day(office.date_naive()),
        format_time(office.time(), ZoneLabel::Wib)
    );
    if let Some(local) = local_time_label(instant, requester_tz) {
        label.push_str(&format!(" ({local})"));
    }
    label
}

/// "09.00–10.00 WIB (11.00–12.00 WIT)": when a booking runs, in WIB and, for a requester in
/// another zone, in the requester's own clock too.
pub fn span_label(starts: DateTime<Utc>, ends: DateTime<Utc>, zone: ZoneLabel) -> String {
    let span = |tz: Tz, zone: ZoneLabel| {
        let (from, to) = (starts.with_timezone(&tz), ends.with_timezone(&tz));
        format!("{}–{}", from.format("%H.%M"), format_time(to.time(), zone))
    };
    let office = span(OFFICE_TZ, ZoneLabel::Wib);
    if zone == ZoneLabel::Wib {
        office
    } else {
        format!("{office} ({})", span(zone.tz(), zone))
    }
}

/// The requester's own clock time of `instant` ("11.00 WIT", led by the day's name when the
/// date differs from WIB's: "Selasa, 00.30 WITA"), or `None` for a requester in WIB: for places
/// such as the calendar that already show the WIB time.
pub fn local_time_label(instant: DateTime<Utc>, requester_tz: Tz) -> Option<String> {
    let zone = ZoneLabel::of(requester_tz).filter(|zone| *zone != ZoneLabel::Wib)?;
    let office = instant.with_timezone(&OFFICE_TZ);
    let local = instant.with_timezone(&requester_tz);
    let time = format_time(local.time(), zone);
    Some(if local.date_naive() != office.date_naive() {
        format!("{}, {time}", day_name(local.weekday()))
    } else {
        time
    })
}

/// The whole minutes from `starts` to `ends` (0 if it ends first): how long a booking runs.
pub fn minutes_between(starts: DateTime<Utc>, ends: DateTime<Utc>) -> u32 {
    u32::try_from((ends - starts).num_minutes()).unwrap_or(0)
}

/// The office's (WIB) date `YYYY-MM-DD` and clock `HH:MM` of an instant, as date and time
/// inputs take them.
pub fn office_date_and_clock(instant: DateTime<Utc>) -> (String, String) {
    let office = instant.with_timezone(&OFFICE_TZ);
    (
        office.format("%Y-%m-%d").to_string(),
        office.format("%H:%M").to_string(),
    )
}

/// "Selasa, 8 Desember 2026 10.15 WIB": an instant at the office, for logs and histories.
pub fn office_label(instant: DateTime<Utc>) -> String {
    slot_label(instant, OFFICE_TZ)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
    }

    #[test]
    fn a_span_gives_the_requesters_own_clock_in_brackets_outside_wib() {
        let start = office_local_to_utc(
            date(2026, 12, 7),
            NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        );
        let end = start + chrono::Duration::minutes(90);
        assert_eq!(span_label(start, end, ZoneLabel::Wib), "09.00–10.30 WIB");
        assert_eq!(
            span_label(start, end, ZoneLabel::Wit),
            "09.00–10.30 WIB (11.00–12.30 WIT)"
        );
        assert_eq!(
            span_label(start, end, ZoneLabel::Wita),
            "09.00–10.30 WIB (10.00–11.30 WITA)"
        );
    }

    #[test]
    fn the_local_time_alone_is_given_only_outside_wib() {
        let nine_wib = office_local_to_utc(
            date(2026, 12, 7),
            NaiveTime::from_hms_opt(9, 0, 0).expect("time"),
        );
        assert_eq!(local_time_label(nine_wib, OFFICE_TZ), None);
        assert_eq!(
            local_time_label(nine_wib, chrono_tz::Asia::Jayapura).as_deref(),
            Some("11.00 WIT")
        );
        let late = office_local_to_utc(
            date(2026, 12, 7),
            NaiveTime::from_hms_opt(23, 30, 0).expect("time"),
        );
        assert_eq!(
            local_time_label(late, chrono_tz::Asia::Makassar).as_deref(),
            Some("Selasa, 00.30 WITA")
        );
    }

    fn time(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).expect("valid time")
    }

    #[test]
    fn office_clock_length_and_label_of_an_instant() {
        let start = parse_rfc3339("2026-12-06T17:05:00Z").expect("instant");
        assert_eq!(
            office_date_and_clock(start),
            ("2026-12-07".to_owned(), "00:05".to_owned())
        );
        assert_eq!(office_label(start), "Senin, 7 Desember 2026 00.05 WIB");
        assert_eq!(
            minutes_between(start, start + chrono::Duration::minutes(90)),
            90
        );
        assert_eq!(
            minutes_between(start, start - chrono::Duration::hours(1)),
            0
        );
    }

    #[test]
    fn indonesian_dates() {
        assert_eq!(
            format_date_with_day(date(2023, 3, 17)),
            "Jumat, 17 Maret 2023"
        );
        assert_eq!(format_date(date(2026, 12, 3)), "3 Desember 2026");
    }

    #[test]
    fn office_time_is_utc_plus_seven() {
        let instant = office_local_to_utc(date(2026, 12, 3), time(9, 0));
        assert_eq!(to_rfc3339(instant), "2026-12-03T02:00:00Z");
        assert_eq!(parse_rfc3339("2026-12-03T02:00:00Z"), Some(instant));
    }

    #[test]
    fn slot_labels_show_wib_and_the_requesters_zone() {
        let instant = office_local_to_utc(date(2026, 12, 3), time(9, 0));
        assert_eq!(
            slot_label(instant, chrono_tz::Asia::Pontianak),
            "Kamis, 3 Desember 2026 09.00 WIB"
        );
        assert_eq!(
            slot_label(instant, chrono_tz::Asia::Makassar),
            "Kamis, 3 Desember 2026 09.00 WIB (10.00 WITA)"
        );
        assert_eq!(
            slot_label(instant, chrono_tz::Asia::Jayapura),
            "Kamis, 3 Desember 2026 09.00 WIB (11.00 WIT)"
        );
        let late = office_local_to_utc(date(2026, 12, 3), time(23, 30));
        assert_eq!(
            slot_label(late, chrono_tz::Asia::Jayapura),
            "Kamis, 3 Desember 2026 23.30 WIB (Jumat, 01.30 WIT)"
        );
    }
}
