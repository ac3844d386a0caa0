//! TrueType subsetting for the embedded faces.
//!
//! A document embeds only the glyphs it draws: the outlines (`glyf`, with the components of
//! accented letters, which DejaVu builds as composites), their metrics, a `cmap` for the
//! characters used, and the tables a TrueType program needs to run (`head`, `hhea`, `maxp`,
//! `cvt `, `fpgm`, `prep`), plus `name` (it carries the copyright and licence notice) and
//! `OS/2`. Tables indexed by glyph that are of no use in a PDF (kerning, OpenType layout) are
//! left out.
//!
//! The source tables are located once per process; a subset is then a few copies, which takes
//! a few dozen microseconds (allsorts' general subsetter re-reads the whole `glyf` and `cmap`
//! each time, and was a third of the time of a letter).

use std::collections::BTreeMap;

/// Tables copied unchanged into every subset.
const COPIED: [&[u8; 4]; 6] = [b"OS/2", b"cvt ", b"fpgm", b"gasp", b"name", b"prep"];

/// Composite glyph flags (OpenType `glyf`).
const ARG_1_AND_2_ARE_WORDS: u16 = 0x0001;
const WE_HAVE_A_SCALE: u16 = 0x0008;
const MORE_COMPONENTS: u16 = 0x0020;
const WE_HAVE_AN_X_AND_Y_SCALE: u16 = 0x0040;
const WE_HAVE_A_TWO_BY_TWO: u16 = 0x0080;

/// The tables of one TrueType face, located once.
pub(crate) struct Program {
    tables: BTreeMap<[u8; 4], &'static [u8]>,
    /// Start of each glyph in `glyf`, plus the end of the last.
    loca: Vec<usize>,
    /// Advance width and left side bearing per glyph.
    metrics: Vec<(u16, i16)>,
}

fn u16_at(data: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_be_bytes(data.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(data: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_be_bytes(data.get(at..at + 4)?.try_into().ok()?))
}

impl Program {
    /// Reads the table directory, `loca` and `hmtx` of a single-face TrueType file.
    pub(crate) fn parse(font: &'static [u8]) -> Result<Program, String> {
        let bad = |what: &str| format!("malformed font: {what}");
        if u32_at(font, 0) != Some(0x0001_0000) {
            return Err("not a TrueType (glyf) font".to_owned());
        }
        let count = u16_at(font, 4).ok_or_else(|| bad("table directory"))?;
        let mut tables = BTreeMap::new();
        for i in 0..usize::from(count) {
            let record = 12 + 16 * i;
            let tag: [u8; 4] = font
                .get(record..record + 4)
                .and_then(|t| t.try_into().ok())
                .ok_or_else(|| bad("table record"))?;
            let offset = u32_at(font, record + 8).ok_or_else(|| bad("table offset"))? as usize;
            let length = u32_at(font, record + 12).ok_or_else(|| bad("table length"))? as usize;
            let data = font
                .get(offset..offset + length)
                .ok_or_else(|| bad("table outside the file"))?;
            tables.insert(tag, data);
        }
        let table = |tag: &[u8; 4]| {
            tables
                .get(tag)
                .copied()
                .ok_or_else(|| bad(&String::from_utf8_lossy(tag)))
        };

        // The fields rewritten in a subset must be there.
        let head = table(b"head")?;
        let maxp = table(b"maxp")?;
        let hhea = table(b"hhea")?;
        if head.len() < 54 || hhea.len() < 36 || maxp.len() < 6 {
            return Err(bad("head, hhea or maxp too short"));
        }
        let glyphs = usize::from(u16_at(maxp, 4).ok_or_else(|| bad("maxp"))?);
        let long_loca = u16_at(head, 50).ok_or_else(|| bad("head"))? == 1;
        let loca_data = table(b"loca")?;
        let loca = (0..=glyphs)
            .map(|i| {
                if long_loca {
                    u32_at(loca_data, 4 * i).map(|o| o as usize)
                } else {
                    u16_at(loca_data, 2 * i).map(|o| 2 * usize::from(o))
                }
            })
            .collect::<Option<Vec<usize>>>()
            .ok_or_else(|| bad("loca"))?;
        let glyf_length = table(b"glyf")?.len();
        if loca.windows(2).any(|w| w[0] > w[1]) || loca.last().is_some_and(|&l| l > glyf_length) {
            return Err(bad("loca"));
        }

        let long_metrics = usize::from(u16_at(hhea, 34).ok_or_else(|| bad("hhea"))?);
        let hmtx = table(b"hmtx")?;
        let mut metrics = Vec::with_capacity(glyphs);
        let mut advance = 0;
        for gid in 0..glyphs {
            let lsb_at = if gid < long_metrics {
                advance = u16_at(hmtx, 4 * gid).ok_or_else(|| bad("hmtx"))?;
                4 * gid + 2
            } else {
                4 * long_metrics + 2 * (gid - long_metrics)
            };
            let lsb = u16_at(hmtx, lsb_at).ok_or_else(|| bad("hmtx"))?;
            metrics.push((advance, lsb as i16));
        }
        for tag in [b"post", b"cmap"] {
            table(tag)?;
        }
        Ok(Program {
            tables,
            loca,
            metrics,
        })
    }

    pub(crate) fn glyph_count(&self) -> usize {
        self.metrics.len()
    }

    /// Advance widths per glyph, in font units.
    pub(crate) fn advances(&self) -> Vec<u16> {
        self.metrics.iter().map(|&(advance, _)| advance).collect()
    }

    /// Units per em, from `head`.
    pub(crate) fn units_per_em(&self) -> u16 {
        u16_at(self.table(b"head"), 18).unwrap_or(2048)
    }

    /// A table of the source font (empty when absent).
    pub(crate) fn table(&self, tag: &[u8; 4]) -> &'static [u8] {
        self.tables.get(tag).copied().unwrap_or_default()
    }

    fn glyph(&self, gid: u16) -> &'static [u8] {
        let glyf = self.table(b"glyf");
        let i = usize::from(gid);
        match (self.loca.get(i), self.loca.get(i + 1)) {
            (Some(&start), Some(&end)) => glyf.get(start..end).unwrap_or_default(),
            _ => &[],
        }
    }

    /// A font with .notdef, the glyphs of `chars` (character → original glyph id) and the
    /// components those glyphs are built from. Glyphs keep their original order; the new
    /// `cmap` maps each character to its glyph's new id.
    pub(crate) fn subset(&self, chars: &[(char, u16)]) -> Vec<u8> {
        let count = self.glyph_count();
        let mut keep = vec![false; count];
        keep[0] = true;
        let mut pending: Vec<u16> = Vec::with_capacity(chars.len());
        for &(_, gid) in chars {
            if let Some(slot) = keep.get_mut(usize::from(gid))
                && !*slot
            {
                *slot = true;
                pending.push(gid);
            }
        }
        while let Some(gid) = pending.pop() {
            for_each_component(self.glyph(gid), |_, component| {
                if let Some(slot) = keep.get_mut(usize::from(component))
                    && !*slot
                {
                    *slot = true;
                    pending.push(component);
                }
            });
        }
        let mut new_id = vec![0u16; count];
        let mut kept = Vec::new();
        for (gid, _) in keep.iter().enumerate().filter(|(_, keep)| **keep) {
            new_id[gid] = kept.len() as u16;
            kept.push(gid as u16);
        }

        let mut glyf = Vec::new();
        let mut loca = Vec::with_capacity(4 * (kept.len() + 1));
        let mut hmtx = Vec::with_capacity(4 * kept.len());
        for &gid in &kept {
            loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
            let start = glyf.len();
            glyf.extend_from_slice(self.glyph(gid));
            // Composite glyphs name their components by id: renumber them.
            let mut patches = Vec::new();
            for_each_component(self.glyph(gid), |at, component| {
                patches.push((at, new_id[usize::from(component)]));
            });
            for (at, id) in patches {
                glyf[start + at..start + at + 2].copy_from_slice(&id.to_be_bytes());
            }
            glyf.resize(glyf.len().next_multiple_of(4), 0);
            let (advance, lsb) = self.metrics[usize::from(gid)];
            hmtx.extend_from_slice(&advance.to_be_bytes());
            hmtx.extend_from_slice(&lsb.to_be_bytes());
        }
        loca.extend_from_slice(&(glyf.len() as u32).to_be_bytes());
        let glyph_total = (kept.len() as u16).to_be_bytes();

        let mut head = self.table(b"head").to_vec();
        head[8..12].fill(0); // checkSumAdjustment, set once the file is assembled
        head[50..52].copy_from_slice(&1u16.to_be_bytes()); // long loca
        let mut hhea = self.table(b"hhea").to_vec();
        hhea[34..36].copy_from_slice(&glyph_total); // numberOfHMetrics
        let mut maxp = self.table(b"maxp").to_vec();
        maxp[4..6].copy_from_slice(&glyph_total);
        // post version 3: the header without glyph names.
        let mut post = self.table(b"post").get(..32).unwrap_or_default().to_vec();
        post.resize(32, 0);
        post[0..4].copy_from_slice(&0x0003_0000u32.to_be_bytes());

        let mut mapped: Vec<(u32, u16)> = chars
            .iter()
            .map(|&(c, gid)| (u32::from(c), new_id[usize::from(gid)]))
            .filter(|&(_, gid)| gid != 0)
            .collect();
        mapped.sort_unstable();
        mapped.dedup_by_key(|&mut (c, _)| c);

        let mut tables: Vec<(&[u8; 4], Vec<u8>)> = vec![
            (b"cmap", cmap(&mapped)),
            (b"glyf", glyf),
            (b"head", head),
            (b"hhea", hhea),
            (b"hmtx", hmtx),
            (b"loca", loca),
            (b"maxp", maxp),
            (b"post", post),
        ];
        for tag in COPIED {
            if let Some(data) = self.tables.get(tag) {
                tables.push((tag, data.to_vec()));
            }
        }
        tables.sort_by_key(|(tag, _)| **tag);
        assemble(&tables)
    }
}

/// Calls `f(offset of the glyph index, glyph index)` for each component of a composite glyph.
fn for_each_component(glyph: &[u8], mut f: impl FnMut(usize, u16)) {
    // numberOfContours < 0 marks a composite.
    if glyph.len() < 10 || u16_at(glyph, 0).is_none_or(|n| (n as i16) >= 0) {
        return;
    }
    let mut at = 10;
    while let (Some(flags), Some(component)) = (u16_at(glyph, at), u16_at(glyph, at + 2)) {
        f(at + 2, component);
        at += 4 + if flags & ARG_1_AND_2_ARE_WORDS != 0 {
            4
        } else {
            2
        };
        at += if flags & WE_HAVE_A_SCALE != 0 {
            2
        } else if flags & WE_HAVE_AN_X_AND_Y_SCALE != 0 {
            4
        } else if flags & WE_HAVE_A_TWO_BY_TWO != 0 {
            8
        } else {
            0
        };
        if flags & MORE_COMPONENTS == 0 {
            break;
        }
    }
}

/// A `cmap` with a Windows Unicode BMP subtable (format 4) and, when a character lies beyond
/// U+FFFF, a full-repertoire one (format 12). `mapped` is sorted by character.
fn cmap(mapped: &[(u32, u16)]) -> Vec<u8> {
    // Format 4: runs of consecutive characters with consecutive glyphs share a segment.
    let mut segments: Vec<(u16, u16, u16)> = Vec::new(); // start, end, delta
    for &(c, gid) in mapped.iter().filter(|(c, _)| *c < 0xFFFF) {
        let c = c as u16;
        let delta = gid.wrapping_sub(c);
        match segments.last_mut() {
            Some((_, end, d)) if *end + 1 == c && *d == delta => *end = c,
            _ => segments.push((c, c, delta)),
        }
    }
    segments.push((0xFFFF, 0xFFFF, 1));
    let seg_count = segments.len() as u16;
    let search_range = 2 * (1u16 << (15 - seg_count.leading_zeros()));
    let entry_selector = 15 - seg_count.leading_zeros() as u16;
    let mut format4 = Vec::with_capacity(16 + 8 * segments.len());
    let length = (16 + 8 * segments.len()) as u16;
    for value in [
        4,
        length,
        0,
        2 * seg_count,
        search_range,
        entry_selector,
        2 * seg_count - search_range,
    ] {
        format4.extend_from_slice(&u16::to_be_bytes(value));
    }
    segments
        .iter()
        .for_each(|s| format4.extend_from_slice(&s.1.to_be_bytes()));
    format4.extend_from_slice(&[0, 0]);
    segments
        .iter()
        .for_each(|s| format4.extend_from_slice(&s.0.to_be_bytes()));
    segments
        .iter()
        .for_each(|s| format4.extend_from_slice(&s.2.to_be_bytes()));
    segments
        .iter()
        .for_each(|_| format4.extend_from_slice(&[0, 0]));

    let astral = mapped.iter().any(|(c, _)| *c > 0xFFFF);
    let mut subtables = vec![((3u16, 1u16), format4)];
    if astral {
        let mut groups: Vec<(u32, u32, u32)> = Vec::new(); // start, end, first glyph
        for &(c, gid) in mapped {
            let gid = u32::from(gid);
            match groups.last_mut() {
                Some((start, end, first)) if *end + 1 == c && *first + (c - *start) == gid => {
                    *end = c
                }
                _ => groups.push((c, c, gid)),
            }
        }
        let mut format12 = Vec::with_capacity(16 + 12 * groups.len());
        format12.extend_from_slice(&12u16.to_be_bytes());
        format12.extend_from_slice(&0u16.to_be_bytes());
        format12.extend_from_slice(&((16 + 12 * groups.len()) as u32).to_be_bytes());
        format12.extend_from_slice(&0u32.to_be_bytes());
        format12.extend_from_slice(&(groups.len() as u32).to_be_bytes());
        for (start, end, first) in groups {
            for value in [start, end, first] {
                format12.extend_from_slice(&value.to_be_bytes());
            }
        }
        subtables.push(((3, 10), format12));
    }

    let mut table = Vec::new();
    table.extend_from_slice(&0u16.to_be_bytes());
    table.extend_from_slice(&(subtables.len() as u16).to_be_bytes());
    let mut offset = 4 + 8 * subtables.len();
    for ((platform, encoding), data) in &subtables {
        table.extend_from_slice(&platform.to_be_bytes());
        table.extend_from_slice(&encoding.to_be_bytes());
        table.extend_from_slice(&(offset as u32).to_be_bytes());
        offset += data.len();
    }
    for (_, data) in subtables {
        table.extend_from_slice(&data);
    }
    table
}

/// Sum of the big-endian 32-bit words of `data`, zero-padded.
fn checksum(data: &[u8]) -> u32 {
    data.chunks(4).fold(0u32, |sum, chunk| {
        let mut word = [0u8; 4];
        word[..chunk.len()].copy_from_slice(chunk);
        sum.wrapping_add(u32::from_be_bytes(word))
    })
}

/// An sfnt file from tables sorted by tag, with checksums and `head.checkSumAdjustment`.
fn assemble(tables: &[(&[u8; 4], Vec<u8>)]) -> Vec<u8> {
    let count = tables.len() as u16;
    let power = 1u16 << (15 - count.leading_zeros());
    let directory = 12 + 16 * tables.len();
    let size = directory
        + tables
            .iter()
            .map(|(_, d)| d.len().next_multiple_of(4))
            .sum::<usize>();
    let mut font = Vec::with_capacity(size);
    font.extend_from_slice(&0x0001_0000u32.to_be_bytes());
    for value in [count, 16 * power, 15 - count.leading_zeros() as u16] {
        font.extend_from_slice(&value.to_be_bytes());
    }
    font.extend_from_slice(&(16 * count - 16 * power).to_be_bytes());
    let mut offset = directory;
    let mut head_at = None;
    for (tag, data) in tables {
        if *tag == b"head" {
            head_at = Some(offset);
        }
        font.extend_from_slice(*tag);
        font.extend_from_slice(&checksum(data).to_be_bytes());
        font.extend_from_slice(&(offset as u32).to_be_bytes());
        font.extend_from_slice(&(data.len() as u32).to_be_bytes());
        offset += data.len().next_multiple_of(4);
    }
    for (_, data) in tables {
        font.extend_from_slice(data);
        font.resize(font.len().next_multiple_of(4), 0);
    }
    if let Some(at) = head_at {
        let adjustment = 0xB1B0_AFBAu32.wrapping_sub(checksum(&font));
        font[at + 8..at + 12].copy_from_slice(&adjustment.to_be_bytes());
    }
    font
}

#[cfg(test)]
mod tests {
    use super::*;
    use allsorts::binary::read::ReadScope;
    use allsorts::tables::cmap::Cmap;

    static DEJAVU: &[u8] = include_bytes!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../assets/fonts/DejaVuSans.ttf"
    ));

    fn program() -> Program {
        Program::parse(DEJAVU).expect("DejaVu parses")
    }

    /// Character → glyph of a font's best Unicode cmap subtable.
    fn cmap_of(font: &[u8]) -> BTreeMap<u32, u16> {
        let cmap_table = tables_of(font)[b"cmap"].clone();
        let cmap = ReadScope::new(&cmap_table)
            .read::<Cmap<'_>>()
            .expect("cmap");
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .expect("cmap subtable")
            .expect("a Unicode subtable");
        let mut map = BTreeMap::new();
        subtable
            .mappings_fn(|c, gid| {
                if gid != 0 {
                    map.insert(c, gid);
                }
            })
            .expect("mappings");
        map
    }

    fn tables_of(font: &[u8]) -> BTreeMap<[u8; 4], Vec<u8>> {
        let count = u16_at(font, 4).expect("count");
        (0..usize::from(count))
            .map(|i| {
                let record = 12 + 16 * i;
                let tag: [u8; 4] = font[record..record + 4].try_into().expect("tag");
                let offset = u32_at(font, record + 8).expect("offset") as usize;
                let length = u32_at(font, record + 12).expect("length") as usize;
                let data = font[offset..offset + length].to_vec();
                assert_eq!(
                    u32_at(font, record + 4),
                    Some(if &tag == b"head" {
                        let mut head = data.clone();
                        head[8..12].fill(0);
                        checksum(&head)
                    } else {
                        checksum(&data)
                    }),
                    "checksum of {}",
                    String::from_utf8_lossy(&tag)
                );
                (tag, data)
            })
            .collect()
    }

    fn original_glyph(c: char) -> u16 {
        cmap_of(DEJAVU)[&u32::from(c)]
    }

    #[test]
    fn a_subset_maps_its_characters_to_glyphs_with_the_original_metrics() {
        let source = program();
        let text = "Nguyễn Đặng Ṣāliḥ Łukasiewicz Γιώργος Алексей 2027";
        let mut chars: Vec<(char, u16)> = text.chars().map(|c| (c, original_glyph(c))).collect();
        chars.sort_unstable();
        chars.dedup();
        let font = source.subset(&chars);

        // The file as a whole sums to the magic number (head.checkSumAdjustment is right).
        assert_eq!(checksum(&font), 0xB1B0_AFBA);
        let subset = Program::parse(Box::leak(font.clone().into_boxed_slice())).expect("parses");
        let cmap = cmap_of(&font);
        assert_eq!(cmap.len(), chars.len());
        for &(c, old) in &chars {
            let new = cmap[&u32::from(c)];
            assert_eq!(
                subset.metrics[usize::from(new)],
                source.metrics[usize::from(old)],
                "{c}"
            );
            assert_eq!(
                subset.glyph(new).len(),
                source.glyph(old).len(),
                "outline of {c}"
            );
        }
        // .notdef stays glyph 0; DejaVu builds "ễ" from parts, which came along.
        assert_eq!(subset.glyph(0), source.glyph(0));
        assert!(subset.glyph_count() > chars.len(), "components were kept");
        let tables = tables_of(&font);
        for tag in [
            b"glyf", b"head", b"hhea", b"hmtx", b"loca", b"maxp", b"cvt ", b"fpgm",
        ] {
            assert!(tables.contains_key(tag), "{}", String::from_utf8_lossy(tag));
        }
        assert!(!tables.contains_key(b"GPOS") && !tables.contains_key(b"kern"));
        assert!(font.len() < DEJAVU.len() / 10, "{} bytes", font.len());
    }

    #[test]
    fn composite_glyphs_point_at_their_renumbered_components() {
        let source = program();
        let c = 'ễ';
        let old = original_glyph(c);
        let mut old_components = Vec::new();
        for_each_component(source.glyph(old), |_, gid| old_components.push(gid));
        assert!(!old_components.is_empty(), "DejaVu draws ễ as a composite");

        let font = source.subset(&[(c, old)]);
        let subset = Program::parse(Box::leak(font.clone().into_boxed_slice())).expect("parses");
        let new = cmap_of(&font)[&u32::from(c)];
        let mut new_components = Vec::new();
        for_each_component(subset.glyph(new), |_, gid| new_components.push(gid));
        assert_eq!(new_components.len(), old_components.len());
        // Same outlines (a component may itself be a composite, renumbered in turn).
        for (old, new) in old_components.iter().zip(&new_components) {
            assert_eq!(subset.glyph(*new).len(), source.glyph(*old).len());
            assert_eq!(
                subset.metrics[usize::from(*new)],
                source.metrics[usize::from(*old)]
            );
        }
    }

    #[test]
    fn characters_beyond_the_bmp_get_a_format_12_subtable() {
        let mapped = [(0x41, 1), (0x42, 2), (0x1_F600, 3)];
        let table = cmap(&mapped);
        assert_eq!(u16_at(&table, 2), Some(2), "two subtables");
        let font = assemble(&[(b"cmap", table)]);
        // Read back through allsorts, as printpdf does.
        let map = cmap_of(&font);
        assert_eq!(map.get(&0x1_F600), Some(&3));
        assert_eq!(map.get(&0x41), Some(&1));
    }
}
