//! A small page-layout layer: a cursor that flows text down A4 pages, wrapping with the real
//! glyph widths, plus tables that break across pages and repeat their header row.
//!
//! Positions and lengths are in millimetres, measured from the top-left corner of the page;
//! font sizes are in points. Nothing is written until [`Composer::finish`], which knows the page
//! count and can therefore print "Halaman 1 dari 3".
//!
//! ```no_run
//! use konsultasi_core::export::pdf::layout::{Align, Column, Composer, PageNumbers, PageSetup, Table, TextStyle};
//! # fn demo(meta: &konsultasi_core::export::pdf::DocumentMeta) -> Result<konsultasi_core::export::pdf::RenderedPdf, konsultasi_core::export::pdf::PdfError> {
//! let mut page = Composer::new(PageSetup::a4_portrait())?;
//! page.paragraph("Rekapitulasi konsultasi bulan Maret 2027", TextStyle::bold(13.0), Align::Center);
//! let mut table = Table::new(vec![
//!     Column::new("No", 10.0, Align::Center),
//!     Column::new("Instansi", 100.0, Align::Left),
//!     Column::new("Jumlah", 25.0, Align::Right),
//! ]);
//! table.rows.push(vec!["1".into(), "Pemerintah Kabupaten Mukomuko".into(), "3".into()]);
//! page.table(&table)?;
//! page.finish(meta, PageNumbers::WhenSeveral)
//! # }
//! ```

use super::font::{FontWeight, Fonts, fonts};
pub use super::page::PageSetup;
pub(crate) use super::page::{Item, PT_PER_MM};
use super::{DocumentMeta, PdfError, RenderedPdf, emit};

/// Size, weight and line spacing of a run of text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    pub size_pt: f32,
    pub weight: FontWeight,
    /// Distance between baselines as a multiple of the size (1.3 is comfortable body text).
    pub line_height: f32,
}

impl TextStyle {
    pub const fn regular(size_pt: f32) -> TextStyle {
        TextStyle {
            size_pt,
            weight: FontWeight::Regular,
            line_height: 1.3,
        }
    }

    pub const fn bold(size_pt: f32) -> TextStyle {
        TextStyle {
            size_pt,
            weight: FontWeight::Bold,
            line_height: 1.3,
        }
    }

    pub const fn with_line_height(self, line_height: f32) -> TextStyle {
        TextStyle {
            line_height,
            ..self
        }
    }

    /// Distance between two baselines, in millimetres.
    pub fn line_height_mm(&self) -> f32 {
        self.size_pt * self.line_height / PT_PER_MM
    }

    fn size_mm(&self) -> f32 {
        self.size_pt / PT_PER_MM
    }

    /// Baseline of a line whose box starts at `top_mm`: the box is centred on the span from
    /// the top of capitals to the bottom of descenders.
    pub fn baseline_mm(&self, top_mm: f32) -> f32 {
        top_mm + self.line_height_mm() / 2.0 + 0.25 * self.size_mm()
    }
}

/// Horizontal alignment. For a single positioned string ([`Composer::text_at`]), `Left`,
/// `Center` and `Right` say which point of the string `x` is; `Justify` acts as `Left`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
    /// Stretch the spaces of every line but a paragraph's last to fill the width.
    Justify,
}

/// When [`Composer::finish`] prints "Halaman n dari N" at the foot of each page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageNumbers {
    Never,
    /// Only when the document runs over more than one page (letters).
    WhenSeveral,
    Always,
}

/// One line produced by [`Composer::wrap`].
#[derive(Debug, Clone, PartialEq)]
pub struct WrappedLine {
    pub text: String,
    /// Measured width of `text`, in millimetres.
    pub width_mm: f32,
    /// The line closes its paragraph (a justified paragraph leaves it ragged).
    pub ends_paragraph: bool,
}

/// A table column.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Header text; repeated at the top of every page the table reaches.
    pub title: String,
    pub width_mm: f32,
    /// Alignment of the body cells (the header is always centred).
    pub align: Align,
}

impl Column {
    pub fn new(title: impl Into<String>, width_mm: f32, align: Align) -> Column {
        Column {
            title: title.into(),
            width_mm,
            align,
        }
    }
}

/// Looks of a [`Table`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableStyle {
    pub body: TextStyle,
    pub header: TextStyle,
    /// Rows are at least this tall (e.g. to leave room for a signature).
    pub min_row_height_mm: f32,
    /// Space between a cell's border and its text, on every side.
    pub padding_mm: f32,
    /// Grey level (0 black, 1 white) behind the header row; `None` leaves it white.
    pub header_fill: Option<f32>,
    /// Thickness of the grid lines, in points.
    pub rule_pt: f32,
    /// Distance of the table from the left margin.
    pub indent_mm: f32,
}

impl Default for TableStyle {
    fn default() -> Self {
        TableStyle {
            body: TextStyle::regular(9.5).with_line_height(1.25),
            header: TextStyle::bold(9.5).with_line_height(1.25),
            min_row_height_mm: 7.0,
            padding_mm: 1.5,
            header_fill: Some(0.88),
            rule_pt: 0.6,
            indent_mm: 0.0,
        }
    }
}

/// A grid of text with a header row. Cells wrap; a row never splits across pages, and every
/// page the table reaches starts with the header row.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    /// One `Vec` per row, one `String` per column.
    pub rows: Vec<Vec<String>>,
    pub style: TableStyle,
}

impl Table {
    pub fn new(columns: Vec<Column>) -> Table {
        Table {
            columns,
            rows: Vec::new(),
            style: TableStyle::default(),
        }
    }

    /// Sum of the column widths.
    pub fn width_mm(&self) -> f32 {
        self.columns.iter().map(|c| c.width_mm).sum()
    }
}

/// Where [`Composer::table`] put a body row, so callers can draw into its cells afterwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RowPlacement {
    /// Zero-based page index.
    pub page: usize,
    pub top_mm: f32,
    pub height_mm: f32,
}

/// Lays out pages top to bottom. See the [module documentation](self).
pub struct Composer {
    setup: PageSetup,
    fonts: &'static Fonts,
    pages: Vec<Vec<Item>>,
    /// Characters the fonts lack, drawn as the placeholder instead.
    missing: std::collections::BTreeSet<char>,
    /// Top of the next thing to place on the last page, in millimetres from the page top.
    y: f32,
}

/// Slack for comparisons of measured lengths.
const EPSILON: f32 = 0.01;

impl Composer {
    /// An empty first page. Fails only if the embedded fonts cannot be read, which is a bug.
    pub fn new(setup: PageSetup) -> Result<Composer, PdfError> {
        Ok(Composer {
            setup,
            fonts: fonts()?,
            pages: vec![Vec::new()],
            missing: std::collections::BTreeSet::new(),
            y: setup.margin_top_mm,
        })
    }

    pub fn setup(&self) -> &PageSetup {
        &self.setup
    }

    pub fn content_width_mm(&self) -> f32 {
        self.setup.content_width_mm()
    }

    /// Left edge of the content area.
    pub fn left_mm(&self) -> f32 {
        self.setup.margin_left_mm
    }

    /// Where the next block starts, in millimetres from the top of the current page.
    pub fn cursor_mm(&self) -> f32 {
        self.y
    }

    /// Room left above the bottom margin of the current page.
    pub fn remaining_mm(&self) -> f32 {
        self.bottom() - self.y
    }

    /// Zero-based index of the page being filled.
    pub fn page_index(&self) -> usize {
        self.pages.len() - 1
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    fn bottom(&self) -> f32 {
        self.setup.height_mm - self.setup.margin_bottom_mm
    }

    fn at_page_top(&self) -> bool {
        self.y <= self.setup.margin_top_mm + EPSILON
    }

    /// Starts a new page; the cursor moves to its top margin.
    pub fn new_page(&mut self) {
        self.pages.push(Vec::new());
        self.y = self.setup.margin_top_mm;
    }

    /// Starts a new page unless `height_mm` still fits on this one (or this one is empty).
    /// Returns whether it did.
    pub fn ensure_space(&mut self, height_mm: f32) -> bool {
        if self.y + height_mm > self.bottom() + EPSILON && !self.at_page_top() {
            self.new_page();
            true
        } else {
            false
        }
    }

    /// Moves the cursor down. Never starts a page by itself, and is dropped at a page top.
    pub fn space(&mut self, height_mm: f32) {
        if !self.at_page_top() {
            self.y = (self.y + height_mm).min(self.bottom());
        }
    }

    /// Measured width of `text`, in millimetres.
    pub fn text_width_mm(&self, text: &str, style: TextStyle) -> f32 {
        self.fonts.face(style.weight).width(text, style.size_mm())
    }

    /// Breaks `text` into lines no wider than `width_mm`. Runs of white space become one space;
    /// `\n` starts a new paragraph; a word wider than the line is cut, after a hyphen or slash
    /// when it has one. Control characters are dropped. An empty text gives no lines.
    pub fn wrap(&self, text: &str, style: TextStyle, width_mm: f32) -> Vec<WrappedLine> {
        let face = self.fonts.face(style.weight);
        let size = style.size_mm();
        let space = face.advance_em(' ') * size;
        let mut lines = Vec::new();
        if text.trim().is_empty() {
            return lines;
        }
        let cleaned: String;
        let text = if text.chars().any(|c| c.is_control() && !c.is_whitespace()) {
            cleaned = text
                .chars()
                .filter(|c| !c.is_control() || c.is_whitespace())
                .collect();
            cleaned.as_str()
        } else {
            text
        };

        for paragraph in text.split('\n') {
            let mut line = String::new();
            let mut line_width = 0.0f32;
            for word in paragraph.split_whitespace() {
                let word_width = face.width(word, size);
                if !line.is_empty() {
                    if line_width + space + word_width <= width_mm + EPSILON {
                        line.push(' ');
                        line.push_str(word);
                        line_width += space + word_width;
                        continue;
                    }
                    lines.push(WrappedLine {
                        text: std::mem::take(&mut line),
                        width_mm: line_width,
                        ends_paragraph: false,
                    });
                }
                if word_width <= width_mm + EPSILON {
                    line.push_str(word);
                    line_width = word_width;
                } else {
                    // Too long for any line: cut it, keeping the tail to continue on.
                    let mut rest = word;
                    loop {
                        let (head, tail) = split_to_fit(face, rest, size, width_mm);
                        let head_width = face.width(head, size);
                        if tail.is_empty() {
                            line.push_str(head);
                            line_width = head_width;
                            break;
                        }
                        lines.push(WrappedLine {
                            text: head.to_owned(),
                            width_mm: head_width,
                            ends_paragraph: false,
                        });
                        rest = tail;
                    }
                }
            }
            lines.push(WrappedLine {
                text: line,
                width_mm: line_width,
                ends_paragraph: true,
            });
        }
        lines
    }

    /// Marks `line` as cut short with "…", dropping characters until it fits `width_mm`.
    fn ellipsize(&self, line: &mut WrappedLine, style: TextStyle, width_mm: f32) {
        line.text.push('…');
        while line.text.chars().count() > 1
            && self.text_width_mm(&line.text, style) > width_mm + EPSILON
        {
            let cut = line.text.char_indices().rev().nth(1).map_or(0, |(i, _)| i);
            line.text.replace_range(cut.., "…");
        }
        line.width_mm = self.text_width_mm(&line.text, style);
        line.ends_paragraph = true;
    }

    fn push(&mut self, page: usize, item: Item) {
        if let Some(items) = self.pages.get_mut(page) {
            items.push(item);
        }
    }

    /// Adds a run of text whose left end is at `x`.
    fn push_text(
        &mut self,
        page: usize,
        x: f32,
        baseline: f32,
        text: &str,
        style: TextStyle,
        extra_space: f32,
    ) {
        if text.is_empty() {
            return;
        }
        let face = self.fonts.face(style.weight);
        let text = if text.chars().all(|c| face.has(c) || c.is_control()) {
            text.to_owned()
        } else {
            text.chars()
                .map(|c| {
                    let drawn = face.printable(c);
                    if drawn != c {
                        self.missing.insert(c);
                    }
                    drawn
                })
                .collect()
        };
        self.push(
            page,
            Item::Text {
                x,
                baseline,
                weight: style.weight,
                size_pt: style.size_pt,
                text,
                extra_space,
            },
        );
    }

    /// Draws one line of text on the current page without moving the cursor. `x_mm` is the
    /// left end, the centre or the right end of the text, as `align` says.
    pub fn text_at(
        &mut self,
        x_mm: f32,
        baseline_mm: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        self.text_on(self.page_index(), x_mm, baseline_mm, text, style, align);
    }

    /// [`Composer::text_at`] on an earlier page (e.g. into a cell from a [`RowPlacement`]).
    pub fn text_on(
        &mut self,
        page: usize,
        x_mm: f32,
        baseline_mm: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let left = match align {
            Align::Left | Align::Justify => x_mm,
            Align::Center => x_mm - self.text_width_mm(text, style) / 2.0,
            Align::Right => x_mm - self.text_width_mm(text, style),
        };
        self.push_text(page, left, baseline_mm, text, style, 0.0);
    }

    /// A straight line on the current page.
    pub fn line(&mut self, x1_mm: f32, y1_mm: f32, x2_mm: f32, y2_mm: f32, width_pt: f32) {
        self.push(
            self.page_index(),
            Item::Line {
                x1: x1_mm,
                y1: y1_mm,
                x2: x2_mm,
                y2: y2_mm,
                width_pt,
            },
        );
    }

    /// A filled rectangle on the current page; `gray` from 0 (black) to 1 (white).
    pub fn fill_rect(&mut self, x_mm: f32, y_mm: f32, width_mm: f32, height_mm: f32, gray: f32) {
        self.push(
            self.page_index(),
            Item::Fill {
                x: x_mm,
                y: y_mm,
                width: width_mm,
                height: height_mm,
                gray: gray.clamp(0.0, 1.0),
            },
        );
    }

    /// A paragraph across the full content width.
    pub fn paragraph(&mut self, text: &str, style: TextStyle, align: Align) {
        let width = self.content_width_mm();
        self.paragraph_in(0.0, width, text, style, align);
    }

    /// A paragraph in a column `indent_mm` from the left margin and `width_mm` wide. Lines
    /// flow onto the next page when the current one is full.
    pub fn paragraph_in(
        &mut self,
        indent_mm: f32,
        width_mm: f32,
        text: &str,
        style: TextStyle,
        align: Align,
    ) {
        let lines = self.wrap(text, style, width_mm);
        self.lines_in(indent_mm, width_mm, &lines, style, align);
    }

    /// Places already wrapped lines (see [`Composer::wrap`]) like [`Composer::paragraph_in`].
    pub fn lines_in(
        &mut self,
        indent_mm: f32,
        width_mm: f32,
        lines: &[WrappedLine],
        style: TextStyle,
        align: Align,
    ) {
        let x = self.left_mm() + indent_mm;
        let line_height = style.line_height_mm();
        for line in lines {
            self.ensure_space(line_height);
            let baseline = style.baseline_mm(self.y);
            let page = self.page_index();
            match align {
                Align::Left => self.text_on(page, x, baseline, &line.text, style, align),
                Align::Center => {
                    self.text_on(page, x + width_mm / 2.0, baseline, &line.text, style, align)
                }
                Align::Right => {
                    self.text_on(page, x + width_mm, baseline, &line.text, style, align)
                }
                Align::Justify => {
                    let spaces = line.text.matches(' ').count();
                    let extra = if line.ends_paragraph || spaces == 0 {
                        0.0
                    } else {
                        ((width_mm - line.width_mm) / spaces as f32).max(0.0)
                    };
                    self.push_text(page, x, baseline, &line.text, style, extra);
                }
            }
            self.y += line_height;
        }
    }

    /// Label–value pairs with the colons in one column ("Hari, tanggal : Senin, 1 Maret
    /// 2027"), `indent_mm` from the left margin. Long values wrap under themselves; a pair is
    /// never split across pages.
    pub fn key_values(&mut self, rows: &[(String, String)], indent_mm: f32, style: TextStyle) {
        let width = self.content_width_mm() - indent_mm;
        let gap = 1.5;
        let label_width = rows
            .iter()
            .map(|(label, _)| self.text_width_mm(label, style))
            .fold(0.0f32, f32::max)
            .min(width * 0.4);
        let colon_x = indent_mm + label_width + gap;
        let value_x = colon_x + self.text_width_mm(":", style) + gap;
        let value_width = (self.content_width_mm() - value_x).max(10.0);
        let line_height = style.line_height_mm();
        for (label, value) in rows {
            let labels = self.wrap(label, style, label_width.max(10.0));
            let values = self.wrap(value, style, value_width);
            let count = labels.len().max(values.len()).max(1);
            self.ensure_space(count as f32 * line_height);
            let top = self.y;
            self.lines_in(indent_mm, label_width, &labels, style, Align::Left);
            self.y = top;
            let baseline = style.baseline_mm(top);
            let page = self.page_index();
            let colon_left = self.left_mm() + colon_x;
            self.text_on(page, colon_left, baseline, ":", style, Align::Left);
            self.lines_in(value_x, value_width, &values, style, Align::Left);
            self.y = top + count as f32 * line_height;
        }
    }

    /// "1. …", "2. …" with the text hanging past the numbers.
    pub fn numbered_list(&mut self, items: &[String], indent_mm: f32, style: TextStyle) {
        let number_width = self.text_width_mm(&format!("{}.", items.len().max(9)), style);
        let gap = 1.5;
        let text_indent = indent_mm + number_width + gap;
        let width = self.content_width_mm() - text_indent;
        for (i, item) in items.iter().enumerate() {
            let lines = self.wrap(item, style, width);
            self.ensure_space(style.line_height_mm());
            let baseline = style.baseline_mm(self.y);
            let page = self.page_index();
            let number_right = self.left_mm() + indent_mm + number_width;
            let number = format!("{}.", i + 1);
            self.text_on(page, number_right, baseline, &number, style, Align::Right);
            if lines.is_empty() {
                self.y += style.line_height_mm();
            }
            self.lines_in(text_indent, width, &lines, style, Align::Left);
        }
    }

    /// Draws `table` from the cursor down, across as many pages as it needs. Returns where
    /// each body row landed.
    pub fn table(&mut self, table: &Table) -> Result<Vec<RowPlacement>, PdfError> {
        let columns = table.columns.len();
        if columns == 0 {
            return Err(PdfError::TableShape {
                row: None,
                expected: 1,
                found: 0,
            });
        }
        if let Some((row, cells)) = table
            .rows
            .iter()
            .enumerate()
            .find(|(_, cells)| cells.len() != columns)
        {
            return Err(PdfError::TableShape {
                row: Some(row),
                expected: columns,
                found: cells.len(),
            });
        }
        let style = table.style;
        let available = self.content_width_mm() - style.indent_mm;
        if table.width_mm() > available + EPSILON {
            return Err(PdfError::TableTooWide {
                width_mm: table.width_mm(),
                available_mm: available,
            });
        }

        let left = self.left_mm() + style.indent_mm;
        let pad = style.padding_mm;
        let mut edges = Vec::with_capacity(columns + 1);
        edges.push(left);
        for column in &table.columns {
            edges.push(edges[edges.len() - 1] + column.width_mm);
        }
        let right = edges[columns];

        let header_cells: Vec<Vec<WrappedLine>> = table
            .columns
            .iter()
            .map(|c| self.wrap(&c.title, style.header, (c.width_mm - 2.0 * pad).max(1.0)))
            .collect();
        let header_height = row_height(&header_cells, style.header, pad, 0.0);
        let body_line = style.body.line_height_mm();
        // The most lines a cell may hold so that its row fits under the header of an empty page.
        let page_body = self.bottom() - self.setup.margin_top_mm - header_height;
        let max_lines = (((page_body - 2.0 * pad) / body_line).floor() as usize).max(1);

        let mut placements = Vec::with_capacity(table.rows.len());
        let mut segment_top: Option<f32> = None;
        for cells in &table.rows {
            let mut wrapped: Vec<Vec<WrappedLine>> = cells
                .iter()
                .zip(&table.columns)
                .map(|(text, c)| self.wrap(text, style.body, (c.width_mm - 2.0 * pad).max(1.0)))
                .collect();
            for (lines, column) in wrapped.iter_mut().zip(&table.columns) {
                if lines.len() > max_lines {
                    lines.truncate(max_lines);
                    if let Some(last) = lines.last_mut() {
                        self.ellipsize(last, style.body, column.width_mm - 2.0 * pad);
                    }
                }
            }
            let height = row_height(&wrapped, style.body, pad, style.min_row_height_mm);

            let needs_header = match segment_top {
                None => {
                    self.ensure_space(header_height + height);
                    true
                }
                Some(top) if self.y + height > self.bottom() + EPSILON => {
                    self.close_segment(&edges, top, style.rule_pt);
                    self.new_page();
                    true
                }
                Some(_) => false,
            };
            if needs_header {
                segment_top = Some(self.y);
                self.table_header(table, &header_cells, &edges, header_height);
            }

            let top = self.y;
            let page = self.page_index();
            for ((lines, column), x) in wrapped.iter().zip(&table.columns).zip(&edges) {
                let block = lines.len() as f32 * body_line;
                let mut line_top = top + (height - block) / 2.0;
                for line in lines {
                    let baseline = style.body.baseline_mm(line_top);
                    let anchor = match column.align {
                        Align::Left | Align::Justify => x + pad,
                        Align::Center => x + column.width_mm / 2.0,
                        Align::Right => x + column.width_mm - pad,
                    };
                    let align = match column.align {
                        Align::Justify => Align::Left,
                        other => other,
                    };
                    self.text_on(page, anchor, baseline, &line.text, style.body, align);
                    line_top += body_line;
                }
            }
            self.y += height;
            self.line(left, self.y, right, self.y, style.rule_pt);
            placements.push(RowPlacement {
                page,
                top_mm: top,
                height_mm: height,
            });
        }
        match segment_top {
            Some(top) => self.close_segment(&edges, top, style.rule_pt),
            None => {
                // No body rows: the header alone still shows what the table would hold.
                self.ensure_space(header_height);
                let top = self.y;
                self.table_header(table, &header_cells, &edges, header_height);
                self.close_segment(&edges, top, style.rule_pt);
            }
        }
        Ok(placements)
    }

    fn table_header(
        &mut self,
        table: &Table,
        cells: &[Vec<WrappedLine>],
        edges: &[f32],
        height: f32,
    ) {
        let style = table.style;
        let left = edges[0];
        let right = edges[edges.len() - 1];
        let top = self.y;
        if let Some(gray) = style.header_fill {
            self.fill_rect(left, top, right - left, height, gray);
        }
        let page = self.page_index();
        let line_height = style.header.line_height_mm();
        for ((lines, column), x) in cells.iter().zip(&table.columns).zip(edges) {
            let mut line_top = top + (height - lines.len() as f32 * line_height) / 2.0;
            for line in lines {
                let baseline = style.header.baseline_mm(line_top);
                let centre = x + column.width_mm / 2.0;
                self.text_on(
                    page,
                    centre,
                    baseline,
                    &line.text,
                    style.header,
                    Align::Center,
                );
                line_top += line_height;
            }
        }
        self.y += height;
        self.line(left, self.y, right, self.y, style.rule_pt);
    }

    /// Top rule and vertical rules of the part of a table on the current page.
    fn close_segment(&mut self, edges: &[f32], top: f32, rule_pt: f32) {
        let left = edges[0];
        let right = edges[edges.len() - 1];
        let bottom = self.y;
        self.line(left, top, right, top, rule_pt);
        for &x in edges {
            self.line(x, top, x, bottom, rule_pt);
        }
    }

    /// Adds page numbers if asked and writes the PDF.
    pub fn finish(
        mut self,
        meta: &DocumentMeta,
        numbers: PageNumbers,
    ) -> Result<RenderedPdf, PdfError> {
        let total = self.pages.len();
        let numbered = match numbers {
            PageNumbers::Never => false,
            PageNumbers::WhenSeveral => total > 1,
            PageNumbers::Always => true,
        };
        if numbered {
            let style = TextStyle::regular(8.5);
            let centre = self.left_mm() + self.content_width_mm() / 2.0;
            let baseline = self.setup.height_mm - self.setup.margin_bottom_mm / 2.0;
            for page in 0..total {
                let label = format!("Halaman {} dari {}", page + 1, total);
                self.text_on(page, centre, baseline, &label, style, Align::Center);
            }
        }
        Ok(RenderedPdf {
            bytes: emit::write_pdf(&self.pages, &self.setup, self.fonts, meta)?,
            missing: self.missing.into_iter().collect(),
        })
    }
}

/// Height of a row whose cells hold `cells` lines.
fn row_height(cells: &[Vec<WrappedLine>], style: TextStyle, pad: f32, min: f32) -> f32 {
    let lines = cells.iter().map(Vec::len).max().unwrap_or(0).max(1);
    (lines as f32 * style.line_height_mm() + 2.0 * pad).max(min)
}

/// Splits a word too wide for `width` into the longest head that fits (at least one character)
/// and the rest, preferring to cut after a hyphen or a slash.
fn split_to_fit<'a>(
    face: &super::font::Face,
    word: &'a str,
    size: f32,
    width: f32,
) -> (&'a str, &'a str) {
    let mut used = 0.0;
    let mut end = 0;
    let mut last_break = None;
    for (i, c) in word.char_indices() {
        let advance = face.advance_em(c) * size;
        if end > 0 && used + advance > width + EPSILON {
            break;
        }
        used += advance;
        end = i + c.len_utf8();
        if matches!(c, '-' | '/' | '‐' | '–') && end < word.len() {
            last_break = Some(end);
        }
    }
    let cut = match last_break {
        Some(at) if end < word.len() => at,
        _ => end,
    };
    word.split_at(cut)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn composer() -> Composer {
        Composer::new(PageSetup::a4_portrait()).expect("fonts load")
    }

    #[test]
    fn justified_lines_fill_the_column_but_the_last_does_not() {
        let mut c = composer();
        let style = TextStyle::regular(11.0);
        let text = "Sehubungan dengan surat Saudara perihal permohonan konsultasi, dengan \
                    hormat kami sampaikan bahwa konsultasi dijadwalkan sebagai berikut.";
        c.paragraph_in(0.0, 80.0, text, style, Align::Justify);
        let runs: Vec<(f32, usize)> = c.pages[0]
            .iter()
            .filter_map(|item| match item {
                Item::Text {
                    text, extra_space, ..
                } => Some((*extra_space, text.matches(' ').count())),
                _ => None,
            })
            .collect();
        let lines = c.wrap(text, style, 80.0);
        assert_eq!(runs.len(), lines.len());
        for ((extra, spaces), line) in runs.iter().zip(&lines) {
            if line.ends_paragraph {
                assert_eq!(*extra, 0.0);
            } else {
                let filled = line.width_mm + extra * *spaces as f32;
                assert!((filled - 80.0).abs() < 0.01, "{line:?} filled to {filled}");
            }
        }
    }
}
