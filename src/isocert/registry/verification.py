"""Verify certificates by number: the verdict a reader sees first, and the evidence behind it.

This is the registry's hottest path (thousands of look-ups a second at 3 million certificates), so
it reads with five fixed SQL statements (no ORM query building), whatever the number of
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
from typing import Any

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from rapidfuzz.distance import Levenshtein

from isocert.accreditation.models import AccreditationBody, CertificationBody
from isocert.accreditation.selectors import accreditation_covers
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate, CertificateSite
from isocert.clients.countries import country_name
from isocert.clients.models import Client, Site
from isocert.core.models import Event
from isocert.registry.choices import EVENT_LABELS, VERDICT_MEANING, Verdict
from isocert.registry.text import normalize_number, number_keys

BULK_LIMIT = 100
"""Numbers one bulk verification may ask about."""
NEAR_LIMIT = 5
CERTIFICATE_TYPE = "certification.certificate"
COVERAGE_SECONDS = 60.0
"""How long an answer of ``accreditation_covers`` is reused (public answers are cacheable for as
long); a change of the body's accreditation status is seen at once."""


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
        return str(self.verdict.label)


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
}
_CERTS = """
SELECT c.id, c.number, c.revision, c.lookup_key, c.status, c.scope, c.original_issue_date,
       c.issue_date, c.expiry_date, c.suspended_on, c.withdrawn_on, c.standard_id, c.edition_id,
       cl.id, cl.name, cl.country, cl.confidential, s.code, s.title, e.year,
       cb.id, cb.name, cb.acronym, cb.country, cb.website, cb.accreditation_number,
       cb.accreditation_status, cb.updated_at, cb.accreditation_body_id,
       ab.name, ab.acronym, ab.country, ab.website, ab.iaf_mla_signatory
FROM {cert} c
JOIN {client} cl ON cl.id = c.client_id
JOIN {standard} s ON s.id = c.standard_id
JOIN {edition} e ON e.id = c.edition_id
JOIN {cb} cb ON cb.id = c.certification_body_id
LEFT JOIN {ab} ab ON ab.id = cb.accreditation_body_id
WHERE c.lookup_key IN ({{keys}}) AND c.status <> %s
""".format(**_T)
_REVISIONS = """
SELECT id, certification_body_id, number, revision, status, expiry_date FROM {cert}
WHERE number IN ({{numbers}}) AND status <> %s
""".format(**_T)
_SITES = """
SELECT cs.certificate_id, s.city, s.country, cs.scope FROM {cert_site} cs
JOIN {site} s ON s.id = cs.site_id
WHERE cs.certificate_id IN ({{ids}})
ORDER BY cs.certificate_id, s.is_central_function DESC, s.city, cs.id
""".format(**_T)
_CODES = """
SELECT t.certificate_id, t.iafcode_id, i.sector FROM {cert_code} t
JOIN {iaf} i ON i.code = t.iafcode_id
WHERE t.certificate_id IN ({{ids}}) ORDER BY t.certificate_id, t.iafcode_id
""".format(**_T)
_EVENTS = """
SELECT object_id, occurred_at, kind, before, after, seq FROM {event}
WHERE object_type = %s AND object_id IN ({{ids}}) AND public = %s
ORDER BY occurred_at, seq
""".format(**_T)


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def sql_rows(sql: str, params: Sequence[Any]) -> list[tuple[Any, ...]]:
    """Rows of a plain SQL statement (``%s`` placeholders, both engines)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


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
# Accreditation coverage, remembered a minute per body, edition and codes
# --------------------------------------------------------------------------------------------------

_coverage: dict[tuple[Any, ...], tuple[float, tuple[bool, str]]] = {}
_coverage_lock = threading.Lock()


def coverage_forget() -> None:
    """Forget remembered coverage answers (tests; after an accreditation change if in a hurry)."""
    with _coverage_lock:
        _coverage.clear()


def _covers(row: tuple[Any, ...], codes: list[int], today: dt.date) -> tuple[bool, str]:
    (
        std_id,
        edition_id,
        std_code,
        year,
        cb_id,
        acronym,
        cb_status,
        cb_updated,
        ab_id,
    ) = row
    key = (cb_id, str(cb_updated), cb_status, edition_id, tuple(codes), today)
    now = time.monotonic()
    with _coverage_lock:
        hit = _coverage.get(key)
        if hit and hit[0] > now:
            return hit[1]
    standard = Standard(pk=std_id, code=std_code)
    answer = accreditation_covers(
        certification_body=CertificationBody(
            pk=cb_id, acronym=acronym, accreditation_status=cb_status, accreditation_body_id=ab_id
        ),
        standard=standard,
        edition=Edition(pk=edition_id, standard_id=std_id, year=year),
        iaf_codes=codes,
        on=today,
    )
    with _coverage_lock:
        if len(_coverage) > 20_000:
            _coverage.clear()
        _coverage[key] = (now + COVERAGE_SECONDS, answer)
    return answer


# --------------------------------------------------------------------------------------------------
# Not found
# --------------------------------------------------------------------------------------------------


def _near_numbers(key: str) -> list[str]:
    """Up to five published numbers close to ``key`` (edit distance), among keys sharing a prefix:
    one index range scan per prefix length tried. Confidential clients are never suggested."""
    if len(key) < 5:
        return []
    best: dict[str, tuple[int, str]] = {}
    for cut in (2, 4, 7):
        size = len(key) - cut
        if size < 4:
            break
        prefix = key[:size]
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = (
            Certificate.objects.filter(lookup_key__gte=prefix, lookup_key__lt=upper)
            .exclude(status=CertificateStatus.DRAFT)
            .filter(client__confidential=False)
            .order_by("lookup_key")
            .values_list("lookup_key", "number", "revision")[:300]
        )
        for lookup, number, revision in rows:
            distance = Levenshtein.distance(key, lookup)
            if distance > max(2, len(key) // 5):
                continue
            printed = printed_number(number, revision)
            if number not in best or (distance, printed) < best[number]:
                best[number] = (distance, printed)
        if best:
            break
    ranked = sorted(best.values())
    return [printed for _d, printed in ranked[:NEAR_LIMIT]]


def _body_ref(cb: CertificationBody) -> BodyRef:
    return BodyRef(cb.pk, cb.name, cb.acronym, cb.country, cb.website)


def _guess_body(key: str) -> BodyRef | None:
    """The certification body whose acronym starts the number, if any (so the reader can ask it)."""
    bodies = CertificationBody.objects.only("pk", "name", "acronym", "country", "website")
    matches = [
        cb
        for cb in bodies
        if (acr := normalize_number(cb.acronym)) and key.startswith(acr) and len(key) > len(acr)
    ]
    if not matches:
        return None
    return _body_ref(max(matches, key=lambda cb: len(cb.acronym)))


def _not_found(query: str, key: str, *, suggest: bool) -> Verification:
    explanation = [
        _("A typing error: check the number letter by letter, or try one of the near numbers."),
        _(
            "A certificate of a certification body that does not publish its certificates in this "
            "registry: only the issuing body can confirm it."
        ),
        _(
            "A forged or invented certificate. Do not rely on it until the certification body named "
            "on it confirms it in writing."
        ),
    ]
    return Verification(
        query=query,
        key=key,
        verdict=Verdict.NOT_FOUND,
        meaning=str(VERDICT_MEANING[Verdict.NOT_FOUND]),
        near_numbers=_near_numbers(key) if key and suggest else [],
        explanation=[str(e) for e in explanation],
        ask=_guess_body(key) if key and suggest else None,
    )


# --------------------------------------------------------------------------------------------------
# Verify
# --------------------------------------------------------------------------------------------------


def certificate_verify_many(
    numbers: Sequence[str], *, today: dt.date | None = None, suggest: bool = True
) -> list[Verification]:
    """One verification per number, in order: five queries for all the numbers found, whatever
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
            found[hit[3]] = hit
    certs = list({hit[0]: hit for hit in found.values()}.values())
    revisions: dict[tuple[int, str], list[tuple[int, int, str, dt.date]]] = defaultdict(list)
    sites: dict[int, list[SiteLine]] = defaultdict(list)
    codes: dict[int, list[IafLine]] = defaultdict(list)
    events: dict[str, list[tuple[Any, ...]]] = defaultdict(list)
    if certs:
        bases = sorted({c[1] for c in certs})
        for pk, cb_id, number, revision, status, expiry in sql_rows(
            _REVISIONS.format(numbers=_marks(len(bases))), [*bases, draft]
        ):
            revisions[(cb_id, number)].append((revision, pk, status, sql_date(expiry)))
        ids = [c[0] for c in certs]
        for cert_id, city, country, scope in sql_rows(_SITES.format(ids=_marks(len(ids))), ids):
            sites[cert_id].append(SiteLine(city, country, country_name(country), scope))
        for cert_id, code, sector in sql_rows(_CODES.format(ids=_marks(len(ids))), ids):
            codes[cert_id].append(IafLine(code, sector))
        object_ids = sorted(str(pk) for c in certs for _r, pk, _s, _e in revisions[(c[20], c[1])])
        for event in sql_rows(
            _EVENTS.format(ids=_marks(len(object_ids))), [CERTIFICATE_TYPE, *object_ids, True]
        ):
            events[event[0]].append(event)
    out = []
    for text in numbers:
        row: tuple[Any, ...] | None = next((found[k] for k in keys[text] if k in found), None)
        if row is None:
            key = keys[text][0] if keys[text] else ""
            out.append(_not_found(text, key, suggest=suggest))
            continue
        out.append(_verification(text, row, revisions, sites, codes, events, today))
    return out


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
    expiry = sql_date(expiry)
    revs = sorted(revisions[(cb_id, number)])
    printed = {str(r_pk): printed_number(number, r) for r, r_pk, _s, _e in revs}
    history = []
    for object_id, occurred_at, kind, before, after, _seq in sorted(
        (e for _r, r_pk, _s, _e in revs for e in events.get(str(r_pk), [])),
        key=lambda e: (_moment(e[1]), e[5]),
    ):
        label = EVENT_LABELS.get(kind) or kind.rsplit(".", 1)[-1].replace("_", " ").capitalize()
        history.append(
            HistoryLine(
                occurred_at=_moment(occurred_at),
                kind=kind,
                label=str(label),
                number=printed.get(object_id, ""),
                from_status=str(_json(before).get("status", "")),
                to_status=str(_json(after).get("status", "")),
            )
        )
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
        meaning=str(VERDICT_MEANING[verdict]),
        certificate=view,
        current_number=current_number,
        current_verdict=current_verdict,
    )


def certificate_verify(number: str, *, today: dt.date | None = None) -> Verification:
    """Verify one certificate number (as typed): the verdict, what it means, and its evidence."""
    return certificate_verify_many([number], today=today)[0]
