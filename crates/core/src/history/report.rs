//! The monthly report of the consultation desk, as its pages "Video Conference" and
//! "Konsultasi Tatap Muka" show it: the list of each (No, Tanggal, Pengguna Layanan, Topik)
//! ordered by date, the count and most frequent topic in a sentence, the last six months, and
//! counts by kind of requester and by province. A pure function of the month's consultations.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use serde::Serialize;
use ts_rs::TS;

use crate::checkin::ViolationKind;
use crate::domain::{Channel, RequesterKind};
use crate::time::{format_date, month_name};

/// One consultation as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldItem {
    pub held_on: NaiveDate,
    pub channel: Channel,
    pub requester_kind: RequesterKind,
    /// As the report writes it: "Kab. Tanah Datar", "Prov. Kalimantan Timur (DPRD)", "ARKI".
    pub requester_label: String,
    pub province: Option<String>,
    /// Topic names in the configured order.
    pub topics: Vec<String>,
}

/// How many consultations of one channel were held on one day: what the six-month chart counts,
/// so that the report reads whole rows only for its own month.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeldCount {
    pub held_on: NaiveDate,
    pub channel: Channel,
    pub count: u32,
}

/// The chart's counts of `items`, one per consultation.
pub fn held_counts(items: &[HeldItem]) -> Vec<HeldCount> {
    items
        .iter()
        .map(|item| HeldCount {
            held_on: item.held_on,
            channel: item.channel,
            count: 1,
        })
        .collect()
}

/// One recorded violation as the report needs it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ViolationItem {
    pub occurred_on: NaiveDate,
    pub request_id: i64,
    pub kind: ViolationKind,
    pub requester_label: String,
    pub evidence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct KindCount {
    pub kind: ViolationKind,
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ViolationRow {
    pub no: u32,
    /// `YYYY-MM-DD`
    pub date: String,
    pub date_label: String,
    pub requester: String,
    pub label: String,
    pub evidence: String,
}

/// How delegations kept to S-38/PK/2023 and SE-1/PK.1/2023 during the month.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ComplianceFigures {
    /// Delegations checked in at the desk (walk-ins included).
    pub arrivals: u32,
    pub violations: u32,
    /// Delegations (requests) with at least one violation.
    pub delegations_with_violations: u32,
    /// Every kind, in a fixed order, zero counts included.
    pub by_kind: Vec<KindCount>,
    /// Ordered by date.
    pub rows: Vec<ViolationRow>,
    /// "Selama bulan Maret 2023 tercatat 10 kedatangan dan 3 pelanggaran oleh 2 delegasi: …"
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ReportRow {
    pub no: u32,
    /// `YYYY-MM-DD`
    pub date: String,
    /// "2 Maret 2023"
    pub date_label: String,
    pub requester: String,
    pub topics: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct ChannelSection {
    pub channel: Channel,
    pub rows: Vec<ReportRow>,
    pub count: u32,
    /// The most frequent topics (more than one on a tie), in the configured order.
    pub top_topics: Vec<String>,
    /// The report's sentence, e.g. "Selama bulan Maret 2023, telah dilaksanakan …".
    pub sentence: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MonthCount {
    /// `YYYY-MM`
    pub month: String,
    /// "Mar 2023"
    pub label: String,
    pub video_conference: u32,
    pub in_person: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct LabelCount {
    pub label: String,
    pub count: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct MonthlyReport {
    /// `YYYY-MM`
    pub month: String,
    /// "Maret 2023"
    pub month_label: String,
    pub video_conference: ChannelSection,
    pub in_person: ChannelSection,
    /// Oldest first, ending with the reported month.
    pub last_six_months: Vec<MonthCount>,
    pub by_requester_kind: Vec<LabelCount>,
    pub by_province: Vec<LabelCount>,
    pub compliance: ComplianceFigures,
}

/// The first day of the month `months_back` before `month` (0 is `month` itself).
pub fn month_start(month: NaiveDate, months_back: u32) -> NaiveDate {
    let index = month.year() * 12 + month.month0() as i32 - months_back as i32;
    NaiveDate::from_ymd_opt(index.div_euclid(12), index.rem_euclid(12) as u32 + 1, 1)
        .unwrap_or(month)
}

fn month_key(date: NaiveDate) -> String {
    format!("{:04}-{:02}", date.year(), date.month())
}

/// The month a day falls in, as a number that orders months (cheap to compare per item).
fn month_index(date: NaiveDate) -> i32 {
    date.year() * 12 + date.month0() as i32
}

fn kind_label(kind: RequesterKind) -> &'static str {
    match kind {
        RequesterKind::RegionalGovernment => "Pemerintah daerah",
        RequesterKind::RegionalCouncil => "DPRD",
        RequesterKind::MinistryAgency => "Kementerian/lembaga",
        RequesterKind::Academic => "Akademisi",
        RequesterKind::Association => "Asosiasi",
        RequesterKind::Other => "Lainnya",
    }
}

/// What the month's sentence calls a kind: "2 tamu melebihi batas".
fn kind_in_sentence(kind: ViolationKind) -> &'static str {
    match kind {
        ViolationKind::NotConfirmed => "datang tanpa konfirmasi",
        ViolationKind::NoLetter => "tanpa surat permintaan",
        ViolationKind::OverGuestCap => "tamu melebihi batas",
        ViolationKind::RegionalHeadAbsent => "Kepala Daerah tidak hadir",
        ViolationKind::NoBooking => "datang tanpa jadwal",
        ViolationKind::NoShow => "tidak hadir",
    }
}

fn compliance_figures(
    key: &str,
    month_label: &str,
    arrivals: &[NaiveDate],
    violations: &[ViolationItem],
) -> ComplianceFigures {
    let arrivals = arrivals.iter().filter(|d| month_key(**d) == key).count() as u32;
    let mut in_month: Vec<&ViolationItem> = violations
        .iter()
        .filter(|v| month_key(v.occurred_on) == key)
        .collect();
    in_month.sort_by(|a, b| {
        a.occurred_on
            .cmp(&b.occurred_on)
            .then(a.requester_label.cmp(&b.requester_label))
            .then(a.request_id.cmp(&b.request_id))
    });
    let by_kind: Vec<KindCount> = ViolationKind::ALL
        .iter()
        .map(|kind| KindCount {
            kind: *kind,
            label: kind.label().to_owned(),
            count: in_month.iter().filter(|v| v.kind == *kind).count() as u32,
        })
        .collect();
    let mut delegations: Vec<i64> = in_month.iter().map(|v| v.request_id).collect();
    delegations.sort_unstable();
    delegations.dedup();
    let total = in_month.len() as u32;
    let sentence = if total == 0 {
        format!("Selama bulan {month_label} tercatat {arrivals} kedatangan tanpa pelanggaran.")
    } else {
        let parts: Vec<String> = by_kind
            .iter()
            .filter(|k| k.count > 0)
            .map(|k| format!("{} {}", k.count, kind_in_sentence(k.kind)))
            .collect();
        format!(
            "Selama bulan {month_label} tercatat {arrivals} kedatangan dan {total} pelanggaran oleh {} delegasi: {}.",
            delegations.len(),
            join_topics(&parts)
        )
    };
    ComplianceFigures {
        arrivals,
        violations: total,
        delegations_with_violations: delegations.len() as u32,
        rows: in_month
            .iter()
            .enumerate()
            .map(|(n, v)| ViolationRow {
                no: n as u32 + 1,
                date: v.occurred_on.format("%Y-%m-%d").to_string(),
                date_label: format_date(v.occurred_on),
                requester: v.requester_label.clone(),
                label: v.kind.label().to_owned(),
                evidence: v.evidence.clone(),
            })
            .collect(),
        by_kind,
        sentence,
    }
}

/// The report of `month` (any day in it) from the consultations of that month (items of other
/// months are ignored), the counts of that month and the five before it for the chart (see
/// [`held_counts`]), the days delegations checked in, and the violations recorded.
pub fn monthly_report(
    month: NaiveDate,
    items: &[HeldItem],
    chart: &[HeldCount],
    arrivals: &[NaiveDate],
    violations: &[ViolationItem],
) -> MonthlyReport {
    let first = month_start(month, 0);
    let key = month_key(first);
    let month_label = format!("{} {}", month_name(first.month()), first.year());
    let this_month = month_index(first);
    let in_month: Vec<&HeldItem> = items
        .iter()
        .filter(|i| month_index(i.held_on) == this_month)
        .collect();

    let section = |channel: Channel| {
        let mut chosen: Vec<&&HeldItem> =
            in_month.iter().filter(|i| i.channel == channel).collect();
        chosen.sort_by(|a, b| {
            a.held_on
                .cmp(&b.held_on)
                .then(a.requester_label.cmp(&b.requester_label))
        });
        let rows: Vec<ReportRow> = chosen
            .iter()
            .enumerate()
            .map(|(n, item)| ReportRow {
                no: n as u32 + 1,
                date: item.held_on.format("%Y-%m-%d").to_string(),
                date_label: format_date(item.held_on),
                requester: item.requester_label.clone(),
                topics: join_topics(&item.topics),
            })
            .collect();
        // Count topics in first-seen order of the configured list (items carry them ordered).
        let mut counts: Vec<(String, u32)> = Vec::new();
        for item in &chosen {
            for topic in &item.topics {
                match counts.iter_mut().find(|(name, _)| name == topic) {
                    Some((_, n)) => *n += 1,
                    None => counts.push((topic.clone(), 1)),
                }
            }
        }
        let best = counts.iter().map(|(_, n)| *n).max().unwrap_or(0);
        let top_topics: Vec<String> = counts
            .into_iter()
            .filter(|(_, n)| best > 0 && *n == best)
            .map(|(name, _)| name)
            .collect();
        let count = rows.len() as u32;
        let top = join_topics(&top_topics);
        let sentence = match (channel, count) {
            (Channel::VideoConference, 0) => {
                format!("Selama bulan {month_label}, tidak ada Video Conference yang dilaksanakan.")
            }
            (Channel::VideoConference, n) => format!(
                "Selama bulan {month_label}, telah dilaksanakan Video Conference melalui aplikasi Ms. Teams sebanyak {n} kali dimana topik terbanyak adalah {top}."
            ),
            (Channel::InPerson, 0) => format!(
                "Selama bulan {month_label}, tidak ada konsultasi tatap muka yang dilaksanakan."
            ),
            (Channel::InPerson, n) => format!(
                "Selama bulan {month_label}, telah dilaksanakan {n} kali konsultasi tatap muka dengan topik konsultasi terbanyak adalah mengenai {top}."
            ),
        };
        ChannelSection {
            channel,
            rows,
            count,
            top_topics,
            sentence,
        }
    };

    // One pass over the counts: (video conference, tatap muka) per month, oldest first.
    let mut per_month = [(0u32, 0u32); 6];
    for held in chart {
        let back = this_month - month_index(held.held_on);
        if let Ok(back @ 0..=5) = usize::try_from(back) {
            let counts = &mut per_month[5 - back];
            match held.channel {
                Channel::VideoConference => counts.0 += held.count,
                Channel::InPerson => counts.1 += held.count,
            }
        }
    }
    let last_six_months = (0..6u32)
        .rev()
        .zip(per_month)
        .map(|(back, (video_conference, in_person))| {
            let start = month_start(first, back);
            MonthCount {
                label: format!("{} {}", &month_name(start.month())[..3], start.year()),
                month: month_key(start),
                video_conference,
                in_person,
            }
        })
        .collect();

    let mut by_kind: Vec<LabelCount> = RequesterKind::ALL
        .iter()
        .map(|kind| LabelCount {
            label: kind_label(*kind).to_owned(),
            count: in_month
                .iter()
                .filter(|i| i.requester_kind == *kind)
                .count() as u32,
        })
        .filter(|c| c.count > 0)
        .collect();
    by_kind.sort_by_key(|c| std::cmp::Reverse(c.count));
    let mut provinces: BTreeMap<String, u32> = BTreeMap::new();
    for item in &in_month {
        if let Some(province) = &item.province {
            *provinces.entry(province.clone()).or_default() += 1;
        }
    }
    let mut by_province: Vec<LabelCount> = provinces
        .into_iter()
        .map(|(label, count)| LabelCount { label, count })
        .collect();
    by_province.sort_by(|a, b| b.count.cmp(&a.count).then(a.label.cmp(&b.label)));

    let video_conference = section(Channel::VideoConference);
    let in_person = section(Channel::InPerson);
    let compliance = compliance_figures(&key, &month_label, arrivals, violations);
    MonthlyReport {
        month: key,
        month_label,
        video_conference,
        in_person,
        last_six_months,
        by_requester_kind: by_kind,
        by_province,
        compliance,
    }
}

/// "DAU", "DAU dan Dana Desa", "DAU, DBH dan DID".
fn join_topics(topics: &[String]) -> String {
    match topics {
        [] => "-".into(),
        [only] => only.clone(),
        [rest @ .., last] => format!("{} dan {last}", rest.join(", ")),
    }
}

/// A cell a spreadsheet would not run as a formula: text starting with `=`, `+`, `-`, `@`, a
/// tab or a carriage return (a requester named `=HYPERLINK(…)`) gets a leading apostrophe,
/// which spreadsheets hide and treat as "this is text" (OWASP's advice for CSV injection).
pub fn csv_cell(text: &str) -> std::borrow::Cow<'_, str> {
    match text.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{text}").into(),
        _ => text.into(),
    }
}

/// Writes one record with every cell passed through [`csv_cell`].
fn write_safe<W: std::io::Write, const N: usize>(
    writer: &mut csv::Writer<W>,
    cells: [&str; N],
) -> Result<(), csv::Error> {
    writer.write_record(cells.map(csv_cell).iter().map(|c| c.as_ref()))
}

/// The report as one CSV table: a line per consultation (video conferences first), then a line
/// per violation, told apart by the first column. Cells that would start a formula are
/// neutralised ([`csv_cell`]).
pub fn to_csv(report: &MonthlyReport) -> Result<String, csv::Error> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    write_safe(
        &mut writer,
        [
            "Bagian",
            "No",
            "Tanggal",
            "Pengguna Layanan",
            "Topik",
            "Pelanggaran",
            "Keterangan",
        ],
    )?;
    for (label, section) in [
        ("Video Conference", &report.video_conference),
        ("Tatap Muka", &report.in_person),
    ] {
        for row in &section.rows {
            write_safe(
                &mut writer,
                [
                    label,
                    &row.no.to_string(),
                    &row.date,
                    &row.requester,
                    &row.topics,
                    "",
                    "",
                ],
            )?;
        }
    }
    for row in &report.compliance.rows {
        write_safe(
            &mut writer,
            [
                "Pelanggaran",
                &row.no.to_string(),
                &row.date,
                &row.requester,
                "",
                &row.label,
                &row.evidence,
            ],
        )?;
    }
    let bytes = writer.into_inner().map_err(|e| e.into_error())?;
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(day: u32, month: u32, channel: Channel, who: &str, topics: &[&str]) -> HeldItem {
        HeldItem {
            held_on: NaiveDate::from_ymd_opt(2023, month, day).expect("present"),
            channel,
            requester_kind: RequesterKind::RegionalGovernment,
            requester_label: who.into(),
            province: Some("Sumatera Utara".into()),
            topics: topics.iter().map(|t| (*t).to_owned()).collect(),
        }
    }

    #[test]
    fn a_month_with_known_answers() {
        use Channel::{InPerson as TM, VideoConference as VC};
        let items = vec![
            item(14, 3, VC, "Kab. Demak", &["DAU"]),
            item(2, 3, VC, "Kota Sibolga", &["DAU"]),
            item(6, 3, VC, "Prov. Jawa Barat", &["DBH"]),
            item(2, 3, VC, "Kab. Lembata", &["DAU", "Dana Desa"]),
            item(10, 3, TM, "Prov. Kalimantan Timur (DPRD)", &["PDRD"]),
            item(1, 3, TM, "Kab. Tanah Datar", &["DAU"]),
            item(17, 3, TM, "Kota Kendari", &["PDRD"]),
            item(20, 2, VC, "Kab. Dairi", &["DAU"]),
            item(5, 10, VC, "Kab. Nias", &["DAU"]),
            item(30, 9, VC, "Kab. Karo", &["DAU"]), // seven months back: not in the chart
        ];
        let report = monthly_report(
            NaiveDate::from_ymd_opt(2023, 3, 31).expect("present"),
            &items,
            &held_counts(&items),
            &[],
            &[],
        );
        assert_eq!(report.month, "2023-03");
        let video = &report.video_conference;
        assert_eq!(video.count, 4);
        let order: Vec<(&str, &str)> = video
            .rows
            .iter()
            .map(|r| (r.date.as_str(), r.requester.as_str()))
            .collect();
        assert_eq!(
            order,
            vec![
                ("2023-03-02", "Kab. Lembata"),
                ("2023-03-02", "Kota Sibolga"),
                ("2023-03-06", "Prov. Jawa Barat"),
                ("2023-03-14", "Kab. Demak"),
            ]
        );
        assert_eq!(video.rows[0].no, 1);
        assert_eq!(video.rows[0].date_label, "2 Maret 2023");
        assert_eq!(video.rows[0].topics, "DAU dan Dana Desa");
        assert_eq!(video.top_topics, vec!["DAU"]);
        assert_eq!(
            video.sentence,
            "Selama bulan Maret 2023, telah dilaksanakan Video Conference melalui aplikasi Ms. Teams sebanyak 4 kali dimana topik terbanyak adalah DAU."
        );
        let in_person = &report.in_person;
        assert_eq!(in_person.count, 3);
        assert_eq!(in_person.rows[0].requester, "Kab. Tanah Datar");
        assert_eq!(in_person.top_topics, vec!["PDRD"]);
        assert!(in_person.sentence.contains("3 kali konsultasi tatap muka"));
        assert!(in_person.sentence.ends_with("adalah mengenai PDRD."));

        let chart: Vec<(&str, u32, u32)> = report
            .last_six_months
            .iter()
            .map(|m| (m.month.as_str(), m.video_conference, m.in_person))
            .collect();
        assert_eq!(
            chart,
            vec![
                ("2022-10", 0, 0),
                ("2022-11", 0, 0),
                ("2022-12", 0, 0),
                ("2023-01", 0, 0),
                ("2023-02", 1, 0),
                ("2023-03", 4, 3),
            ]
        );
        assert_eq!(report.last_six_months[0].label, "Okt 2022");
        assert_eq!(report.by_requester_kind[0].count, 7);
    }

    #[test]
    fn ties_name_every_top_topic_and_an_empty_month_says_so() {
        let items = vec![
            item(3, 4, Channel::InPerson, "Kab. A", &["DAU"]),
            item(4, 4, Channel::InPerson, "Kab. B", &["DBH"]),
        ];
        let report = monthly_report(
            NaiveDate::from_ymd_opt(2023, 4, 1).expect("present"),
            &items,
            &held_counts(&items),
            &[],
            &[],
        );
        assert_eq!(report.in_person.top_topics, vec!["DAU", "DBH"]);
        assert!(report.in_person.sentence.ends_with("mengenai DAU dan DBH."));
        assert_eq!(
            report.video_conference.sentence,
            "Selama bulan April 2023, tidak ada Video Conference yang dilaksanakan."
        );
        let csv = to_csv(&report).expect("present");
        assert_eq!(
            csv,
            "Bagian,No,Tanggal,Pengguna Layanan,Topik,Pelanggaran,Keterangan\nTatap Muka,1,2023-04-03,Kab. A,DAU,,\nTatap Muka,2,2023-04-04,Kab. B,DBH,,\n"
        );
    }

    #[test]
    fn compliance_figures_count_the_month_only_by_kind_and_delegation() {
        let day = |d: u32, m: u32| NaiveDate::from_ymd_opt(2026, m, d).expect("present");
        let violation = |d: u32, m: u32, id: i64, kind: ViolationKind| ViolationItem {
            occurred_on: day(d, m),
            request_id: id,
            kind,
            requester_label: format!("Kab. {id}"),
            evidence: "bukti".into(),
        };
        let arrivals = [day(2, 12), day(3, 12), day(9, 12), day(30, 11)];
        let violations = [
            violation(9, 12, 7, ViolationKind::OverGuestCap),
            violation(3, 12, 5, ViolationKind::NotConfirmed),
            violation(3, 12, 5, ViolationKind::OverGuestCap),
            violation(30, 11, 4, ViolationKind::NoLetter), // last month
        ];
        let report = monthly_report(day(1, 12), &[], &[], &arrivals, &violations);
        let c = &report.compliance;
        assert_eq!(
            (c.arrivals, c.violations, c.delegations_with_violations),
            (3, 3, 2)
        );
        let counts: Vec<(ViolationKind, u32)> =
            c.by_kind.iter().map(|k| (k.kind, k.count)).collect();
        assert_eq!(counts.len(), ViolationKind::ALL.len());
        assert!(counts.contains(&(ViolationKind::OverGuestCap, 2)));
        assert!(counts.contains(&(ViolationKind::NotConfirmed, 1)));
        assert!(counts.contains(&(ViolationKind::NoLetter, 0)));
        let order: Vec<&str> = c.rows.iter().map(|r| r.date.as_str()).collect();
        assert_eq!(order, vec!["2026-12-03", "2026-12-03", "2026-12-09"]);
        assert_eq!(
            c.sentence,
            "Selama bulan Desember 2026 tercatat 3 kedatangan dan 3 pelanggaran oleh 2 delegasi: 1 datang tanpa konfirmasi dan 2 tamu melebihi batas."
        );
        let csv = to_csv(&report).expect("csv");
        assert!(
            csv.ends_with("Pelanggaran,3,2026-12-09,Kab. 7,,Tamu melebihi batas,bukti\n"),
            "{csv}"
        );

        let quiet = monthly_report(day(1, 10), &[], &[], &arrivals, &violations);
        assert_eq!(
            quiet.compliance.sentence,
            "Selama bulan Oktober 2026 tercatat 0 kedatangan tanpa pelanggaran."
        );
    }

    #[test]
    fn cells_that_would_run_as_a_formula_are_written_as_text() {
        let day = NaiveDate::from_ymd_opt(2026, 12, 9).expect("present");
        let held = |who: &str| HeldItem {
            held_on: day,
            channel: Channel::InPerson,
            requester_kind: RequesterKind::RegionalGovernment,
            requester_label: who.into(),
            province: None,
            topics: vec!["+DAU".into()],
        };
        let items = [
            held("=HYPERLINK(\"http://evil\")"),
            held("@SUM(A1)"),
            held("\tKab. Tab"),
            held("Kab. Aman = 1"),
        ];
        let violations = [ViolationItem {
            occurred_on: day,
            request_id: 7,
            kind: ViolationKind::OverGuestCap,
            requester_label: "-2+3".into(),
            evidence: "\r=1+1".into(),
        }];
        let report = monthly_report(day, &items, &held_counts(&items), &[day], &violations);
        let csv = to_csv(&report).expect("csv");
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let cells: Vec<String> = reader
            .records()
            .flat_map(|r| {
                r.expect("record")
                    .iter()
                    .map(str::to_owned)
                    .collect::<Vec<_>>()
            })
            .collect();
        for cell in &cells {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{cell:?} in {csv}"
            );
        }
        assert!(
            cells.contains(&"'=HYPERLINK(\"http://evil\")".to_owned()),
            "{csv}"
        );
        assert!(cells.contains(&"Kab. Aman = 1".to_owned()), "{csv}");
        assert!(cells.contains(&"'-2+3".to_owned()), "{csv}");
    }

    #[test]
    fn month_arithmetic_crosses_years() {
        let march = NaiveDate::from_ymd_opt(2023, 3, 15).expect("present");
        assert_eq!(
            month_start(march, 5),
            NaiveDate::from_ymd_opt(2022, 10, 1).expect("present")
        );
        assert_eq!(
            month_start(march, 0),
            NaiveDate::from_ymd_opt(2023, 3, 1).expect("present")
        );
    }
}
