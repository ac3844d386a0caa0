//! Reading the desk's earlier records (CSV: channel, date, requester as written, topics) and
//! matching each row to the official lists, tolerantly and saying so.
//!
//! A row is *matched* when its requester and topics name one region and known topics; *guessed*
//! when a reading was needed (a typo, a kabupaten that is a kota, a non-Pemda name); *unmatched*
//! when no honest reading exists. The caller imports nothing while any row is unmatched.

use chrono::NaiveDate;

use crate::domain::Topic;
use crate::domain::region::Region;
use crate::domain::{Channel, RequesterKind};
use crate::search::{Body, RegionQuery, query_words, search_regions};
use crate::time::month_name;
use crate::validate::{InstitutionName, LetterLine, check_year, quoted};

/// Largest file read: the desk's records of many years fit in well under a megabyte.
pub const MAX_CSV_BYTES: usize = 5 * 1024 * 1024;
/// Most data rows one import reads.
pub const MAX_CSV_ROWS: usize = 20_000;
/// Most unreadable rows reported one by one; beyond them the file is plainly not a record.
pub const MAX_REPORTED_ROWS: usize = 100;

/// One consultation read from a row, ready to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldRecord {
    pub held_on: NaiveDate,
    pub channel: Channel,
    pub requester_kind: RequesterKind,
    pub region_code: Option<String>,
    pub requester_name: Option<String>,
    pub written_as: String,
    pub topic_codes: Vec<String>,
}

/// What became of one row of the file.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, ts_rs::TS)]
pub struct RowReport {
    /// The line number in the file (the header is line 1).
    #[ts(type = "number")]
    pub line: usize,
    pub written_as: String,
    /// How it was read, or why not.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ImportReading {
    pub records: Vec<HeldRecord>,
    pub guessed: Vec<RowReport>,
    pub unmatched: Vec<RowReport>,
}

/// Reads a CSV whose header names the columns (in either language): `channel`/`saluran`,
/// `date`/`tanggal`, `requester`/`pengguna_layanan`, `topics`/`topik`. Cells pass the same
/// field rules as a request typed into the form (the requester as an institution name, the
/// topics as a line of text); a date must lie in the desk's years and not after `today`.
pub fn read_csv(
    text: &str,
    regions: &[Region],
    topics: &[Topic],
    today: NaiveDate,
) -> Result<ImportReading, String> {
    if text.len() > MAX_CSV_BYTES {
        return Err(format!(
            "berkas terlalu besar: {:.1} MB, paling besar {} MB",
            text.len() as f64 / (1024.0 * 1024.0),
            MAX_CSV_BYTES / (1024 * 1024)
        ));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = reader
        .headers()
        .map_err(|e| format!("baris judul tidak terbaca: {e}"))?
        .clone();
    let column = |names: &[&str]| {
        headers.iter().position(|h| {
            let h = h
                .trim_start_matches('\u{feff}')
                .to_lowercase()
                .replace([' ', '-'], "_");
            names.contains(&h.as_str())
        })
    };
    let (Some(channel_at), Some(date_at), Some(requester_at), Some(topics_at)) = (
        column(&["channel", "saluran", "kanal"]),
        column(&["date", "tanggal"]),
        column(&["requester", "pengguna_layanan", "pengguna"]),
        column(&["topics", "topik"]),
    ) else {
        return Err(
            "kolom wajib: saluran (channel), tanggal (date), pengguna_layanan (requester), topik (topics)"
                .into(),
        );
    };
    let mut reading = ImportReading::default();
    for (index, row) in reader.records().enumerate() {
        let line = index + 2;
        if index == MAX_CSV_ROWS {
            return Err(format!(
                "berkas berisi lebih dari {MAX_CSV_ROWS} baris data; impor per tahun saja"
            ));
        }
        if reading.unmatched.len() == MAX_REPORTED_ROWS {
            return Err(format!(
                "lebih dari {MAX_REPORTED_ROWS} baris tidak terbaca (yang pertama: baris {}); periksa kolom dan isinya",
                reading.unmatched.first().map_or(line, |row| row.line)
            ));
        }
        let row = match row {
            Ok(row) => row,
            Err(error) => {
                reading.unmatched.push(RowReport {
                    line,
                    written_as: String::new(),
                    notes: vec![format!("baris tidak terbaca: {error}")],
                });
                continue;
            }
        };
        let cell = |at: usize| row.get(at).unwrap_or("").to_owned();
        let mut notes = Vec::new();
        let mut guessed = false;
        let channel = parse_channel(&cell(channel_at));
        if channel.is_none() {
            notes.push(format!(
                "saluran \"{}\" tidak dikenal",
                quoted(&cell(channel_at))
            ));
        }
        let held_on = match parse_any_date(&cell(date_at)) {
            None => {
                notes.push(format!(
                    "tanggal \"{}\" tidak terbaca",
                    quoted(&cell(date_at))
                ));
                None
            }
            Some(date) => match check_year(date, "tanggal") {
                Err(why) => {
                    notes.push(why);
                    None
                }
                Ok(date) if date > today => {
                    notes.push(format!(
                        "tanggal {} belum lewat: hanya konsultasi yang sudah berlangsung yang diimpor",
                        date.format("%Y-%m-%d")
                    ));
                    None
                }
                Ok(date) => Some(date),
            },
        };
        let raw_requester = cell(requester_at);
        let (written, requester) = match InstitutionName::parse(&raw_requester, "pengguna layanan")
        {
            Ok(name) => {
                let requester = match_requester(name.as_str(), regions);
                (name.into_string(), requester)
            }
            Err(why) => (quoted(raw_requester.trim()), Requester::Unmatched(why)),
        };
        match &requester {
            Requester::Unmatched(why) => notes.push(why.clone()),
            Requester::Guessed { note, .. } => {
                guessed = true;
                notes.push(note.clone());
            }
            Requester::Matched { .. } => {}
        }
        let mut topic_codes = Vec::new();
        let raw_topics = cell(topics_at);
        let mut topics_refused = false;
        let topics_text = if raw_topics.trim().is_empty() {
            String::new()
        } else {
            match LetterLine::parse(&raw_topics, "topik") {
                Ok(line) => line.into_string(),
                Err(why) => {
                    notes.push(why);
                    topics_refused = true;
                    String::new()
                }
            }
        };
        for part in split_topics(&topics_text) {
            match match_topic(&part, topics) {
                TopicMatch::Exact(code) => topic_codes.push(code),
                TopicMatch::Near(code, name) => {
                    guessed = true;
                    notes.push(format!("topik \"{part}\" dibaca sebagai {name}"));
                    topic_codes.push(code);
                }
                TopicMatch::None => {
                    notes.push(format!("topik \"{}\" tidak dikenal", quoted(&part)))
                }
            }
        }
        topic_codes.dedup();
        if topic_codes.is_empty() && notes.iter().all(|n| !n.starts_with("topik")) {
            notes.push("topik kosong".into());
        }
        let failed = channel.is_none()
            || held_on.is_none()
            || topics_refused
            || matches!(requester, Requester::Unmatched(_))
            || notes
                .iter()
                .any(|n| n.ends_with("tidak dikenal") || n == "topik kosong");
        let report = RowReport {
            line,
            written_as: written.clone(),
            notes,
        };
        if failed {
            reading.unmatched.push(report);
            continue;
        }
        let (Some(channel), Some(held_on)) = (channel, held_on) else {
            continue;
        };
        let (requester_kind, region_code, requester_name) = match requester {
            Requester::Matched {
                kind,
                region_code,
                name,
            }
            | Requester::Guessed {
                kind,
                region_code,
                name,
                ..
            } => (kind, region_code, name),
            Requester::Unmatched(_) => continue,
        };
        if guessed {
            reading.guessed.push(report);
        }
        reading.records.push(HeldRecord {
            held_on,
            channel,
            requester_kind,
            region_code,
            requester_name,
            written_as: written,
            topic_codes,
        });
    }
    Ok(reading)
}

fn parse_channel(raw: &str) -> Option<Channel> {
    let compact: String = raw
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match compact.as_str() {
        "videoconference" | "vicon" | "vidcon" | "vc" | "msteams" | "daring" => {
            Some(Channel::VideoConference)
        }
        "tatapmuka" | "inperson" | "luring" | "tm" => Some(Channel::InPerson),
        _ => None,
    }
}

/// `2023-03-02`, `02/03/2023` (day first, as Indonesian records write it) or `2 Maret 2023`.
pub fn parse_any_date(raw: &str) -> Option<NaiveDate> {
    let raw = raw.trim();
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%Y-%m-%d") {
        return Some(date);
    }
    if let Ok(date) = NaiveDate::parse_from_str(raw, "%d/%m/%Y") {
        return Some(date);
    }
    let words: Vec<&str> = raw.split_whitespace().collect();
    let [day, month, year] = words.as_slice() else {
        return None;
    };
    let month = (1..=12).find(|m| {
        let name = month_name(*m).to_lowercase();
        let typed = month.to_lowercase();
        typed == name || (typed.len() >= 3 && name.starts_with(&typed))
    })?;
    NaiveDate::from_ymd_opt(year.parse().ok()?, month, day.parse().ok()?)
}

enum Requester {
    Matched {
        kind: RequesterKind,
        region_code: Option<String>,
        name: Option<String>,
    },
    Guessed {
        kind: RequesterKind,
        region_code: Option<String>,
        name: Option<String>,
        note: String,
    },
    Unmatched(String),
}

const KIND_WORDS: &[&str] = &["kabupaten", "kota", "provinsi"];

fn match_requester(written: &str, regions: &[Region]) -> Requester {
    let trimmed = written.trim();
    if trimmed.is_empty() {
        return Requester::Unmatched("pengguna layanan kosong".into());
    }
    let query = RegionQuery::parse(trimmed);
    let kind = match query.body {
        Body::Council => RequesterKind::RegionalCouncil,
        _ => RequesterKind::RegionalGovernment,
    };
    let words = query_words(trimmed);
    let names_a_region_kind = words.iter().any(|w| KIND_WORDS.contains(&w.as_str()));
    let hits = search_regions(regions, &query);
    let label = |region: &Region| region.requester_label(kind);
    let exact: Vec<&&Region> = hits
        .iter()
        .filter(|r| query.rank(r).is_some_and(|rank| rank <= 1))
        .collect();
    match (exact.as_slice(), hits.as_slice()) {
        ([only], _) => {
            return Requester::Matched {
                kind,
                region_code: Some(only.code.as_str().to_owned()),
                name: None,
            };
        }
        ([], [only]) => {
            return Requester::Guessed {
                kind,
                region_code: Some(only.code.as_str().to_owned()),
                name: None,
                note: format!("\"{trimmed}\" dibaca sebagai {}", label(only)),
            };
        }
        ([], []) => {}
        (_, candidates) => {
            let names: Vec<String> = candidates.iter().take(4).map(|r| label(r)).collect();
            return Requester::Unmatched(format!(
                "\"{trimmed}\" cocok dengan beberapa daerah: {}",
                names.join(", ")
            ));
        }
    }
    // No region carries the name as written. A kabupaten written as a kota (or the reverse)
    // is a common slip: try again without the kind word.
    if names_a_region_kind {
        let without: Vec<&str> = trimmed
            .split(|c: char| c.is_whitespace() || c == '.')
            .filter(|w| {
                let w = w.to_lowercase();
                !["kab", "kabupaten", "kota", "kot", "pemkab", "pemkot"].contains(&w.as_str())
            })
            .collect();
        let retry = RegionQuery::parse(&without.join(" "));
        let hits = search_regions(regions, &retry);
        if let [only] = hits.as_slice() {
            return Requester::Guessed {
                kind,
                region_code: Some(only.code.as_str().to_owned()),
                name: None,
                note: format!("\"{trimmed}\" tidak ada; dibaca sebagai {}", label(only)),
            };
        }
        return Requester::Unmatched(format!(
            "\"{trimmed}\" tidak ditemukan dalam daftar wilayah Kemendagri"
        ));
    }
    // A name without a kind of region: an association, a ministry, a university.
    Requester::Guessed {
        kind: RequesterKind::Other,
        region_code: None,
        name: Some(trimmed.to_owned()),
        note: format!("\"{trimmed}\" dicatat sebagai pengguna layanan bukan Pemda"),
    }
}

fn split_topics(raw: &str) -> Vec<String> {
    raw.replace(" dan ", ",")
        .replace(" & ", ",")
        .split([',', ';', '/', '+'])
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

enum TopicMatch {
    Exact(String),
    Near(String, String),
    None,
}

fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn match_topic(written: &str, topics: &[Topic]) -> TopicMatch {
    let typed = compact(written);
    // "DBH" matches "DBH (termasuk DBH TDF)": the name before any parenthesis counts too.
    let forms = |topic: &Topic| {
        let short = topic
            .name
            .split('(')
            .next()
            .unwrap_or(&topic.name)
            .to_owned();
        [compact(&topic.code), compact(&topic.name), compact(&short)]
    };
    if let Some(topic) = topics.iter().find(|t| forms(t).contains(&typed)) {
        return TopicMatch::Exact(topic.code.clone());
    }
    let nearest = topics
        .iter()
        .filter_map(|t| {
            forms(t)
                .iter()
                .map(|form| edit_distance(form, &typed))
                .min()
                .map(|d| (d, t))
        })
        .min_by_key(|(d, _)| *d);
    match nearest {
        Some((distance, topic)) if distance <= 2 && typed.len() >= 4 => {
            TopicMatch::Near(topic.code.clone(), topic.name.clone())
        }
        _ => TopicMatch::None,
    }
}

/// Levenshtein distance over characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != *cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_forms_records_use() {
        let march_2 = NaiveDate::from_ymd_opt(2023, 3, 2);
        assert_eq!(parse_any_date("2023-03-02"), march_2);
        assert_eq!(parse_any_date("02/03/2023"), march_2);
        assert_eq!(parse_any_date("2 Maret 2023"), march_2);
        assert_eq!(parse_any_date("2 Mar 2023"), march_2);
        assert_eq!(parse_any_date("31 Februari 2023"), None);
        assert_eq!(parse_any_date("kemarin"), None);
    }

    #[test]
    fn edit_distance_counts_single_changes() {
        assert_eq!(edit_distance("daknonfisik", "daknokfisik"), 1);
        assert_eq!(edit_distance("dau", "dau"), 0);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn topic_lists_split_on_commas_and_dan() {
        assert_eq!(
            split_topics("DAU, DBH dan DID; DAK Fisik"),
            vec!["DAU", "DBH", "DID", "DAK Fisik"]
        );
    }
}
