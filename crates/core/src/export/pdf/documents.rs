//! The three documents, laid out after the Kemenkeu rules for official correspondence: kop
//! surat, date on the right, Nomor/Sifat/Lampiran/Hal, "Yth.", justified body, signature
//! block in the right half, Tembusan.

use super::layout::{
    Align, Column, Composer, PageNumbers, PageSetup, Table, TableStyle, TextStyle, WrappedLine,
};
use super::{
    AttendanceRow, AttendanceSheet, Certificate, ConfirmationLetter, Letterhead, PdfError,
    RenderedPdf, Signatory, format_indonesian_date,
};

const BODY: TextStyle = TextStyle::regular(10.5).with_line_height(1.4);
const SMALL: TextStyle = TextStyle::regular(9.5).with_line_height(1.35);
const TITLE: TextStyle = TextStyle::bold(13.0);
/// Space between paragraphs.
const PARAGRAPH_GAP_MM: f32 = 2.5;
/// Room left blank for the handwritten signature (and the stamp).
const SIGNATURE_SPACE_MM: f32 = 22.0;

/// Letters keep the kop close to the top edge; the body keeps 2 cm below.
fn letter_setup() -> PageSetup {
    PageSetup::a4_portrait().with_margins(12.0, 20.0, 20.0, 25.0)
}

/// The confirmation letter to the requester.
pub fn render_confirmation(doc: &ConfirmationLetter) -> Result<RenderedPdf, PdfError> {
    let mut page = Composer::new(letter_setup())?;
    letterhead(&mut page, &doc.letterhead);

    let header = &doc.header;
    let dated = format!(
        "{}, {}",
        header.place.trim(),
        format_indonesian_date(header.date)
    );
    page.paragraph(&dated, BODY, Align::Right);
    page.space(BODY.line_height_mm() * 0.5);

    page.key_values(
        &[
            ("Nomor".to_owned(), header.number.clone()),
            ("Sifat".to_owned(), header.nature.clone()),
            ("Lampiran".to_owned(), header.attachment.clone()),
            ("Hal".to_owned(), header.subject.clone()),
        ],
        0.0,
        BODY,
    );
    page.space(BODY.line_height_mm());

    addressee(&mut page, &doc.addressee);
    page.space(BODY.line_height_mm());

    paragraphs(&mut page, &doc.paragraphs);
    if !doc.details.is_empty() {
        page.key_values(&doc.details, 10.0, BODY);
        page.space(PARAGRAPH_GAP_MM);
    }
    closing_and_signature(&mut page, &doc.closing, None, &doc.signatory);

    if !doc.copies.is_empty() {
        page.space(BODY.line_height_mm());
        // A short list moves to the next page whole rather than leave its tail behind.
        let lines = (doc.copies.len() + 1).min(8);
        page.ensure_space(SMALL.line_height_mm() * lines as f32);
        page.paragraph("Tembusan:", SMALL, Align::Left);
        page.numbered_list(&doc.copies, 0.0, SMALL);
    }
    page.finish(&doc.meta, PageNumbers::WhenSeveral)
}

/// The attendance sheet: registered guests, then empty numbered rows, on as many pages as they
/// need, each page headed by the column titles and numbered.
pub fn render_attendance_sheet(doc: &AttendanceSheet) -> Result<RenderedPdf, PdfError> {
    let setup = PageSetup::a4_portrait().with_margins(12.0, 20.0, 18.0, 20.0);
    let mut page = Composer::new(setup)?;
    letterhead(&mut page, &doc.letterhead);
    title(&mut page, &doc.title);
    page.space(2.0);
    if !doc.details.is_empty() {
        page.key_values(&doc.details, 0.0, SMALL);
        page.space(3.0);
    }

    let signature_width = 36.0;
    let mut table = Table::new(vec![
        Column::new("No", 10.0, Align::Center),
        Column::new("Nama", 48.0, Align::Left),
        Column::new("Jabatan", 37.0, Align::Left),
        Column::new("Instansi", 39.0, Align::Left),
        Column::new("Tanda Tangan", signature_width, Align::Left),
    ]);
    table.style = TableStyle {
        body: TextStyle::regular(9.0).with_line_height(1.25),
        header: TextStyle::bold(9.0).with_line_height(1.25),
        min_row_height_mm: 11.0,
        ..TableStyle::default()
    };
    let total = doc.rows.len() + doc.spare_rows;
    table.rows.reserve(total);
    for (i, guest) in doc.rows.iter().enumerate() {
        table.rows.push(vec![
            (i + 1).to_string(),
            guest.name.clone(),
            guest.position.clone(),
            guest.institution.clone(),
            String::new(),
        ]);
    }
    for i in doc.rows.len()..total {
        table.rows.push(vec![
            (i + 1).to_string(),
            String::new(),
            String::new(),
            String::new(),
            String::new(),
        ]);
    }
    let placed = page.table(&table)?;

    // The signature column is numbered in a zigzag (odd on the left, even in the middle), as
    // on paper attendance lists, so neighbours do not sign in each other's box.
    let column_left = page.left_mm() + table.width_mm() - signature_width;
    let number_style = TextStyle::regular(7.5);
    for (i, row) in placed.iter().enumerate() {
        let x = if i % 2 == 0 {
            column_left + 1.5
        } else {
            column_left + signature_width / 2.0
        };
        let label = format!("{}.", i + 1);
        page.text_on(
            row.page,
            x,
            row.top_mm + 4.0,
            &label,
            number_style,
            Align::Left,
        );
    }
    page.finish(&doc.meta, PageNumbers::Always)
}

/// The attendance certificate.
pub fn render_certificate(doc: &Certificate) -> Result<RenderedPdf, PdfError> {
    let mut page = Composer::new(letter_setup())?;
    letterhead(&mut page, &doc.letterhead);

    // Title, underlined, and its number under it.
    let title_text = doc.title.trim();
    if !title_text.is_empty() {
        let centre = page.left_mm() + page.content_width_mm() / 2.0;
        let lines = page.wrap(title_text, TITLE, page.content_width_mm());
        for line in &lines {
            page.paragraph(&line.text, TITLE, Align::Center);
            let top = page.cursor_mm() - TITLE.line_height_mm();
            let underline = TITLE.baseline_mm(top) + 1.0;
            let half = line.width_mm / 2.0;
            page.line(centre - half, underline, centre + half, underline, 0.8);
        }
    }
    if !doc.number.trim().is_empty() {
        page.paragraph(&format!("Nomor {}", doc.number.trim()), BODY, Align::Center);
    }
    page.space(BODY.line_height_mm());

    paragraphs(&mut page, &doc.paragraphs);
    if !doc.details.is_empty() {
        page.key_values(&doc.details, 10.0, BODY);
        page.space(PARAGRAPH_GAP_MM);
    }
    if !doc.attendees.is_empty() {
        attendee_table(&mut page, &doc.attendees)?;
        page.space(PARAGRAPH_GAP_MM + 1.0);
    }
    let dated = format!("{}, {}", doc.place.trim(), format_indonesian_date(doc.date));
    closing_and_signature(&mut page, &doc.closing, Some(&dated), &doc.signatory);
    page.finish(&doc.meta, PageNumbers::WhenSeveral)
}

fn attendee_table(page: &mut Composer, attendees: &[AttendanceRow]) -> Result<(), PdfError> {
    let width = page.content_width_mm();
    let number = 10.0;
    let rest = width - number;
    let mut table = Table::new(vec![
        Column::new("No", number, Align::Center),
        Column::new("Nama", rest * 0.36, Align::Left),
        Column::new("Jabatan", rest * 0.30, Align::Left),
        Column::new("Instansi", rest * 0.34, Align::Left),
    ]);
    table.rows = attendees
        .iter()
        .enumerate()
        .map(|(i, a)| {
            vec![
                (i + 1).to_string(),
                a.name.clone(),
                a.position.clone(),
                a.institution.clone(),
            ]
        })
        .collect();
    page.table(&table).map(|_| ())
}

/// Kop surat: institution lines bold and centred (the unit a size larger than the ministry),
/// contact lines small, then a thick and a thin rule across the content width.
pub(super) fn letterhead(page: &mut Composer, head: &Letterhead) {
    let width = page.content_width_mm();
    for (i, line) in head.institution.iter().enumerate() {
        let size = if i == 0 && head.institution.len() > 1 {
            12.0
        } else {
            13.5
        };
        page.paragraph_in(
            0.0,
            width,
            line,
            TextStyle::bold(size).with_line_height(1.25),
            Align::Center,
        );
    }
    let contact = TextStyle::regular(8.0).with_line_height(1.3);
    for line in &head.contact {
        page.paragraph_in(0.0, width, line, contact, Align::Center);
    }
    if head.institution.is_empty() && head.contact.is_empty() {
        return;
    }
    let left = page.left_mm();
    let y = page.cursor_mm() + 1.5;
    page.line(left, y, left + width, y, 1.8);
    page.line(left, y + 1.0, left + width, y + 1.0, 0.5);
    page.space(7.0);
}

fn title(page: &mut Composer, text: &str) {
    if !text.trim().is_empty() {
        page.paragraph(text.trim(), TITLE, Align::Center);
    }
}

/// "Yth. Bupati Mukomuko" with the following lines aligned under the first one's text.
fn addressee(page: &mut Composer, lines: &[String]) {
    let indent = page.text_width_mm("Yth. ", BODY);
    let width = page.content_width_mm() * 0.6;
    page.ensure_space(BODY.line_height_mm() * lines.len().max(1) as f32);
    let baseline = BODY.baseline_mm(page.cursor_mm());
    page.text_at(page.left_mm(), baseline, "Yth.", BODY, Align::Left);
    if lines.is_empty() {
        page.space(BODY.line_height_mm());
    }
    for line in lines {
        page.paragraph_in(indent, width, line, BODY, Align::Left);
    }
}

fn paragraphs(page: &mut Composer, texts: &[String]) {
    for text in texts {
        page.paragraph(text, BODY, Align::Justify);
        page.space(PARAGRAPH_GAP_MM);
    }
}

/// The closing paragraphs and the signature block. The last paragraph stays on the page of the
/// signature, so a signature never stands alone at the top of a page.
fn closing_and_signature(
    page: &mut Composer,
    closing: &[String],
    dated: Option<&str>,
    who: &Signatory,
) {
    let block = SignatureBlock::new(page, dated, who);
    if let Some((last, rest)) = closing.split_last() {
        paragraphs(page, rest);
        let lines = page.wrap(last, BODY, page.content_width_mm()).len();
        let last_height = lines as f32 * BODY.line_height_mm() + PARAGRAPH_GAP_MM;
        page.ensure_space(last_height + BODY.line_height_mm() + block.height());
        paragraphs(page, std::slice::from_ref(last));
    }
    page.space(BODY.line_height_mm());
    block.place(page);
}

/// The signature block: optional place and date, the position, room to sign, the name and the
/// staff number, left-aligned in a column that starts at the middle of the page (further left
/// only when a line is wider than the right half).
struct SignatureBlock {
    indent: f32,
    width: f32,
    above: Vec<WrappedLine>,
    below: Vec<WrappedLine>,
}

impl SignatureBlock {
    fn new(page: &Composer, dated: Option<&str>, who: &Signatory) -> SignatureBlock {
        let content = page.content_width_mm();
        let widest = dated
            .into_iter()
            .chain(who.position.lines())
            .chain(std::iter::once(who.name.as_str()))
            .chain(who.id_line.as_deref())
            .map(|line| page.text_width_mm(line.trim(), BODY))
            .fold(0.0f32, f32::max);
        let indent = (content - widest).clamp(content * 0.4, content * 0.5);
        let width = content - indent;
        let mut above = dated.map(|d| page.wrap(d, BODY, width)).unwrap_or_default();
        above.extend(page.wrap(&who.position, BODY, width));
        let mut below = page.wrap(&who.name, BODY, width);
        if let Some(id) = who.id_line.as_deref() {
            below.extend(page.wrap(id, BODY, width));
        }
        SignatureBlock {
            indent,
            width,
            above,
            below,
        }
    }

    fn height(&self) -> f32 {
        (self.above.len() + self.below.len()) as f32 * BODY.line_height_mm() + SIGNATURE_SPACE_MM
    }

    /// Places the block, whole, on this page or the next.
    fn place(&self, page: &mut Composer) {
        page.ensure_space(self.height());
        page.lines_in(self.indent, self.width, &self.above, BODY, Align::Left);
        page.space(SIGNATURE_SPACE_MM);
        page.lines_in(self.indent, self.width, &self.below, BODY, Align::Left);
    }
}
