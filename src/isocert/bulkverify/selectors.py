"""Reads of bulk supplier verification: a kept check by its token (no listing, by design), and
the batched registry reads that matching judges supplier rows against."""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.accreditation.models import CertificationBody
from isocert.bulkverify.models import BulkCheck
from isocert.catalog.models import Standard
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.clients.models import Client
from isocert.registry.choices import Verdict
from isocert.registry.models import SearchEntry, SearchName
from isocert.registry.sql import sql_rows
from isocert.registry.verification import printed_number, sql_date, verdict_of

TOKEN = re.compile(r"^[A-Za-z0-9_-]{16,64}$")
CHUNK = 900
"""Values per ``IN (…)`` list (below SQLite's 999 bound-parameter limit of old builds)."""
SHOWN = (
    CertificateStatus.ACTIVE,
    CertificateStatus.SUSPENDED,
    CertificateStatus.WITHDRAWN,
    CertificateStatus.EXPIRED,
)
"""Statuses of the current revision of a certificate (what a name match may show)."""


def bulk_check_get(token: str) -> BulkCheck:
    """The check with this token, or 404 (unknown, malformed or expired: all look the same)."""
    if not TOKEN.match(token or ""):
        raise Http404(_("No such bulk check (results are kept for 7 days)."))
    check = BulkCheck.objects.filter(token=token, expires_at__gt=timezone.now()).first()
    if check is None:
        raise Http404(_("No such bulk check (results are kept for 7 days)."))
    return check


def rows_with_verdict(check: BulkCheck, verdict: str = "") -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = check.rows
    return [r for r in rows if r.get("verdict") == verdict] if verdict else rows


# --------------------------------------------------------------------------------------------------
# Batched reads
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Found:
    """A certificate as a bulk check needs it."""

    number: str
    status: str
    verdict: Verdict
    holder: str
    holder_country: str
    confidential: bool
    standard: str
    expiry: dt.date
    body: str
    current_number: str = ""
    current_verdict: Verdict | None = None


_T = {
    "cert": Certificate._meta.db_table,
    "client": Client._meta.db_table,
    "standard": Standard._meta.db_table,
    "cb": CertificationBody._meta.db_table,
}
_BY_KEY = """
SELECT c.lookup_key, c.number, c.revision, c.status, c.expiry_date, c.certification_body_id,
       cl.name, cl.country, cl.confidential, s.code, cb.acronym
FROM {cert} c
JOIN {client} cl ON cl.id = c.client_id
JOIN {standard} s ON s.id = c.standard_id
JOIN {cb} cb ON cb.id = c.certification_body_id
WHERE c.lookup_key IN ({{marks}}) AND c.status <> %s
""".format(**_T)
_NEWEST = """
SELECT certification_body_id, number, revision, status, expiry_date FROM {cert}
WHERE number IN ({{marks}}) AND status <> %s
""".format(**_T)
_BY_CLIENT = """
SELECT c.client_id, c.number, c.revision, c.status, c.expiry_date, s.code, cl.name, cl.country,
       cb.acronym
FROM {cert} c
JOIN {client} cl ON cl.id = c.client_id
JOIN {standard} s ON s.id = c.standard_id
JOIN {cb} cb ON cb.id = c.certification_body_id
WHERE c.client_id IN ({{marks}}) AND c.status IN ({{shown}}) AND cl.confidential = %s
ORDER BY c.client_id, s.code, c.number
""".format(**_T)


def _chunks(values: Sequence[Any]) -> Iterable[Sequence[Any]]:
    for i in range(0, len(values), CHUNK):
        yield values[i : i + CHUNK]


def _marks(n: int) -> str:
    return ", ".join(["%s"] * n)


def certificates_by_key(keys: Iterable[str], today: dt.date) -> dict[str, Found]:
    """Published certificates (any revision) by look-up key: two statements per ``CHUNK`` keys."""
    wanted = sorted(set(keys))
    draft = CertificateStatus.DRAFT.value
    rows: list[tuple[Any, ...]] = []
    for part in _chunks(wanted):
        rows += sql_rows(_BY_KEY.format(marks=_marks(len(part))), [*part, draft])
    superseded = sorted({(r[1]) for r in rows if r[3] == CertificateStatus.SUPERSEDED})
    newest: dict[tuple[int, str], tuple[int, str, dt.date]] = {}
    for part in _chunks(superseded):
        for cb_id, number, revision, status, expiry in sql_rows(
            _NEWEST.format(marks=_marks(len(part))), [*part, draft]
        ):
            if (cb_id, number) not in newest or revision > newest[(cb_id, number)][0]:
                newest[(cb_id, number)] = (revision, status, sql_date(expiry))
    out = {}
    for key, number, revision, status, expiry, cb_id, holder, cc, confidential, std, acr in rows:
        expiry = sql_date(expiry)
        current_number, current_verdict = "", None
        if status == CertificateStatus.SUPERSEDED and (cb_id, number) in newest:
            rev, cur_status, cur_expiry = newest[(cb_id, number)]
            current_number = printed_number(number, rev)
            current_verdict = verdict_of(cur_status, cur_expiry, today)
        out[key] = Found(
            number=printed_number(number, revision),
            status=status,
            verdict=verdict_of(status, expiry, today),
            holder=holder,
            holder_country=cc,
            confidential=bool(confidential),
            standard=std,
            expiry=expiry,
            body=acr,
            current_number=current_number,
            current_verdict=current_verdict,
        )
    return out


@dataclass(frozen=True)
class Org:
    client_id: int
    name_id: int
    country: str


def orgs_by_exact_name(names: Iterable[str]) -> dict[str, list[Org]]:
    """Public organisations by exact normalised name (confidential clients are never indexed)."""
    wanted = sorted({n for n in names if n})
    ids: dict[int, str] = {}
    for part in _chunks(wanted):
        ids.update(SearchName.objects.filter(name__in=part).values_list("pk", "name"))
    out: dict[str, list[Org]] = defaultdict(list)
    for org in orgs_by_name_id(list(ids)):
        out[ids[org.name_id]].append(org)
    return out


def orgs_by_name_id(name_ids: Sequence[int]) -> list[Org]:
    out = []
    for part in _chunks(sorted(set(name_ids))):
        for client_id, name_id, country in SearchEntry.objects.filter(
            search_name_id__in=part
        ).values_list("client_id", "search_name_id", "country"):
            out.append(Org(client_id, name_id, country))
    return out


def certificates_by_client(client_ids: Iterable[int], today: dt.date) -> dict[int, list[Found]]:
    """Current certificates of public organisations: one statement per ``CHUNK`` organisations."""
    wanted = sorted(set(client_ids))
    out: dict[int, list[Found]] = defaultdict(list)
    for part in _chunks(wanted):
        for client_id, number, revision, status, expiry, std, holder, cc, acr in sql_rows(
            _BY_CLIENT.format(marks=_marks(len(part)), shown=_marks(len(SHOWN))),
            [*part, *SHOWN, False],
        ):
            expiry = sql_date(expiry)
            out[client_id].append(
                Found(
                    number=printed_number(number, revision),
                    status=status,
                    verdict=verdict_of(status, expiry, today),
                    holder=holder,
                    holder_country=cc,
                    confidential=False,
                    standard=std,
                    expiry=expiry,
                    body=acr,
                )
            )
    return out


def names_starting(prefix: str, limit: int) -> list[tuple[int, str]]:
    """``(id, name)`` of at most ``limit`` indexed names starting with ``prefix``: one index range
    scan."""
    if connection.vendor == "postgresql":
        # served by the ``varchar_pattern_ops`` index Django adds to a unique CharField (a range
        # would follow the database's collation, where "a b" and "ab" sort together)
        rows = SearchName.objects.filter(name__startswith=prefix)
    else:  # SQLite compares bytes: the range is the prefix, and uses the unique index
        upper = prefix[:-1] + chr(ord(prefix[-1]) + 1)
        rows = SearchName.objects.filter(name__gte=prefix, name__lt=upper)
    return list(rows.values_list("pk", "name")[:limit])
