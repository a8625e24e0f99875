"""The certificate document: an A4 PDF laid out with reportlab (ISO/IEC 17021-1 8.2.2).

Page 1 names the body (name, address, mark), the holder and its location, the standard with its edition,
the scope, the sites (up to ``SITES_ON_COVER``; more go to an annex), the original, effective, issue and
expiry dates, the unique number with its revision, the accreditation, and a QR code that carries the
verification URL with the signed token. Fonts are embedded (Bitstream Vera and the Times clone shipped
with reportlab), so the document looks the same in every reader.

``render`` only lays out; signing is ``signing.pdfsign``. The layout reads only ``CertificateDocument``.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from functools import cache
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    FrameBreak,
    KeepInFrame,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.flowables import Flowable

from isocert.signing.artwork import (
    GOLD,
    INK,
    MUTED,
    NAVY,
    PAGE_H,
    PAGE_W,
    QR_SIZE,
    QR_X,
    QR_Y,
    RULE,
    SANS,
    SANS_BOLD,
    SANS_ITALIC,
    SERIF_BOLD,
    TINT,
    fonts,
    frame,
    mark,
    printable,
    qr,
    qr_matrix,
    rosette,
)

__all__ = [
    "LAYOUT_VERSION",
    "PAGE_H",
    "PAGE_W",
    "QR_SIZE",
    "QR_X",
    "QR_Y",
    "CertificateDocument",
    "SiteLine",
    "date_text",
    "printable",
    "qr_matrix",
    "render",
]

LAYOUT_VERSION = "1"
SITES_ON_COVER = 3


def date_text(value: date) -> str:
    """How dates are printed (and searched for when an unsigned PDF is compared): 14 March 2027."""
    return f"{value.day} {value:%B} {value.year}"


@dataclass(frozen=True)
class SiteLine:
    name: str
    address: str
    scope: str


@dataclass(frozen=True)
class CertificateDocument:
    printed_number: str
    revision: int
    holder: str
    holder_address: str
    standard: str  # with its edition, e.g. "ISO 9001:2015"
    standard_title: str
    scope: str
    sites: tuple[SiteLine, ...]
    original_issue_date: date
    issue_date: date
    effective_date: date
    expiry_date: date
    body_name: str
    body_acronym: str
    body_address: str
    body_website: str
    accreditation: str  # one sentence, empty when the body is not accredited
    iaf_codes: tuple[int, ...]
    transferred_from: str
    verification_url: str
    check_url: str
    token: str
    extra: dict[str, Any] = field(default_factory=dict)

    def fingerprint_fields(self) -> dict[str, Any]:
        """Everything printed, for the cache key of the signed document (not the token's iat)."""
        data = {k: v for k, v in self.__dict__.items() if k not in ("token", "verification_url")}
        data["sites"] = [s.__dict__ for s in self.sites]
        return data


# --- Styles ----------------------------------------------------------------------------------


def _style(name: str, **kw: Any) -> ParagraphStyle:
    base: dict[str, Any] = {
        "fontName": SANS,
        "fontSize": 10,
        "leading": 13,
        "textColor": INK,
        "alignment": TA_CENTER,
    }
    base.update(kw)
    return ParagraphStyle(name, **base)


@cache
def _styles() -> dict[str, ParagraphStyle]:
    fonts()
    return {
        "intro": _style("intro", fontName=SANS_ITALIC, fontSize=10.5, textColor=MUTED, leading=14),
        "holder": _style("holder", fontName=SANS_BOLD, fontSize=20, leading=24, textColor=NAVY),
        "address": _style("address", fontSize=10, textColor=MUTED),
        "standard": _style("standard", fontName=SANS_BOLD, fontSize=22, leading=26, textColor=NAVY),
        "std_title": _style("std_title", fontSize=10, textColor=MUTED),
        "label": _style("label", fontName=SANS_BOLD, fontSize=8, leading=10, textColor=MUTED),
        "scope": _style("scope", fontSize=11, leading=15),
        "cell": _style("cell", fontSize=8.5, leading=10.5, alignment=TA_LEFT),
        "cell_b": _style(
            "cell_b", fontName=SANS_BOLD, fontSize=8.5, leading=10.5, alignment=TA_LEFT
        ),
        "head": _style(
            "head",
            fontName=SANS_BOLD,
            fontSize=8,
            leading=10,
            alignment=TA_LEFT,
            textColor=colors.white,
        ),
        "small": _style("small", fontSize=8, leading=10, textColor=MUTED),
        "date_label": _style(
            "date_label", fontName=SANS_BOLD, fontSize=7, leading=9, textColor=MUTED
        ),
        "date_value": _style("date_value", fontName=SANS_BOLD, fontSize=9, leading=11.5),
        "number": _style("number", fontName=SANS_BOLD, fontSize=12, leading=15, textColor=NAVY),
        "annex_title": _style(
            "annex_title", fontName=SERIF_BOLD, fontSize=18, leading=22, textColor=NAVY
        ),
    }


def _p(text: str, style: str) -> Paragraph:
    return Paragraph(escape(printable(text)).replace("\n", "<br/>"), _styles()[style])


# --- Page decorations -----------------------------------------------------------------------------


class _Numbered(Canvas):
    """A canvas that knows the page count when it finishes, for "page 1 of 3"."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._pages: list[dict[str, Any]] = []

    def showPage(self) -> None:
        self._pages.append(dict(self.__dict__))
        self._startPage()

    def save(self) -> None:
        total = len(self._pages)
        for state in self._pages:
            self.__dict__.update(state)
            self._page_of(total)
            super().showPage()
        super().save()

    def _page_of(self, total: int) -> None:
        doc: CertificateDocument = self._doc_data
        self.saveState()
        self.setFont(SANS, 7)
        self.setFillColor(MUTED)
        self.drawRightString(
            PAGE_W - 22 * mm,
            15.5 * mm,
            printable(f"{doc.printed_number} · page {self._pageNumber} of {total}"),
        )
        self.restoreState()


def _cover(c: Canvas, doc_template: Any) -> None:
    d: CertificateDocument = doc_template.data
    frame(c)
    rosette(c, PAGE_W / 2, PAGE_H * 0.47, 62 * mm)
    top = PAGE_H - 24 * mm
    mark(c, PAGE_W / 2, top - 12 * mm, 12 * mm, d.body_acronym)
    c.saveState()
    c.setFillColor(NAVY)
    c.setFont(SANS_BOLD, 12)
    c.drawCentredString(PAGE_W / 2, top - 30 * mm, printable(d.body_name.upper()))
    c.setFont(SANS, 8)
    c.setFillColor(MUTED)
    address = " · ".join(
        part for part in (" ".join(d.body_address.split()), d.body_website) if part
    )
    c.drawCentredString(PAGE_W / 2, top - 34.5 * mm, printable(address))
    # title
    c.setFillColor(NAVY)
    c.setFont(SERIF_BOLD, 34)
    title = "CERTIFICATE"
    c.drawCentredString(PAGE_W / 2, top - 50 * mm, title)
    c.setFont(SANS, 10.5)
    c.setFillColor(GOLD)
    c.drawCentredString(PAGE_W / 2, top - 57 * mm, "of registration / certification")
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.8)
    c.line(PAGE_W / 2 - 45 * mm, top - 61 * mm, PAGE_W / 2 + 45 * mm, top - 61 * mm)
    c.restoreState()
    _cover_footer(c, d)
    c._doc_data = d


def _cover_footer(c: Canvas, d: CertificateDocument) -> None:
    left = 24 * mm
    c.saveState()
    # accreditation and signature, left of the QR code
    y = QR_Y + QR_SIZE - 3 * mm
    c.setFillColor(NAVY)
    c.setFont(SANS_BOLD, 9)
    c.drawString(left, y, printable(f"For {d.body_name}"))
    c.setFont(SANS, 8)
    c.setFillColor(INK)
    lines = [
        "Digitally signed (PAdES). Any change to this file after",
        "signing breaks the signature your PDF reader shows.",
    ]
    for i, line in enumerate(lines):
        c.drawString(left, y - (4.2 + 3.6 * i) * mm, line)
    c.setStrokeColor(RULE)
    c.setLineWidth(0.6)
    c.line(left, y - 13 * mm, QR_X - 8 * mm, y - 13 * mm)
    acc_y = y - 17.5 * mm
    if d.accreditation:
        c.setFont(SANS_BOLD, 7.5)
        c.setFillColor(MUTED)
        c.drawString(left, acc_y, "ACCREDITATION")
        c.setFont(SANS, 8)
        c.setFillColor(INK)
        for i, line in enumerate(_wrap(printable(d.accreditation), SANS, 8, QR_X - 8 * mm - left)):
            c.drawString(left, acc_y - (3.6 + 3.4 * i) * mm, line)
    # QR code and how to verify
    qr(c, d.verification_url)
    c.setFont(SANS_BOLD, 7)
    c.setFillColor(NAVY)
    c.drawCentredString(QR_X + QR_SIZE / 2, QR_Y - 3.2 * mm, "SCAN TO VERIFY")
    c.setFont(SANS, 6.5)
    c.setFillColor(MUTED)
    note = (
        f"Check this certificate at {d.check_url} (upload this PDF) or scan the QR code. "
        "The registry shows whether it is valid, suspended, withdrawn, expired or superseded."
    )
    for i, line in enumerate(_wrap(printable(note), SANS, 6.5, QR_X - 8 * mm - left)):
        c.drawString(left, 19.5 * mm - i * 2.9 * mm, line)
    c.restoreState()


def _annex(c: Canvas, doc_template: Any) -> None:
    d: CertificateDocument = doc_template.data
    frame(c)
    c.saveState()
    c.setFont(SANS_BOLD, 8)
    c.setFillColor(NAVY)
    c.drawString(24 * mm, PAGE_H - 24 * mm, printable(d.body_name.upper()))
    c.setFont(SANS, 8)
    c.setFillColor(MUTED)
    c.drawRightString(
        PAGE_W - 24 * mm,
        PAGE_H - 24 * mm,
        printable(f"Annex to certificate {d.printed_number}"),
    )
    c.setStrokeColor(GOLD)
    c.setLineWidth(0.6)
    c.line(24 * mm, PAGE_H - 26.5 * mm, PAGE_W - 24 * mm, PAGE_H - 26.5 * mm)
    c.setFont(SANS, 7)
    c.drawString(
        24 * mm,
        15.5 * mm,
        "This annex is part of the certificate and is not valid without it.",
    )
    c.restoreState()
    c._doc_data = d


def _wrap(text: str, font: str, size: float, width: float) -> list[str]:
    words, lines, line = text.split(), [], ""
    for word in words:
        trial = f"{line} {word}".strip()
        if pdfmetrics.stringWidth(trial, font, size) <= width or not line:
            line = trial
        else:
            lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines


# --- Content --------------------------------------------------------------------------------------


def _dates_table(d: CertificateDocument, width: float) -> Table:
    """The number with its revision on top, then the four dates of 8.2.2 b), c) and i)."""
    revision = f"revision {d.revision}" if d.revision else "first issue"
    number = Paragraph(
        f'<font name="{SANS_BOLD}" size="7" color="#566173">CERTIFICATE NUMBER</font>'
        f"&nbsp;&nbsp;&nbsp;{escape(printable(d.printed_number))}"
        f'&nbsp;&nbsp;&nbsp;<font name="{SANS}" size="7.5" color="#566173">{revision}</font>',
        _styles()["number"],
    )
    cells = [
        ("ORIGINAL CERTIFICATION", d.original_issue_date),
        ("REVISION ISSUED" if d.revision else "ISSUE DATE", d.issue_date),
        ("EFFECTIVE DATE", d.effective_date),
        ("EXPIRY DATE", d.expiry_date),
    ]
    labels = [_p(label, "date_label") for label, _v in cells]
    values = [_p(date_text(value), "date_value") for _l, value in cells]
    table = Table([[number, "", "", ""], labels, values], colWidths=[width / 4] * 4)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("SPAN", (0, 0), (-1, 0)),
                ("BACKGROUND", (0, 0), (-1, -1), TINT),
                ("LINEABOVE", (0, 0), (-1, 0), 1.2, NAVY),
                ("LINEBELOW", (0, 0), (-1, 0), 0.4, RULE),
                ("LINEBELOW", (0, -1), (-1, -1), 0.6, RULE),
                ("LINEAFTER", (0, 1), (-2, -1), 0.4, RULE),
                ("TOPPADDING", (0, 0), (-1, 0), 5),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 5),
                ("TOPPADDING", (0, 1), (-1, 1), 5),
                ("BOTTOMPADDING", (0, -1), (-1, -1), 6),
                ("LEFTPADDING", (0, 0), (-1, -1), 3),
                ("RIGHTPADDING", (0, 0), (-1, -1), 3),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _sites_table(sites: tuple[SiteLine, ...], width: float, *, numbered: bool) -> Table:
    head = (
        ["#", "Site", "Address", "Scope at this site"]
        if numbered
        else ["Site", "Address", "Scope at this site"]
    )
    rows: list[list[Any]] = [[_p(h, "head") for h in head]]
    for i, site in enumerate(sites, start=1):
        row = [_p(site.name, "cell_b"), _p(site.address, "cell"), _p(site.scope, "cell")]
        rows.append([_p(str(i), "cell"), *row] if numbered else row)
    if numbered:
        col = [width * 0.05, width * 0.22, width * 0.28, width * 0.45]
    else:
        col = [width * 0.24, width * 0.30, width * 0.46]
    table = Table(rows, colWidths=col, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), SANS),
                ("BACKGROUND", (0, 0), (-1, 0), NAVY),
                ("ROWBACKGROUNDS", (0, 1), (-1, -1), [colors.white, TINT]),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 3),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _cover_story(d: CertificateDocument, width: float) -> list[Flowable]:
    story: list[Flowable] = [
        _p("This is to certify that the management system of", "intro"),
        Spacer(1, 3 * mm),
        _p(d.holder, "holder"),
        Spacer(1, 1.5 * mm),
    ]
    if d.holder_address:
        story.append(_p(d.holder_address, "address"))
    story += [
        Spacer(1, 5 * mm),
        _p("has been assessed and found to conform to the requirements of", "intro"),
        Spacer(1, 3 * mm),
        _p(d.standard, "standard"),
    ]
    if d.standard_title:
        story.append(_p(d.standard_title, "std_title"))
    story += [
        Spacer(1, 6 * mm),
        _p("SCOPE OF CERTIFICATION", "label"),
        Spacer(1, 1.5 * mm),
        _p(d.scope, "scope"),
    ]
    if d.iaf_codes:
        codes = ", ".join(str(c) for c in d.iaf_codes)
        story += [Spacer(1, 2 * mm), _p(f"IAF sector code(s): {codes}", "small")]
    if d.sites and len(d.sites) <= SITES_ON_COVER:
        story += [
            Spacer(1, 5 * mm),
            _p("SITES COVERED BY THIS CERTIFICATE", "label"),
            Spacer(1, 1.5 * mm),
            _sites_table(d.sites, width, numbered=False),
        ]
    elif d.sites:
        story += [
            Spacer(1, 4 * mm),
            _p(
                f"This certificate covers {len(d.sites)} sites, listed with the scope at each site "
                "in the annex.",
                "small",
            ),
        ]
    if d.transferred_from:
        story += [
            Spacer(1, 2 * mm),
            _p(f"Certification transferred from {d.transferred_from}.", "small"),
        ]
    return story


def render(d: CertificateDocument) -> bytes:
    """Lay out the certificate as PDF bytes (not signed yet)."""
    fonts()
    buffer = io.BytesIO()
    template = BaseDocTemplate(
        buffer,
        pagesize=A4,
        title=printable(f"Certificate {d.printed_number} — {d.holder}"),
        author=printable(d.body_name),
        subject=printable(f"{d.standard} certificate of registration / certification"),
        keywords=printable(f"{d.printed_number}, {d.standard}, {d.body_acronym}"),
        creator="isocert",
        invariant=False,
        # the page preamble selects a font; an embedded one keeps Helvetica out of the file
        initialFontName=SERIF_BOLD,
    )
    template.data = d
    content_w = PAGE_W - 2 * 26 * mm
    cover_top = PAGE_H - 24 * mm - 65 * mm
    dates_h = 26 * mm
    footer_top = QR_Y + QR_SIZE + 6 * mm
    body_bottom = footer_top + dates_h + 5 * mm
    body = Frame(
        26 * mm, body_bottom, content_w, cover_top - body_bottom, id="body", showBoundary=0
    )
    dates = Frame(26 * mm, footer_top, content_w, dates_h + 4 * mm, id="dates", showBoundary=0)
    annex = Frame(24 * mm, 22 * mm, PAGE_W - 48 * mm, PAGE_H - 52 * mm, id="annex", showBoundary=0)
    template.addPageTemplates(
        [
            PageTemplate(id="cover", frames=[body, dates], onPage=_cover),
            PageTemplate(id="annex", frames=[annex], onPage=_annex),
        ]
    )
    story: list[Flowable] = [
        KeepInFrame(content_w, cover_top - body_bottom, _cover_story(d, content_w), mode="shrink"),
        FrameBreak(),
        KeepInFrame(content_w, dates_h + 4 * mm, [_dates_table(d, content_w)], mode="shrink"),
    ]
    if len(d.sites) > SITES_ON_COVER:
        story += [
            NextPageTemplate("annex"),
            PageBreak(),
            _p("Annex — sites and scope at each site", "annex_title"),
            Spacer(1, 2 * mm),
            _p(
                f"Certificate {d.printed_number} · {d.holder} · {d.standard} · valid until "
                f"{date_text(d.expiry_date)}",
                "small",
            ),
            Spacer(1, 5 * mm),
            _sites_table(d.sites, PAGE_W - 48 * mm, numbered=True),
        ]
    template.build(story, canvasmaker=_Numbered)
    return buffer.getvalue()
