//! The desk's policy: the numbers S-38/PK/2023 and SE-1/PK.1/2023 leave to DJPK, the working
//! calendar, and the rules that judge a request against them.
//!
//! Everything here is pure: rules receive the request, the policy in force, the calendar, the
//! bookings that matter and `now`, and return findings. The store loads those inputs; the
//! services decide what a Block finding refuses.

pub mod bookings;
pub mod calendar;
pub mod rules;
pub mod slots;

use chrono::{NaiveDate, NaiveTime, Weekday};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::validate::{FieldErrors, parse_time};

/// A session window in WIB, as settings store and show it ("08:00"–"16:00").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct SessionWindowSettings {
    pub start: String,
    pub end: String,
}

/// How long one consultation may be booked for, in minutes: in Settings, when searching for
/// slots and when scheduling.
pub const DURATION_MINUTES: std::ops::RangeInclusive<u32> = 15..=480;

/// Session windows one day may have.
pub const MAX_WINDOWS_PER_DAY: usize = 8;

/// The Indonesian refusal of a consultation length outside [`DURATION_MINUTES`].
pub fn check_duration(minutes: u32) -> Result<u32, String> {
    if DURATION_MINUTES.contains(&minutes) {
        Ok(minutes)
    } else {
        Err(format!(
            "Durasi harus {} sampai {} menit, bukan {minutes}",
            DURATION_MINUTES.start(),
            DURATION_MINUTES.end()
        ))
    }
}

/// The editable numbers of the policy, as stored (JSON) and as the Settings screen edits them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(deny_unknown_fields)]
pub struct PolicySettings {
    /// Most guests a tatap muka delegation may bring.
    pub guest_cap_in_person: u32,
    /// Most participants of a video conference.
    pub guest_cap_video: u32,
    /// Working days between receiving the request and a tatap muka slot.
    pub lead_days_in_person: u32,
    /// Working days between receiving the request and a video conference slot.
    pub lead_days_video: u32,
    /// Session windows per weekday in WIB, Monday first (seven entries; empty = closed).
    pub weekly_windows: Vec<Vec<SessionWindowSettings>>,
    /// Minutes kept free between two bookings of one room or one resource person.
    pub buffer_minutes: u32,
    /// Most tatap muka consultations on one day.
    pub daily_cap_in_person: u32,
    /// Length of a consultation unless staff choose otherwise.
    pub default_duration_minutes: u32,
}

impl Default for PolicySettings {
    /// The defaults of DESIGN §4. None is given by the letters themselves: they are the desk's
    /// working assumptions, editable in Settings.
    fn default() -> Self {
        let office_day = || {
            vec![SessionWindowSettings {
                start: "08:00".into(),
                end: "16:00".into(),
            }]
        };
        Self {
            guest_cap_in_person: 5,
            guest_cap_video: 20,
            lead_days_in_person: 5,
            lead_days_video: 2,
            weekly_windows: vec![
                office_day(),
                office_day(),
                office_day(),
                office_day(),
                office_day(),
                Vec::new(),
                Vec::new(),
            ],
            buffer_minutes: 15,
            daily_cap_in_person: 4,
            default_duration_minutes: 60,
        }
    }
}

/// A half-open interval of wall-clock time in WIB.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SessionWindow {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

/// Session windows for each weekday, Monday first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WeeklyWindows([Vec<SessionWindow>; 7]);

impl WeeklyWindows {
    pub fn on(&self, weekday: Weekday) -> &[SessionWindow] {
        &self.0[weekday.num_days_from_monday() as usize]
    }

    /// Parses seven days of windows; `field` prefixes error paths.
    pub fn parse(
        days: &[Vec<SessionWindowSettings>],
        field: &str,
        errors: &mut FieldErrors,
    ) -> Option<Self> {
        if days.len() != 7 {
            errors.push(
                field,
                format!(
                    "Jam layanan harus diisi untuk 7 hari (Senin–Minggu), ada {}",
                    days.len()
                ),
            );
            return None;
        }
        let mut parsed: [Vec<SessionWindow>; 7] = Default::default();
        for (day, windows) in days.iter().enumerate() {
            let day_name =
                crate::time::day_name(Weekday::try_from(day as u8).unwrap_or(Weekday::Mon));
            // A day has a morning and an afternoon session, rarely more; the overlap check
            // below compares every pair, so an absurd count is refused before it.
            if windows.len() > MAX_WINDOWS_PER_DAY {
                errors.push(
                    format!("{field}[{day}]"),
                    format!(
                        "Jam layanan {day_name} paling banyak {MAX_WINDOWS_PER_DAY} sesi, bukan {}",
                        windows.len()
                    ),
                );
                continue;
            }
            for (index, window) in windows.iter().enumerate() {
                let at = format!("{field}[{day}][{index}]");
                let start = errors.take(
                    format!("{at}.start"),
                    parse_time(&window.start, &format!("Jam mulai layanan {day_name}")),
                );
                let end = errors.take(
                    format!("{at}.end"),
                    parse_time(&window.end, &format!("Jam selesai layanan {day_name}")),
                );
                if let (Some(start), Some(end)) = (start, end) {
                    if start >= end {
                        errors.push(
                            format!("{at}.end"),
                            format!("Jam selesai layanan {day_name} harus setelah jam mulai"),
                        );
                    } else if parsed[day].iter().any(|w| start < w.end && w.start < end) {
                        errors.push(
                            format!("{at}.start"),
                            format!("Jam layanan {day_name} saling tumpang tindih"),
                        );
                    } else {
                        parsed[day].push(SessionWindow { start, end });
                    }
                }
            }
            parsed[day].sort_by_key(|w| w.start);
        }
        Some(Self(parsed))
    }

    pub fn to_settings(&self) -> Vec<Vec<SessionWindowSettings>> {
        self.0
            .iter()
            .map(|day| {
                day.iter()
                    .map(|w| SessionWindowSettings {
                        start: w.start.format("%H:%M").to_string(),
                        end: w.end.format("%H:%M").to_string(),
                    })
                    .collect()
            })
            .collect()
    }
}

/// The policy as rules read it: checked numbers and parsed windows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub guest_cap_in_person: u32,
    pub guest_cap_video: u32,
    pub lead_days_in_person: u32,
    pub lead_days_video: u32,
    pub weekly_windows: WeeklyWindows,
    pub buffer_minutes: u32,
    pub daily_cap_in_person: u32,
    pub default_duration_minutes: u32,
}

impl Policy {
    pub fn parse(settings: &PolicySettings) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let mut bounded = |field: &str, label: &str, value: u32, min: u32, max: u32| {
            if !(min..=max).contains(&value) {
                errors.push(
                    field,
                    format!("{label} harus {min} sampai {max}, bukan {value}"),
                );
            }
        };
        bounded(
            "guest_cap_in_person",
            "Batas tamu tatap muka",
            settings.guest_cap_in_person,
            1,
            100,
        );
        bounded(
            "guest_cap_video",
            "Batas peserta video conference",
            settings.guest_cap_video,
            1,
            500,
        );
        bounded(
            "lead_days_in_person",
            "Tenggang hari kerja tatap muka",
            settings.lead_days_in_person,
            0,
            60,
        );
        bounded(
            "lead_days_video",
            "Tenggang hari kerja video conference",
            settings.lead_days_video,
            0,
            60,
        );
        bounded(
            "buffer_minutes",
            "Jeda antarjadwal (menit)",
            settings.buffer_minutes,
            0,
            240,
        );
        bounded(
            "daily_cap_in_person",
            "Kuota tatap muka per hari",
            settings.daily_cap_in_person,
            1,
            50,
        );
        bounded(
            "default_duration_minutes",
            "Durasi baku (menit)",
            settings.default_duration_minutes,
            *DURATION_MINUTES.start(),
            *DURATION_MINUTES.end(),
        );
        let weekly_windows =
            WeeklyWindows::parse(&settings.weekly_windows, "weekly_windows", &mut errors);
        match weekly_windows {
            Some(weekly_windows) if errors.is_empty() => Ok(Self {
                guest_cap_in_person: settings.guest_cap_in_person,
                guest_cap_video: settings.guest_cap_video,
                lead_days_in_person: settings.lead_days_in_person,
                lead_days_video: settings.lead_days_video,
                weekly_windows,
                buffer_minutes: settings.buffer_minutes,
                daily_cap_in_person: settings.daily_cap_in_person,
                default_duration_minutes: settings.default_duration_minutes,
            }),
            _ => Err(errors),
        }
    }

    pub fn guest_cap(&self, channel: crate::domain::Channel) -> u32 {
        match channel {
            crate::domain::Channel::InPerson => self.guest_cap_in_person,
            crate::domain::Channel::VideoConference => self.guest_cap_video,
        }
    }

    pub fn lead_days(&self, channel: crate::domain::Channel) -> u32 {
        match channel {
            crate::domain::Channel::InPerson => self.lead_days_in_person,
            crate::domain::Channel::VideoConference => self.lead_days_video,
        }
    }
}

impl Default for Policy {
    fn default() -> Self {
        // The shipped defaults always parse; a test guards it.
        Policy::parse(&PolicySettings::default()).unwrap_or_else(|_| Policy {
            guest_cap_in_person: 5,
            guest_cap_video: 20,
            lead_days_in_person: 5,
            lead_days_video: 2,
            weekly_windows: WeeklyWindows(Default::default()),
            buffer_minutes: 15,
            daily_cap_in_person: 4,
            default_duration_minutes: 60,
        })
    }
}

/// One version of the policy, in force from `effective_from` until a later version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyVersion {
    pub id: i64,
    pub effective_from: NaiveDate,
    pub policy: Policy,
}

/// Picks the version in force on `date`: the latest one effective on or before it, the most
/// recently created among equals. Before the first version, the first one applies.
pub fn version_in_force(versions: &[PolicyVersion], date: NaiveDate) -> Option<&PolicyVersion> {
    versions
        .iter()
        .filter(|v| v.effective_from <= date)
        .max_by_key(|v| (v.effective_from, v.id))
        .or_else(|| versions.iter().min_by_key(|v| (v.effective_from, v.id)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shipped_defaults_parse_and_match_design() {
        let policy = Policy::parse(&PolicySettings::default()).expect("defaults parse");
        assert_eq!(policy.guest_cap_in_person, 5);
        assert_eq!(policy.lead_days_in_person, 5);
        assert_eq!(policy.lead_days_video, 2);
        assert_eq!(policy.buffer_minutes, 15);
        assert_eq!(policy.daily_cap_in_person, 4);
        assert_eq!(policy.weekly_windows.on(Weekday::Fri).len(), 1);
        assert!(policy.weekly_windows.on(Weekday::Sat).is_empty());
        assert_eq!(Policy::default(), policy);
    }

    #[test]
    fn a_day_with_absurdly_many_sessions_is_refused_by_field() {
        let mut settings = PolicySettings::default();
        settings.weekly_windows[1] = (0..=MAX_WINDOWS_PER_DAY)
            .map(|hour| SessionWindowSettings {
                start: format!("{:02}:00", 8 + hour),
                end: format!("{:02}:30", 8 + hour),
            })
            .collect();
        let errors = Policy::parse(&settings).expect_err("refused");
        let fields: Vec<&str> = errors.as_slice().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["weekly_windows[1]"]);
        settings.weekly_windows[1].truncate(MAX_WINDOWS_PER_DAY);
        assert!(
            Policy::parse(&settings).is_ok(),
            "eight sessions are allowed"
        );
    }

    #[test]
    fn durations_outside_a_working_day_are_refused() {
        assert_eq!(check_duration(15), Ok(15));
        assert_eq!(check_duration(480), Ok(480));
        assert!(check_duration(14).is_err());
        assert!(check_duration(100_000).is_err());
    }

    #[test]
    fn bad_settings_name_their_fields() {
        let mut settings = PolicySettings {
            guest_cap_in_person: 0,
            ..PolicySettings::default()
        };
        settings.weekly_windows[2] = vec![SessionWindowSettings {
            start: "15:00".into(),
            end: "09:00".into(),
        }];
        settings.weekly_windows.pop();
        let errors = Policy::parse(&settings).expect_err("refused");
        let fields: Vec<&str> = errors.as_slice().iter().map(|e| e.field.as_str()).collect();
        assert!(fields.contains(&"guest_cap_in_person"), "{fields:?}");
        assert!(fields.contains(&"weekly_windows"), "{fields:?}");

        let mut overlapping = PolicySettings::default();
        overlapping.weekly_windows[0].push(SessionWindowSettings {
            start: "15:00".into(),
            end: "17:00".into(),
        });
        let errors = Policy::parse(&overlapping).expect_err("overlap");
        assert_eq!(errors.as_slice()[0].field, "weekly_windows[0][1].start");
    }

    #[test]
    fn the_version_in_force_is_the_latest_effective_one() {
        let version = |id, date: &str| PolicyVersion {
            id,
            effective_from: NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
            policy: Policy::default(),
        };
        let versions = vec![
            version(1, "2023-03-17"),
            version(2, "2026-01-01"),
            version(3, "2026-01-01"),
        ];
        let on = |date: &str| {
            version_in_force(
                &versions,
                NaiveDate::parse_from_str(date, "%Y-%m-%d").expect("date"),
            )
            .map(|v| v.id)
        };
        assert_eq!(on("2025-12-31"), Some(1));
        assert_eq!(on("2026-01-01"), Some(3));
        assert_eq!(on("2020-01-01"), Some(1));
        assert_eq!(version_in_force(&[], NaiveDate::MIN), None);
    }
}
