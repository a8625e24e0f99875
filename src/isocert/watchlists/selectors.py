"""Reads of the watchlists app, always scoped to one verifier (someone else's rows are a 404)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.registry.choices import Verdict
from isocert.registry.verification import printed_number, verdict_of
from isocert.watchlists.choices import WatchKind
from isocert.watchlists.models import Alert, Verifier, Watch, WebhookAttempt, WebhookDelivery


def verifier_of(user: Any) -> Verifier | None:
    """The user's confirmed verifier account, or ``None``."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Verifier.objects.filter(user=user, confirmed_at__isnull=False).first()


def verifier_required(user: Any) -> Verifier:
    verifier = verifier_of(user)
    if verifier is None:
        raise PermissionDenied(
            _("Watchlists belong to verifier accounts; this account is not one.")
        )
    return verifier


def watch_list(*, verifier: Verifier) -> QuerySet[Watch]:
    return Watch.objects.filter(verifier=verifier).order_by("-created_at", "-pk")


def alert_list(*, verifier: Verifier) -> QuerySet[Alert]:
    return Alert.objects.filter(verifier=verifier).order_by("-event_seq", "-pk")


def delivery_list(*, verifier: Verifier) -> QuerySet[WebhookDelivery]:
    return (
        WebhookDelivery.objects.filter(verifier=verifier)
        .prefetch_related(
            Prefetch("attempt_log", queryset=WebhookAttempt.objects.order_by("number"))
        )
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class WatchStatus:
    """The latest public state of what a watch follows."""

    verdict: Verdict | None
    number: str
    expiry_date: dt.date | None
    summary: str


def watch_statuses(watches: list[Watch], *, today: dt.date | None = None) -> dict[int, WatchStatus]:
    """The latest status of each watch: two queries at most, whatever the number of watches."""
    today = today or timezone.localdate()
    out: dict[int, WatchStatus] = {}
    families = [w for w in watches if w.kind == WatchKind.CERTIFICATE]
    orgs = [w for w in watches if w.kind == WatchKind.ORGANISATION]
    if families:
        newest: dict[tuple[int, str], tuple[Any, ...]] = {}
        rows = (
            Certificate.objects.filter(number__in={w.number for w in families})
            .exclude(status=CertificateStatus.DRAFT)
            .values_list("certification_body_id", "number", "revision", "status", "expiry_date")
        )
        for cb, number, revision, status, expiry in rows:
            key = (cb, number)
            if key not in newest or revision > newest[key][0]:
                newest[key] = (revision, status, expiry)
        for w in families:
            hit = newest.get((w.certification_body_id or 0, w.number))
            if hit is None:
                out[w.pk] = WatchStatus(None, w.number, None, _("No longer published"))
                continue
            verdict = verdict_of(hit[1], hit[2], today)
            out[w.pk] = WatchStatus(
                verdict, printed_number(w.number, hit[0]), hit[2], str(verdict.label)
            )
    if orgs:
        counts: dict[int, Counter[Verdict]] = {w.client_id or 0: Counter() for w in orgs}
        for client_id, status, expiry in (
            Certificate.objects.filter(client_id__in=list(counts), client__confidential=False)
            .exclude(status__in=(CertificateStatus.DRAFT, CertificateStatus.SUPERSEDED))
            .values_list("client_id", "status", "expiry_date")
        ):
            counts[client_id][verdict_of(status, expiry, today)] += 1
        for w in orgs:
            tally = counts.get(w.client_id or 0, Counter())
            summary = ", ".join(f"{tally[v]} {v.label.lower()}" for v in Verdict if tally[v])
            out[w.pk] = WatchStatus(None, "", None, summary or _("No certificate published"))
    return out
