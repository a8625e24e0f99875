"""Catalogue of management-system standards, their editions and transitions, and the IAF codes.

The catalogue is a whitelist: a standard is certifiable only if ``data/standards.csv`` lists it
(domain reference §8.2: whitelist the Type A requirement standards rather than blacklist guidance).
Guidance standards people ask for (ISO 26000, ISO 31000 …) are listed in
``data/not_certifiable.csv`` so that the refusal can say why.

Edition dates come from the ISO/IAF transition arrangements (``data/editions.csv``). Several dates
are uncertain: each edition carries ``confidence`` (V / S / R) and a ``note``; a note that starts
with "⚠" means that the sources conflict (``Edition.disputed``). Read the CSV headers before relying
on them.
"""

from __future__ import annotations

import csv
import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from importlib.resources import files
from typing import Any

from .errors import EditionNotValid, InvalidInput, NotCertifiable, UnknownStandard

__all__ = [
    "CONFIDENCE_LEVELS",
    "Edition",
    "IafCode",
    "Standard",
    "iaf_code_get",
    "iaf_codes",
    "normalize_code",
    "standard_get",
    "standard_require_certifiable",
    "standards_all",
    "standards_at",
]

CONFIDENCE_LEVELS = ("V", "S", "R")
"""V: seen in a source quoting the normative text; S: secondary source; R: recalled, uncertain."""

_LIST_HINT = "`isocert standards` lists them"
_CERTIFIABLE_HINT = "`isocert standards` lists the certifiable standards"


# --------------------------------------------------------------------------------------------------
# Data classes
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Edition:
    """One edition of a standard, with the dates of its transition.

    ``new_audits_until``: after this day no initial or recertification audit to this edition.
    ``valid_until``: certificates to this edition are invalid after this day (end of transition).
    ``None`` means "no such date known": the edition is current or its transition end is pending.
    """

    standard: str
    year: int
    published: date | None
    new_audits_until: date | None
    valid_until: date | None
    confidence: str
    note: str

    @property
    def label(self) -> str:
        """The standard with its issue status, as printed on a certificate: ``ISO 9001:2015``."""
        return f"{self.standard}:{self.year}"

    @property
    def disputed(self) -> bool:
        """True when the sources disagree on a date of this edition (note starts with "⚠")."""
        return self.note.lstrip().startswith("⚠")

    def is_valid_at(self, at: date) -> bool:
        """Certificates to this edition are valid on ``at``: published ≤ at ≤ valid_until.

        ISO/IEC 17021-1:2015 8.2.2 e) (issue status of the standard on the certificate) and the IAF
        transition resolutions (old-edition certificates expire or are withdrawn at the end of the
        transition). An unknown ``published`` or ``valid_until`` (``None``) does not limit validity.
        """
        if self.published is not None and at < self.published:
            return False
        return self.valid_until is None or at <= self.valid_until

    def allows_new_audits(self, at: date) -> bool:
        """An initial or recertification audit to this edition may be conducted on ``at``.

        IAF transition resolutions (e.g. IAF MD 26 for ISO/IEC 27001:2022): after the audit cut-off
        only the new edition is used for initial and recertification audits.
        """
        if not self.is_valid_at(at):
            return False
        return self.new_audits_until is None or at <= self.new_audits_until

    def as_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "year": self.year,
            "label": self.label,
            "published": _iso(self.published),
            "new_audits_until": _iso(self.new_audits_until),
            "valid_until": _iso(self.valid_until),
            "confidence": self.confidence,
            "disputed": self.disputed,
            "note": self.note,
        }


@dataclass(frozen=True)
class Standard:
    """A management-system standard (certifiable or not) and its known editions, oldest first."""

    code: str
    title: str
    family: str
    certifiable: bool
    audit_time_scheme: str | None
    uses_iaf_codes: bool
    not_certifiable_reason: str
    editions: tuple[Edition, ...]
    confidence: str = "S"
    note: str = ""
    successor: str | None = None

    def edition(self, year: int) -> Edition:
        """The edition of ``year``; EditionNotValid lists the known editions.

        ISO/IEC 17021-1:2015 8.2.2 e): the certificate names the standard and its issue status.
        """
        for edition in self.editions:
            if edition.year == year:
                return edition
        if not self.editions:
            raise EditionNotValid(
                f"{self.code} has no certifiable editions in the catalogue"
                + (f" ({self.not_certifiable_reason})" if self.not_certifiable_reason else ""),
                details={"standard": self.code, "year": year, "known_editions": []},
            )
        known = ", ".join(e.label for e in self.editions)
        raise EditionNotValid(
            f"{self.code}:{year} is not a known edition; known editions: {known}",
            details={
                "standard": self.code,
                "year": year,
                "known_editions": [e.year for e in self.editions],
            },
        )

    def current_edition(self, at: date) -> Edition | None:
        """The newest edition published and valid at ``at``; None when no edition is valid then.

        IAF transition resolutions: during a transition both editions are valid; the newest is
        current.
        """
        valid = [e for e in self.editions if e.is_valid_at(at)]
        return max(valid, key=lambda e: e.year) if valid else None

    def editions_valid_at(self, at: date) -> tuple[Edition, ...]:
        """All editions whose certificates are valid at ``at``, oldest first (IAF transitions)."""
        return tuple(e for e in self.editions if e.is_valid_at(at))

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "title": self.title,
            "family": self.family,
            "certifiable": self.certifiable,
            "audit_time_scheme": self.audit_time_scheme,
            "uses_iaf_codes": self.uses_iaf_codes,
            "not_certifiable_reason": self.not_certifiable_reason,
            "successor": self.successor,
            "confidence": self.confidence,
            "note": self.note,
            "editions": [e.as_dict() for e in self.editions],
        }


@dataclass(frozen=True)
class IafCode:
    """An IAF / EA technical-area code (IAF ID 1). ``nace`` is NACE Rev. 2, "; "-separated."""

    code: int
    sector: str
    nace: str
    nace_confidence: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "sector": self.sector,
            "nace": self.nace,
            "nace_confidence": self.nace_confidence,
        }


# --------------------------------------------------------------------------------------------------
# Data loading
# --------------------------------------------------------------------------------------------------


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


def _read_rows(name: str) -> list[dict[str, str]]:
    """Rows of ``data/<name>``; lines starting with ``#`` (the source header) are skipped."""
    text = (files("isocert.rules") / "data" / name).read_text(encoding="utf-8")
    lines: Iterator[str] = (
        line for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")
    )
    rows = []
    for row in csv.DictReader(lines):
        if None in row:
            raise ValueError(f"data/{name}: row with too many fields: {row}")
        rows.append({key: (value or "").strip() for key, value in row.items()})
    return rows


def _date_or_none(value: str, *, where: str) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ValueError(f"{where}: {value!r} is not an ISO date (YYYY-MM-DD)") from exc


def _bool(value: str, *, where: str) -> bool:
    if value.lower() in ("true", "yes", "1"):
        return True
    if value.lower() in ("false", "no", "0"):
        return False
    raise ValueError(f"{where}: {value!r} is not true/false")


def _confidence(value: str, *, where: str) -> str:
    if value not in CONFIDENCE_LEVELS:
        raise ValueError(f"{where}: confidence {value!r} is not one of V, S, R")
    return value


def _load_editions() -> dict[str, list[Edition]]:
    by_standard: dict[str, list[Edition]] = {}
    for number, row in enumerate(_read_rows("editions.csv"), start=1):
        where = f"data/editions.csv row {number}"
        edition = Edition(
            standard=row["standard"],
            year=int(row["year"]),
            published=_date_or_none(row["published"], where=where),
            new_audits_until=_date_or_none(row["new_audits_until"], where=where),
            valid_until=_date_or_none(row["valid_until"], where=where),
            confidence=_confidence(row["confidence"], where=where),
            note=row["note"],
        )
        by_standard.setdefault(edition.standard, []).append(edition)
    return by_standard


@functools.cache
def _catalogue() -> tuple[Standard, ...]:
    editions = _load_editions()
    standards: list[Standard] = []
    for number, row in enumerate(_read_rows("standards.csv"), start=1):
        where = f"data/standards.csv row {number}"
        code = row["code"]
        standards.append(
            Standard(
                code=code,
                title=row["title"],
                family=row["family"],
                certifiable=True,
                audit_time_scheme=row["audit_time_scheme"] or None,
                uses_iaf_codes=_bool(row["uses_iaf_codes"], where=where),
                not_certifiable_reason="",
                editions=tuple(sorted(editions.pop(code, []), key=lambda e: e.year)),
                confidence=_confidence(row["confidence"], where=where),
                note=row["note"],
                successor=row["successor"] or None,
            )
        )
    if editions:
        raise ValueError(f"data/editions.csv: editions of unknown standards {sorted(editions)}")
    for number, row in enumerate(_read_rows("not_certifiable.csv"), start=1):
        where = f"data/not_certifiable.csv row {number}"
        standards.append(
            Standard(
                code=row["code"],
                title=row["title"],
                family=row["family"],
                certifiable=False,
                audit_time_scheme=None,
                uses_iaf_codes=False,
                not_certifiable_reason=row["reason"],
                editions=(),
                confidence=_confidence(row["confidence"], where=where),
                note=row["note"],
            )
        )
    codes = [s.code for s in standards]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise ValueError(f"data: standards listed twice: {duplicates}")
    return tuple(standards)


@functools.cache
def _by_code() -> dict[str, Standard]:
    return {s.code: s for s in _catalogue()}


@functools.cache
def _by_number() -> dict[str, str]:
    """``"9001"`` → ``"ISO 9001"``, ``"20000-1"`` → ``"ISO/IEC 20000-1"``, ``"18001"`` → OHSAS."""
    index: dict[str, str] = {}
    for standard in _catalogue():
        number = standard.code.split()[-1]
        index[number] = standard.code
    return index


# --------------------------------------------------------------------------------------------------
# Normalisation
# --------------------------------------------------------------------------------------------------

# National / regional adoption prefixes that do not change the standard: "BS EN ISO 9001".
_ADOPTION = r"(?:(?:BS|EN|DIN|NF|UNE|UNI|SS|SN|CSN|PN|NBR|NP|ONORM|ÖNORM)\s+)*"
_BODY = r"(?P<body>ISO\s*/\s*IEC|ISO|IEC|BS\s+OHSAS|OHSAS)?"
_NUMBER = r"(?P<number>\d{3,5})(?:\s*-\s*(?P<part>\d{1,2})(?!\d))?"
_YEAR = r"(?:\s*[:\s-]\s*(?P<year>\d+))?"
_AMENDMENT = r"(?:\s*[/+]\s*(?:AMD|A|COR|AC)\s*\.?\s*\d+(?:\s*:\s*\d{4})?)*"
_CODE_RE = re.compile(
    rf"^{_ADOPTION}{_BODY}[\s-]*{_NUMBER}{_YEAR}{_AMENDMENT}$",
    re.IGNORECASE,
)
_DASHES = str.maketrans({"\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-"})


def normalize_code(text: str) -> tuple[str, int | None]:
    """Read a standard reference tolerantly: ``"iso9001:2015"`` → ``("ISO 9001", 2015)``.

    Accepts upper/lower case, missing or extra spaces, ``-`` instead of space, the bare number
    (``"27001"``), national adoptions (``"BS EN ISO 13485:2016+A11:2021"``) and amendment suffixes
    (``"ISO 9001:2015/Amd 1:2024"`` → 2015). The canonical code comes from the catalogue when the
    number is known (``"ISO 27001"`` → ``"ISO/IEC 27001"``; ``"ISO 20000"`` →
    ``"ISO/IEC 20000-1"``); an unknown number keeps the body named in the text (``"ISO 9999"``
    → ``("ISO 9999", None)``).
    The edition year is the issue status of ISO/IEC 17021-1:2015 8.2.2 e).

    Raises InvalidInput for text that is not a standard reference or has a malformed year.
    """
    if not isinstance(text, str):
        raise InvalidInput(
            f"a standard reference must be text such as 'ISO 9001:2015', not {type(text).__name__}"
        )
    cleaned = " ".join(text.translate(_DASHES).replace("\uff1a", ":").split())
    match = _CODE_RE.match(cleaned)
    if match is None:
        raise InvalidInput(
            f"{text!r} is not a standard reference; write it like 'ISO 9001', 'ISO 9001:2015' "
            "or 'ISO/IEC 27001:2022'",
            details={"text": text},
        )
    number = match["number"] + (f"-{int(match['part'])}" if match["part"] else "")
    year: int | None = None
    if match["year"] is not None:
        if len(match["year"]) != 4 or not 1900 <= int(match["year"]) <= 2199:
            raise InvalidInput(
                f"{text!r}: the edition year must have four digits, e.g. 'ISO 9001:2015'",
                details={"text": text},
            )
        year = int(match["year"])
    index = _by_number()
    if number in index:
        return index[number], year
    if not match["part"] and f"{number}-1" in index:
        # "ISO 20000" is understood as its certifiable part 1.
        return index[f"{number}-1"], year
    body = re.sub(r"\s*/\s*", "/", (match["body"] or "ISO").upper())
    body = re.sub(r"\s+", " ", body)
    if body == "IEC":
        body = "ISO/IEC"
    if body == "BS OHSAS":
        body = "OHSAS"
    return f"{body} {number}", year


# --------------------------------------------------------------------------------------------------
# Look-ups
# --------------------------------------------------------------------------------------------------


def standards_all() -> tuple[Standard, ...]:
    """Every standard in the catalogue, certifiable ones first (domain reference §8)."""
    return _catalogue()


def _suggestions(text: str, code: str | None) -> list[str]:
    """Close matches for an unknown reference: by code or number (best first), then title words."""
    catalogue = _catalogue()
    scored: list[tuple[float, str]] = []
    if code is not None:
        number = code.split()[-1]
        for standard in catalogue:
            by_code = difflib.SequenceMatcher(None, code, standard.code).ratio()
            by_number = difflib.SequenceMatcher(None, number, standard.code.split()[-1]).ratio()
            if by_code >= 0.6 or by_number >= 0.75:
                scored.append((max(by_code, by_number), standard.code))
    found = [c for _score, c in sorted(scored, key=lambda item: -item[0])]
    words = [w for w in re.findall(r"[a-z]{4,}", text.lower()) if w not in ("management", "system")]
    if words:
        found += [s.code for s in catalogue if all(w in s.title.lower() for w in words)]
    return list(dict.fromkeys(found))[:5]


def standard_get(text: str) -> Standard:
    """The catalogue entry for a standard reference (any spelling ``normalize_code`` accepts).

    The edition year in ``text`` is ignored here; see ``standard_require_certifiable``.
    Raises UnknownStandard, naming close matches, when the standard is not in the catalogue.
    ISO/IEC 17021-1:2015 8.2.2 e) (the standard named on the certificate).
    """
    code: str | None
    try:
        code, _year = normalize_code(text)
    except InvalidInput:
        code = None
    if code is not None:
        standard = _by_code().get(code)
        if standard is not None:
            return standard
    suggestions = _suggestions(str(text), code)
    hint = f"did you mean {', '.join(suggestions)}? " if suggestions else ""
    shown = code if code is not None else repr(text)
    raise UnknownStandard(
        f"{shown} is not a standard isocert knows; {hint}{_LIST_HINT}",
        details={"text": text, "code": code, "suggestions": suggestions},
    )


def _use_instead(standard: Standard, at: date) -> str:
    current = standard.current_edition(at)
    if current is not None:
        return f"; use {current.label}"
    if standard.successor:
        successor = _by_code().get(standard.successor)
        successor_edition = successor.current_edition(at) if successor else None
        return f"; use {successor_edition.label if successor_edition else standard.successor}"
    return ""


def standard_require_certifiable(
    text: str, *, at: date, new_audit: bool = False
) -> tuple[Standard, Edition]:
    """The standard and edition a certificate (with ``new_audit``: a new audit) can name at ``at``.

    * NotCertifiable for guidance standards, with the reason (IAF Resolution 2010-10 for ISO 26000,
      IAF Resolution 2017-20 for ISO 31000 …).
    * The edition is the one in ``text`` (``"ISO/IEC 27001:2013"``) or else the current edition at
      ``at``; EditionNotValid when that edition is not published yet or past its transition end
      (IAF transition resolutions; ISO/IEC 17021-1:2015 8.2.2 e) issue status).
    * ``new_audit=True``: also refuse an edition past its cut-off for initial and recertification
      audits (e.g. ISO/IEC 27001:2013 after 2024-04-30, IAF MD 26).

    Dates of uncertain confidence are flagged in ``Edition.confidence`` / ``Edition.disputed``.
    """
    standard = standard_get(text)
    if not standard.certifiable:
        raise NotCertifiable(
            f"{standard.not_certifiable_reason}; {_CERTIFIABLE_HINT}",
            details={"standard": standard.code, "reason": standard.not_certifiable_reason},
        )
    _code, year = normalize_code(text)
    details: dict[str, Any] = {
        "standard": standard.code,
        "at": at.isoformat(),
        "valid_editions": [e.label for e in standard.editions_valid_at(at)],
    }
    if year is None:
        edition = standard.current_edition(at)
        if edition is None:
            raise EditionNotValid(_no_edition_message(standard, at), details=details)
    else:
        edition = standard.edition(year)
        if edition.published is not None and at < edition.published:
            raise EditionNotValid(
                f"{edition.label} is not published at {at.isoformat()} (published "
                f"{edition.published.isoformat()}){_use_instead(standard, at)}",
                details=details,
            )
        if not edition.is_valid_at(at):
            assert edition.valid_until is not None
            raise EditionNotValid(
                f"{edition.label} certificates are no longer valid after "
                f"{edition.valid_until.isoformat()}{_use_instead(standard, at)}",
                details=details,
            )
    if new_audit and not edition.allows_new_audits(at):
        assert edition.new_audits_until is not None
        raise EditionNotValid(
            f"no initial or recertification audit to {edition.label} after "
            f"{edition.new_audits_until.isoformat()}{_use_instead(standard, at)}",
            details=details,
        )
    return standard, edition


def _no_edition_message(standard: Standard, at: date) -> str:
    published = [e for e in standard.editions if e.published is None or e.published <= at]
    if not published:
        first = standard.editions[0] if standard.editions else None
        when = (
            f" (first edition {first.label} published {_iso(first.published)})"
            if first is not None
            else ""
        )
        return f"no edition of {standard.code} is published at {at.isoformat()}{when}"
    last = max(published, key=lambda e: e.year)
    until = _iso(last.valid_until)
    return (
        f"{last.label} certificates are no longer valid after {until}{_use_instead(standard, at)}"
    )


def standards_at(at: date) -> tuple[tuple[Standard, tuple[Edition, ...]], ...]:
    """Certifiable standards that have at least one edition valid at ``at``, with those editions.

    IAF transition resolutions: during a transition both editions appear (oldest first). A standard
    with no valid edition at ``at`` (OHSAS 18001 after 2021-09-30; ISO/IEC 42001 before 2023-12-18)
    is left out.
    """
    result = []
    for standard in _catalogue():
        if not standard.certifiable:
            continue
        editions = standard.editions_valid_at(at)
        if editions:
            result.append((standard, editions))
    return tuple(result)


# --------------------------------------------------------------------------------------------------
# IAF codes
# --------------------------------------------------------------------------------------------------


@functools.cache
def iaf_codes() -> tuple[IafCode, ...]:
    """The 39 IAF / EA technical-area codes, in order (IAF ID 1; names [S], NACE mapping [S] single
    source — verify against IAF ID 1 before relying on the NACE column)."""
    codes = []
    for number, row in enumerate(_read_rows("iaf_codes.csv"), start=1):
        where = f"data/iaf_codes.csv row {number}"
        codes.append(
            IafCode(
                code=int(row["code"]),
                sector=row["sector"],
                nace=row["nace"],
                nace_confidence=_confidence(row["nace_confidence"], where=where),
            )
        )
    if [c.code for c in codes] != list(range(1, len(codes) + 1)):
        raise ValueError("data/iaf_codes.csv: codes must run 1, 2, 3 … without gaps")
    return tuple(codes)


def iaf_code_get(code: int) -> IafCode:
    """The IAF code ``code`` (IAF ID 1); InvalidInput outside 1 to 39."""
    codes = iaf_codes()
    if isinstance(code, bool) or not isinstance(code, int) or not 1 <= code <= len(codes):
        raise InvalidInput(
            f"{code!r} is not an IAF code; IAF codes run from 1 to {len(codes)}",
            details={"code": code if isinstance(code, int) else str(code)},
        )
    return codes[code - 1]
