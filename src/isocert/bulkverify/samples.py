"""Supplier lists built from the registry: a small sample file to try bulk verification on (every
kind of answer in a dozen rows), and large realistic lists for the benchmark.

Only public clients' names are used for rows without a number, and the sample file (a public
download) holds no confidential client at all.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, Min

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.registry.verification import printed_number

SAMPLE_HEADER = ("Supplier", "Country", "Certificate No.", "ISO standard")
BENCH_HEADER = ("name", "country", "certificate number", "standard")
LEGAL_FORMS = {"ltd", "limited", "gmbh", "inc", "llc", "sa", "srl", "bv", "ag", "plc", "kk", "spa"}


@dataclass(frozen=True)
class _Cert:
    number: str
    name: str
    country: str
    standard: str
    confidential: bool
    status: str
    client_id: int


def _certs(query: Any) -> list[_Cert]:
    return [
        _Cert(printed_number(n, r), name, cc, std, bool(conf), status, client)
        for n, r, name, cc, std, conf, status, client in query.values_list(
            "number",
            "revision",
            "client__name",
            "client__country",
            "standard__code",
            "client__confidential",
            "status",
            "client_id",
        )
    ]


# --------------------------------------------------------------------------------------------------
# Variations people make
# --------------------------------------------------------------------------------------------------


def _format_variant(number: str, rng: random.Random) -> str:
    """The same number as people type it: other case, spaces or dots for dashes, no dashes."""
    choice = rng.randrange(5)
    if choice == 0:
        return number.lower()
    if choice == 1:
        return number.replace("-", " ")
    if choice == 2:
        return number.replace("-", "")
    if choice == 3:
        return f" {number.replace('-', '.')} "
    return number


def _typo(text: str, rng: random.Random) -> str:
    """One character changed: a digit for a digit, a letter for a letter."""
    spots = [i for i, ch in enumerate(text) if ch.isalnum()]
    if not spots:
        return text
    i = rng.choice(spots[len(spots) // 2 :])
    ch = text[i]
    pool = "0123456789" if ch.isdigit() else "ABCDEFGHJKLMNPRSTUVWXYZ"
    other = rng.choice([c for c in pool if c != ch.upper()])
    return text[:i] + other + text[i + 1 :]


def misspell(name: str, rng: random.Random) -> str:
    """One or two typing errors in the longest word: letters swapped, dropped or replaced."""
    words = name.split()
    if not words:
        return name
    at = max(range(len(words)), key=lambda i: len(words[i]))
    word = words[at]
    if len(word) < 4:
        return name
    i = rng.randrange(1, len(word) - 2)
    kind = rng.randrange(3)
    if kind == 0:
        word = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    elif kind == 1:
        word = word[:i] + word[i + 1 :]
    else:
        word = word[:i] + rng.choice("aeiourstn") + word[i + 1 :]
    words[at] = word
    return " ".join(words)


def _name_variant(name: str, rng: random.Random) -> str:
    choice = rng.randrange(4)
    if choice == 0:
        return name.upper()
    if choice == 1:
        words = name.split()
        if len(words) > 1 and words[-1].strip(".").lower() in LEGAL_FORMS:
            return " ".join(words[:-1])
    return name


def _forged(rng: random.Random, like: str) -> str:
    prefix = like.split("-")[0] if "-" in like else "CERT"
    return f"{prefix}-{rng.randrange(10**7, 10**8)}-Q"


# --------------------------------------------------------------------------------------------------
# Benchmark lists
# --------------------------------------------------------------------------------------------------


def _random_certificates(n: int, rng: random.Random) -> list[_Cert]:
    """About ``n`` published certificates drawn at random by id (no full-table sort)."""
    bounds = Certificate.objects.aggregate(lo=Min("id"), hi=Max("id"))
    lo, hi = bounds["lo"], bounds["hi"]
    if lo is None:
        return []
    picked: dict[str, _Cert] = {}
    for _attempt in range(20):
        missing = n - len(picked)
        if missing <= 0:
            break
        span = hi - lo + 1
        ids = rng.sample(range(lo, hi + 1), min(span, missing * 2))
        for i in range(0, len(ids), 900):
            query = Certificate.objects.filter(pk__in=ids[i : i + 900]).exclude(
                status=CertificateStatus.DRAFT
            )
            for cert in _certs(query):
                picked.setdefault(cert.number, cert)
        if len(ids) >= span:
            break
    certs = list(picked.values())
    rng.shuffle(certs)
    return certs[:n]


def supplier_rows(n: int, seed: int = 1) -> list[dict[str, str]]:
    """A realistic supplier list of ``n`` rows drawn from the registry (``name``, ``country``,
    ``certificate number``, ``standard``): mostly real numbers typed in various ways, some with a
    typo, 15 % name and country only (a third of them misspelt), a few forged numbers, a few
    names that do not match their number."""
    rng = random.Random(seed)
    certs = _random_certificates(n, rng)
    public = [c for c in certs if not c.confidential] or certs
    rows: list[dict[str, str]] = []
    for i in range(n):
        if not certs:
            break
        cert = certs[i % len(certs)]
        roll = rng.random()
        name, country, number, standard = cert.name, cert.country, cert.number, cert.standard
        if roll < 0.10:  # name and country only, spelled right
            pick = public[i % len(public)]
            name, country, number, standard = pick.name, pick.country, "", ""
        elif roll < 0.15:  # name and country only, misspelt
            pick = public[i % len(public)]
            name, country, number, standard = misspell(pick.name, rng), pick.country, "", ""
        elif roll < 0.20:  # number only
            name, country, standard = "", "", ""
            number = _format_variant(number, rng)
        elif roll < 0.23:  # a typo in the number
            number = _typo(number, rng)
        elif roll < 0.25:  # a forged number
            number = _forged(rng, number)
        elif roll < 0.27:  # the number of another organisation
            name = public[(i * 7 + 3) % len(public)].name
        else:
            number = _format_variant(number, rng)
            name = _name_variant(name, rng)
        rows.append(dict(zip(BENCH_HEADER, (name, country, number, standard), strict=True)))
    return rows


# --------------------------------------------------------------------------------------------------
# The sample file
# --------------------------------------------------------------------------------------------------


def _first(query: Any, *, skip: Sequence[str] = (), count: int = 1) -> list[_Cert]:
    out: list[_Cert] = []
    for cert in _certs(query.order_by("pk")[: count + len(skip) + 5]):
        if cert.number not in skip and cert.client_id not in {c.client_id for c in out}:
            out.append(cert)
        if len(out) == count:
            break
    return out


def sample_rows() -> list[dict[str, str]]:
    """A dozen supplier rows from the current registry showing every kind of answer: numbers
    typed in various ways, a superseded revision, a typo, a forgery, a holder that does not match,
    a misspelt name without a number, a name and country only, a wrong standard and a country
    that is not a code. The file is public: no confidential client appears in it."""
    rng = random.Random(7)
    public = Certificate.objects.exclude(status=CertificateStatus.DRAFT).filter(
        client__confidential=False
    )
    valid = _first(public.filter(status=CertificateStatus.ACTIVE), count=7)
    rows: list[tuple[str, str, str, str]] = []

    def add(name: str, country: str, number: str, standard: str) -> None:
        rows.append((name, country, number, standard))

    if valid:
        a = valid[0]
        add(a.name, a.country, a.number.lower().replace("-", " "), a.standard)
    if len(valid) > 1:
        b = valid[1]
        add(b.name.upper(), b.country, b.number.replace("-", ""), b.standard.replace(" ", ""))
    for status in (
        CertificateStatus.SUSPENDED,
        CertificateStatus.WITHDRAWN,
        CertificateStatus.EXPIRED,
        CertificateStatus.SUPERSEDED,
    ):
        for cert in _first(public.filter(status=status)):
            add(cert.name, cert.country, cert.number, cert.standard)
    if len(valid) > 2:
        c = valid[2]
        add(misspell(c.name, rng), c.country, "", c.standard)
    if len(valid) > 3:
        d = valid[3]
        add(d.name, d.country, "", "")
    if len(valid) > 4:
        e = valid[4]
        add(e.name, e.country, _typo(e.number, rng), e.standard)
    if valid:
        add("Northwind Precision Fabrication Ltd", "GB", _forged(rng, valid[0].number), "ISO 9001")
    if len(valid) > 5:
        f, g = valid[5], valid[0]
        add(g.name, g.country, f.number, f.standard)
    if len(valid) > 6:
        h = valid[6]
        other = "ISO 14001" if h.standard != "ISO 14001" else "ISO 9001"
        add(h.name, h.country, h.number, other)
    if len(valid) > 1:
        b = valid[1]
        add(b.name, "England", b.number, b.standard)
    return [dict(zip(SAMPLE_HEADER, row, strict=True)) for row in rows]


def sample_csv(rows: Sequence[dict[str, str]]) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(SAMPLE_HEADER)
    for row in rows:
        writer.writerow([row[h] for h in SAMPLE_HEADER])
    return buffer.getvalue().encode("utf-8-sig")


def sample_xlsx(rows: Sequence[dict[str, str]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Suppliers"
    sheet.append(list(SAMPLE_HEADER))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([row[h] for h in SAMPLE_HEADER])
    for letter, width in zip("ABCD", (40, 10, 26, 14), strict=True):
        sheet.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
