"""The artwork of the certificate: fonts, colours, the guilloché border and rosette, the body's seal
and the QR code. Drawing only; what is drawn where on which page is ``signing.document``."""

from __future__ import annotations

import math
import unicodedata
from functools import cache
from pathlib import Path

import reportlab
import segno
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

PAGE_W, PAGE_H = A4
INK = colors.HexColor("#1b2330")
NAVY = colors.HexColor("#12355b")
GOLD = colors.HexColor("#a8832f")
MUTED = colors.HexColor("#566173")
RULE = colors.HexColor("#c9d2de")
TINT = colors.HexColor("#f3f6fa")

# Where the QR code sits on page 1 (points from the bottom-left corner): tests read it back here.
QR_SIZE = 36 * mm
QR_X = PAGE_W - 22 * mm - QR_SIZE
QR_Y = 26 * mm

SANS, SANS_BOLD, SANS_ITALIC, SERIF_BOLD = (
    "CertSans",
    "CertSans-Bold",
    "CertSans-Oblique",
    "CertSerif-Bold",
)


@cache
def fonts() -> frozenset[int]:
    """Register the embedded fonts once; return the code points the sans font can draw."""
    folder = Path(reportlab.__file__).parent / "fonts"
    pdfmetrics.registerFont(TTFont(SANS, str(folder / "Vera.ttf")))
    pdfmetrics.registerFont(TTFont(SANS_BOLD, str(folder / "VeraBd.ttf")))
    pdfmetrics.registerFont(TTFont(SANS_ITALIC, str(folder / "VeraIt.ttf")))
    pdfmetrics.registerFont(TTFont("CertSans-BoldOblique", str(folder / "VeraBI.ttf")))
    pdfmetrics.registerFontFamily(
        SANS, normal=SANS, bold=SANS_BOLD, italic=SANS_ITALIC, boldItalic="CertSans-BoldOblique"
    )
    face = pdfmetrics.EmbeddedType1Face(str(folder / "_eb_____.afm"), str(folder / "_eb_____.pfb"))
    pdfmetrics.registerTypeFace(face)
    pdfmetrics.registerFont(pdfmetrics.Font(SERIF_BOLD, face.name, "WinAnsiEncoding"))
    pdfmetrics.registerFontFamily(
        SERIF_BOLD, normal=SERIF_BOLD, bold=SERIF_BOLD, italic=SERIF_BOLD, boldItalic=SERIF_BOLD
    )
    sans = TTFont("probe", str(folder / "Vera.ttf"))
    return frozenset(sans.face.charToGlyph)


def printable(text: str) -> str:
    """Text the embedded font can draw: a letter it lacks is printed as its base letter (ő → o)."""
    glyphs = fonts()
    out = []
    for char in unicodedata.normalize("NFC", text):
        if ord(char) in glyphs or char in "\n\t":
            out.append(char)
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if ord(c) in glyphs)
        out.append(base or "?")
    return "".join(out)


def guilloche(c: Canvas, x0: float, y0: float, x1: float, y1: float) -> None:
    """A fine interlaced wave band along the border: the classic look of a security document."""
    c.saveState()
    c.setLineWidth(0.35)
    band = 5.5
    for phase, color in ((0.0, GOLD), (math.pi, NAVY)):
        c.setStrokeColor(color)
        for edge in ("bottom", "top", "left", "right"):
            path = c.beginPath()
            if edge in ("bottom", "top"):
                ymid = (y0 + band / 2) if edge == "bottom" else (y1 - band / 2)
                steps = int((x1 - x0) / 1.5)
                for i in range(steps + 1):
                    x = x0 + i * (x1 - x0) / steps
                    y = ymid + (band / 2) * math.sin(x / 4.0 + phase)
                    path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
            else:
                xmid = (x0 + band / 2) if edge == "left" else (x1 - band / 2)
                steps = int((y1 - y0) / 1.5)
                for i in range(steps + 1):
                    y = y0 + i * (y1 - y0) / steps
                    x = xmid + (band / 2) * math.sin(y / 4.0 + phase)
                    path.moveTo(x, y) if i == 0 else path.lineTo(x, y)
            c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


def rosette(c: Canvas, cx: float, cy: float, r: float) -> None:
    """A faint guilloché rosette behind the text: hard to redraw by hand, pleasant to the eye."""
    c.saveState()
    c.setStrokeColor(colors.HexColor("#e6ecf4"))
    c.setLineWidth(0.4)
    for ring, (big, small, arm) in enumerate(((1.0, 0.31, 0.62), (0.78, 0.23, 0.5))):
        path = c.beginPath()
        steps = 2400
        k = (big - small) / small
        for i in range(steps + 1):
            t = i * 2 * math.pi * 31 / steps
            x = (big - small) * math.cos(t) + arm * math.cos(k * t)
            y = (big - small) * math.sin(t) - arm * math.sin(k * t)
            scale = r / (big - small + arm) * (1 if ring == 0 else 0.98)
            px, py = cx + x * scale, cy + y * scale
            path.moveTo(px, py) if i == 0 else path.lineTo(px, py)
        c.drawPath(path, stroke=1, fill=0)
    c.restoreState()


def frame(c: Canvas) -> None:
    outer, inner = 10 * mm, 10 * mm + 8
    c.saveState()
    c.setStrokeColor(NAVY)
    c.setLineWidth(1.6)
    c.rect(outer, outer, PAGE_W - 2 * outer, PAGE_H - 2 * outer)
    guilloche(c, outer + 1.5, outer + 1.5, PAGE_W - outer - 1.5, PAGE_H - outer - 1.5)
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.rect(inner, inner, PAGE_W - 2 * inner, PAGE_H - 2 * inner)
    c.restoreState()


def mark(c: Canvas, cx: float, cy: float, r: float, acronym: str) -> None:
    """The body's mark: a seal with its acronym (isocert has no logo upload yet)."""
    c.saveState()
    c.setFillColor(NAVY)
    c.setStrokeColor(NAVY)
    c.circle(cx, cy, r, stroke=0, fill=1)
    c.setStrokeColor(GOLD)
    c.setLineWidth(1.2)
    c.circle(cx, cy, r - 2.5, stroke=1, fill=0)
    c.setLineWidth(0.5)
    c.circle(cx, cy, r - 4.5, stroke=1, fill=0)
    # twelve small ticks around the ring
    for i in range(24):
        a = i * math.pi / 12
        c.line(
            cx + (r - 4.5) * math.cos(a),
            cy + (r - 4.5) * math.sin(a),
            cx + (r - 7) * math.cos(a),
            cy + (r - 7) * math.sin(a),
        )
    c.setFillColor(colors.white)
    text = printable(acronym.upper())[:8]
    size = min(13.0, (2 * r - 20) / max(1, pdfmetrics.stringWidth(text, SANS_BOLD, 1)))
    c.setFont(SANS_BOLD, size)
    c.drawCentredString(cx, cy - size * 0.35, text)
    c.restoreState()


def qr_matrix(url: str) -> tuple[tuple[int, ...], ...]:
    """The QR modules (1 = dark) of ``url`` without the quiet zone, as drawn on page 1."""
    code = segno.make(url, error="m", micro=False)
    return tuple(tuple(int(bool(v)) for v in row) for row in code.matrix)


def qr(c: Canvas, url: str) -> None:
    matrix = qr_matrix(url)
    n = len(matrix)
    quiet = 2  # modules of white on each side inside the box (the frame adds more)
    module = QR_SIZE / (n + 2 * quiet)
    c.saveState()
    c.setFillColor(colors.white)
    c.rect(QR_X, QR_Y, QR_SIZE, QR_SIZE, stroke=0, fill=1)
    c.setFillColor(colors.black)
    for row_index, row in enumerate(matrix):
        y = QR_Y + QR_SIZE - (quiet + row_index + 1) * module
        col = 0
        while col < n:  # one rectangle per run of dark modules keeps the page small
            if row[col]:
                start = col
                while col < n and row[col]:
                    col += 1
                c.rect(
                    QR_X + (quiet + start) * module,
                    y,
                    (col - start) * module,
                    module,
                    stroke=0,
                    fill=1,
                )
            else:
                col += 1
    c.restoreState()
    c.linkURL(url, (QR_X, QR_Y, QR_X + QR_SIZE, QR_Y + QR_SIZE), relative=0, thickness=0)
