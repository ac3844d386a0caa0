//! Turns laid-out pages into PDF bytes with printpdf: subsets the fonts to the glyphs the
//! pages use, writes glyph runs (Identity-H, with a ToUnicode map so text can be copied and
//! searched), lines and fills, and the document information.

use chrono::{Datelike, Timelike};
use printpdf::{
    Color, FontId, Greyscale, Line, LinePoint, Mm, Op, PaintMode, ParsedFont, PdfDocument,
    PdfFontHandle, PdfPage, PdfParseErrorSeverity, PdfSaveOptions, Point, Pt, Rect, TextItem,
    TextMatrix,
};

use super::DocumentMeta;
use super::PdfError;
use super::font::{FontWeight, Fonts};
use super::page::{Item, PT_PER_MM, PageSetup};

/// Written into the document information as the producing software.
const PRODUCER: &str = "Konsultasi DJPK (printpdf 0.12)";

pub(crate) fn write_pdf(
    pages: &[Vec<Item>],
    setup: &PageSetup,
    fonts: &Fonts,
    meta: &DocumentMeta,
) -> Result<Vec<u8>, PdfError> {
    let mut doc = PdfDocument::new(&meta.title);
    let info = &mut doc.metadata.info;
    info.author = meta.author.clone();
    info.creator = "Konsultasi DJPK".to_owned();
    info.producer = PRODUCER.to_owned();
    info.creation_date = pdf_date(meta.created);
    info.modification_date = info.creation_date;
    info.metadata_date = info.creation_date;

    let regular = subset_face(pages, fonts, FontWeight::Regular)?;
    let bold = subset_face(pages, fonts, FontWeight::Bold)?;
    let embedded: [Option<FontId>; 2] = [
        regular.map(|font| doc.add_font(&font)),
        bold.map(|font| doc.add_font(&font)),
    ];

    let height_pt = setup.height_mm * PT_PER_MM;
    let black = Color::Greyscale(Greyscale::new(0.0, None));
    let pdf_pages = pages
        .iter()
        .map(|items| {
            let mut ops = Vec::with_capacity(items.len() * 3 + 4);
            let mut in_text = false;
            let mut font: Option<(FontWeight, f32)> = None;
            let mut rule: Option<f32> = None;
            for item in items {
                match item {
                    Item::Text {
                        x,
                        baseline,
                        weight,
                        size_pt,
                        text,
                        extra_space,
                    } => {
                        let Some(font_id) = &embedded[weight.index()] else {
                            continue;
                        };
                        if !in_text {
                            ops.push(Op::StartTextSection);
                            in_text = true;
                            font = None;
                        }
                        if font != Some((*weight, *size_pt)) {
                            ops.push(Op::SetFont {
                                font: PdfFontHandle::External(font_id.clone()),
                                size: Pt(*size_pt),
                            });
                            font = Some((*weight, *size_pt));
                        }
                        ops.push(Op::SetTextMatrix {
                            matrix: TextMatrix::Translate(
                                Pt(x * PT_PER_MM),
                                Pt(height_pt - baseline * PT_PER_MM),
                            ),
                        });
                        ops.push(Op::ShowText {
                            items: text_items(text, *extra_space, *size_pt),
                        });
                    }
                    Item::Line {
                        x1,
                        y1,
                        x2,
                        y2,
                        width_pt,
                    } => {
                        if in_text {
                            ops.push(Op::EndTextSection);
                            in_text = false;
                        }
                        if rule != Some(*width_pt) {
                            ops.push(Op::SetOutlineThickness { pt: Pt(*width_pt) });
                            rule = Some(*width_pt);
                        }
                        let point = |x: f32, y: f32| LinePoint {
                            p: Point {
                                x: Pt(x * PT_PER_MM),
                                y: Pt(height_pt - y * PT_PER_MM),
                            },
                            bezier: false,
                        };
                        ops.push(Op::DrawLine {
                            line: Line {
                                points: vec![point(*x1, *y1), point(*x2, *y2)],
                                is_closed: false,
                            },
                        });
                    }
                    Item::Fill {
                        x,
                        y,
                        width,
                        height,
                        gray,
                    } => {
                        if in_text {
                            ops.push(Op::EndTextSection);
                            in_text = false;
                        }
                        ops.push(Op::SetFillColor {
                            col: Color::Greyscale(Greyscale::new(*gray, None)),
                        });
                        ops.push(Op::DrawRectangle {
                            rectangle: Rect {
                                x: Pt(x * PT_PER_MM),
                                y: Pt(height_pt - (y + height) * PT_PER_MM),
                                width: Pt(width * PT_PER_MM),
                                height: Pt(height * PT_PER_MM),
                                mode: Some(PaintMode::Fill),
                                winding_order: None,
                            },
                        });
                        ops.push(Op::SetFillColor { col: black.clone() });
                    }
                }
            }
            if in_text {
                ops.push(Op::EndTextSection);
            }
            PdfPage::new(Mm(setup.width_mm), Mm(setup.height_mm), ops)
        })
        .collect();

    let options = PdfSaveOptions {
        // Streams are compressed below, at a faster level than lopdf's `best`.
        optimize: false,
        // Subsetting is done above, where the glyphs are known; printpdf only subsets with its
        // heavy `text_layout` feature.
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut document = doc
        .with_pages(pdf_pages)
        .to_lopdf_document(&options, &mut warnings);
    if let Some(error) = warnings
        .iter()
        .find(|w| w.severity == PdfParseErrorSeverity::Error)
    {
        return Err(PdfError::Write(error.msg.clone()));
    }
    for object in document.objects.values_mut() {
        if let lopdf::Object::Stream(stream) = object {
            compress(stream)?;
        }
    }
    let mut bytes = Vec::new();
    document
        .save_to(&mut bytes)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    Ok(bytes)
}

/// Deflates a stream that has no filter yet, at the fastest level: lopdf's own `compress` uses
/// level 9, which took most of the rendering time; level 1 (zlib-rs) makes files about a
/// quarter larger (a letter ~40 KB) in a tenth of the time.
fn compress(stream: &mut lopdf::Stream) -> Result<(), PdfError> {
    use std::io::Write;
    if !stream.allows_compression || stream.dict.get(b"Filter").is_ok() || stream.content.len() < 64
    {
        return Ok(());
    }
    let mut encoder = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(stream.content.len() / 2),
        flate2::Compression::fast(),
    );
    encoder
        .write_all(&stream.content)
        .map_err(|e| PdfError::Write(e.to_string()))?;
    let deflated = encoder
        .finish()
        .map_err(|e| PdfError::Write(e.to_string()))?;
    if deflated.len() < stream.content.len() {
        stream.dict.set("Filter", "FlateDecode");
        stream.set_content(deflated);
    }
    Ok(())
}

/// The show-text items of one line: the text as is, or, when justified, cut after each space
/// with a TJ adjustment (thousandths of an em, negative to the right) widening the gap.
fn text_items(text: &str, extra_space_mm: f32, size_pt: f32) -> Vec<TextItem> {
    if extra_space_mm <= 0.0 || !text.contains(' ') {
        return vec![TextItem::Text(text.to_owned())];
    }
    let adjustment = -extra_space_mm * PT_PER_MM * 1000.0 / size_pt;
    let mut items = Vec::new();
    for word in text.split_inclusive(' ') {
        items.push(TextItem::Text(word.to_owned()));
        if word.ends_with(' ') {
            items.push(TextItem::Offset(adjustment));
        }
    }
    items
}

/// `weight` cut down to the glyphs the pages draw with it, ready to add to a document; `None`
/// when the pages do not use it.
fn subset_face(
    pages: &[Vec<Item>],
    fonts: &Fonts,
    weight: FontWeight,
) -> Result<Option<ParsedFont>, PdfError> {
    let face = fonts.face(weight);
    // Each character once: a bit per BMP code point, a list for the few beyond.
    let mut seen = vec![0u64; 0x1_0000 / 64];
    let mut chars: Vec<(char, u16)> = Vec::new();
    let mut any = false;
    for item in pages.iter().flatten() {
        if let Item::Text {
            weight: w, text, ..
        } = item
            && *w == weight
        {
            any = true;
            for c in text.chars() {
                let code = u32::from(c) as usize;
                if let Some(word) = seen.get_mut(code / 64) {
                    let bit = 1u64 << (code % 64);
                    if *word & bit != 0 {
                        continue;
                    }
                    *word |= bit;
                } else if chars.iter().any(|&(known, _)| known == c) {
                    continue;
                }
                let gid = face.glyph(c);
                if gid != 0 {
                    chars.push((c, gid));
                }
            }
        }
    }
    if !any {
        return Ok(None);
    }
    let program = face.subset(&chars);
    let mut warnings = Vec::new();
    let mut parsed =
        ParsedFont::from_bytes(&program, 0, &mut warnings).ok_or_else(|| PdfError::Font {
            face: face.postscript_name,
            reason: "the subset font could not be read back".to_owned(),
        })?;
    // ISO 32000-1 §9.6.4: a subset font's name carries a six-letter tag unique to the subset.
    chars.sort_unstable();
    parsed.font_name = Some(format!(
        "{}+{}",
        subset_tag(weight, &chars),
        face.postscript_name
    ));
    Ok(Some(parsed))
}

/// Six capital letters derived from the characters (FNV-1a), so equal subsets get equal tags.
fn subset_tag(weight: FontWeight, chars: &[(char, u16)]) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let bytes = std::iter::once(weight.index() as u8)
        .chain(chars.iter().flat_map(|&(c, _)| u32::from(c).to_be_bytes()));
    for byte in bytes {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    (0..6)
        .map(|i| char::from(b'A' + ((hash >> (i * 8)) % 26) as u8))
        .collect()
}

fn pdf_date(instant: chrono::DateTime<chrono::Utc>) -> printpdf::OffsetDateTime {
    let narrow = |n: u32| u8::try_from(n).unwrap_or(0);
    printpdf::OffsetDateTime::new_in_offset(
        printpdf::Date {
            year: instant.year(),
            month: narrow(instant.month()),
            day: narrow(instant.day()),
        },
        printpdf::Time {
            hour: narrow(instant.hour()),
            minute: narrow(instant.minute()),
            second: narrow(instant.second()),
            millisecond: 0,
        },
        printpdf::Offset {
            hours: 0,
            minutes: 0,
            seconds: 0,
            milliseconds: 0,
        },
    )
}
