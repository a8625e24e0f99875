"""Verify certificates by number: the verdict a reader sees first, and the evidence behind it.

This is the registry's hottest path (thousands of look-ups a second at 3 million certificates), so
it reads with three fixed SQL statements (no ORM query building), whatever the number of
certificates asked about, and remembers for a minute what the accreditation of a body covers.
Everything here is public: drafts are never shown; a confidential client's certificate is
confirmed on its exact number but never suggested.
"""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.core.signals import setting_changed
from django.db import DEFAULT_DB_ALIAS, connections
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rapidfuzz.distance import Levenshtein

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import (
    AccreditationBody,
    AccreditationStatusChange,
    AccreditedScope,
    CertificationBody,
)
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate, CertificateSite
from isocert.clients.countries import country_name
from isocert.clients.models import Client, Site
from isocert.core.models import Event
from isocert.registry.choices import EVENT_LABELS, VERDICT_MEANING, Verdict
from isocert.registry.sql import sql_rows
from isocert.registry.text import normalize_number, number_keys

BULK_LIMIT = 100
"""Numbers one bulk verification may ask about."""
NEAR_LIMIT = 5
CERTIFICATE_TYPE = "certification.certificate"
COVERAGE_SECONDS = 60.0
"""How long the accreditation tables (status changes, scope lines and their IAF codes of every body)
are remembered (public answers are cacheable for as long); a change of a body's own row, its
accreditation status included, is seen at once."""


def verdict_of(status: str, expiry_date: dt.date, today: dt.date) -> Verdict:
    """The public verdict of one revision: its status, and the expiry date for those still open.

    An active or suspended certificate whose expiry date has passed is expired even before the
    daily job records it (rules/status.py: "the caller still has to check the expiry date").
    """
    if status == CertificateStatus.SUPERSEDED:
        return Verdict.SUPERSEDED
    if status == CertificateStatus.WITHDRAWN:
        return Verdict.WITHDRAWN
    if status == CertificateStatus.EXPIRED or expiry_date < today:
        return Verdict.EXPIRED
    if status == CertificateStatus.SUSPENDED:
        return Verdict.SUSPENDED
    return Verdict.VALID


def printed_number(number: str, revision: int) -> str:
    return number if revision == 0 else f"{number}-R{revision}"


# --------------------------------------------------------------------------------------------------
# What the public sees
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class BodyRef:
    id: int
    name: str
    acronym: str
    country: str
    website: str


@dataclass(frozen=True)
class AccreditationBodyRef:
    name: str
    acronym: str
    country: str
    website: str
    iaf_mla_signatory: bool


@dataclass(frozen=True)
class Accreditation:
    """The accreditation chain of a certificate: who accredits the body, and whether that
    accreditation covers this standard edition and these IAF codes today."""

    body: AccreditationBodyRef | None
    number: str
    status: str
    covers_today: bool
    explanation: str


@dataclass(frozen=True)
class SiteLine:
    city: str
    country: str
    country_name: str
    scope: str


@dataclass(frozen=True)
class IafLine:
    code: int
    sector: str


@dataclass(frozen=True)
class HistoryLine:
    occurred_at: dt.datetime
    kind: str
    label: str
    number: str
    from_status: str
    to_status: str


@dataclass(frozen=True)
class CertificateView:
    number: str
    base_number: str
    revision: int
    status: str
    standard: str
    standard_title: str
    edition: str
    iaf_codes: list[IafLine]
    scope: str
    original_issue_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    suspended_on: dt.date | None
    withdrawn_on: dt.date | None
    holder_id: int | None
    """``None`` for a confidential client: confirmed here, but without a public page."""
    holder_name: str
    holder_country: str
    sites: list[SiteLine]
    certification_body: BodyRef
    accreditation: Accreditation
    history: list[HistoryLine]


@dataclass(frozen=True)
class Verification:
    """The answer to one number: the verdict first, then what it rests on."""

    query: str
    key: str
    verdict: Verdict
    meaning: str
    certificate: CertificateView | None = None
    current_number: str | None = None
    """For a superseded revision: the newest revision's printed number."""
    current_verdict: Verdict | None = None
    near_numbers: list[str] = field(default_factory=list)
    explanation: list[str] = field(default_factory=list)
    ask: BodyRef | None = None
    """For a number not found: the body whose prefix it carries, to ask directly."""

    @property
    def verdict_label(self) -> str:
        return _text(("label", self.verdict), self.verdict.label)


# --------------------------------------------------------------------------------------------------
# Translated words, resolved once per language (a lazy string costs a gettext call each time)
# --------------------------------------------------------------------------------------------------

_texts: dict[str | None, dict[Any, str]] = {}


def _language_texts() -> dict[Any, str]:
    """The remembered texts of the active language (``_text``)."""
    lang = translation.get_language()
    texts = _texts.get(lang)
    if texts is None:
        texts = _texts.setdefault(lang, {})
    return texts


def _text(key: Any, lazy: Any, texts: dict[Any, str] | None = None) -> str:
    """``str(lazy)`` in the active language, remembered per language (``key`` names the text;
    ``texts``: ``_language_texts()`` when the caller has it already)."""
    if texts is None:
        texts = _language_texts()
    text = texts.get(key)
    if text is None:
        if len(texts) > 1_000:
            texts.clear()
        text = texts[key] = str(lazy)
    return text


def _texts_forget(*, setting: str = "", **kwargs: Any) -> None:
    if setting in {"LANGUAGES", "LANGUAGE_CODE", "LOCALE_PATHS", "INSTALLED_APPS", "USE_I18N"}:
        _texts.clear()


setting_changed.connect(_texts_forget, dispatch_uid="isocert.registry.verification.texts")


# --------------------------------------------------------------------------------------------------
# Plain SQL, the same on both engines (tables named by the models)
# --------------------------------------------------------------------------------------------------

_T = {
    "cert": Certificate._meta.db_table,
    "client": Client._meta.db_table,
    "standard": Standard._meta.db_table,
    "edition": Edition._meta.db_table,
    "cb": CertificationBody._meta.db_table,
    "ab": AccreditationBody._meta.db_table,
    "cert_site": CertificateSite._meta.db_table,
    "site": Site._meta.db_table,
    "cert_code": Certificate.iaf_codes.through._meta.db_table,
    "iaf": IafCode._meta.db_table,
    "event": Event._meta.db_table,
    "ab_change": AccreditationStatusChange._meta.db_table,
    "scope": AccreditedScope._meta.db_table,
    "scope_code": AccreditedScope.iaf_codes.through._meta.db_table,
}
_CERTS = """
SELECT c.id, c.number, c.revision, c.lookup_key, c.status, c.scope, c.original_issue_date,
       c.issue_date, c.expiry_date, c.suspended_on, c.withdrawn_on, c.standard_id, c.edition_id,
       cl.id, cl.name, cl.country, cl.confidential,
       cb.id, cb.name, cb.acronym, cb.country, cb.website, cb.accreditation_number,
       cb.accreditation_status, cb.updated_at, cb.accreditation_body_id
FROM {cert} c
JOIN {client} cl ON cl.id = c.client_id
JOIN {cb} cb ON cb.id = c.certification_body_id
WHERE c.lookup_key IN ({{keys}}) AND c.status <> %s
""".format(**_T)
"""The certificates asked about, their holders and bodies (the body's row is read live: its status
is part of the answer); the standard, edition and accreditation body come from the remembered
tables (a three-table join plans several times faster than a six-table one on PostgreSQL)."""
_DETAILS = """
SELECT 2, c.id, c.number, c.status, e.kind, c.revision, NULL, e.seq,
       c.certification_body_id, c.expiry_date, e.occurred_at, {{statuses}}
FROM {cert} c
LEFT JOIN {event} e ON e.object_type = %s AND e.object_id = CAST(c.id AS VARCHAR(40))
     AND e.public = %s
WHERE c.number IN ({{numbers}}) AND c.status <> %s
UNION ALL
SELECT 0, cs.certificate_id, s.city, s.country, cs.scope,
       CASE WHEN s.is_central_function THEN 0 ELSE 1 END, s.city, cs.id,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM {cert_site} cs JOIN {site} s ON s.id = cs.site_id
WHERE cs.certificate_id IN ({{ids}})
UNION ALL
SELECT 1, t.certificate_id, i.sector, '', '', t.iafcode_id, '', t.id,
       NULL, NULL, NULL, NULL, NULL, NULL, NULL
FROM {cert_code} t JOIN {iaf} i ON i.code = t.iafcode_id
WHERE t.certificate_id IN ({{ids}})
ORDER BY 1, 2, 6, 7, 11, 8
""".format(**_T)
"""In one statement: every published revision of the numbers, each with its public ledger events
(none: one row) in the order they happened (part 2); the sites of the certificates, head office
first, then by city (part 0); their IAF codes (part 1). Columns: part, certificate id, then per
part: number, status, event kind, revision, -, event seq, body id, expiry, event time, and the
``before`` and ``after`` statuses (``_STATUS``); or city, country, scope, 0 for the head office,
city, row id; or sector, -, -, IAF code, -, row id."""
_STATUS = {
    "sqlite": (
        "CASE WHEN json_type(e.{side}, '$.status') = 'text' "
        "THEN json_extract(e.{side}, '$.status') END, "
        "CASE WHEN json_type(e.{side}, '$.status') = 'text' THEN NULL ELSE e.{side} END"
    ),
    "postgresql": (
        "CASE WHEN jsonb_typeof(e.{side} -> 'status') = 'string' THEN e.{side} ->> 'status' END, "
        "CASE WHEN jsonb_typeof(e.{side} -> 'status') = 'string' THEN NULL ELSE e.{side} END"
    ),
}
"""The ``status`` of an event's ``before`` and ``after`` when it is a JSON string, read by the
database (no JSON decoding per event in Python); otherwise (missing, not a string, another engine)
the document itself, decoded as before."""


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


_details: dict[tuple[str, int, int], str] = {}


def _details_sql(vendor: str, numbers: int, ids: int) -> str:
    """``_DETAILS`` for ``numbers`` numbers and ``ids`` certificates on ``vendor`` (remembered)."""
    sql = _details.get((vendor, numbers, ids))
    if sql is None:
        statuses = _STATUS.get(vendor)
        columns = (
            f"{statuses.format(side='before')}, {statuses.format(side='after')}"
            if statuses
            else "NULL, e.before, NULL, e.after"
        )
        sql = _DETAILS.format(numbers=_marks(numbers), ids=_marks(ids), statuses=columns)
        if len(_details) > 1_000:
            _details.clear()
        _details[(vendor, numbers, ids)] = sql
    return sql


def _event_status(status: Any, document: Any) -> str:
    return status if status is not None else str(_json(document).get("status", ""))


def sql_date(value: Any) -> Any:
    """Raw SQLite rows carry dates as text; PostgreSQL's as dates."""
    return dt.date.fromisoformat(value) if isinstance(value, str) else value


def _moment(value: Any) -> dt.datetime:
    if isinstance(value, str):
        return dt.datetime.fromisoformat(value).replace(tzinfo=dt.UTC)
    return value


def _json(value: Any) -> dict[str, Any]:
    data = json.loads(value) if isinstance(value, str | bytes) else value
    return data if isinstance(data, dict) else {}


# --------------------------------------------------------------------------------------------------
# Accreditation coverage: the accreditation tables of every body, read at once and kept a minute
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _ScopeLine:
    status: str
    valid_from: dt.date
    valid_until: dt.date | None
    codes: frozenset[int]


@dataclass
class _Snapshot:
    """What every body's accreditation says (a few thousand rows in all), read with eight statements
    and answered from memory: a verification must not pay an ORM query per body and code set."""

    expires: float
    updated: dict[int, str]
    bodies: list[BodyRef]
    changes: dict[int, list[tuple[str, str, dt.date]]]
    lines: dict[tuple[int, int], _ScopeLine]
    standards: dict[int, tuple[str, str]]
    editions: dict[int, int]
    accreditation_bodies: dict[int, tuple[str, str, str, str, bool]]
    answers: dict[tuple[Any, ...], tuple[bool, str]] = field(default_factory=dict)

    def tables(self) -> tuple[Any, ...]:
        """Everything read from the database (two snapshots with equal tables answer alike)."""
        return (
            self.updated,
            self.bodies,
            self.changes,
            self.lines,
            self.standards,
            self.editions,
            self.accreditation_bodies,
        )

    @cached_property
    def prefixes(self) -> list[tuple[str, BodyRef]]:
        """Each body with its acronym as it starts a look-up key."""
        return [(normalize_number(cb.acronym), cb) for cb in self.bodies]


_MASK_BITS = 63
"""IAF codes below this are read as bits of one integer (``_SNAP_CODE_MASK``)."""
_SNAP_BODIES = """
SELECT id, name, acronym, country, website, updated_at FROM {cb} ORDER BY id
""".format(**_T)
_SNAP_CHANGES = """
SELECT certification_body_id, from_status, to_status, effective_on FROM {ab_change}
ORDER BY certification_body_id, effective_on, id
""".format(**_T)
_SNAP_LINES = """
SELECT id, certification_body_id, edition_id, status, valid_from, valid_until FROM {scope}
""".format(**_T)
_SNAP_CODE_MASK = """
SELECT accreditedscope_id, {{bits}} FROM {scope_code} WHERE iafcode_id < %s
GROUP BY accreditedscope_id
""".format(**_T)
_SNAP_CODE_MASKS = {
    "sqlite": _SNAP_CODE_MASK.format(bits="SUM(1 << iafcode_id)"),  # a code is on a line once
    "postgresql": _SNAP_CODE_MASK.format(bits="BIT_OR(CAST(1 AS BIGINT) << iafcode_id)"),
}
"""Each scope line's IAF codes as the bits of one integer (the 39 IAF codes fit in 63 bits): a
thousand rows instead of tens of thousands, added up by the database. Read once a minute per
process on a request's path, the code rows one by one had cost 25-45 ms of Python at 125 bodies
(that request, and the other thread of its worker, waited)."""
_SNAP_CODES = """
SELECT accreditedscope_id, iafcode_id FROM {scope_code} WHERE iafcode_id >= %s
""".format(**_T)
"""Codes past the mask's bits, one by one (none in the IAF list; an index look-up)."""

_SNAP_STANDARDS = """
SELECT id, code, title FROM {standard}
""".format(**_T)
_SNAP_EDITIONS = """
SELECT id, year FROM {edition}
""".format(**_T)
_SNAP_ABS = """
SELECT id, name, acronym, country, website, iaf_mla_signatory FROM {ab}
""".format(**_T)

_snapshot: _Snapshot | None = None
_snapshot_lock = threading.Lock()


def coverage_forget() -> None:
    """Forget the remembered accreditation tables (tests; after an accreditation change if in a
    hurry: otherwise a scope change is seen within ``COVERAGE_SECONDS``)."""
    global _snapshot
    with _snapshot_lock:
        _snapshot = None


def _accreditation_snapshot(
    cb_id: int | None = None, cb_updated: Any = None, *, fresh: bool = False
) -> _Snapshot:
    """The remembered accreditation tables; read again when a minute has passed, or at once when
    the row of body ``cb_id`` changed since (``cb_updated`` differs: its status may have)."""
    global _snapshot
    snap = _snapshot
    now = time.monotonic()
    if (
        not fresh
        and snap is not None
        and snap.expires > now
        and (cb_id is None or snap.updated.get(cb_id) == str(cb_updated))
    ):
        return snap
    bodies, updated = [], {}
    for pk, name, acronym, country, website, changed in sql_rows(_SNAP_BODIES, []):
        bodies.append(BodyRef(pk, name, acronym, country, website))
        updated[pk] = str(changed)
    changes: dict[int, list[tuple[str, str, dt.date]]] = defaultdict(list)
    for body, before, after, effective in sql_rows(_SNAP_CHANGES, []):
        changes[body].append((before, after, sql_date(effective)))
    codes: dict[int, frozenset[int]] = {}
    as_set: dict[int, frozenset[int]] = {}
    vendor = connections[DEFAULT_DB_ALIAS].vendor
    masks = _SNAP_CODE_MASKS.get(vendor, _SNAP_CODE_MASKS["sqlite"])
    for line_id, mask in sql_rows(masks, [_MASK_BITS]):
        mask = int(mask)
        if mask not in as_set:  # lines share a few dozen code sets
            as_set[mask] = frozenset(b for b in range(mask.bit_length()) if mask >> b & 1)
        codes[line_id] = as_set[mask]
    for line_id, code in sql_rows(_SNAP_CODES, [_MASK_BITS]):
        codes[line_id] = codes.get(line_id, frozenset()) | {int(code)}
    lines = {
        (body, edition): _ScopeLine(
            status, sql_date(start), sql_date(end) if end else None, codes.get(line_id, frozenset())
        )
        for line_id, body, edition, status, start, end in sql_rows(_SNAP_LINES, [])
    }
    loaded = _Snapshot(
        now + COVERAGE_SECONDS,
        updated,
        bodies,
        dict(changes),
        lines,
        standards={pk: (code, title) for pk, code, title in sql_rows(_SNAP_STANDARDS, [])},
        editions={pk: int(year) for pk, year in sql_rows(_SNAP_EDITIONS, [])},
        accreditation_bodies={
            pk: (name, acronym, country, website, bool(mla))
            for pk, name, acronym, country, website, mla in sql_rows(_SNAP_ABS, [])
        },
    )
    if snap is not None and snap.tables() == loaded.tables():
        loaded.answers = snap.answers  # nothing changed: the answers worked out so far still hold
    with _snapshot_lock:
        _snapshot = loaded
    return loaded


def _full_row(row: tuple[Any, ...]) -> tuple[Any, ...]:
    """A ``_CERTS`` row completed with the standard, edition and accreditation body (in the order
    ``_verification`` reads them)."""
    std_id, edition_id, cb_id, cb_updated, ab_id = row[11], row[12], row[17], row[24], row[25]
    snap = _accreditation_snapshot(cb_id, cb_updated)
    if (
        std_id not in snap.standards
        or edition_id not in snap.editions
        or (ab_id is not None and ab_id not in snap.accreditation_bodies)
    ):  # added since the tables were read
        snap = _accreditation_snapshot(fresh=True)
    code, title = snap.standards.get(std_id, ("", ""))
    ab = snap.accreditation_bodies.get(ab_id) if ab_id is not None else None
    return (
        *row[:17],
        code,
        title,
        snap.editions.get(edition_id, 0),
        *row[17:],
        *(ab or (None, None, None, None, None)),
    )


def _status_on(snap: _Snapshot, cb_id: int, cb_status: str, on: dt.date) -> str:
    """``accreditation_status_on``: the status on ``on`` from the recorded changes, else the
    body's current status."""
    changes = snap.changes.get(cb_id)
    if not changes:
        return cb_status
    status = changes[0][0]
    for _before, after, effective_on in changes:
        if effective_on <= on:
            status = after
    return status


def _covers(row: tuple[Any, ...], codes: list[int], today: dt.date) -> tuple[bool, str]:
    """``accreditation.selectors.accreditation_covers`` answered from the remembered tables (the
    same rules and words, in the same order; tests hold the two equal)."""
    (
        _std_id,
        edition_id,
        std_code,
        year,
        cb_id,
        acronym,
        cb_status,
        cb_updated,
        ab_id,
    ) = row
    snap = _accreditation_snapshot(cb_id, cb_updated)
    wanted = tuple(sorted(set(codes)))
    key = (cb_id, cb_status, ab_id, edition_id, wanted, today, translation.get_language())
    answer = snap.answers.get(key)
    if answer is None:
        answer = _coverage_answer(
            snap, cb_id, acronym, cb_status, ab_id, edition_id, f"{std_code}:{year}", wanted, today
        )
        if len(snap.answers) > 50_000:
            snap.answers.clear()
        snap.answers[key] = answer
    return answer


def _coverage_answer(
    snap: _Snapshot,
    cb_id: int,
    acronym: str,
    cb_status: str,
    ab_id: int | None,
    edition_id: int,
    label: str,
    codes: tuple[int, ...],
    on: dt.date,
) -> tuple[bool, str]:
    if ab_id is None:
        return False, _("%(cb)s is not accredited by any accreditation body.") % {"cb": acronym}
    status = _status_on(snap, cb_id, cb_status, on)
    if status != AccreditationStatus.ACTIVE:
        return False, _("%(cb)s's accreditation was %(status)s on %(on)s.") % {
            "cb": acronym,
            "status": AccreditationStatus(status).label.lower(),
            "on": on.isoformat(),
        }
    line = snap.lines.get((cb_id, edition_id))
    if line is None:
        return False, _("%(cb)s is not accredited for %(label)s.") % {"cb": acronym, "label": label}
    if line.status != AccreditationStatus.ACTIVE:
        return False, _("%(cb)s's accreditation for %(label)s is %(status)s.") % {
            "cb": acronym,
            "label": label,
            "status": AccreditationStatus(line.status).label.lower(),
        }
    if on < line.valid_from or (line.valid_until is not None and on > line.valid_until):
        return False, _(
            "%(cb)s's accreditation for %(label)s is valid from %(start)s until %(end)s, "
            "not on %(on)s."
        ) % {
            "cb": acronym,
            "label": label,
            "start": line.valid_from.isoformat(),
            "end": line.valid_until.isoformat() if line.valid_until else _("further notice"),
            "on": on.isoformat(),
        }
    missing = [code for code in codes if code not in line.codes]
    if missing:
        return False, _(
            "IAF code(s) %(missing)s are outside %(cb)s's accredited scope for %(label)s "
            "(accredited: %(codes)s)."
        ) % {
            "missing": ", ".join(map(str, missing)),
            "cb": acronym,
            "label": label,
            "codes": ", ".join(map(str, sorted(line.codes))) or "—",
        }
    return True, _("%(label)s%(codes)s is within %(cb)s's accredited scope on %(on)s.") % {
        "label": label,
        "codes": (" " + _("IAF code(s) %(c)s") % {"c": ", ".join(map(str, codes))})
        if codes
        else "",
        "cb": acronym,
        "on": on.isoformat(),
    }


# --------------------------------------------------------------------------------------------------
# Not found
# --------------------------------------------------------------------------------------------------


_NEAR = """
SELECT lookup_key, number, revision, client_id FROM {cert}
WHERE lookup_key >= %s AND lookup_key < %s AND status <> %s
ORDER BY lookup_key LIMIT 300
""".format(**_T)
_CONFIDENTIAL = """
SELECT id FROM {client} WHERE id IN ({{ids}}) AND confidential = %s
""".format(**_T)


def _near_numbers(key: str) -> list[str]:
    """Up to five published numbers close to ``key`` (edit distance), among keys sharing a prefix:
    one index range scan per prefix length tried. Confidential clients are never suggested (their
    flag is read for the closest numbers only, not for every number in the range)."""
    if len(key) < 5:
        return []
    limit = max(2, len(key) // 5)
    best: dict[str, tuple[int, str, int]] = {}
    for cut in (2, 4, 7):
        size = len(key) - cut
        if size < 4:
            break
        prefix = key[:size]
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        for lookup, number, revision, client_id in sql_rows(
            _NEAR, [prefix, upper, CertificateStatus.DRAFT.value]
        ):
            distance = Levenshtein.distance(key, lookup, score_cutoff=limit)
            if distance > limit:
                continue
            printed = printed_number(number, revision)
            if number not in best or (distance, printed) < best[number][:2]:
                best[number] = (distance, printed, client_id)
        if best:
            break
    ranked = sorted(best.values())
    shown: list[str] = []
    for start in range(0, len(ranked), 4 * NEAR_LIMIT):
        batch = ranked[start : start + 4 * NEAR_LIMIT]
        clients = sorted({c for _d, _p, c in batch})
        secret = {
            row[0]
            for row in sql_rows(_CONFIDENTIAL.format(ids=_marks(len(clients))), [*clients, True])
        }
        shown += [printed for _d, printed, c in batch if c not in secret]
        if len(shown) >= NEAR_LIMIT:
            break
    return shown[:NEAR_LIMIT]


def _guess_body(key: str) -> BodyRef | None:
    """The certification body whose acronym starts the number, if any (so the reader can ask it)."""
    matches = [
        cb
        for acr, cb in _accreditation_snapshot().prefixes
        if acr and key.startswith(acr) and len(key) > len(acr)
    ]
    if not matches:
        return None
    return max(matches, key=lambda cb: len(cb.acronym))


_NOT_FOUND_WHY = (
    gettext_lazy(
        "A typing error: check the number letter by letter, or try one of the near numbers."
    ),
    gettext_lazy(
        "A certificate of a certification body that does not publish its certificates in this "
        "registry: only the issuing body can confirm it."
    ),
    gettext_lazy(
        "A forged or invented certificate. Do not rely on it until the certification body named "
        "on it confirms it in writing."
    ),
)


def _not_found(query: str, key: str, *, suggest: bool) -> Verification:
    texts = _language_texts()
    return Verification(
        query=query,
        key=key,
        verdict=Verdict.NOT_FOUND,
        meaning=_text(("meaning", Verdict.NOT_FOUND), VERDICT_MEANING[Verdict.NOT_FOUND], texts),
        near_numbers=_near_numbers(key) if key and suggest else [],
        explanation=[_text(("not_found", i), why, texts) for i, why in enumerate(_NOT_FOUND_WHY)],
        ask=_guess_body(key) if key and suggest else None,
    )


# --------------------------------------------------------------------------------------------------
# Verify
# --------------------------------------------------------------------------------------------------


def certificate_verify_many(
    numbers: Sequence[str], *, today: dt.date | None = None, suggest: bool = True
) -> list[Verification]:
    """One verification per number, in order: two queries for all the numbers found, whatever
    their count (plus a few per number not found, for near numbers when ``suggest``).

    Numbers are matched on their look-up key (case, spaces, dashes, dots and slashes do not
    matter). A confidential client's certificate is confirmed on its exact number like any other.
    """
    today = today or timezone.localdate()
    keys = {text: number_keys(text) for text in numbers}
    wanted = sorted({k for ks in keys.values() for k in ks if k})
    draft = CertificateStatus.DRAFT.value
    found: dict[str, tuple[Any, ...]] = {}
    if wanted:
        for hit in sql_rows(_CERTS.format(keys=_marks(len(wanted))), [*wanted, draft]):
            found[hit[3]] = _full_row(hit)
    certs = list({hit[0]: hit for hit in found.values()}.values())
    revisions: dict[tuple[int, str], list[tuple[int, int, str, dt.date]]] = defaultdict(list)
    sites: dict[int, list[SiteLine]] = defaultdict(list)
    codes: dict[int, list[IafLine]] = defaultdict(list)
    events: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    if certs:
        bases = sorted({c[1] for c in certs})
        ids = [c[0] for c in certs]
        vendor = connections[DEFAULT_DB_ALIAS].vendor
        for (
            part,
            cert_id,
            text,
            status,
            kind,
            order,
            _city,
            seq,
            cb_id,
            expiry,
            occurred_at,
            before_status,
            before,
            after_status,
            after,
        ) in sql_rows(
            _details_sql(vendor, len(bases), len(ids)),
            [CERTIFICATE_TYPE, True, *bases, draft, *ids, *ids],
        ):
            if part == 2:  # a revision (text: its number), with one of its events (kind) if any
                versions = revisions[(cb_id, text)]
                if not versions or versions[-1][1] != cert_id:
                    versions.append((order, cert_id, status, sql_date(expiry)))
                if kind is not None:
                    events[str(cert_id)].append(
                        (
                            str(cert_id),
                            _moment(occurred_at),
                            kind,
                            _event_status(before_status, before),
                            _event_status(after_status, after),
                            seq,
                        )
                    )
            elif part == 0:  # a site: city, country, scope
                sites[cert_id].append(SiteLine(text, status, country_name(status), kind))
            else:  # an IAF code: sector, code
                codes[cert_id].append(IafLine(int(order), text))
    out = []
    for text in numbers:
        row: tuple[Any, ...] | None = next((found[k] for k in keys[text] if k in found), None)
        if row is None:
            key = keys[text][0] if keys[text] else ""
            out.append(_not_found(text, key, suggest=suggest))
            continue
        out.append(_verification(text, row, revisions, sites, codes, events, today))
    return out


def _event_label(kind: str, texts: dict[Any, str]) -> str:
    label = EVENT_LABELS.get(kind)
    if label is None:
        return kind.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return _text(("event", kind), label, texts)


def _verification(
    text: str,
    row: tuple[Any, ...],
    revisions: dict[tuple[int, str], list[tuple[int, int, str, dt.date]]],
    sites: dict[int, list[SiteLine]],
    codes: dict[int, list[IafLine]],
    events: dict[str, list[tuple[Any, ...]]],
    today: dt.date,
) -> Verification:
    (
        pk,
        number,
        revision,
        lookup_key,
        status,
        scope,
        original,
        issued,
        expiry,
        suspended_on,
        withdrawn_on,
        std_id,
        edition_id,
        client_id,
        client_name,
        client_country,
        confidential,
        std_code,
        std_title,
        year,
        cb_id,
        cb_name,
        acronym,
        cb_country,
        cb_website,
        accreditation_number,
        cb_status,
        cb_updated,
        ab_id,
        ab_name,
        ab_acronym,
        ab_country,
        ab_website,
        ab_mla,
    ) = row
    texts = _language_texts()
    expiry = sql_date(expiry)
    revs = sorted(revisions[(cb_id, number)])
    printed = {str(r_pk): printed_number(number, r) for r, r_pk, _s, _e in revs}
    history = [
        HistoryLine(
            occurred_at=occurred_at,
            kind=kind,
            label=_event_label(kind, texts),
            number=printed.get(object_id, ""),
            from_status=from_status,
            to_status=to_status,
        )
        for object_id, occurred_at, kind, from_status, to_status, _seq in sorted(
            (e for _r, r_pk, _s, _e in revs for e in events.get(str(r_pk), [])),
            key=lambda e: (e[1], e[5]),
        )
    ]
    cert_codes = codes[pk]
    covers, why = _covers(
        (std_id, edition_id, std_code, year, cb_id, acronym, cb_status, cb_updated, ab_id),
        [c.code for c in cert_codes],
        today,
    )
    view = CertificateView(
        number=printed_number(number, revision),
        base_number=number,
        revision=revision,
        status=status,
        standard=std_code,
        standard_title=std_title,
        edition=f"{std_code}:{year}",
        iaf_codes=cert_codes,
        scope=scope,
        original_issue_date=sql_date(original),
        issue_date=sql_date(issued),
        expiry_date=expiry,
        suspended_on=sql_date(suspended_on),
        withdrawn_on=sql_date(withdrawn_on),
        holder_id=None if confidential else client_id,
        holder_name=client_name,
        holder_country=client_country,
        sites=sites[pk],
        certification_body=BodyRef(cb_id, cb_name, acronym, cb_country, cb_website),
        accreditation=Accreditation(
            body=AccreditationBodyRef(ab_name, ab_acronym, ab_country, ab_website, bool(ab_mla))
            if ab_id
            else None,
            number=accreditation_number,
            status=cb_status,
            covers_today=covers,
            explanation=why
            or _("%(cb)s's accreditation covers %(label)s and these IAF codes today.")
            % {"cb": acronym, "label": f"{std_code}:{year}"},
        ),
        history=history,
    )
    verdict = verdict_of(status, expiry, today)
    current_number = current_verdict = None
    if verdict == Verdict.SUPERSEDED and revs:
        newest_rev, _pk, newest_status, newest_expiry = revs[-1]
        current_number = printed_number(number, newest_rev)
        current_verdict = verdict_of(newest_status, newest_expiry, today)
    return Verification(
        query=text,
        key=lookup_key,
        verdict=verdict,
        meaning=_text(("meaning", verdict), VERDICT_MEANING[verdict], texts),
        certificate=view,
        current_number=current_number,
        current_verdict=current_verdict,
    )


def certificate_verify(number: str, *, today: dt.date | None = None) -> Verification:
    """Verify one certificate number (as typed): the verdict, what it means, and its evidence."""
    return certificate_verify_many([number], today=today)[0]
