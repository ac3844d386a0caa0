//! The rules of S-38/PK/2023, SE-1/PK.1/2023 and the desk's policy, as pure functions.
//!
//! [`check_request`] judges what a request says about itself and its preferred slots;
//! [`check_slot`] judges one concrete slot (time, room, unit) for it. Both return findings with
//! a stable rule id, a severity, an Indonesian message, the clause it rests on and, where there
//! is one, what to do about it.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use serde::Serialize;
use ts_rs::TS;

use super::Policy;
use super::bookings::{BookingIndex, Slot, share_people, share_room, too_close};
use super::calendar::WorkingCalendar;
use crate::domain::Channel;
use crate::time::{OFFICE_TZ, format_date_with_day, format_time, slot_label};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "kebab-case")]
pub enum RuleId {
    LetterRequired,
    LetterAddressee,
    GuestLimit,
    RegionalHead,
    LeadTime,
    ServiceHours,
    RoomConflict,
    UnitConflict,
    DailyCap,
    Duplicate,
    PreferVideo,
}

impl RuleId {
    pub fn as_str(self) -> &'static str {
        match self {
            RuleId::LetterRequired => "letter-required",
            RuleId::LetterAddressee => "letter-addressee",
            RuleId::GuestLimit => "guest-limit",
            RuleId::RegionalHead => "regional-head",
            RuleId::LeadTime => "lead-time",
            RuleId::ServiceHours => "service-hours",
            RuleId::RoomConflict => "room-conflict",
            RuleId::UnitConflict => "unit-conflict",
            RuleId::DailyCap => "daily-cap",
            RuleId::Duplicate => "duplicate",
            RuleId::PreferVideo => "prefer-video",
        }
    }

    /// Conflicts with other bookings, as opposed to faults of the request itself.
    pub fn is_conflict(self) -> bool {
        matches!(
            self,
            RuleId::RoomConflict | RuleId::UnitConflict | RuleId::DailyCap
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The request cannot be scheduled until this is resolved.
    Block,
    /// Staff should look before going on.
    Warn,
    /// Worth knowing.
    Info,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct Finding {
    pub rule: RuleId,
    pub severity: Severity,
    pub message: String,
    /// Where the rule comes from, e.g. "S-38/PK/2023 angka 3".
    pub clause: String,
    pub suggestion: Option<String>,
    /// Which preferred slot (0-based) the finding is about, if any.
    pub slot_index: Option<u32>,
}

pub const CLAUSE_VIDEO_FIRST: &str = "S-38/PK/2023 angka 2";
pub const CLAUSE_LETTER: &str = "S-38/PK/2023 angka 3";
pub const CLAUSE_GUESTS: &str = "SE-1/PK.1/2023 (pembatasan jumlah tamu)";
pub const CLAUSE_REGIONAL_HEAD: &str = "SE-1/PK.1/2023 (kehadiran Kepala Daerah)";
pub const CLAUSE_SCHEDULE: &str = "SE-1/PK.1/2023 (konsultasi sesuai jadwal dari DJPK)";
pub const CLAUSE_DESK_POLICY: &str = "Kebijakan layanan konsultasi DJPK (Pengaturan)";

/// What a request says, as the rules need it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestFacts {
    /// `None` for a request not saved yet.
    pub id: Option<i64>,
    pub channel: Channel,
    /// Identifies the requester across requests: `region:32.01:regional_government` or a
    /// lower-cased name.
    pub requester_key: String,
    pub received_on: NaiveDate,
    pub topics: Vec<String>,
    pub planned_guest_count: u32,
    pub regional_head_attends: bool,
    pub regional_head_listed: bool,
    pub letter: Option<LetterFacts>,
    pub preferred_slots: Vec<DateTime<Utc>>,
    /// The requester's own time zone, for messages.
    pub requester_tz: chrono_tz::Tz,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LetterFacts {
    pub number: String,
    pub date: NaiveDate,
    pub addressee: String,
}

/// Another open request, for the duplicate rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    pub id: i64,
    pub requester_key: String,
    pub topics: Vec<String>,
}

/// Everything besides the request that the rules read.
pub struct Context<'a> {
    pub policy: &'a Policy,
    pub calendar: &'a WorkingCalendar,
    pub bookings: &'a BookingIndex,
    pub open_requests: &'a [OpenRequest],
    pub now: DateTime<Utc>,
}

fn finding(rule: RuleId, severity: Severity, clause: &str, message: String) -> Finding {
    Finding {
        rule,
        severity,
        message,
        clause: clause.to_owned(),
        suggestion: None,
        slot_index: None,
    }
}

impl Finding {
    fn suggest(mut self, text: impl Into<String>) -> Self {
        self.suggestion = Some(text.into());
        self
    }

    fn at_slot(mut self, index: usize) -> Self {
        self.slot_index = u32::try_from(index).ok();
        self
    }
}

/// Whether a letter's addressee is the Director General of Fiscal Balance, however written.
pub fn addressed_to_director_general(addressee: &str) -> bool {
    let words: String = addressee
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let compact = words.split_whitespace().collect::<Vec<_>>().join(" ");
    let head = ["direktur jenderal", "dirjen", "direktur jendral"]
        .iter()
        .any(|h| compact.contains(h));
    let office = compact.contains("perimbangan keuangan")
        || compact.split(' ').any(|w| w == "pk" || w == "djpk");
    head && office
}

/// The rules about the request itself and about each of its preferred slots.
pub fn check_request(facts: &RequestFacts, ctx: &Context<'_>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let policy = ctx.policy;
    let in_person = facts.channel == Channel::InPerson;

    if in_person {
        match &facts.letter {
            None => findings.push(
                finding(
                    RuleId::LetterRequired,
                    Severity::Block,
                    CLAUSE_LETTER,
                    "Konsultasi tatap muka memerlukan Surat Permintaan Konsultasi/Audiensi yang bernomor dan bertanggal".into(),
                )
                .suggest("Minta Pemda mengirim surat permintaan, atau tawarkan video conference"),
            ),
            Some(letter) if !addressed_to_director_general(&letter.addressee) => findings.push(
                finding(
                    RuleId::LetterAddressee,
                    Severity::Block,
                    CLAUSE_LETTER,
                    format!(
                        "Surat permintaan ditujukan kepada \"{}\", seharusnya kepada Direktur Jenderal Perimbangan Keuangan",
                        letter.addressee
                    ),
                )
                .suggest("Minta Pemda memperbaiki surat dengan tujuan Direktur Jenderal Perimbangan Keuangan"),
            ),
            Some(_) => {}
        }
    }

    let cap = policy.guest_cap(facts.channel);
    if facts.planned_guest_count > cap {
        let (severity, what) = if in_person {
            (Severity::Block, "tatap muka")
        } else {
            (Severity::Warn, "video conference")
        };
        findings.push(
            finding(
                RuleId::GuestLimit,
                severity,
                if in_person {
                    CLAUSE_GUESTS
                } else {
                    CLAUSE_DESK_POLICY
                },
                format!(
                    "Jumlah tamu direncanakan {} orang melebihi batas {what} {cap} orang",
                    facts.planned_guest_count
                ),
            )
            .suggest(format!(
                "Minta Pemda mengurangi delegasi menjadi paling banyak {cap} orang"
            )),
        );
    }

    match (facts.regional_head_attends, facts.regional_head_listed) {
        (true, false) => findings.push(
            finding(
                RuleId::RegionalHead,
                Severity::Warn,
                CLAUSE_REGIONAL_HEAD,
                "Kepala Daerah dinyatakan hadir, tetapi tidak ada tamu yang ditandai sebagai Kepala Daerah".into(),
            )
            .suggest("Tambahkan nama Kepala Daerah ke daftar tamu, atau konfirmasi ulang kehadirannya"),
        ),
        (false, true) => findings.push(
            finding(
                RuleId::RegionalHead,
                Severity::Warn,
                CLAUSE_REGIONAL_HEAD,
                "Ada tamu yang ditandai sebagai Kepala Daerah, tetapi kehadiran Kepala Daerah tidak dinyatakan".into(),
            )
            .suggest("Konfirmasi kepada Pemda apakah Kepala Daerah akan hadir"),
        ),
        (true, true) => findings.push(
            finding(
                RuleId::RegionalHead,
                Severity::Info,
                CLAUSE_REGIONAL_HEAD,
                "Kepala Daerah direncanakan hadir: siapkan protokol dan pastikan pimpinan DJPK mengetahui".into(),
            ),
        ),
        (false, false) => {}
    }

    let duplicates: Vec<i64> = ctx
        .open_requests
        .iter()
        .filter(|other| Some(other.id) != facts.id && other.requester_key == facts.requester_key)
        .filter(|other| other.topics.iter().any(|t| facts.topics.contains(t)))
        .map(|other| other.id)
        .collect();
    if !duplicates.is_empty() {
        let list = duplicates
            .iter()
            .map(|id| format!("#{id}"))
            .collect::<Vec<_>>()
            .join(", ");
        findings.push(
            finding(
                RuleId::Duplicate,
                Severity::Warn,
                CLAUSE_DESK_POLICY,
                format!("Pengguna layanan yang sama masih memiliki permohonan terbuka dengan topik serupa: {list}"),
            )
            .suggest("Periksa apakah permohonan ini dapat digabung dengan permohonan sebelumnya"),
        );
    }

    if in_person {
        findings.push(
            finding(
                RuleId::PreferVideo,
                Severity::Info,
                CLAUSE_VIDEO_FIRST,
                "Layanan konsultasi diutamakan melalui video conference".into(),
            )
            .suggest("Tawarkan video conference kepada Pemda sebelum menjadwalkan tatap muka"),
        );
    }

    // Preferred slots: judged on time and on the daily cap; rooms and units are chosen only
    // when the request is scheduled.
    let duration = Duration::minutes(i64::from(policy.default_duration_minutes));
    for (index, start) in facts.preferred_slots.iter().enumerate() {
        let label = slot_label(*start, facts.requester_tz);
        for verdict in time_verdicts(facts, *start, *start + duration, ctx) {
            findings.push(
                describe_time(verdict, facts, *start, ctx)
                    .prefixed(&format!("Usulan jadwal ke-{} ({label})", index + 1))
                    .at_slot(index),
            );
        }
        if in_person && day_is_full(*start, facts.id, ctx) {
            findings.push(
                daily_cap_finding(*start, ctx)
                    .prefixed(&format!("Usulan jadwal ke-{} ({label})", index + 1))
                    .at_slot(index),
            );
        }
    }
    findings.sort_by_key(|f| (f.severity, f.rule, f.slot_index));
    findings
}

impl Finding {
    fn prefixed(mut self, prefix: &str) -> Self {
        self.message = format!("{prefix}: {}", self.message);
        self
    }
}

/// Why a slot's time fails, before any words are spent on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeVerdict {
    InThePast,
    TooSoon { earliest: NaiveDate },
    ClosedDay,
    OutsideHours,
}

/// The time-related faults of `[start, end)` for the request, cheapest checks first.
pub fn time_verdicts(
    facts: &RequestFacts,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
    ctx: &Context<'_>,
) -> Vec<TimeVerdict> {
    let mut verdicts = Vec::new();
    let local_start = start.with_timezone(&OFFICE_TZ);
    let local_end = end.with_timezone(&OFFICE_TZ);
    let day = local_start.date_naive();
    if start <= ctx.now {
        verdicts.push(TimeVerdict::InThePast);
    } else {
        let lead = ctx.policy.lead_days(facts.channel);
        if let Some(earliest) = ctx
            .calendar
            .working_days_after(facts.received_on, lead, ctx.policy)
            .filter(|earliest| day < *earliest)
        {
            verdicts.push(TimeVerdict::TooSoon { earliest });
        }
    }
    let windows = ctx.calendar.windows_on(day, ctx.policy);
    if windows.is_empty() {
        verdicts.push(TimeVerdict::ClosedDay);
    } else if local_end.date_naive() != day
        || !windows
            .iter()
            .any(|w| w.start <= local_start.time() && local_end.time() <= w.end)
    {
        verdicts.push(TimeVerdict::OutsideHours);
    }
    verdicts
}

fn describe_time(
    verdict: TimeVerdict,
    facts: &RequestFacts,
    start: DateTime<Utc>,
    ctx: &Context<'_>,
) -> Finding {
    match verdict {
        TimeVerdict::InThePast => finding(
            RuleId::LeadTime,
            Severity::Block,
            CLAUSE_SCHEDULE,
            "Waktu tersebut sudah lewat".into(),
        )
        .suggest("Pilih jadwal lain dari saran jadwal"),
        TimeVerdict::TooSoon { earliest } => {
            let lead = ctx.policy.lead_days(facts.channel);
            let channel = match facts.channel {
                Channel::InPerson => "tatap muka",
                Channel::VideoConference => "video conference",
            };
            finding(
                RuleId::LeadTime,
                Severity::Block,
                CLAUSE_DESK_POLICY,
                format!(
                    "Jadwal {channel} paling cepat {lead} hari kerja setelah permohonan diterima ({})",
                    format_date_with_day(facts.received_on)
                ),
            )
            .suggest(format!("Pilih tanggal mulai {}", format_date_with_day(earliest)))
        }
        TimeVerdict::ClosedDay => {
            let day = start.with_timezone(&OFFICE_TZ).date_naive();
            let holidays = ctx.calendar.holidays_on(day);
            let why = if holidays.is_empty() {
                format!("{} bukan hari layanan", format_date_with_day(day))
            } else {
                let names: Vec<&str> = holidays.iter().map(|(name, _)| name.as_str()).collect();
                format!(
                    "{} hari libur: {}",
                    format_date_with_day(day),
                    names.join(", ")
                )
            };
            finding(
                RuleId::ServiceHours,
                Severity::Block,
                CLAUSE_DESK_POLICY,
                why,
            )
            .suggest("Pilih hari kerja dari saran jadwal")
        }
        TimeVerdict::OutsideHours => finding(
            RuleId::ServiceHours,
            Severity::Block,
            CLAUSE_DESK_POLICY,
            "Di luar jam layanan konsultasi".into(),
        )
        .suggest("Pilih waktu di dalam jam layanan"),
    }
}

fn day_bounds(start: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let day = start.with_timezone(&OFFICE_TZ).date_naive();
    let midnight = crate::time::office_local_to_utc(day, chrono::NaiveTime::MIN);
    (midnight, midnight + Duration::days(1))
}

/// Whether the day of `start` already holds the daily cap of tatap muka, not counting the
/// request's own booking.
pub fn day_is_full(start: DateTime<Utc>, own_request: Option<i64>, ctx: &Context<'_>) -> bool {
    let (from, to) = day_bounds(start);
    let booked = ctx
        .bookings
        .near(from, to, Duration::zero())
        .filter(|b| b.slot.channel == Channel::InPerson && Some(b.request_id) != own_request)
        .filter(|b| b.slot.start >= from && b.slot.start < to)
        .count();
    booked >= ctx.policy.daily_cap_in_person as usize
}

fn daily_cap_finding(start: DateTime<Utc>, ctx: &Context<'_>) -> Finding {
    let day = start.with_timezone(&OFFICE_TZ).date_naive();
    finding(
        RuleId::DailyCap,
        Severity::Block,
        CLAUSE_DESK_POLICY,
        format!(
            "Kuota tatap muka {} sudah penuh ({} konsultasi per hari)",
            format_date_with_day(day),
            ctx.policy.daily_cap_in_person
        ),
    )
    .suggest("Pilih hari lain, atau tawarkan video conference")
}

/// What stands in the way of one concrete slot, before any words are spent on it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlotVerdict {
    pub time: Vec<TimeVerdict>,
    pub room_taken_by: Option<i64>,
    pub people_taken_by: Option<i64>,
    pub day_full: bool,
}

impl SlotVerdict {
    pub fn is_clear(&self) -> bool {
        self.time.is_empty()
            && self.room_taken_by.is_none()
            && self.people_taken_by.is_none()
            && !self.day_full
    }
}

/// Judges a concrete slot for the request: time, room, people and the daily cap.
pub fn judge_slot(facts: &RequestFacts, slot: &Slot, ctx: &Context<'_>) -> SlotVerdict {
    let buffer = Duration::minutes(i64::from(ctx.policy.buffer_minutes));
    let mut verdict = SlotVerdict {
        time: time_verdicts(facts, slot.start, slot.end, ctx),
        ..SlotVerdict::default()
    };
    for booked in ctx.bookings.near(slot.start, slot.end, buffer) {
        if Some(booked.request_id) == facts.id || !too_close(&booked.slot, slot, buffer) {
            continue;
        }
        if verdict.room_taken_by.is_none() && share_room(&booked.slot, slot) {
            verdict.room_taken_by = Some(booked.request_id);
        }
        if verdict.people_taken_by.is_none() && share_people(&booked.slot, slot) {
            verdict.people_taken_by = Some(booked.request_id);
        }
    }
    verdict.day_full = slot.channel == Channel::InPerson && day_is_full(slot.start, facts.id, ctx);
    verdict
}

/// The findings of one concrete slot: its time, its room, its people, the daily cap.
pub fn check_slot(facts: &RequestFacts, slot: &Slot, ctx: &Context<'_>) -> Vec<Finding> {
    let verdict = judge_slot(facts, slot, ctx);
    let mut findings: Vec<Finding> = verdict
        .time
        .iter()
        .map(|v| describe_time(*v, facts, slot.start, ctx))
        .collect();
    let buffer = ctx.policy.buffer_minutes;
    if let Some(other) = verdict.room_taken_by {
        findings.push(
            finding(
                RuleId::RoomConflict,
                Severity::Block,
                CLAUSE_SCHEDULE,
                format!(
                    "Ruang {} sudah dipakai permohonan #{other} pada waktu itu (termasuk jeda {buffer} menit)",
                    slot.room.as_deref().unwrap_or("-")
                ),
            )
            .suggest("Pilih ruang lain atau jadwal lain dari saran jadwal"),
        );
    }
    if let Some(other) = verdict.people_taken_by {
        findings.push(
            finding(
                RuleId::UnitConflict,
                Severity::Block,
                CLAUSE_SCHEDULE,
                format!(
                    "Narasumber {} sudah terjadwal untuk permohonan #{other} pada waktu itu (termasuk jeda {buffer} menit)",
                    slot.unit
                ),
            )
            .suggest("Pilih jadwal lain dari saran jadwal"),
        );
    }
    if verdict.day_full {
        findings.push(daily_cap_finding(slot.start, ctx));
    }
    findings
}

/// Describes a slot that passes every rule, for the slot picker.
pub fn fit_reason(
    facts: &RequestFacts,
    slot: &Slot,
    room_name: Option<&str>,
    unit_name: &str,
    ctx: &Context<'_>,
) -> String {
    let local = slot.start.with_timezone(&OFFICE_TZ);
    let day = local.date_naive();
    let window = ctx
        .calendar
        .windows_on(day, ctx.policy)
        .iter()
        .find(|w| w.start <= local.time())
        .map(|w| {
            format!(
                "dalam jam layanan {}–{}",
                w.start.format("%H.%M"),
                format_time(w.end, crate::domain::region::ZoneLabel::Wib)
            )
        })
        .unwrap_or_default();
    let lead = ctx.policy.lead_days(facts.channel);
    let place = match room_name {
        Some(room) => format!("{room} dan narasumber {unit_name} tersedia"),
        None => format!("narasumber {unit_name} tersedia"),
    };
    format!(
        "Hari kerja, {window}; {place}; memenuhi tenggang {lead} hari kerja sejak permohonan diterima"
    )
}

/// Whether any finding refuses scheduling.
pub fn blocks(findings: &[Finding]) -> bool {
    findings.iter().any(|f| f.severity == Severity::Block)
}
