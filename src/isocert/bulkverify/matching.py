"""Match supplier rows to the registry's certificates, and say how sure each match is and why.

Rows with a certificate number are looked up by number in batches (two statements per
``CHUNK`` numbers, whatever their count). Rows without one are matched by name: first the exact
normalised name (``SearchName.name`` is unique and indexed; one statement per ``CHUNK`` names),
and only when that fails by the registry's typo-tolerant name search, filtered by country.
Confidential clients are not in the search index, so no name ever matches them; their
certificates are confirmed only on their number.

A bulk check needs the verdict and the holder, not a certificate's history or accreditation, so
the number look-up reads only those (the registry's ``certificate_verify_many`` reads the full
evidence of each certificate, which would cost a statement per body, edition and code set).
"""

from __future__ import annotations

import contextvars
import datetime as dt
import functools
import re
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from django.utils import timezone
from django.utils.translation import get_language, gettext
from rapidfuzz import fuzz

from isocert.bulkverify.choices import MatchedBy, confidence_label
from isocert.bulkverify.parsing import SupplierRow
from isocert.bulkverify.selectors import (
    Found,
    Org,
    certificates_by_client,
    certificates_by_key,
    names_starting,
    orgs_by_exact_name,
    orgs_by_name_id,
)
from isocert.catalog.models import Standard
from isocert.clients.countries import countries
from isocert.registry.choices import VERDICT_MEANING, Verdict
from isocert.registry.search import name_search
from isocert.registry.text import normalize_name, normalize_number, number_keys

NUMBER_MAX = 60
"""Longest certificate number accepted (``Certificate.number``)."""
NUMBER_MIN = 3
NAME_MAX = 250
FUZZY_MIN = 85
"""A similar name scoring below this (``spelling_score``, 0-100) is not taken as a match."""
PREFIX_MIN = 6
PREFIX_ROWS = 300
SEARCH_LIMIT = 250
"""Trigram name searches one check may run (names not found exactly nor by their first half)."""
SEARCH_SECONDS = 4.0
"""Time one check may spend in the registry's trigram name search (a few tens of milliseconds
a name); rows left over say the search was not run."""
NAME_SAME = 90
"""A holder name this similar to the given one (0-100) is taken as the same name."""
NAME_CLOSE = 70
PLACEHOLDERS = {"na", "n a", "none", "nil", "pending", "tbc", "tbd", "unknown", "no", "0", "x"}
"""What people write in a number cell when they have no number."""
COUNTRY_ALIASES = {"UK": "GB", "EL": "GR", "USA": "US", "UAE": "AE"}
_PREFERENCE = {Verdict.VALID: 0, Verdict.SUSPENDED: 1, Verdict.EXPIRED: 2, Verdict.WITHDRAWN: 3}


@dataclass
class RowResult:
    """One checked supplier row, as the result page and the downloads show it."""

    line: int
    name: str
    country: str
    number: str
    standard: str
    verdict: str
    verdict_label: str
    certificate: str = ""
    holder: str = ""
    holder_country: str = ""
    certificate_standard: str = ""
    expiry_date: str = ""
    certification_body: str = ""
    confidence: int = 0
    confidence_label: str = ""
    matched_by: str = MatchedBy.NONE.value
    reason: str = ""
    meaning: str = ""
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        # (``dataclasses.asdict`` deep-copies every value: a third of a 10,000-row check)
        out = {name: getattr(self, name) for name in _ROW_FIELDS}
        out["notes"] = list(self.notes)
        return out


_ROW_FIELDS = tuple(f.name for f in fields(RowResult))


@functools.lru_cache(maxsize=512)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


_language: contextvars.ContextVar[str | None] = contextvars.ContextVar("language", default=None)


def _(message: str) -> str:
    """``gettext``, remembered per language (a check says the same few sentences 10,000 times)."""
    return _translated(message, _language.get() or get_language())


@functools.lru_cache(maxsize=64)
def _verdict_text(verdict: Verdict, language: str | None) -> tuple[str, str]:
    return str(verdict.label), str(VERDICT_MEANING[verdict])


# --------------------------------------------------------------------------------------------------
# Cleaning the given values
# --------------------------------------------------------------------------------------------------


def _standard_key(text: str) -> str:
    upper = re.sub(r"[:\s]+(19|20)\d\d$", "", text.strip().upper())
    upper = re.sub(r"^(ISO|IEC|/|\s)+", "", upper)
    return re.sub(r"[^0-9A-Z]", "", upper)


@dataclass
class _Catalogue:
    """What the given values are checked against (read once a check)."""

    standards: dict[str, str]
    country_names: dict[str, str]

    @classmethod
    def load(cls) -> _Catalogue:
        codes = Standard.objects.values_list("code", flat=True)
        return cls(
            standards={_standard_key(code): code for code in codes},
            country_names={normalize_name(name): code for code, name in countries().items()},
        )


@dataclass
class _Clean:
    row: SupplierRow
    name: str
    folded: str
    country: str
    keys: list[str]
    standards: list[str]
    notes: list[str]


def _clean(row: SupplierRow, catalogue: _Catalogue) -> _Clean:
    notes = list(row.notes)
    name = row.name.strip()
    if len(name) > NAME_MAX:
        notes.append(
            _("The name is longer than %(n)s characters; its start was used.") % {"n": NAME_MAX}
        )
        name = name[:NAME_MAX]
    country = ""
    given_country = row.country.strip()
    if given_country:
        upper = given_country.upper()
        upper = COUNTRY_ALIASES.get(upper, upper)
        if upper in countries():
            country = upper
        elif code := catalogue.country_names.get(normalize_name(given_country)):
            country = code
        else:
            notes.append(
                _(
                    "“%(value)s” is not an ISO 3166-1 alpha-2 country code (two letters such as "
                    "GB, DE or US): the country was not used."
                )
                % {"value": given_country}
            )
    keys: list[str] = []
    number = row.number.strip()
    if number:
        if len(number) > NUMBER_MAX:
            notes.append(
                _(
                    "The certificate number is longer than %(n)s characters, so it cannot be a "
                    "certificate number: it was not used."
                )
                % {"n": NUMBER_MAX}
            )
        elif normalize_name(number) in PLACEHOLDERS:
            pass
        elif len(normalize_number(number)) < NUMBER_MIN:
            notes.append(
                _("“%(value)s” is too short to be a certificate number: it was not used.")
                % {"value": number}
            )
        else:
            keys = number_keys(number)
    standards: list[str] = []
    for part in re.split(r"[,;&+]|\band\b", row.standard):
        if not part.strip():
            continue
        code = catalogue.standards.get(_standard_key(part))
        if code is None:
            notes.append(
                _("The standard “%(value)s” is not one the registry knows: it was not used.")
                % {"value": part.strip()}
            )
        elif code not in standards:
            standards.append(code)
    return _Clean(row, name, normalize_name(name), country, keys, standards, notes)


# --------------------------------------------------------------------------------------------------
# Judging one row
# --------------------------------------------------------------------------------------------------


LEGAL_FORMS = frozenset(
    [
        "ltd",
        "limited",
        "gmbh",
        "mbh",
        "inc",
        "incorporated",
        "llc",
        "lp",
        "llp",
        "plc",
        "sa",
        "sas",
        "sarl",
        "srl",
        "srls",
        "spa",
        "bv",
        "nv",
        "ag",
        "kg",
        "kk",
        "co",
        "corp",
        "corporation",
        "company",
        "oy",
        "ab",
        "as",
        "aps",
        "pty",
        "pvt",
        "private",
        "sl",
        "slu",
        "sro",
        "zoo",
        "doo",
        "ooo",
    ]
)
"""Words a supplier list often drops or spells differently (legal forms): not compared."""


def _core(folded: str) -> str:
    words = [w for w in folded.split() if w not in LEGAL_FORMS]
    return " ".join(words) or folded


def name_similarity(given: str, holder: str) -> int:
    """How alike two organisation names are, 0-100: case, accents, punctuation, word order and
    legal forms ("Ltd", "GmbH", "S.p.A.") do not count."""
    a, b = normalize_name(given), normalize_name(holder)
    if not a or not b:
        return 0
    return spelling_score(_core(a), _core(b))


def _result(clean: _Clean, verdict: Verdict, **kwargs: Any) -> RowResult:
    row = clean.row
    confidence = int(kwargs.pop("confidence", 0))
    label, meaning = _verdict_text(verdict, _language.get() or get_language())
    return RowResult(
        line=row.line,
        name=row.name,
        country=row.country,
        number=row.number,
        standard=row.standard,
        verdict=verdict.value,
        verdict_label=label,
        meaning=meaning,
        confidence=confidence,
        confidence_label=confidence_label(confidence).value,
        notes=clean.notes,
        **kwargs,
    )


def _certificate_fields(found: Found) -> dict[str, Any]:
    return {
        "certificate": found.number,
        "holder": found.holder,
        "holder_country": found.holder_country,
        "certificate_standard": found.standard,
        "expiry_date": found.expiry.isoformat(),
        "certification_body": found.body,
    }


def _superseded(found: Found) -> str:
    if found.verdict != Verdict.SUPERSEDED or not found.current_number:
        return ""
    label = str(found.current_verdict.label).lower() if found.current_verdict else ""
    return _("this revision is superseded by %(number)s (%(verdict)s): ask the supplier for it") % {
        "number": found.current_number,
        "verdict": label,
    }


def judge_number(clean: _Clean, found: Found) -> RowResult:
    """A row whose number was found: cross-check the holder, country and standard."""
    score = 100
    if found.confidential:
        parts = [
            _(
                "certificate number found (the holder asked not to be listed: confirmed on its "
                "number only)"
            )
        ]
    else:
        parts = [_("certificate number found")]
    if clean.name:
        similarity = name_similarity(clean.name, found.holder)
        values = {"holder": found.holder, "given": clean.name, "pct": similarity}
        if similarity >= NAME_SAME:
            parts.append(_("holder name matches “%(holder)s” (%(pct)s %%)") % values)
        elif similarity >= NAME_CLOSE:
            score -= 25
            parts.append(
                _("holder “%(holder)s” is similar to “%(given)s” (%(pct)s %%): check the spelling")
                % values
            )
        else:
            score = min(score, 30)
            parts.append(
                _(
                    "number found but holder is “%(holder)s”, not “%(given)s”: check with the supplier"
                )
                % values
            )
    else:
        score -= 10
        parts.append(_("no name given to cross-check the holder"))
    if clean.country and clean.country != found.holder_country:
        score -= 20
        parts.append(
            _("the holder is in %(holder)s, not %(given)s")
            % {"holder": found.holder_country, "given": clean.country}
        )
    if clean.standards and found.standard not in clean.standards:
        score -= 30
        parts.append(
            _("standard on file is %(given)s, the certificate is %(cert)s")
            % {"given": ", ".join(clean.standards), "cert": found.standard}
        )
    if note := _superseded(found):
        parts.append(note)
    return _result(
        clean,
        found.verdict,
        confidence=max(score, 1),
        matched_by=MatchedBy.NUMBER.value,
        reason=_join(parts),
        **_certificate_fields(found),
    )


def _best(certs: list[Found], standards: list[str]) -> list[Found]:
    """Certificates of one organisation, the one to show first: of the standard asked for, valid
    before suspended before expired before withdrawn, the latest expiry first."""
    pool = [c for c in certs if not standards or c.standard in standards]
    return sorted(pool, key=lambda c: (_PREFERENCE.get(c.verdict, 9), -c.expiry.toordinal()))


def _held(certs: list[Found]) -> str:
    return ", ".join(f"{c.standard} {c.number} ({str(c.verdict.label).lower()})" for c in certs[:3])


def judge_name(
    clean: _Clean,
    candidates: list[tuple[Org, int]],
    certs: dict[int, list[Found]],
    *,
    exact: bool,
    intro: str,
) -> RowResult:
    """A row matched by name: ``candidates`` are the organisations found with their name score."""
    ranked = []
    for org, similarity in candidates:
        shown = _best(certs.get(org.client_id, []), clean.standards)
        if shown:
            ranked.append((similarity, shown, org))
    ranked.sort(key=lambda r: (-r[0], _PREFERENCE.get(r[1][0].verdict, 9), r[2].client_id))
    if not ranked:
        held = [c for org, _s in candidates for c in certs.get(org.client_id, [])]
        if held and clean.standards:
            return _not_found(
                clean,
                [
                    intro,
                    _(
                        "“%(holder)s” is listed but holds no %(std)s certificate here; it holds %(held)s"
                    )
                    % {
                        "holder": held[0].holder,
                        "std": ", ".join(clean.standards),
                        "held": _held(held),
                    },
                ],
            )
        if clean.country:
            missing = _("no certified organisation with this name in %(country)s") % {
                "country": clean.country
            }
        else:
            missing = _("no certified organisation with this name")
        return _not_found(clean, [intro, missing])
    similarity, shown, org = ranked[0]
    found = shown[0]
    parts = [intro]
    if exact:
        score = 90 if clean.country else 80
        if clean.country:
            parts.append(_("matched by name and country"))
        else:
            parts.append(_("matched by exact name (no country given to cross-check)"))
    else:
        score = min(75, round(similarity * 0.8)) - (0 if clean.country else 10)
        parts.append(
            _("closest name “%(holder)s” (%(pct)s %%)")
            % {"holder": found.holder, "pct": similarity}
        )
    same = [r for r in ranked if r[0] == similarity]
    if len(same) > 1:
        score = min(score, 60)
        parts.append(
            _("%(n)s organisations carry this name: the best certificate is shown")
            % {"n": len(same)}
        )
    if clean.standards:
        parts.append(_("holds %(std)s") % {"std": found.standard})
    others = [c for c in certs.get(org.client_id, []) if c.number != found.number]
    if others and not clean.standards:
        parts.append(_("also holds %(held)s") % {"held": _held(others)})
    return _result(
        clean,
        found.verdict,
        confidence=max(score, 1),
        matched_by=(MatchedBy.NAME if exact else MatchedBy.FUZZY).value,
        reason=_join(parts),
        **_certificate_fields(found),
    )


def _not_found(clean: _Clean, parts: list[str]) -> RowResult:
    return _result(clean, Verdict.NOT_FOUND, reason=_join(parts))


def _join(parts: list[str]) -> str:
    text = "; ".join(p for p in parts if p)
    return text[:1].upper() + text[1:] + "."


# --------------------------------------------------------------------------------------------------
# All rows
# --------------------------------------------------------------------------------------------------


def spelling_score(a: str, b: str) -> int:
    """How alike two normalised names are spelled, 0-100: the edit-distance ratio, with the words
    in any order (a typo or two in a long name stays above 85; another name sharing a word or a
    legal form does not)."""
    return round(max(fuzz.ratio(a, b), fuzz.token_sort_ratio(a, b)))


def prefix_hits(folded: str) -> list[tuple[int, int]]:
    """Names starting like ``folded`` (its first half) that are spelled almost like it: one index
    range scan, which finds most misspelt names before the slower trigram search is needed (the
    country is checked afterwards, as for exact names)."""
    if len(folded) < PREFIX_MIN:
        return []
    prefix = folded[: max(PREFIX_MIN, len(folded) // 2)]
    hits: dict[int, int] = {}
    for name_id, name in names_starting(prefix, PREFIX_ROWS):
        if (score := spelling_score(folded, name)) >= FUZZY_MIN:
            hits[name_id] = score
    return sorted(hits.items(), key=lambda h: (-h[1], h[0]))


def _in_country(orgs: list[Org], country: str) -> list[Org]:
    return [o for o in orgs if not country or o.country == country]


def match_rows(rows: Sequence[SupplierRow], *, today: dt.date | None = None) -> list[RowResult]:
    """One result per row, in order."""
    token = _language.set(get_language())
    try:
        return _match_rows(rows, today=today or timezone.localdate())
    finally:
        _language.reset(token)


def _match_rows(rows: Sequence[SupplierRow], *, today: dt.date) -> list[RowResult]:
    catalogue = _Catalogue.load()
    cleaned = [_clean(row, catalogue) for row in rows]
    by_key = certificates_by_key((k for c in cleaned for k in c.keys), today)
    found: dict[int, Found] = {}
    for i, clean in enumerate(cleaned):
        hit = next((by_key[k] for k in clean.keys if k in by_key), None)
        if hit is not None:
            found[i] = hit
    # every row not found by number that has a name: exact names first, in one batch
    by_name = orgs_by_exact_name(c.folded for i, c in enumerate(cleaned) if i not in found)
    fuzzy: dict[tuple[str, str], list[tuple[Org, int]]] = {}
    hits_by_query: dict[tuple[str, str], list[tuple[int, int]]] = {}
    skipped: set[tuple[str, str]] = set()
    deadline = time.monotonic() + SEARCH_SECONDS
    searches = 0
    for i, clean in enumerate(cleaned):
        if i in found or clean.keys or not clean.folded:
            continue
        if _in_country(by_name.get(clean.folded, []), clean.country):
            continue
        query = (clean.folded, clean.country)
        if query in hits_by_query:
            continue
        hits = prefix_hits(clean.folded)
        if not hits and searches < SEARCH_LIMIT and time.monotonic() < deadline:
            searches += 1
            hits = sorted(
                (
                    (h.name_id, score)
                    for h in name_search(query[0])  # (the country is checked after: twice as fast)
                    if (score := spelling_score(query[0], h.name)) >= FUZZY_MIN
                ),
                key=lambda h: (-h[1], h[0]),
            )
        elif not hits:
            skipped.add(query)
        hits_by_query[query] = hits[:5]
    name_ids = sorted({name_id for hits in hits_by_query.values() for name_id, _s in hits})
    orgs_of_name: dict[int, list[Org]] = defaultdict(list)
    for org in orgs_by_name_id(name_ids):
        orgs_of_name[org.name_id].append(org)
    for query, hits in hits_by_query.items():
        fuzzy[query] = [
            (org, score)
            for name_id, score in hits
            for org in _in_country(orgs_of_name[name_id], query[1])
        ]
    client_ids = {o.client_id for orgs in by_name.values() for o in orgs}
    client_ids |= {o.client_id for cands in fuzzy.values() for o, _s in cands}
    certs = certificates_by_client(client_ids, today)

    out = []
    for i, clean in enumerate(cleaned):
        exact = _in_country(by_name.get(clean.folded, []), clean.country)
        if i in found:
            out.append(judge_number(clean, found[i]))
        elif clean.keys:
            parts = [
                _(
                    "number not found: it may be a typo, a body that does not publish here or a "
                    "forgery"
                )
            ]
            held = [c for org in exact for c in _best(certs.get(org.client_id, []), [])]
            if held:
                parts.append(
                    _(
                        "the registry lists “%(holder)s” (%(country)s) with %(held)s: check with "
                        "the supplier which is right"
                    )
                    % {
                        "holder": held[0].holder,
                        "country": held[0].holder_country,
                        "held": _held(held),
                    }
                )
            out.append(_not_found(clean, parts))
        elif not clean.folded:
            out.append(
                _not_found(
                    clean, [_("nothing to match: the row has no name and no certificate number")]
                )
            )
        elif exact:
            out.append(
                judge_name(
                    clean,
                    [(org, 100) for org in exact],
                    certs,
                    exact=True,
                    intro=_("no number given"),
                )
            )
        elif (clean.folded, clean.country) in skipped:
            out.append(
                _not_found(
                    clean,
                    [
                        _("no number given and no organisation with exactly this name"),
                        _(
                            "the search for similar names was not run: this file needed more of "
                            "them than one check allows; add certificate numbers or check these "
                            "rows in a smaller file"
                        ),
                    ],
                )
            )
        else:
            out.append(
                judge_name(
                    clean,
                    fuzzy.get((clean.folded, clean.country), []),
                    certs,
                    exact=False,
                    intro=_("no number given"),
                )
            )
    return out
