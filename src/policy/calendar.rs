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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::SessionWindowSettings;
    use crate::validate::FieldErrors;

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
