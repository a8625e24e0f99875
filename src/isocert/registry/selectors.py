"""Reads of the public registry: verify a certificate, search organisations, an organisation's page,
a certification body's page. No login: everything here is public by design, so every function
decides itself what the public may see (never drafts; confidential clients only on an exact number).

Pages, the JSON API and the command line call these and nothing else.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import AccreditedScope, CertificationBody
from isocert.catalog.models import IafCode, Standard
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.clients.choices import IdentifierScheme
from isocert.clients.countries import country_name
from isocert.clients.models import Client, ClientIdentifier, Site
from isocert.registry.choices import (
    PUBLIC_STATUS_FILTERS,
    SearchSort,
    Verdict,
)
from isocert.registry.models import SearchEntry, SearchIdentifier
from isocert.registry.search import NameHit, name_search
from isocert.registry.sql import sql_rows
from isocert.registry.text import (
    identifier_forms,
    looks_like_identifier,
    normalize_name,
    normalize_number,
)
from isocert.registry.verification import (
    BULK_LIMIT,
    AccreditationBodyRef,
    BodyRef,
    SiteLine,
    Verification,
    certificate_verify,
    certificate_verify_many,
    printed_number,
    sql_date,
    verdict_of,
)

__all__ = [
    "BULK_LIMIT",
    "AccreditationBodyRef",
    "BodyRef",
    "Verification",
    "certificate_verify",
    "certificate_verify_many",
    "certification_body_public",
    "normalize_number",
    "organisation_get",
    "organisation_search",
]

PER_PAGE = 25
MAX_PAGE = 400
"""Deeper pages are refused: narrow the search instead (keeps every page fast)."""
SHOWN = (
    CertificateStatus.ACTIVE,
    CertificateStatus.SUSPENDED,
    CertificateStatus.WITHDRAWN,
    CertificateStatus.EXPIRED,
)
"""Statuses of the current revision of a certificate (drafts are never public; superseded
revisions are reached through their number only)."""


# --------------------------------------------------------------------------------------------------
# Search
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchQuery:
    q: str = ""
    country: str = ""
    standard: str = ""
    status: str = ""
    cb: int | None = None
    iaf_code: int | None = None
    sort: str = ""
    page: int = 1

    @property
    def has_filters(self) -> bool:
        return bool(self.country or self.standard or self.status or self.cb or self.iaf_code)


@dataclass(frozen=True)
class CertificateLine:
    number: str
    standard: str
    verdict: Verdict
    expiry_date: dt.date


@dataclass(frozen=True)
class OrganisationRow:
    id: int
    name: str
    country: str
    country_name: str
    city: str
    certification_body: BodyRef
    certificates: list[CertificateLine]
    score: float | None


@dataclass(frozen=True)
class SearchPage:
    query: SearchQuery
    rows: list[OrganisationRow]
    page: int
    per_page: int
    has_next: bool
    total: int | None
    """``None`` when browsing by filters only (counting a million rows would be slow)."""
    matched_by: str
    """``name``, ``identifier``, ``filters`` or ``none`` (nothing asked yet)."""
    sort: str

    @property
    def has_previous(self) -> bool:
        return self.page > 1


def _certificate_filter(query: SearchQuery, today: dt.date) -> Q | None:
    """Conditions on a client's current certificates for the standard / status / IAF filters."""
    if not (query.standard or query.status or query.iaf_code):
        return None
    cond = Q(status__in=SHOWN)
    if query.standard:
        cond &= Q(standard__code=query.standard)
    if query.iaf_code:
        cond &= Q(iaf_codes=query.iaf_code)
    if query.status == Verdict.VALID:
        cond &= Q(status=CertificateStatus.ACTIVE, expiry_date__gte=today)
    elif query.status == Verdict.SUSPENDED:
        cond &= Q(status=CertificateStatus.SUSPENDED, expiry_date__gte=today)
    elif query.status == Verdict.WITHDRAWN:
        cond &= Q(status=CertificateStatus.WITHDRAWN)
    elif query.status == Verdict.EXPIRED:
        cond &= Q(status=CertificateStatus.EXPIRED) | Q(
            status__in=(CertificateStatus.ACTIVE, CertificateStatus.SUSPENDED),
            expiry_date__lt=today,
        )
    return cond


def _entries(query: SearchQuery, today: dt.date) -> QuerySet[SearchEntry]:
    rows = SearchEntry.objects.all()
    if query.country:
        rows = rows.filter(country=query.country)
    if query.cb:
        rows = rows.filter(certification_body_id=query.cb)
    cond = _certificate_filter(query, today)
    if cond is not None:
        rows = rows.filter(
            Exists(Certificate.objects.filter(cond, client_id=OuterRef("client_id")))
        )
    return rows


SORT_KEYS = {
    SearchSort.NAME: ("sort_key", "client_id"),
    SearchSort.NAME_DESC: ("-sort_key", "-client_id"),
    SearchSort.COUNTRY: ("country", "sort_key", "client_id"),
}


def _body_ref(cb: CertificationBody) -> BodyRef:
    return BodyRef(cb.pk, cb.name, cb.acronym, cb.country, cb.website)


_ROW_CLIENTS = f"""
SELECT cl.id, cl.name, cl.country, cb.id, cb.name, cb.acronym, cb.country, cb.website
FROM {Client._meta.db_table} cl JOIN {CertificationBody._meta.db_table} cb ON cb.id = cl.certification_body_id
WHERE cl.id IN ({{ids}})
"""  # noqa: S608 - table names from the models
_ROW_CITIES = f"""
SELECT client_id, city FROM {Site._meta.db_table} WHERE client_id IN ({{ids}})
ORDER BY client_id, is_central_function DESC, id
"""  # noqa: S608 - table names from the models
_ROW_CERTIFICATES = f"""
SELECT c.client_id, c.number, c.revision, c.status, c.expiry_date, s.code
FROM {Certificate._meta.db_table} c JOIN {Standard._meta.db_table} s ON s.id = c.standard_id
WHERE c.client_id IN ({{ids}}) AND c.status IN ({{shown}})
ORDER BY c.client_id, s.code, c.number
"""  # noqa: S608 - table names from the models


def _rows(client_ids: list[int], scores: dict[int, float], today: dt.date) -> list[OrganisationRow]:
    """Page rows for these clients, in this order: three fixed queries whatever the page size."""
    if not client_ids:
        return []
    marks = ", ".join(["%s"] * len(client_ids))
    shown = ", ".join(["%s"] * len(SHOWN))
    clients = {row[0]: row for row in sql_rows(_ROW_CLIENTS.format(ids=marks), client_ids)}
    city: dict[int, str] = {}
    for client_id, town in sql_rows(_ROW_CITIES.format(ids=marks), client_ids):
        city.setdefault(client_id, town)
    certs: dict[int, list[CertificateLine]] = defaultdict(list)
    for client_id, number, revision, status, expiry, code in sql_rows(
        _ROW_CERTIFICATES.format(ids=marks, shown=shown), [*client_ids, *SHOWN]
    ):
        expiry = sql_date(expiry)
        certs[client_id].append(
            CertificateLine(
                printed_number(number, revision), code, verdict_of(status, expiry, today), expiry
            )
        )
    out = []
    for pk in client_ids:
        row = clients.get(pk)
        if row is None:
            continue
        _pk, name, country, cb_id, cb_name, acronym, cb_country, website = row
        out.append(
            OrganisationRow(
                id=pk,
                name=name,
                country=country,
                country_name=country_name(country),
                city=city.get(pk, ""),
                certification_body=BodyRef(cb_id, cb_name, acronym, cb_country, website),
                certificates=certs[pk],
                score=scores.get(pk),
            )
        )
    return out


_ENTRY_COUNTS = f"""
SELECT search_name_id, COUNT(*) FROM {SearchEntry._meta.db_table}
WHERE search_name_id IN ({{names}}){{where}} GROUP BY search_name_id
"""  # noqa: S608 - table names from the models
_ENTRY_ROWS = f"""
SELECT client_id, search_name_id, sort_key FROM {SearchEntry._meta.db_table}
WHERE search_name_id IN ({{names}}){{where}}
"""  # noqa: S608 - table names from the models


def _relevance_page(
    query: SearchQuery, hits: list[NameHit], offset: int, today: dt.date
) -> SearchPage:
    """A page of a name search in relevance order (no certificate filter): the clients of the
    matching names are counted per name, and read only for the names the page shows, so that a
    search of a thousand similar names reads 25 rows, not thousands."""
    where, extra = "", list[Any]()
    if query.country:
        where += " AND country = %s"
        extra.append(query.country)
    if query.cb:
        where += " AND certification_body_id = %s"
        extra.append(query.cb)
    counts: dict[int, int] = {}
    names = [h.name_id for h in hits]
    for start in range(0, len(names), 900):  # SQLite's limit of bound parameters, with room
        chunk = names[start : start + 900]
        sql = _ENTRY_COUNTS.format(names=", ".join(["%s"] * len(chunk)), where=where)
        counts.update(sql_rows(sql, [*chunk, *extra]))
    total = sum(counts.values())
    shown: list[NameHit] = []
    seen = before = 0
    for hit in hits:
        n = counts.get(hit.name_id, 0)
        if n and seen + n > offset:
            if not shown:
                before = seen  # clients of the names ranked before the page's first name
            shown.append(hit)
        seen += n
        if seen >= offset + PER_PAGE:
            break
    rank = {h.name_id: i for i, h in enumerate(shown)}
    rows = (
        sql_rows(
            _ENTRY_ROWS.format(names=", ".join(["%s"] * len(shown)), where=where),
            [*rank, *extra],
        )
        if shown
        else []
    )
    rows.sort(key=lambda r: (rank[r[1]], r[2], r[0]))
    window = rows[offset - before : offset - before + PER_PAGE]
    by_name = {h.name_id: h for h in shown}
    return SearchPage(
        query=query,
        rows=_rows(
            [r[0] for r in window], {r[0]: round(by_name[r[1]].score, 1) for r in window}, today
        ),
        page=query.page,
        per_page=PER_PAGE,
        has_next=total > offset + PER_PAGE,
        total=total,
        matched_by="name",
        sort=SearchSort.RELEVANCE,
    )


def organisation_search(
    q: str = "",
    *,
    country: str = "",
    standard: str = "",
    status: str = "",
    cb: int | None = None,
    iaf_code: int | None = None,
    sort: str = "",
    page: int = 1,
    today: dt.date | None = None,
) -> SearchPage:
    """Certified organisations by name (typo- and accent-tolerant) or identifier (VAT, company
    registration number), filtered and sorted, 25 a page.

    Confidential clients are never listed (they are not in the search index). Without ``q``, the
    filters browse the registry by name; with neither, nothing is listed.
    """
    today = today or timezone.localdate()
    query = SearchQuery(
        q=(q or "").strip()[:200],
        country=(country or "").strip().upper()[:2],
        standard=(standard or "").strip(),
        status=status if status in PUBLIC_STATUS_FILTERS else "",
        cb=cb,
        iaf_code=iaf_code,
        sort=sort if sort in SearchSort.values else "",
        page=min(max(int(page or 1), 1), MAX_PAGE),
    )
    offset = (query.page - 1) * PER_PAGE
    if query.q:
        sort_by = query.sort or SearchSort.RELEVANCE
        entries = _entries(query, today)
        matched_by = ""
        ordered: list[int] = []
        scores: dict[int, float] = {}
        if looks_like_identifier(query.q):
            forms = identifier_forms(query.q)
            ident = SearchIdentifier.objects.filter(value__in=forms[:1])
            ordered = list(
                entries.filter(client_id__in=ident.values("client_id"))
                .order_by("sort_key", "client_id")
                .values_list("client_id", flat=True)[: MAX_PAGE * PER_PAGE]
            )
            matched_by = "identifier"
        if not ordered:
            matched_by = "name"
            hits = name_search(normalize_name(query.q), country=query.country, cb_id=query.cb)
            if sort_by == SearchSort.RELEVANCE and _certificate_filter(query, today) is None:
                return _relevance_page(query, hits, offset, today)
            by_name = {h.name_id: h for h in hits}
            rows = entries.filter(search_name_id__in=list(by_name)).values_list(
                "client_id", "search_name_id", "sort_key", "country"
            )
            found = [(pk, by_name[name_id], key, cc) for pk, name_id, key, cc in rows]
            rank = {h.name_id: i for i, h in enumerate(hits)}
            if sort_by == SearchSort.RELEVANCE:
                found.sort(key=lambda r: (rank[r[1].name_id], r[2], r[0]))
            elif sort_by == SearchSort.NAME_DESC:
                found.sort(key=lambda r: (r[2], r[0]), reverse=True)
            elif sort_by == SearchSort.COUNTRY:
                found.sort(key=lambda r: (r[3], r[2], r[0]))
            else:
                found.sort(key=lambda r: (r[2], r[0]))
            ordered = [r[0] for r in found]
            scores = {r[0]: round(r[1].score, 1) for r in found}
        elif sort_by != SearchSort.RELEVANCE:
            ordered = list(
                entries.filter(client_id__in=ordered)
                .order_by(*SORT_KEYS[SearchSort(sort_by)])
                .values_list("client_id", flat=True)
            )
        window = ordered[offset : offset + PER_PAGE]
        return SearchPage(
            query=query,
            rows=_rows(window, scores, today),
            page=query.page,
            per_page=PER_PAGE,
            has_next=len(ordered) > offset + PER_PAGE,
            total=len(ordered),
            matched_by=matched_by,
            sort=sort_by,
        )
    if not query.has_filters:
        return SearchPage(query, [], 1, PER_PAGE, False, 0, "none", query.sort or SearchSort.NAME)
    sort_by = query.sort if query.sort in SORT_KEYS else SearchSort.NAME
    ids = list(
        _entries(query, today)
        .order_by(*SORT_KEYS[SearchSort(sort_by)])
        .values_list("client_id", flat=True)[offset : offset + PER_PAGE + 1]
    )
    return SearchPage(
        query=query,
        rows=_rows(ids[:PER_PAGE], {}, today),
        page=query.page,
        per_page=PER_PAGE,
        has_next=len(ids) > PER_PAGE,
        total=None,
        matched_by="filters",
        sort=sort_by,
    )


# --------------------------------------------------------------------------------------------------
# Organisation and certification-body pages
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OrganisationCertificate:
    number: str
    standard: str
    edition: str
    verdict: Verdict
    scope: str
    original_issue_date: dt.date
    issue_date: dt.date
    expiry_date: dt.date
    certification_body: BodyRef


@dataclass(frozen=True)
class OrganisationView:
    id: int
    name: str
    country: str
    country_name: str
    website: str
    identifiers: list[tuple[str, str]]
    sites: list[SiteLine]
    certificates: list[OrganisationCertificate]


def organisation_get(pk: int, *, today: dt.date | None = None) -> OrganisationView:
    """A certified organisation's public page with all its certificates; 404 for a confidential
    client or one that holds no issued certificate."""
    today = today or timezone.localdate()
    issued = Certificate.objects.filter(client_id=OuterRef("pk")).exclude(
        status=CertificateStatus.DRAFT
    )
    client = Client.objects.filter(pk=pk, confidential=False).filter(Exists(issued)).first()
    if client is None:
        raise Http404(_("No such organisation in the public registry."))
    identifiers = [
        (
            str(IdentifierScheme(scheme).label) if scheme in IdentifierScheme.values else scheme,
            value,
        )
        for scheme, value in ClientIdentifier.objects.filter(client=client)
        .order_by("scheme", "value")
        .values_list("scheme", "value")
    ]
    sites = [
        SiteLine(city, cc, country_name(cc), activities)
        for city, cc, activities in Site.objects.filter(client=client)
        .order_by("-is_central_function", "city", "pk")
        .values_list("city", "country", "activities")
    ]
    certificates = [
        OrganisationCertificate(
            number=printed_number(c.number, c.revision),
            standard=c.standard.code,
            edition=f"{c.standard.code}:{c.edition.year}",
            verdict=verdict_of(c.status, c.expiry_date, today),
            scope=c.scope,
            original_issue_date=c.original_issue_date,
            issue_date=c.issue_date,
            expiry_date=c.expiry_date,
            certification_body=_body_ref(c.certification_body),
        )
        for c in Certificate.objects.filter(client=client, status__in=SHOWN)
        .select_related("standard", "edition", "certification_body")
        .order_by("standard__code", "number")
    ]
    return OrganisationView(
        id=client.pk,
        name=client.name,
        country=client.country,
        country_name=country_name(client.country),
        website=client.website,
        identifiers=identifiers,
        sites=sites,
        certificates=certificates,
    )


@dataclass(frozen=True)
class ScopeLine:
    standard: str
    edition: str
    iaf_codes: list[int]
    valid_from: dt.date
    valid_until: dt.date | None
    status: str
    status_label: str
    current: bool


@dataclass(frozen=True)
class CountLine:
    standard: str
    valid: int
    suspended: int
    withdrawn: int
    expired: int

    @property
    def total(self) -> int:
        return self.valid + self.suspended + self.withdrawn + self.expired


@dataclass(frozen=True)
class BodyView:
    id: int
    name: str
    acronym: str
    country: str
    country_name: str
    website: str
    accreditation_body: AccreditationBodyRef | None
    accreditation_number: str
    accreditation_status: str
    accreditation_status_label: str
    accreditation_status_since: dt.date | None
    scopes: list[ScopeLine]
    counts: list[CountLine]
    organisations: int

    @property
    def totals(self) -> CountLine:
        return CountLine(
            standard="",
            valid=sum(c.valid for c in self.counts),
            suspended=sum(c.suspended for c in self.counts),
            withdrawn=sum(c.withdrawn for c in self.counts),
            expired=sum(c.expired for c in self.counts),
        )


def certification_body_public(pk: int, *, today: dt.date | None = None) -> BodyView:
    """A certification body's public page: its accreditation chain, accredited scope lines, and
    how many certificates it has published by standard and verdict."""
    today = today or timezone.localdate()
    cb = CertificationBody.objects.filter(pk=pk).select_related("accreditation_body").first()
    if cb is None:
        raise Http404(_("No such certification body."))
    scopes = []
    for line in (
        AccreditedScope.objects.filter(certification_body=cb)
        .select_related("standard", "edition")
        .prefetch_related("iaf_codes")
        .order_by("standard__code", "edition__year")
    ):
        current = (
            line.status == AccreditationStatus.ACTIVE
            and line.valid_from <= today
            and (line.valid_until is None or line.valid_until >= today)
        )
        scopes.append(
            ScopeLine(
                standard=line.standard.code,
                edition=f"{line.standard.code}:{line.edition.year}",
                iaf_codes=sorted(c.code for c in line.iaf_codes.all()),
                valid_from=line.valid_from,
                valid_until=line.valid_until,
                status=line.status,
                status_label=str(line.get_status_display()),
                current=current,
            )
        )
    tally: dict[str, dict[Verdict, int]] = defaultdict(lambda: defaultdict(int))
    past_expiry = ExpressionWrapper(Q(expiry_date__lt=today), output_field=BooleanField())
    for code, status, past, n in (
        Certificate.objects.filter(certification_body=cb, status__in=SHOWN)
        .annotate(past=past_expiry)
        .values("standard__code", "status", "past")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("standard__code", "status", "past", "n")
    ):
        verdict = verdict_of(status, today - dt.timedelta(days=1) if past else today, today)
        tally[code][verdict] += n
    counts = [
        CountLine(
            standard=code,
            valid=t[Verdict.VALID],
            suspended=t[Verdict.SUSPENDED],
            withdrawn=t[Verdict.WITHDRAWN],
            expired=t[Verdict.EXPIRED],
        )
        for code, t in sorted(tally.items())
    ]
    ab = cb.accreditation_body
    return BodyView(
        id=cb.pk,
        name=cb.name,
        acronym=cb.acronym,
        country=cb.country,
        country_name=country_name(cb.country),
        website=cb.website,
        accreditation_body=AccreditationBodyRef(
            ab.name, ab.acronym, ab.country, ab.website, ab.iaf_mla_signatory
        )
        if ab
        else None,
        accreditation_number=cb.accreditation_number,
        accreditation_status=cb.accreditation_status,
        accreditation_status_label=str(cb.get_accreditation_status_display()),
        accreditation_status_since=cb.accreditation_status_since,
        scopes=scopes,
        counts=counts,
        organisations=SearchEntry.objects.filter(certification_body=cb).count(),
    )


def filter_choices() -> dict[str, Any]:
    """Values for the search form's selects: standards, IAF codes, bodies (small tables)."""
    return {
        "standards": list(
            Standard.objects.filter(certifiable=True)
            .order_by("code")
            .values_list("code", flat=True)
        ),
        "iaf_codes": list(IafCode.objects.order_by("code").values_list("code", "sector")),
        "bodies": list(
            CertificationBody.objects.order_by("name").values_list("pk", "acronym", "name")
        ),
    }
