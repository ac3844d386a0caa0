#!/usr/bin/python3
"""The confirmation letter and the attendance sheet drawn with reportlab, for comparison with
`export::pdf` (see benches/exports.rs).

Usage: /usr/bin/python3 reportlab_docs.py [DATA.json|-] [ITERATIONS] [--out DIR]

DATA (a file, or stdin when absent or "-") is the JSON the Rust bench writes:

    {
      "letterhead": ["KEMENTERIAN ...", "DIREKTORAT JENDERAL ...", "address", "phone"],
      "addressee":  ["Sekretaris Daerah ...", "di Tempat"],
      "paragraphs": ["..."],
      "details":    [["Hari, tanggal", "Senin, 7 Desember 2026"], ...],
      "closing":    ["..."],
      "guests":     [["name", "position", "institution"], ...],
      "spare_rows": 5
    }

The first two letterhead lines are the institution (bold), the rest contact lines. Each
document is built ITERATIONS times (default 10) into memory with the same layout as the Rust
renderer: A4, DejaVu Sans embedded as a subset, justified wrapped paragraphs, an aligned
details table, a signature block, and for the sheet a table that repeats its header on every
page and "Halaman n dari N" at each foot. Prints {"confirmation_ms": median,
"attendance_500_ms": median}. With --out DIR, also writes one PDF of each there.

Needs Debian's python3-reportlab.
"""

import io
import json
import os
import statistics
import sys
import time
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen import canvas
from reportlab.platypus import (
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
    Table,
    TableStyle,
)

FONTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "assets", "fonts")
pdfmetrics.registerFont(TTFont("DejaVu", os.path.join(FONTS, "DejaVuSans.ttf")))
pdfmetrics.registerFont(TTFont("DejaVu-Bold", os.path.join(FONTS, "DejaVuSans-Bold.ttf")))


def style(name, size=11, bold=False, align=TA_LEFT, leading=1.4, **extra):
    return ParagraphStyle(
        name,
        fontName="DejaVu-Bold" if bold else "DejaVu",
        fontSize=size,
        leading=size * leading,
        alignment=align,
        **extra,
    )


BODY = style("body", align=TA_JUSTIFY, spaceAfter=2.5 * mm)
PLAIN = style("plain")
RIGHT = style("right", align=TA_RIGHT)
SMALL = style("small", size=10, leading=1.35)
CELL = style("cell", size=9.5, leading=1.25)
HEAD = style("head", size=9.5, bold=True, align=TA_CENTER, leading=1.25)
TITLE = style("title", size=13, bold=True, align=TA_CENTER, leading=1.3)


def p(text, st):
    return Paragraph(escape(text).replace("\n", "<br/>"), st)


class NumberedCanvas(canvas.Canvas):
    """Holds each page back until the end, then writes "Halaman n dari N" on all of them."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initialFontName", "DejaVu")
        canvas.Canvas.__init__(self, *args, **kwargs)
        self._held = []

    def showPage(self):
        self._held.append(dict(self.__dict__))
        self._startPage()

    def save(self):
        total = len(self._held)
        for number, state in enumerate(self._held, start=1):
            self.__dict__.update(state)
            self.setFont("DejaVu", 8.5)
            self.drawCentredString(A4[0] / 2, 9 * mm, "Halaman %d dari %d" % (number, total))
            canvas.Canvas.showPage(self)
        canvas.Canvas.save(self)


def letterhead(c, lines, top, left, width):
    """Kop surat on the first page, drawn straight on the canvas; returns its height."""
    y = A4[1] - top
    for i, line in enumerate(lines):
        bold = i < 2
        size = (12 if i == 0 else 13.5) if bold else 8
        y -= size * 1.25
        c.setFont("DejaVu-Bold" if bold else "DejaVu", size)
        c.drawCentredString(left + width / 2, y, line)
    y -= 2.5 * mm
    c.setLineWidth(1.8)
    c.line(left, y, left + width, y)
    c.setLineWidth(0.5)
    c.line(left, y - 1 * mm, left + width, y - 1 * mm)
    return A4[1] - top - y + 6 * mm


def kop_height(lines):
    return sum(((12 if i == 0 else 13.5) if i < 2 else 8) * 1.25 for i in range(len(lines))) + 8.5 * mm


def details_table(rows, st, width, indent=0):
    label = max((pdfmetrics.stringWidth(k, st.fontName, st.fontSize) for k, _ in rows), default=0)
    colon = pdfmetrics.stringWidth(":", st.fontName, st.fontSize) + 3 * mm
    data = [[p(k, st), ":", p(v, st)] for k, v in rows]
    t = Table(data, colWidths=[label + 1.5 * mm, colon, width - indent - label - colon - 1.5 * mm])
    t.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), st.fontName, st.fontSize),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                ("TOPPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
            ]
        )
    )
    t.hAlign = "LEFT"
    t._leftIndent = indent
    return t


def confirmation(data):
    out = io.BytesIO()
    left, right, top, bottom = 25 * mm, 20 * mm, 12 * mm, 20 * mm
    width = A4[0] - left - right
    kop = data["letterhead"]
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top + kop_height(kop),
        bottomMargin=bottom,
        title="Surat konfirmasi",
        author="Contact Center DJPK",
    )
    story = [
        p("Jakarta, 28 November 2026", RIGHT),
        Spacer(0, 2 * mm),
        details_table(
            [
                ("Nomor", "S-12/PK.1/2026"),
                ("Sifat", "Segera"),
                ("Lampiran", "-"),
                ("Hal", "Konfirmasi Jadwal Konsultasi Tatap Muka"),
            ],
            PLAIN,
            width,
        ),
        Spacer(0, 5 * mm),
    ]
    addressee = data["addressee"]
    story.append(p("Yth. " + "\n".join(addressee), PLAIN))
    story.append(Spacer(0, 5 * mm))
    story += [p(t, BODY) for t in data["paragraphs"]]
    story.append(details_table([tuple(d) for d in data["details"]], PLAIN, width, indent=10 * mm))
    story.append(Spacer(0, 2.5 * mm))
    story += [p(t, BODY) for t in data["closing"]]
    block = [
        p("Sekretaris Direktorat Jenderal,", PLAIN),
        Spacer(0, 22 * mm),
        p("Nama Penandatangan", PLAIN),
        p("NIP 197001011995031001", PLAIN),
    ]
    sig = Table([[b] for b in block], colWidths=[width * 0.48])
    sig.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), "DejaVu", 10.5)]))
    sig.hAlign = "RIGHT"
    story.append(Spacer(0, 5 * mm))
    story.append(KeepTogether(sig))
    story.append(Spacer(0, 5 * mm))
    story.append(p("Tembusan:", SMALL))
    story.append(p("1. Direktur Jenderal Perimbangan Keuangan", SMALL))

    def first(c, _doc):
        letterhead(c, kop, top, left, width)

    doc.build(story, onFirstPage=first, canvasmaker=NumberedCanvas)
    return out.getvalue()


def attendance(data):
    out = io.BytesIO()
    left, right, top, bottom = 20 * mm, 20 * mm, 12 * mm, 18 * mm
    width = A4[0] - left - right
    kop = data["letterhead"]
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=left,
        rightMargin=right,
        topMargin=top,
        bottomMargin=bottom,
        title="Daftar hadir",
        author="Contact Center DJPK",
    )
    widths = [10 * mm, 45 * mm, 37 * mm, 40 * mm, 38 * mm]
    rows = [[p(h, HEAD) for h in ("No", "Nama", "Jabatan", "Instansi", "Tanda Tangan")]]
    guests = data["guests"]
    for i, (name, position, institution) in enumerate(guests, start=1):
        rows.append([str(i), p(name, CELL), p(position, CELL), p(institution, CELL), "%d." % i])
    for i in range(len(guests) + 1, len(guests) + data.get("spare_rows", 0) + 1):
        rows.append([str(i), "", "", "", "%d." % i])
    table = Table(rows, colWidths=widths, repeatRows=1, minRowHeights=[0] + [11 * mm] * (len(rows) - 1))
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "DejaVu", 9.5),
                ("FONT", (4, 1), (4, -1), "DejaVu", 7.5),
                ("GRID", (0, 0), (-1, -1), 0.6, "black"),
                ("BACKGROUND", (0, 0), (-1, 0), (0.88, 0.88, 0.88)),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("VALIGN", (4, 1), (4, -1), "TOP"),
                ("ALIGN", (0, 0), (0, -1), "CENTER"),
            ]
        )
    )
    story = [
        Spacer(0, kop_height(kop)),
        p("DAFTAR HADIR", TITLE),
        Spacer(0, 2 * mm),
        details_table([tuple(d) for d in data["details"]], SMALL, width),
        Spacer(0, 3 * mm),
        table,
    ]

    def first(c, _doc):
        letterhead(c, kop, top, left, width)

    doc.build(story, onFirstPage=first, canvasmaker=NumberedCanvas)
    return out.getvalue()


def median_ms(build, data, iterations):
    build(data)  # warm up: font subsetting tables, imports
    samples = []
    for _ in range(iterations):
        started = time.perf_counter()
        build(data)
        samples.append((time.perf_counter() - started) * 1000.0)
    return statistics.median(samples)


def main(argv):
    out_dir = None
    if "--out" in argv:
        at = argv.index("--out")
        out_dir = argv[at + 1]
        argv = argv[:at] + argv[at + 2 :]
    source = argv[1] if len(argv) > 1 else "-"
    iterations = int(argv[2]) if len(argv) > 2 else 10
    if source == "-":
        data = json.load(sys.stdin)
    else:
        with open(source, encoding="utf-8") as f:
            data = json.load(f)
    if out_dir:
        os.makedirs(out_dir, exist_ok=True)
        for name, build in (("konfirmasi", confirmation), ("daftar-hadir", attendance)):
            with open(os.path.join(out_dir, name + "-reportlab.pdf"), "wb") as f:
                f.write(build(data))
    result = {
        "confirmation_ms": median_ms(confirmation, data, iterations),
        "attendance_500_ms": median_ms(attendance, data, iterations),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main(sys.argv)
