//! Finding a region the way staff type it: "kab bogor", "Prov. Kalbar", "Muko-Muko".
//!
//! Names are compared in a compact form (lower-case letters and digits only), so hyphens,
//! dots and spaces never decide a match; common abbreviations are expanded first.

use crate::domain::region::{Region, RegionKind};

/// Abbreviations found in letters, WhatsApp messages and the monthly report.
const ABBREVIATIONS: &[(&str, &str)] = &[
    ("kab", "kabupaten"),
    ("kabu", "kabupaten"),
    ("prov", "provinsi"),
    ("propinsi", "provinsi"),
    ("pemkab", "kabupaten"),
    ("pemkot", "kota"),
    ("pemprov", "provinsi"),
    ("kalbar", "kalimantan barat"),
    ("kalteng", "kalimantan tengah"),
    ("kalsel", "kalimantan selatan"),
    ("kaltim", "kalimantan timur"),
    ("kaltara", "kalimantan utara"),
    ("sumut", "sumatera utara"),
    ("sumbar", "sumatera barat"),
    ("sumsel", "sumatera selatan"),
    ("sulut", "sulawesi utara"),
    ("sulteng", "sulawesi tengah"),
    ("sulsel", "sulawesi selatan"),
    ("sultra", "sulawesi tenggara"),
    ("sulbar", "sulawesi barat"),
    ("jabar", "jawa barat"),
    ("jateng", "jawa tengah"),
    ("jatim", "jawa timur"),
    ("diy", "daerah istimewa yogyakarta"),
    ("dki", "daerah khusus ibukota"),
    ("ntb", "nusa tenggara barat"),
    ("ntt", "nusa tenggara timur"),
    ("babel", "kepulauan bangka belitung"),
    ("kepri", "kepulauan riau"),
    ("malut", "maluku utara"),
];

fn compact(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Splits a query into compact words, expanding abbreviations. Words joined by a hyphen are
/// kept together ("Muko-Muko" is one word), since names are compared without hyphens anyway.
pub fn query_words(query: &str) -> Vec<String> {
    let mut words = Vec::new();
    for raw in query.split(|c: char| c.is_whitespace() || c == '.' || c == ',' || c == '/') {
        let word = compact(raw);
        if word.is_empty() {
            continue;
        }
        match ABBREVIATIONS.iter().find(|(short, _)| *short == word) {
            Some((_, long)) => words.extend(long.split(' ').map(str::to_owned)),
            None => words.push(word),
        }
    }
    words
}

/// What a query asks for beyond the region: only DPRD, or only the government.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Body {
    Government,
    Council,
    Either,
}

pub struct RegionQuery {
    words: Vec<String>,
    /// "provinsi" was typed: stored province names do not carry the word, so it filters instead.
    only_provinces: bool,
    pub body: Body,
}

/// Longest query read, in characters. No region's name comes near it, so a longer text (a
/// pasted paragraph) cannot name a region and matches nothing, without being read at all.
pub const MAX_QUERY_CHARS: usize = 200;

impl RegionQuery {
    pub fn parse(query: &str) -> Self {
        if query.chars().nth(MAX_QUERY_CHARS).is_some() {
            return Self {
                words: Vec::new(),
                only_provinces: false,
                body: Body::Either,
            };
        }
        let mut words = query_words(query);
        let has = |words: &[String], w: &str| words.iter().any(|x| x == w);
        let body = if has(&words, "dprd") {
            Body::Council
        } else if has(&words, "pemda") {
            Body::Government
        } else {
            Body::Either
        };
        let only_provinces = has(&words, "provinsi");
        words.retain(|w| !matches!(w.as_str(), "dprd" | "pemda" | "pemerintah" | "provinsi"));
        Self {
            words,
            only_provinces,
            body,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.words.is_empty() && !self.only_provinces
    }

    /// `None` when the region does not match; otherwise a rank, lower is better.
    pub fn rank(&self, region: &Region) -> Option<u32> {
        if self.only_provinces && region.kind != RegionKind::Province {
            return None;
        }
        let name = compact(&region.name);
        if !self.words.iter().all(|word| name.contains(word.as_str())) {
            return None;
        }
        let core_name = compact(strip_kind(&region.name));
        // "Tanah Datar" and "Kab. Tanah Datar" are exact too, though typed as several words.
        let typed = self.words.concat();
        let exact = self.words.contains(&core_name) || typed == core_name || typed == name;
        let starts = self.words.iter().any(|w| core_name.starts_with(w.as_str()));
        let match_rank = if exact {
            0
        } else if starts {
            10
        } else {
            20
        };
        let kind_rank = if region.kind == RegionKind::Province {
            0
        } else {
            1
        };
        Some(match_rank + kind_rank)
    }
}

fn strip_kind(name: &str) -> &str {
    name.strip_prefix("Kabupaten ")
        .or_else(|| name.strip_prefix("Kota "))
        .unwrap_or(name)
}

/// Regions matching `query`, best first, then by name.
pub fn search_regions<'a>(regions: &'a [Region], query: &RegionQuery) -> Vec<&'a Region> {
    if query.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(u32, &Region)> = regions
        .iter()
        .filter_map(|region| query.rank(region).map(|rank| (rank, region)))
        .collect();
    hits.sort_by(|(a_rank, a), (b_rank, b)| a_rank.cmp(b_rank).then_with(|| a.name.cmp(&b.name)));
    hits.into_iter().map(|(_, region)| region).collect()
}
