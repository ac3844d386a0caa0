//! The working calendar: which days the desk serves and in which hours.
//!
//! A day is a working day when it has at least one session window: its weekday's windows from
//! the policy, replaced by a date-ranged override (e.g. Ramadan hours) where one applies, and
//! none at all on a national holiday or cuti bersama.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{Policy, SessionWindow, WeeklyWindows};
use crate::domain::stored_enum;
use crate::validate::{FieldErrors, HolidayName, check_year, parse_date};

stored_enum!(
    /// Why a day is closed.
    HolidayKind {
        /// A national holiday (*hari libur nasional*).
        National => "national",
        /// A collective leave day set by joint ministerial decree (*cuti bersama*).
        CutiBersama => "cuti_bersama",
        /// A day the office closes for its own reasons.
        Office => "office",
    }
);

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Holiday {
    /// `YYYY-MM-DD`
    pub date: String,
    pub name: String,
    pub kind: HolidayKind,
}

/// Different session hours for a range of dates, e.g. Ramadan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionOverride {
    pub label: String,
    pub from: NaiveDate,
    /// Inclusive.
    pub to: NaiveDate,
    pub windows: WeeklyWindows,
}

#[derive(Debug, Clone, Default)]
pub struct WorkingCalendar {
    holidays: BTreeMap<NaiveDate, Vec<(String, HolidayKind)>>,
    overrides: Vec<SessionOverride>,
}

impl WorkingCalendar {
    pub fn new(
        holidays: impl IntoIterator<Item = (NaiveDate, String, HolidayKind)>,
        overrides: Vec<SessionOverride>,
    ) -> Self {
        let mut by_date: BTreeMap<NaiveDate, Vec<(String, HolidayKind)>> = BTreeMap::new();
        for (date, name, kind) in holidays {
            by_date.entry(date).or_default().push((name, kind));
        }
        Self {
            holidays: by_date,
            overrides,
        }
    }

    /// The names of the holidays on `date`, if it is one.
    pub fn holidays_on(&self, date: NaiveDate) -> &[(String, HolidayKind)] {
        self.holidays.get(&date).map(Vec::as_slice).unwrap_or(&[])
    }

    pub fn override_on(&self, date: NaiveDate) -> Option<&SessionOverride> {
        // The most recently added override wins where two overlap.
        self.overrides
            .iter()
            .rev()
            .find(|o| o.from <= date && date <= o.to)
    }

    /// The session windows (WIB) of `date` under `policy`; empty when the desk is closed.
    pub fn windows_on<'a>(&'a self, date: NaiveDate, policy: &'a Policy) -> &'a [SessionWindow] {
        if !self.holidays_on(date).is_empty() {
            return &[];
        }
        match self.override_on(date) {
            Some(special) => special.windows.on(date.weekday()),
            None => policy.weekly_windows.on(date.weekday()),
        }
    }

    pub fn is_working_day(&self, date: NaiveDate, policy: &Policy) -> bool {
        !self.windows_on(date, policy).is_empty()
    }

    /// The `n`-th working day after `date` (the date itself not counted). Gives up after ten
    /// years of closed days, which only a broken calendar could produce.
    pub fn working_days_after(
        &self,
        date: NaiveDate,
        n: u32,
        policy: &Policy,
    ) -> Option<NaiveDate> {
        let mut day = date;
        let mut counted = 0;
        for _ in 0..3660 {
            if counted == n {
                return Some(day);
            }
            day = day.succ_opt()?;
            if self.is_working_day(day, policy) {
                counted += 1;
            }
        }
        None
    }

    /// Working days strictly after `from` up to and including `to`.
    pub fn working_days_between(&self, from: NaiveDate, to: NaiveDate, policy: &Policy) -> u32 {
        let mut count = 0;
        let mut day = from;
        while day < to {
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
            if self.is_working_day(day, policy) {
                count += 1;
            }
        }
        count
    }
}

/// A holiday typed by staff or read from an .ics file, checked by the same rules either way.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewHoliday {
    pub date: NaiveDate,
    pub name: HolidayName,
    pub kind: HolidayKind,
}

impl NewHoliday {
    /// A holiday from the settings form or `holidays add`: a date in the desk's years and a
    /// name; national unless `kind` says otherwise.
    pub fn parse(date: &str, name: &str, kind: Option<HolidayKind>) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let date = errors.take("date", parse_date(date, "Tanggal libur"));
        let name = errors.take("name", HolidayName::parse(name, "Nama hari libur"));
        match (date, name) {
            (Some(date), Some(name)) => Ok(Self {
                date,
                name,
                kind: kind.unwrap_or(HolidayKind::National),
            }),
            _ => Err(errors),
        }
    }
}

/// Largest .ics file read: a published holiday calendar of many years is a few hundred KB.
pub const MAX_ICS_BYTES: usize = 2 * 1024 * 1024;
/// Deepest nesting of components read (VCALENDAR › VEVENT › VALARM is 3): the iCalendar
/// parser descends once per level, so a file nested thousands deep would exhaust the stack.
pub const MAX_ICS_DEPTH: usize = 4;
/// Most days one import adds: decades of national holidays and cuti bersama.
pub const MAX_IMPORTED_DAYS: usize = 1_000;
/// Longest event read as holidays, in days.
pub const MAX_EVENT_DAYS: i64 = 31;
/// Most skipped events the answer lists one by one.
const MAX_LISTED_PROBLEMS: usize = 50;

/// What an .ics file holds as holidays, and the events that are not.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct IcsHolidays {
    pub days: Vec<NewHoliday>,
    pub problems: Vec<String>,
}

/// How deep `BEGIN:` lines nest in unfolded iCalendar text, counted line by line without
/// recursion. Lines are matched as loosely as the parser matches them (any case), so the
/// count is never below what the parser would descend.
fn ics_depth(unfolded: &str) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    for line in unfolded.lines() {
        let line = line.trim_start().as_bytes();
        let starts = |prefix: &[u8]| {
            line.len() >= prefix.len() && line[..prefix.len()].eq_ignore_ascii_case(prefix)
        };
        if starts(b"BEGIN:") {
            depth += 1;
            deepest = deepest.max(depth);
        } else if starts(b"END:") {
            depth = depth.saturating_sub(1);
        }
    }
    deepest
}

/// Reads the all-day events of an .ics file (e.g. a published holiday calendar) as holidays:
/// a multi-day event becomes one holiday per day; events named "Cuti Bersama…" are cuti
/// bersama. The file's size and nesting are checked before it reaches the iCalendar parser;
/// an event that cannot be a holiday (timed, unnamed, too long, outside the desk's years) is
/// listed as a problem. More than [`MAX_IMPORTED_DAYS`] days refuses the whole file.
pub fn read_holidays_ics(text: &str) -> Result<IcsHolidays, FieldErrors> {
    use icalendar::{Calendar, CalendarComponent, Component, DatePerhapsTime};

    let refuse = |message: String| FieldErrors::single("file", message);
    if text.len() > MAX_ICS_BYTES {
        return Err(refuse(format!(
            "Berkas kalender terlalu besar: {:.1} MB, paling besar {} MB",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_ICS_BYTES / (1024 * 1024)
        )));
    }
    let unfolded = icalendar::parser::unfold(text);
    let depth = ics_depth(&unfolded);
    if depth > MAX_ICS_DEPTH {
        return Err(refuse(format!(
            "Berkas kalender bersarang terlalu dalam: {depth} tingkat BEGIN, paling banyak {MAX_ICS_DEPTH}"
        )));
    }
    let calendar: Calendar = text.parse().map_err(|e: String| {
        let first_line = e.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
        refuse(format!(
            "Berkas bukan iCalendar yang valid: {}",
            crate::validate::quoted(first_line.trim())
        ))
    })?;
    let mut reading = IcsHolidays::default();
    let mut skipped = 0usize;
    let mut problem = |reading: &mut IcsHolidays, message: String| {
        skipped += 1;
        if reading.problems.len() < MAX_LISTED_PROBLEMS {
            reading.problems.push(message);
        }
    };
    for component in &calendar.components {
        let CalendarComponent::Event(event) = component else {
            continue;
        };
        let raw_name = event.get_summary().unwrap_or("");
        let name = match HolidayName::parse(raw_name, "Nama acara") {
            Ok(name) => name,
            Err(why) => {
                problem(
                    &mut reading,
                    format!(
                        "Acara \"{}\" dilewati: {why}",
                        crate::validate::quoted(raw_name.trim())
                    ),
                );
                continue;
            }
        };
        let date_of = |value: Option<DatePerhapsTime>| match value {
            Some(DatePerhapsTime::Date(date)) => Some(date),
            _ => None,
        };
        let Some(start) = date_of(event.get_start()) else {
            problem(
                &mut reading,
                format!("\"{name}\" bukan acara sehari penuh (DTSTART tanpa VALUE=DATE)"),
            );
            continue;
        };
        // DTEND of an all-day event is exclusive; without one the event lasts a day.
        let end = date_of(event.get_end()).or_else(|| start.succ_opt());
        let Some(end) =
            end.filter(|end| *end > start && (*end - start).num_days() <= MAX_EVENT_DAYS)
        else {
            problem(
                &mut reading,
                format!(
                    "\"{name}\" memiliki rentang tanggal yang tidak masuk akal (paling lama {MAX_EVENT_DAYS} hari)"
                ),
            );
            continue;
        };
        let last = end.pred_opt().unwrap_or(start);
        if let Err(why) =
            check_year(start, "Tanggal libur").and_then(|_| check_year(last, "Tanggal libur"))
        {
            problem(&mut reading, format!("\"{name}\" dilewati: {why}"));
            continue;
        }
        let kind = if name.as_str().to_lowercase().starts_with("cuti bersama") {
            HolidayKind::CutiBersama
        } else {
            HolidayKind::National
        };
        for day in start.iter_days().take_while(|day| *day < end) {
            if reading.days.len() == MAX_IMPORTED_DAYS {
                return Err(refuse(format!(
                    "Berkas kalender berisi lebih dari {MAX_IMPORTED_DAYS} hari libur; impor per beberapa tahun saja"
                )));
            }
            reading.days.push(NewHoliday {
                date: day,
                name: name.clone(),
                kind,
            });
        }
    }
    if skipped > reading.problems.len() {
        let rest = skipped - reading.problems.len();
        reading
            .problems
            .push(format!("… dan {rest} acara lain dilewati"));
    }
    Ok(reading)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::SessionWindowSettings;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("date")
    }

    fn calendar() -> WorkingCalendar {
        let mut errors = FieldErrors::default();
        let ramadan_day = || {
            vec![SessionWindowSettings {
                start: "08:00".into(),
                end: "15:00".into(),
            }]
        };
        let ramadan = WeeklyWindows::parse(
            &[
                ramadan_day(),
                ramadan_day(),
                ramadan_day(),
                ramadan_day(),
                ramadan_day(),
                vec![],
                vec![],
            ],
            "w",
            &mut errors,
        )
        .expect("windows");
        WorkingCalendar::new(
            [
                (
                    date("2026-03-19"),
                    "Hari Suci Nyepi".to_owned(),
                    HolidayKind::National,
                ),
                (
                    date("2026-03-20"),
                    "Cuti Bersama Idul Fitri".to_owned(),
                    HolidayKind::CutiBersama,
                ),
            ],
            vec![SessionOverride {
                label: "Ramadan 1447 H".into(),
                from: date("2026-02-18"),
                to: date("2026-03-19"),
                windows: ramadan,
            }],
        )
    }

    fn ics(events: &str) -> String {
        format!(
            "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Uji//ID//\r\n{events}END:VCALENDAR\r\n"
        )
    }

    fn all_day(uid: usize, start: &str, end: &str, name: &str) -> String {
        format!(
            "BEGIN:VEVENT\r\nUID:{uid}@uji\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:{start}\r\nDTEND;VALUE=DATE:{end}\r\nSUMMARY:{name}\r\nEND:VEVENT\r\n"
        )
    }

    #[test]
    fn deep_nesting_is_refused_before_parsing() {
        // 10,000 nested events used to overflow the parser's stack and abort the process.
        let depth = 10_000;
        let text = format!(
            "BEGIN:VCALENDAR\r\n{}{}END:VCALENDAR\r\n",
            "BEGIN:VEVENT\r\n".repeat(depth),
            "END:VEVENT\r\n".repeat(depth)
        );
        let err = read_holidays_ics(&text).expect_err("too deep");
        let message = &err.as_slice()[0].message;
        assert!(message.contains("10001 tingkat"), "{message}");
        // Folded lines and lower case are counted as the parser reads them.
        let folded = ics(&"beg\r\n in:VEVENT\r\n".repeat(5));
        assert!(read_holidays_ics(&folded).is_err());
        // An alarm inside an event is ordinary nesting.
        let alarm = ics(
            "BEGIN:VEVENT\r\nUID:1@uji\r\nDTSTAMP:20260101T000000Z\r\nDTSTART;VALUE=DATE:20270101\r\nSUMMARY:Tahun Baru\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-PT15M\r\nEND:VALARM\r\nEND:VEVENT\r\n",
        );
        assert_eq!(read_holidays_ics(&alarm).expect("alarm").days.len(), 1);
    }

    #[test]
    fn imports_are_bounded_in_size_days_names_and_years() {
        let huge = " ".repeat(MAX_ICS_BYTES + 1);
        assert!(read_holidays_ics(&huge).is_err());

        // 35 events of 30 days: 1,050 days, over the limit of one import.
        let many: String = (0..35)
            .map(|i| {
                let start = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date")
                    + chrono::Duration::days(i * 30);
                let end = start + chrono::Duration::days(30);
                all_day(
                    i as usize,
                    &start.format("%Y%m%d").to_string(),
                    &end.format("%Y%m%d").to_string(),
                    "Libur",
                )
            })
            .collect();
        let err = read_holidays_ics(&ics(&many)).expect_err("too many days");
        assert!(err.as_slice()[0].message.contains("1000"), "{err:?}");

        let reading = read_holidays_ics(&ics(&[
            all_day(1, "99991231", "100000101", "Akhir zaman"),
            all_day(2, "19990101", "19990102", "Lampau"),
            all_day(3, "20270101", "20270102", &"x".repeat(201)),
            all_day(4, "20270101", "20270102", "\u{200B}\u{202E}"),
            all_day(5, "20270101", "20270301", "Terlalu lama"),
            all_day(6, "20270301", "20270302", "Hari Suci Nyepi"),
        ]
        .concat()))
        .expect("readable");
        assert_eq!(reading.days.len(), 1, "{:?}", reading.problems);
        assert_eq!(reading.days[0].name.as_str(), "Hari Suci Nyepi");
        assert_eq!(reading.problems.len(), 5, "{:?}", reading.problems);
    }

    #[test]
    fn a_typed_holiday_follows_the_same_rules() {
        assert!(NewHoliday::parse("2027-03-01", "Nyepi", None).is_ok());
        let err = NewHoliday::parse("9999-12-31", &"x".repeat(201), None).expect_err("bad");
        let fields: Vec<&str> = err.as_slice().iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["date", "name"]);
    }

    #[test]
    fn holidays_and_weekends_are_closed() {
        let policy = Policy::default();
        let cal = calendar();
        assert!(!cal.is_working_day(date("2026-03-19"), &policy), "Nyepi");
        assert!(
            !cal.is_working_day(date("2026-03-20"), &policy),
            "cuti bersama"
        );
        assert!(!cal.is_working_day(date("2026-03-21"), &policy), "Saturday");
        assert!(cal.is_working_day(date("2026-03-25"), &policy));
    }

    #[test]
    fn overrides_replace_the_weekly_hours_in_their_range() {
        let policy = Policy::default();
        let cal = calendar();
        let hours = |d: &str| {
            cal.windows_on(date(d), &policy)
                .first()
                .map(|w| w.end.format("%H:%M").to_string())
        };
        assert_eq!(hours("2026-03-02"), Some("15:00".into()), "Ramadan hours");
        assert_eq!(
            hours("2026-03-25"),
            Some("16:00".into()),
            "normal hours again"
        );
    }

    #[test]
    fn working_days_skip_weekends_and_holidays() {
        let policy = Policy::default();
        let cal = calendar();
        // Wed 18 Mar 2026 + 2 working days: Thu 19 (Nyepi), Fri 20 (cuti), weekend → Tue 24.
        assert_eq!(
            cal.working_days_after(date("2026-03-18"), 2, &policy),
            Some(date("2026-03-24"))
        );
        assert_eq!(
            cal.working_days_after(date("2026-03-18"), 0, &policy),
            Some(date("2026-03-18"))
        );
        assert_eq!(
            cal.working_days_between(date("2026-03-18"), date("2026-03-24"), &policy),
            2
        );
    }
}
