"""ReportLab building blocks shared by the PDF reports: a Unicode font, Spanish styles, tables, markdown, mm:ss."""
import re
from functools import lru_cache
from pathlib import Path
from xml.sax.saxutils import escape

import matplotlib
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

FONT, BOLD = "DejaVuSans", "DejaVuSans-Bold"


@lru_cache(maxsize=1)
def register_fonts():
    """DejaVu (shipped with matplotlib) covers every character a transcript may hold; Helvetica does not."""
    fonts = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    pdfmetrics.registerFont(TTFont(FONT, str(fonts / "DejaVuSans.ttf")))
    pdfmetrics.registerFont(TTFont(BOLD, str(fonts / "DejaVuSans-Bold.ttf")))
    pdfmetrics.registerFontFamily(FONT, normal=FONT, bold=BOLD, italic=FONT, boldItalic=BOLD)
    return True


@lru_cache(maxsize=1)
def styles():
    register_fonts()
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5, leading=13, alignment=TA_LEFT)
    return {
        "title": ParagraphStyle("title", parent=base["Title"], fontName=BOLD, fontSize=17, leading=21),
        "h1": ParagraphStyle("h1", parent=base["Heading1"], fontName=BOLD, fontSize=13, leading=17, spaceBefore=10),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontName=BOLD, fontSize=11, leading=14, spaceBefore=6),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=8, leading=10, textColor=colors.HexColor("#52606D")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8.5, leading=11),
    }


def mmss(seconds):
    seconds = int(seconds or 0)
    return f"{seconds // 60:02d}:{seconds % 60:02d}"


def p(text, style="body"):
    return Paragraph(escape(str(text)), styles()[style])


def _inline(text):
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", escape(text))


def markdown(text):
    """The executive view's markdown (headings, bullets, bold) as flowables."""
    out = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("#"):
            out.append(Paragraph(_inline(line.lstrip("#").strip()), styles()["h2"]))
        elif line[:2] in ("- ", "* "):
            out.append(Paragraph(_inline(line[2:]), styles()["body"], bulletText="•"))
        else:
            out.append(Paragraph(_inline(line), styles()["body"]))
    return out


def table(header, rows, widths=None):
    """A striped table whose cells wrap."""
    cell = styles()["cell"]
    data = [[Paragraph(f"<b>{escape(str(h))}</b>", cell) for h in header]]
    data += [[Paragraph(escape("" if v is None else str(v)), cell) for v in row] for row in rows]
    t = Table(data, colWidths=widths, repeatRows=1)
    t.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DCE6F2")),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, colors.HexColor("#F5F7FA")]),
        ("GRID", (0, 0), (-1, -1), 0.25, colors.HexColor("#CBD2D9")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
    ]))
    return t


def build(path, title, company_name, story):
    register_fonts()

    def footer(canvas, doc):
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#7B8794"))
        canvas.drawString(2 * cm, 1.2 * cm, f"{company_name} · {title} · Siete CX")
        canvas.drawRightString(A4[0] - 2 * cm, 1.2 * cm, f"Página {doc.page}")
        canvas.restoreState()

    doc = SimpleDocTemplate(str(path), pagesize=A4, leftMargin=2 * cm, rightMargin=2 * cm, topMargin=1.8 * cm,
                            bottomMargin=2 * cm, title=title, author=company_name or "Siete CX", lang="es")
    doc.build(story, onFirstPage=footer, onLaterPages=footer)


SPACER = Spacer(1, 0.3 * cm)
CONTENT_WIDTH = A4[0] - 4 * cm
