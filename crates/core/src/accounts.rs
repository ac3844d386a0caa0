//! The rules of team accounts: what a username and a password must be, when failed sign-ins
//! lock an account, and how long a session lives. Pure: the hashing is the services', the
//! clock the caller's.

use chrono::{DateTime, Duration, Utc};

/// Failed sign-ins in a row after which the account waits.
pub const MAX_FAILED_SIGN_INS: u32 = 5;
/// How long a locked account waits before the next attempt is heard.
pub const LOCK_MINUTES: i64 = 15;
/// A session unused for this long has expired.
pub const DEFAULT_IDLE_MINUTES: i64 = 60;
/// No session outlives this, however busy (a working day and some).
pub const SESSION_MAX_HOURS: i64 = 12;

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 128;

/// A sign-in name: 3–32 of lowercase letters, digits, `.`, `_`, `-`, starting with a letter;
/// typed in any case, stored lowercase, so "Rina" and "rina" are one account.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Username(String);

impl Username {
    pub fn parse(text: &str) -> Result<Self, String> {
        let name = text.trim().to_lowercase();
        if !(3..=32).contains(&name.chars().count()) {
            return Err("Nama pengguna 3–32 karakter".into());
        }
        if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
            return Err("Nama pengguna diawali huruf".into());
        }
        if !name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'))
        {
            return Err(
                "Nama pengguna hanya berisi huruf kecil, angka, titik, garis bawah atau tanda \
                 hubung"
                    .into(),
            );
        }
        Ok(Self(name))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Username {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password a user may set: long enough to resist guessing, not the username, not one
/// character repeated. Its `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub struct NewPassword(String);

impl std::fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("NewPassword(…)")
    }
}

impl NewPassword {
    pub fn parse(text: &str, username: &str) -> Result<Self, String> {
        let chars = text.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(format!(
                "Kata sandi sekurang-kurangnya {MIN_PASSWORD_CHARS} karakter"
            ));
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(format!(
                "Kata sandi paling banyak {MAX_PASSWORD_CHARS} karakter"
            ));
        }
        if text.chars().any(char::is_control) {
            return Err("Kata sandi tidak boleh berisi karakter kendali".into());
        }
        if !username.is_empty() && text.to_lowercase().contains(&username.to_lowercase()) {
            return Err("Kata sandi tidak boleh memuat nama pengguna".into());
        }
        let mut distinct: Vec<char> = text.chars().collect();
        distinct.sort_unstable();
        distinct.dedup();
        if distinct.len() < 4 {
            return Err(
                "Kata sandi terlalu mudah ditebak: gunakan lebih banyak karakter berbeda".into(),
            );
        }
        Ok(Self(text.to_owned()))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// Where an account stands with its failed sign-ins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInRecord {
    pub failed_in_a_row: u32,
    pub locked_until: Option<DateTime<Utc>>,
}

/// What a sign-in attempt may do before its password is even looked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The password is checked.
    Open,
    /// The account waits until then; the attempt is refused unheard.
    Locked { until: DateTime<Utc> },
}

impl SignInRecord {
    pub fn gate(&self, now: DateTime<Utc>) -> Gate {
        match self.locked_until {
            Some(until) if until > now => Gate::Locked { until },
            _ => Gate::Open,
        }
    }

    /// The record after a wrong password at `now`: the fifth in a row locks the account, and
    /// the count starts again once the lock has passed.
    pub fn after_failure(&self, now: DateTime<Utc>) -> SignInRecord {
        let lapsed = self.locked_until.is_some_and(|until| until <= now);
        let failed = if lapsed { 1 } else { self.failed_in_a_row + 1 };
        if failed >= MAX_FAILED_SIGN_INS {
            SignInRecord {
                failed_in_a_row: failed,
                locked_until: Some(now + Duration::minutes(LOCK_MINUTES)),
            }
        } else {
            SignInRecord {
                failed_in_a_row: failed,
                locked_until: if lapsed { None } else { self.locked_until },
            }
        }
    }

    /// Whether `after_failure` just locked the account.
    pub fn locks_now(before: &SignInRecord, after: &SignInRecord, now: DateTime<Utc>) -> bool {
        matches!(after.gate(now), Gate::Locked { .. })
            && !matches!(before.gate(now), Gate::Locked { .. })
    }
}

/// When a session last used at `last_used` (created at `created`) stops being valid.
pub fn session_expires(
    created: DateTime<Utc>,
    last_used: DateTime<Utc>,
    idle: Duration,
) -> DateTime<Utc> {
    (last_used + idle).min(created + Duration::hours(SESSION_MAX_HOURS))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn at(minute: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 12, 3, 2, 0, 0)
            .single()
            .expect("instant")
            + Duration::minutes(minute)
    }

    #[test]
    fn usernames_are_short_plain_and_case_free() {
        assert_eq!(
            Username::parse(" Rina.Agen ").expect("ok").as_str(),
            "rina.agen"
        );
        for bad in [
            "ri",
            "1rina",
            "rina agen",
            "rína",
            "r;drop",
            &"a".repeat(33),
        ] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn passwords_must_resist_guessing_and_never_print() {
        assert!(NewPassword::parse("kuda-laut-biru-7", "rina").is_ok());
        assert!(NewPassword::parse("pendek", "rina").is_err());
        assert!(NewPassword::parse("aaaaaaaaaaaa", "rina").is_err());
        assert!(NewPassword::parse("rahasia-RINA-2026", "rina").is_err());
        assert!(NewPassword::parse("baris\nbaru-sandi", "rina").is_err());
        assert!(NewPassword::parse(&"ab12".repeat(40), "rina").is_err());
        let secret = NewPassword::parse("kuda-laut-biru-7", "rina").expect("ok");
        assert!(!format!("{secret:?}").contains("kuda"));
    }

    #[test]
    fn the_fifth_failure_in_a_row_locks_for_fifteen_minutes_then_counting_starts_again() {
        let mut record = SignInRecord {
            failed_in_a_row: 0,
            locked_until: None,
        };
        for attempt in 1..=4 {
            let next = record.after_failure(at(attempt));
            assert!(!SignInRecord::locks_now(&record, &next, at(attempt)));
            record = next;
            assert_eq!(record.gate(at(attempt)), Gate::Open);
        }
        let locked = record.after_failure(at(5));
        assert!(SignInRecord::locks_now(&record, &locked, at(5)));
        assert_eq!(locked.gate(at(5)), Gate::Locked { until: at(20) });
        assert_eq!(locked.gate(at(19)), Gate::Locked { until: at(20) });
        assert_eq!(locked.gate(at(20)), Gate::Open);
        // A wrong password after the lock passed counts as the first of a new run.
        let after = locked.after_failure(at(21));
        assert_eq!(
            after,
            SignInRecord {
                failed_in_a_row: 1,
                locked_until: None
            }
        );
    }

    #[test]
    fn a_session_expires_when_idle_and_at_the_latest_after_a_working_day() {
        let idle = Duration::minutes(DEFAULT_IDLE_MINUTES);
        assert_eq!(session_expires(at(0), at(30), idle), at(90));
        assert_eq!(session_expires(at(0), at(700), idle), at(720));
    }
}
