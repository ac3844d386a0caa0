//! The two embedded faces (DejaVu Sans and DejaVu Sans Bold): parsed once per process for
//! measuring, subset once per document for embedding.
//!
//! Measuring uses the font's own advance widths (`hmtx`), so wrapping, centring and right
//! alignment agree with what the viewer draws. There is no kerning and no shaping: DejaVu
//! covers Latin, Vietnamese, Greek and Cyrillic with precomposed letters, which is what names
//! at the desk are written in.

use std::collections::HashMap;
use std::sync::LazyLock;

use allsorts::binary::read::ReadScope;
use allsorts::tables::cmap::Cmap;

use super::PdfError;
use super::subset::Program;

static REGULAR_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/DejaVuSans.ttf"
));
static BOLD_TTF: &[u8] = include_bytes!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../assets/fonts/DejaVuSans-Bold.ttf"
));

/// What a character missing from the face is drawn as: a white square (□).
pub const PLACEHOLDER: char = '\u{25A1}';

/// Regular or bold: the only two faces the documents use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FontWeight {
    Regular,
    Bold,
}

impl FontWeight {
    pub(crate) fn index(self) -> usize {
        match self {
            FontWeight::Regular => 0,
            FontWeight::Bold => 1,
        }
    }
}

/// One face: its tables, located once, and what measuring needs in quick reach.
pub(crate) struct Face {
    /// PostScript name, used (with a subset tag) as the PDF `/BaseFont`.
    pub(crate) postscript_name: &'static str,
    program: Program,
    /// Glyph id per Basic Multilingual Plane code point; 0 means "no glyph".
    bmp: Vec<u16>,
    /// Glyph ids of code points above U+FFFF.
    astral: HashMap<u32, u16>,
    /// Advance width per glyph id, in font units.
    advances: Vec<u16>,
    units_per_em: f32,
}

impl Face {
    fn parse(bytes: &'static [u8], postscript_name: &'static str) -> Result<Face, String> {
        let program = Program::parse(bytes)?;
        let cmap = ReadScope::new(program.table(b"cmap"))
            .read::<Cmap<'_>>()
            .map_err(|e| e.to_string())?;
        let (_, subtable) = allsorts::font::read_cmap_subtable(&cmap)
            .map_err(|e| e.to_string())?
            .ok_or("no Unicode cmap subtable")?;
        let mut bmp = vec![0u16; 0x1_0000];
        let mut astral = HashMap::new();
        subtable
            .mappings_fn(|code_point, gid| match usize::try_from(code_point) {
                Ok(i) if i < bmp.len() => bmp[i] = gid,
                _ => {
                    astral.insert(code_point, gid);
                }
            })
            .map_err(|e| e.to_string())?;
        Ok(Face {
            postscript_name,
            bmp,
            astral,
            advances: program.advances(),
            units_per_em: f32::from(program.units_per_em().max(1)),
            program,
        })
    }

    /// The glyph drawing `c`, or 0 (.notdef) when the face has none.
    #[inline]
    pub(crate) fn glyph(&self, c: char) -> u16 {
        let code_point = u32::from(c);
        match self.bmp.get(code_point as usize) {
            Some(&gid) => gid,
            None => self.astral.get(&code_point).copied().unwrap_or(0),
        }
    }

    /// Whether the face can draw `c`.
    #[inline]
    pub(crate) fn has(&self, c: char) -> bool {
        self.glyph(c) != 0
    }

    /// What is drawn for `c`: itself, or the placeholder (a "?" if the face lacked even that).
    #[inline]
    pub(crate) fn printable(&self, c: char) -> char {
        if self.has(c) || c.is_control() {
            c
        } else if self.has(PLACEHOLDER) {
            PLACEHOLDER
        } else {
            '?'
        }
    }

    /// Advance of `c` in em (of its placeholder when the face lacks it).
    #[inline]
    pub(crate) fn advance_em(&self, c: char) -> f32 {
        let gid = self.glyph(self.printable(c));
        f32::from(self.advances.get(usize::from(gid)).copied().unwrap_or(0)) / self.units_per_em
    }

    /// Width of `text` set at `size` (any unit; the result is in the same unit).
    pub(crate) fn width(&self, text: &str, size: f32) -> f32 {
        text.chars().map(|c| self.advance_em(c)).sum::<f32>() * size
    }

    /// A font program with the glyphs of `chars` (each character with its glyph, as
    /// [`Face::glyph`] gives it); see [`Program::subset`].
    pub(crate) fn subset(&self, chars: &[(char, u16)]) -> Vec<u8> {
        self.program.subset(chars)
    }
}

/// Both faces, indexed by [`FontWeight::index`].
pub(crate) struct Fonts {
    faces: [Face; 2],
}

impl Fonts {
    pub(crate) fn face(&self, weight: FontWeight) -> &Face {
        &self.faces[weight.index()]
    }
}

static FONTS: LazyLock<Result<Fonts, PdfError>> = LazyLock::new(|| {
    let parse = |bytes, name| {
        Face::parse(bytes, name).map_err(|reason| PdfError::Font { face: name, reason })
    };
    Ok(Fonts {
        faces: [
            parse(REGULAR_TTF, "DejaVuSans")?,
            parse(BOLD_TTF, "DejaVuSans-Bold")?,
        ],
    })
});

/// The embedded faces, parsed on first use.
pub(crate) fn fonts() -> Result<&'static Fonts, PdfError> {
    FONTS.as_ref().map_err(Clone::clone)
}
