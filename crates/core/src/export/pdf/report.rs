//! The monthly report as PDF: kop surat, title, the two lists of consultations (A and B), a
//! grouped bar chart of the last six months (C), counts by kind of requester and by province
//! (D) and the compliance figures (E), dated at the end. Every page is numbered.
//!
//! The chart is drawn with the [`Composer`]'s own rectangles, lines and text, in two grey
//! levels so that it survives a black-and-white office printer.

use super::documents::letterhead;
use super::layout::{Align, Column, Composer, PT_PER_MM, PageNumbers, PageSetup, Table, TextStyle};
use super::{MonthlyReportDocument, PdfError, RenderedPdf, format_indonesian_date};
use crate::history::report::{ChannelSection, ComplianceFigures, LabelCount, MonthCount};

const BODY: TextStyle = TextStyle::regular(10.5).with_line_height(1.4);
const TITLE: TextStyle = TextStyle::bold(13.0);
const SUBTITLE: TextStyle = TextStyle::bold(11.5);
const HEADING: TextStyle = TextStyle::bold(11.0).with_line_height(1.5);
const SUBHEADING: TextStyle = TextStyle::bold(10.0).with_line_height(1.5);
/// Space above a section heading.
const SECTION_GAP_MM: f32 = 5.0;
/// Space between a paragraph or table and what follows inside a section.
const BLOCK_GAP_MM: f32 = 2.5;
/// Room a table needs for its header and a first row, so a heading is not left alone above it.
const TABLE_START_MM: f32 = 16.0;

/// Grey of the video conference bars (dark) and of the tatap muka bars (light).
const VIDEO_GRAY: f32 = 0.3;
const IN_PERSON_GRAY: f32 = 0.75;
/// Grey of the gridlines.
const GRID_GRAY: f32 = 0.8;

/// The report keeps the kop close to the top edge, like the letters.
fn report_setup() -> PageSetup {
    PageSetup::a4_portrait().with_margins(12.0, 20.0, 20.0, 25.0)
}

/// The monthly report of the consultation desk.
pub fn render_monthly_report(doc: &MonthlyReportDocument) -> Result<RenderedPdf, PdfError> {
    let report = &doc.report;
    let mut page = Composer::new(report_setup())?;
    letterhead(&mut page, &doc.letterhead);

    page.paragraph("LAPORAN LAYANAN KONSULTASI", TITLE, Align::Center);
    page.paragraph(
        &format!("Bulan {}", report.month_label.trim()),
        SUBTITLE,
        Align::Center,
    );
    page.space(2.0);

    channel_section(
        &mut page,
        "A. Video Conference",
        &report.video_conference,
        "Tidak ada video conference pada bulan ini.",
    )?;
    channel_section(
        &mut page,
        "B. Konsultasi Tatap Muka",
        &report.in_person,
        "Tidak ada konsultasi tatap muka pada bulan ini.",
    )?;
    six_months_section(&mut page, &report.last_six_months)?;
    requesters_section(
        &mut page,
        &report.by_requester_kind,
        &report.by_province,
        report
            .video_conference
            .count
            .saturating_add(report.in_person.count),
    )?;
    compliance_section(&mut page, &report.compliance)?;

    page.space(8.0);
    let dated = format!(
        "{}, {}",
        doc.place.trim(),
        format_indonesian_date(doc.printed_on)
    );
    page.ensure_space(BODY.line_height_mm());
    page.paragraph(&dated, BODY, Align::Right);

    page.finish(&doc.meta, PageNumbers::Always)
}

/// Height of `text` as a full-width body paragraph.
fn paragraph_height(page: &Composer, text: &str) -> f32 {
    page.wrap(text, BODY, page.content_width_mm()).len() as f32 * BODY.line_height_mm()
}

/// A section heading, moved to the next page together with the first `following_mm` of what
/// it introduces.
fn heading(page: &mut Composer, text: &str, following_mm: f32) {
    page.space(SECTION_GAP_MM);
    page.ensure_space(HEADING.line_height_mm() + following_mm);
    page.paragraph(text, HEADING, Align::Left);
}

fn subheading(page: &mut Composer, text: &str, following_mm: f32) {
    page.space(BLOCK_GAP_MM);
    page.ensure_space(SUBHEADING.line_height_mm() + following_mm);
    page.paragraph(text, SUBHEADING, Align::Left);
}

fn sentence(page: &mut Composer, text: &str) {
    page.paragraph(text, BODY, Align::Justify);
    page.space(BLOCK_GAP_MM);
}

/// A line said instead of an empty table.
fn nothing(page: &mut Composer, text: &str) {
    page.paragraph(text, BODY, Align::Left);
}

/// Tables up to this tall are kept on one page (with the heading above them) rather than split.
const KEEP_TOGETHER_MM: f32 = 90.0;

/// Height `table` will take, measured the way [`Composer::table`] sets it.
fn table_height(page: &Composer, table: &Table) -> f32 {
    let style = table.style;
    let widths = table.columns.iter().map(|c| c.width_mm);
    let titles = table.columns.iter().map(|c| c.title.as_str());
    let header = row_height(
        page,
        titles.zip(widths.clone()),
        style.header,
        style.padding_mm,
        0.0,
    );
    let body: f32 = table
        .rows
        .iter()
        .map(|cells| {
            let cells = cells.iter().map(String::as_str).zip(widths.clone());
            row_height(
                page,
                cells,
                style.body,
                style.padding_mm,
                style.min_row_height_mm,
            )
        })
        .sum();
    header + body
}

/// Height of a table row whose cells are `(text, column width)`.
fn row_height<'a>(
    page: &Composer,
    cells: impl Iterator<Item = (&'a str, f32)>,
    style: TextStyle,
    pad: f32,
    min: f32,
) -> f32 {
    let lines = cells
        .map(|(text, width)| page.wrap(text, style, (width - 2.0 * pad).max(1.0)).len())
        .max()
        .unwrap_or(0)
        .max(1);
    (lines as f32 * style.line_height_mm() + 2.0 * pad).max(min)
}

/// What a heading above `table` must keep with it: the whole table when it is short, else
/// its header and first row.
fn table_start(page: &Composer, table: &Table) -> f32 {
    let height = table_height(page, table);
    if height <= KEEP_TOGETHER_MM {
        height
    } else {
        TABLE_START_MM
    }
}

/// Draws `table`, moving it whole to the next page when it is short and would be split.
fn place_table(page: &mut Composer, table: &Table) -> Result<(), PdfError> {
    let height = table_height(page, table);
    if height <= KEEP_TOGETHER_MM {
        page.ensure_space(height);
    }
    page.table(table)?;
    Ok(())
}

fn channel_section(
    page: &mut Composer,
    title: &str,
    section: &ChannelSection,
    when_empty: &str,
) -> Result<(), PdfError> {
    let width = page.content_width_mm();
    let mut table = Table::new(vec![
        Column::new("No", 10.0, Align::Center),
        Column::new("Tanggal", 32.0, Align::Left),
        Column::new("Pengguna Layanan", 62.0, Align::Left),
        Column::new("Topik", width - 104.0, Align::Left),
    ]);
    table.rows = section
        .rows
        .iter()
        .map(|row| {
            vec![
                row.no.to_string(),
                row.date_label.clone(),
                row.requester.clone(),
                row.topics.clone(),
            ]
        })
        .collect();
    let then = if table.rows.is_empty() {
        BODY.line_height_mm()
    } else {
        table_start(page, &table)
    };
    let following = paragraph_height(page, &section.sentence) + BLOCK_GAP_MM + then;
    heading(page, title, following);
    sentence(page, &section.sentence);
    if table.rows.is_empty() {
        nothing(page, when_empty);
        return Ok(());
    }
    place_table(page, &table)
}

fn six_months_section(page: &mut Composer, months: &[MonthCount]) -> Result<(), PdfError> {
    let title = "C. Enam Bulan Terakhir";
    if months.is_empty() {
        heading(page, title, BODY.line_height_mm());
        nothing(page, "Tidak ada data enam bulan terakhir.");
        return Ok(());
    }
    let caption = match (months.first(), months.last()) {
        (Some(first), Some(last)) if months.len() > 1 => format!(
            "Jumlah layanan konsultasi per bulan, {} sampai dengan {}:",
            first.label, last.label
        ),
        _ => "Jumlah layanan konsultasi per bulan:".to_owned(),
    };
    let caption_height = paragraph_height(page, &caption);
    heading(page, title, caption_height + CHART_HEIGHT_MM);
    page.paragraph(&caption, BODY, Align::Left);
    page.space(1.5);
    bar_chart(page, months);
    page.space(BLOCK_GAP_MM);

    let mut table = Table::new(vec![
        Column::new("Bulan", 34.0, Align::Left),
        Column::new("Video Conference", 38.0, Align::Right),
        Column::new("Tatap Muka", 32.0, Align::Right),
        Column::new("Jumlah", 24.0, Align::Right),
    ]);
    table.rows = months
        .iter()
        .map(|m| {
            vec![
                m.label.clone(),
                m.video_conference.to_string(),
                m.in_person.to_string(),
                (u64::from(m.video_conference) + u64::from(m.in_person)).to_string(),
            ]
        })
        .collect();
    place_table(page, &table)
}

fn requesters_section(
    page: &mut Composer,
    by_kind: &[LabelCount],
    by_province: &[LabelCount],
    total: u32,
) -> Result<(), PdfError> {
    let kinds = (!by_kind.is_empty()).then(|| {
        let mut rows = counted_rows(by_kind);
        rows.push(vec![String::new(), "Jumlah".to_owned(), total.to_string()]);
        count_table("Jenis Pengguna Layanan", rows)
    });
    let provinces =
        (!by_province.is_empty()).then(|| count_table("Provinsi", counted_rows(by_province)));
    let start = |page: &Composer, table: &Option<Table>| {
        table
            .as_ref()
            .map_or(BODY.line_height_mm(), |t| table_start(page, t))
    };

    let first = start(page, &kinds);
    heading(
        page,
        "D. Pengguna Layanan",
        BLOCK_GAP_MM + SUBHEADING.line_height_mm() + first,
    );
    subheading(page, "Menurut jenis pengguna layanan", first);
    match &kinds {
        Some(table) => place_table(page, table)?,
        None => nothing(page, "Tidak ada pengguna layanan pada bulan ini."),
    }

    let second = start(page, &provinces);
    subheading(page, "Menurut provinsi", second);
    match &provinces {
        Some(table) => place_table(page, table)?,
        None => nothing(
            page,
            "Tidak ada pengguna layanan dari daerah pada bulan ini.",
        ),
    }
    Ok(())
}

/// Numbered rows of label and count.
fn counted_rows(counts: &[LabelCount]) -> Vec<Vec<String>> {
    counts
        .iter()
        .enumerate()
        .map(|(i, c)| vec![(i + 1).to_string(), c.label.clone(), c.count.to_string()])
        .collect()
}

/// No | `label` | Jumlah.
fn count_table(label: &str, rows: Vec<Vec<String>>) -> Table {
    let mut table = Table::new(vec![
        Column::new("No", 10.0, Align::Center),
        Column::new(label, 90.0, Align::Left),
        Column::new("Jumlah", 24.0, Align::Right),
    ]);
    table.rows = rows;
    table
}

fn compliance_section(page: &mut Composer, compliance: &ComplianceFigures) -> Result<(), PdfError> {
    let mut by_kind = Table::new(vec![
        Column::new("Jenis pelanggaran", 76.0, Align::Left),
        Column::new("Jumlah", 24.0, Align::Right),
    ]);
    by_kind.rows = compliance
        .by_kind
        .iter()
        .map(|k| vec![k.label.clone(), k.count.to_string()])
        .collect();
    by_kind
        .rows
        .push(vec!["Jumlah".to_owned(), compliance.violations.to_string()]);

    let width = page.content_width_mm();
    let mut list = Table::new(vec![
        Column::new("No", 10.0, Align::Center),
        Column::new("Tanggal", 30.0, Align::Left),
        Column::new("Pengguna Layanan", 40.0, Align::Left),
        Column::new("Pelanggaran", 34.0, Align::Left),
        Column::new("Keterangan", width - 114.0, Align::Left),
    ]);
    list.rows = compliance
        .rows
        .iter()
        .map(|row| {
            vec![
                row.no.to_string(),
                row.date_label.clone(),
                row.requester.clone(),
                row.label.clone(),
                row.evidence.clone(),
            ]
        })
        .collect();

    let following =
        paragraph_height(page, &compliance.sentence) + BLOCK_GAP_MM + table_start(page, &by_kind);
    heading(page, "E. Kepatuhan", following);
    sentence(page, &compliance.sentence);
    place_table(page, &by_kind)?;

    if list.rows.is_empty() {
        subheading(page, "Daftar pelanggaran", BODY.line_height_mm());
        nothing(page, "Tidak ada pelanggaran tercatat.");
        return Ok(());
    }
    let start = table_start(page, &list);
    subheading(page, "Daftar pelanggaran", start);
    place_table(page, &list)
}

// The chart, top down: legend, room for the counts above the tallest bars, the plot, the month
// labels under it.
const LEGEND_HEIGHT_MM: f32 = 5.0;
const HEADROOM_MM: f32 = 6.0;
const PLOT_HEIGHT_MM: f32 = 55.0;
const MONTH_LABELS_MM: f32 = 7.0;
const CHART_HEIGHT_MM: f32 = LEGEND_HEIGHT_MM + HEADROOM_MM + PLOT_HEIGHT_MM + MONTH_LABELS_MM;
/// Room left of the plot for the scale numbers.
const SCALE_WIDTH_MM: f32 = 12.0;

const CHART_TEXT: TextStyle = TextStyle::regular(8.0);
const COUNT_TEXT: TextStyle = TextStyle::bold(7.5);

/// The vertical scale: gridlines every `step`, the plot's top at `top` (a multiple of `step`,
/// at least the largest count, never zero).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Scale {
    step: u64,
    top: u64,
}

impl Scale {
    /// A round step (1, 2 or 5 times a power of ten) giving at most five intervals up to `max`.
    /// A chart of zeros still gets an axis from 0 to 4.
    fn for_max(max: u64) -> Scale {
        if max == 0 {
            return Scale { step: 1, top: 4 };
        }
        let rough = max.div_ceil(5);
        let mut magnitude = 1u64;
        while magnitude.saturating_mul(10) <= rough {
            magnitude *= 10;
        }
        let step = [1, 2, 5, 10]
            .into_iter()
            .map(|m| m * magnitude)
            .find(|s| *s >= rough)
            .unwrap_or(10 * magnitude);
        Scale {
            step,
            top: max.div_ceil(step) * step,
        }
    }

    /// Height of a bar of `value` in a plot `plot_mm` tall.
    fn height_mm(&self, value: u64, plot_mm: f32) -> f32 {
        (value as f64 / self.top as f64 * f64::from(plot_mm)) as f32
    }
}

/// One bar of the chart, `x` its left edge relative to the plot's left edge.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Bar {
    x: f32,
    width: f32,
    height: f32,
    value: u64,
    gray: f32,
}

/// Two bars per month (video conference, then tatap muka), centred in equal groups across
/// `plot_width`; the scale fits the largest count.
fn chart_bars(months: &[MonthCount], plot_width: f32, plot_height: f32) -> (Scale, Vec<Bar>) {
    let max = months
        .iter()
        .map(|m| u64::from(m.video_conference.max(m.in_person)))
        .max()
        .unwrap_or(0);
    let scale = Scale::for_max(max);
    let group = plot_width / months.len().max(1) as f32;
    let bar_width = (group * 0.3).min(14.0);
    let gap = (group * 0.04).min(1.5);
    let mut bars = Vec::with_capacity(months.len() * 2);
    for (i, month) in months.iter().enumerate() {
        let centre = group * (i as f32 + 0.5);
        for (value, x, gray) in [
            (
                month.video_conference,
                centre - gap / 2.0 - bar_width,
                VIDEO_GRAY,
            ),
            (month.in_person, centre + gap / 2.0, IN_PERSON_GRAY),
        ] {
            let value = u64::from(value);
            bars.push(Bar {
                x,
                width: bar_width,
                height: scale.height_mm(value, plot_height),
                value,
                gray,
            });
        }
    }
    (scale, bars)
}

/// Draws the grouped bar chart from the cursor down and moves the cursor under it. The caller
/// has made room for [`CHART_HEIGHT_MM`] on this page.
fn bar_chart(page: &mut Composer, months: &[MonthCount]) {
    page.ensure_space(CHART_HEIGHT_MM);
    let top = page.cursor_mm();
    let left = page.left_mm();
    let plot_left = left + SCALE_WIDTH_MM;
    let plot_right = left + page.content_width_mm();
    let plot_width = plot_right - plot_left;
    let plot_top = top + LEGEND_HEIGHT_MM + HEADROOM_MM;
    let baseline = plot_top + PLOT_HEIGHT_MM;
    let (scale, bars) = chart_bars(months, plot_width, PLOT_HEIGHT_MM);

    legend(page, plot_left + plot_width / 2.0, top);

    // Gridlines with their numbers, light so the bars stand out.
    let mut tick = 0u64;
    while tick <= scale.top {
        let y = baseline - scale.height_mm(tick, PLOT_HEIGHT_MM);
        if tick > 0 {
            page.fill_rect(plot_left, y - 0.1, plot_width, 0.2, GRID_GRAY);
        }
        let number_baseline = y + 0.3 * CHART_TEXT.size_pt / PT_PER_MM;
        page.text_at(
            plot_left - 1.5,
            number_baseline,
            &tick.to_string(),
            CHART_TEXT,
            Align::Right,
        );
        tick += scale.step;
    }

    for bar in &bars {
        let x = plot_left + bar.x;
        if bar.height > 0.0 {
            let y = baseline - bar.height;
            page.fill_rect(x, y, bar.width, bar.height, bar.gray);
            outline(page, x, y, bar.width, bar.height);
        }
        let label_baseline = baseline - bar.height - 1.2;
        page.text_at(
            x + bar.width / 2.0,
            label_baseline,
            &bar.value.to_string(),
            COUNT_TEXT,
            Align::Center,
        );
    }

    // Axis and baseline over the bars' feet.
    page.line(plot_left, plot_top - 2.0, plot_left, baseline, 0.6);
    page.line(plot_left, baseline, plot_right, baseline, 0.9);

    let group = plot_width / months.len().max(1) as f32;
    let label_baseline = CHART_TEXT.baseline_mm(baseline + 1.5);
    for (i, month) in months.iter().enumerate() {
        let centre = plot_left + group * (i as f32 + 0.5);
        page.text_at(
            centre,
            label_baseline,
            &month.label,
            CHART_TEXT,
            Align::Center,
        );
    }

    page.space(CHART_HEIGHT_MM);
}

/// A swatch and a name per series, centred on `centre`, in a row starting at `top`.
fn legend(page: &mut Composer, centre: f32, top: f32) {
    let swatch = 3.5;
    let gap = 1.5;
    let between = 8.0;
    let entries = [
        ("Video Conference", VIDEO_GRAY),
        ("Tatap Muka", IN_PERSON_GRAY),
    ];
    let width: f32 = entries
        .iter()
        .map(|(label, _)| swatch + gap + page.text_width_mm(label, CHART_TEXT))
        .sum::<f32>()
        + between * (entries.len() - 1) as f32;
    let mut x = centre - width / 2.0;
    let swatch_top = top + (LEGEND_HEIGHT_MM - swatch) / 2.0;
    let text_baseline = swatch_top + swatch / 2.0 + 0.3 * CHART_TEXT.size_pt / PT_PER_MM;
    for (label, gray) in entries {
        page.fill_rect(x, swatch_top, swatch, swatch, gray);
        outline(page, x, swatch_top, swatch, swatch);
        x += swatch + gap;
        page.text_at(x, text_baseline, label, CHART_TEXT, Align::Left);
        x += page.text_width_mm(label, CHART_TEXT) + between;
    }
}

/// A thin frame around a filled rectangle.
fn outline(page: &mut Composer, x: f32, y: f32, width: f32, height: f32) {
    let rule = 0.4;
    page.line(x, y, x + width, y, rule);
    page.line(x, y + height, x + width, y + height, rule);
    page.line(x, y, x, y + height, rule);
    page.line(x + width, y, x + width, y + height, rule);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn month(label: &str, video_conference: u32, in_person: u32) -> MonthCount {
        MonthCount {
            month: String::new(),
            label: label.into(),
            video_conference,
            in_person,
        }
    }

    #[test]
    fn scales_are_round_and_reach_the_largest_count() {
        for (max, step, top) in [
            (0, 1, 4),
            (1, 1, 1),
            (3, 1, 3),
            (5, 1, 5),
            (7, 2, 8),
            (10, 2, 10),
            (12, 5, 15),
            (24, 5, 25),
            (120, 50, 150),
            (999, 200, 1000),
        ] {
            assert_eq!(Scale::for_max(max), Scale { step, top }, "max {max}");
        }
        for max in 1..2000u64 {
            let scale = Scale::for_max(max);
            assert!(
                scale.top >= max && scale.top.is_multiple_of(scale.step),
                "{max}"
            );
            assert!(scale.top / scale.step <= 5, "{max}: {scale:?}");
        }
        let huge = Scale::for_max(u64::from(u32::MAX));
        assert!(huge.top >= u64::from(u32::MAX));
    }

    #[test]
    fn bars_are_proportional_and_zeros_are_flat() {
        let months = [
            month("Okt 2022", 0, 0),
            month("Nov 2022", 2, 1),
            month("Des 2022", 8, 4),
        ];
        let (scale, bars) = chart_bars(&months, 150.0, 50.0);
        assert_eq!(scale, Scale { step: 2, top: 8 });
        assert_eq!(bars.len(), 6);
        assert_eq!(bars[0].height, 0.0);
        assert!((bars[4].height - 50.0).abs() < 1e-4, "{bars:?}");
        for bar in &bars {
            let expected = bar.value as f32 / 8.0 * 50.0;
            assert!((bar.height - expected).abs() < 1e-4, "{bar:?}");
        }
        // The two bars of a month sit side by side inside its group, in order.
        for (i, pair) in bars.chunks(2).enumerate() {
            let group = (i as f32 * 50.0, (i + 1) as f32 * 50.0);
            assert!(pair[0].x >= group.0 && pair[1].x + pair[1].width <= group.1);
            assert!(pair[0].x + pair[0].width <= pair[1].x);
            assert!(pair[0].gray != pair[1].gray);
        }

        let (scale, bars) = chart_bars(&[month("Jan 2023", 0, 0)], 150.0, 50.0);
        assert!(scale.top > 0);
        assert!(bars.iter().all(|b| b.height == 0.0 && b.height.is_finite()));
        let (_, none) = chart_bars(&[], 150.0, 50.0);
        assert!(none.is_empty());
    }
}
