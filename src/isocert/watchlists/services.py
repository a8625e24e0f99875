"""Writes of the watchlists app: verifier sign-up and confirmation, watches, webhook settings, the
alert dispatcher and webhook delivery attempts.

Nothing here sends mail or calls a webhook inside a request: the dispatcher and the services queue
tasks after commit (``isocert db_worker`` runs them). The dispatcher reads the public certificate
events of the ledger after a stored cursor, so running it twice, or late, changes nothing twice.
"""

from __future__ import annotations

import datetime as dt
import json
import secrets
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import connection, transaction
from django.db.models import Exists, Min, OuterRef
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate
from isocert.clients.models import Client
from isocert.core.errors import Refused
from isocert.core.models import Event, LedgerHead
from isocert.registry.choices import EVENT_LABELS
from isocert.registry.text import number_keys
from isocert.watchlists import webhooks
from isocert.watchlists.choices import DeliveryKind, DeliveryStatus, WatchKind
from isocert.watchlists.models import (
    Alert,
    AlertCursor,
    Verifier,
    Watch,
    WebhookAttempt,
    WebhookDelivery,
)

CONFIRM_SALT = "isocert.watchlists.confirm"
CONFIRM_MAX_AGE = dt.timedelta(days=3)
CERTIFICATE_TYPE = "certification.certificate"
BATCH = 500
"""Ledger events read per round by the dispatcher."""
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
"""Waits before each retry of a failed webhook delivery: six attempts in all, over about 15 hours."""
WATCHED_FIELDS = ("status", "scope", "expiry_date")
MAX_ID = 2**63 - 1
"""The largest primary key either engine stores; a larger id is simply not found."""


def _field_error(message: str, field: str) -> Refused:
    return Refused(message, details={"field": field})


# --------------------------------------------------------------------------------------------------
# Verifier accounts
# --------------------------------------------------------------------------------------------------


def confirmation_token(verifier: Verifier) -> str:
    return signing.dumps({"v": verifier.pk, "e": verifier.user.email}, salt=CONFIRM_SALT)


@transaction.atomic
def verifier_signup(*, email: str, password: str, site_url: str = "") -> Verifier:
    """Create an inactive verifier account; the confirmation mail is queued after commit.

    The user name is the e-mail address; the account can sign in once the address is confirmed.
    """
    from isocert.watchlists.tasks import send_confirmation

    email = (email or "").strip().lower()
    try:
        validate_email(email)
    except ValidationError:
        raise _field_error(_("Enter a valid e-mail address."), "email") from None
    users = get_user_model()
    # A sign-up never confirmed (the link lost or expired) may sign up again: new password, new link.
    pending = (
        Verifier.objects.select_related("user")
        .filter(user__username__iexact=email, confirmed_at__isnull=True, user__is_active=False)
        .first()
    )
    if pending is None and (
        users.objects.filter(username__iexact=email).exists()
        or users.objects.filter(email__iexact=email).exists()
    ):
        raise _field_error(
            _("An account with this e-mail address already exists; sign in instead."), "email"
        )
    user = pending.user if pending else users(username=email, email=email, is_active=False)
    try:
        validate_password(password, user=user)
    except ValidationError as exc:
        raise Refused(" ".join(exc.messages), details={"field": "password"}) from None
    user.set_password(password)
    user.save()
    if pending:
        verifier = pending
        verifier.site_url = site_url.rstrip("/")[:200]
        verifier.save(update_fields=["site_url"])
    else:
        verifier = Verifier.objects.create(user=user, site_url=site_url.rstrip("/")[:200])
    pk = verifier.pk
    transaction.on_commit(lambda: send_confirmation.enqueue(pk))
    return verifier


@transaction.atomic
def verifier_confirm(*, token: str) -> Verifier:
    """Confirm the e-mail address of a sign-up (idempotent); the account may then sign in."""
    try:
        data = signing.loads(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    except signing.SignatureExpired:
        raise Refused(
            _("This confirmation link has expired; sign up again."), code="link_expired"
        ) from None
    except signing.BadSignature:
        raise Refused(_("This confirmation link is not valid."), code="bad_link") from None
    verifier = (
        Verifier.objects.select_for_update(of=("self",))
        .select_related("user")
        .filter(pk=data.get("v"))
        .first()
    )
    if verifier is None or verifier.user.email != data.get("e"):
        raise Refused(_("This confirmation link is not valid."), code="bad_link")
    if verifier.confirmed_at is None:
        verifier.confirmed_at = timezone.now()
        verifier.save(update_fields=["confirmed_at"])
        verifier.user.is_active = True
        verifier.user.save(update_fields=["is_active"])
    return verifier


# --------------------------------------------------------------------------------------------------
# Watches
# --------------------------------------------------------------------------------------------------


def _ledger_head() -> int:
    head = LedgerHead.objects.filter(pk=1).values_list("last_seq", flat=True).first()
    return head or 0


@transaction.atomic
def watch_certificate(*, verifier: Verifier, number: str) -> tuple[Watch, bool]:
    """Watch every revision of the certificate with this exact number (as the verify page finds
    it, confidential holders included). Returns the watch and whether it is new."""
    keys = [k for k in number_keys(number) if k]
    cert = (
        Certificate.objects.filter(lookup_key__in=keys)
        .exclude(status=CertificateStatus.DRAFT)
        .select_related("client")
        .order_by("-revision")
        .first()
        if keys
        else None
    )
    if cert is None:
        raise Http404(_("No certificate with this number in the registry."))
    watch, created = Watch.objects.get_or_create(
        verifier=verifier,
        kind=WatchKind.CERTIFICATE,
        certification_body_id=cert.certification_body_id,
        number=cert.number,
        defaults={
            "label": f"{cert.number} — {cert.client.name}"[:300],
            "since_seq": _ledger_head(),
        },
    )
    return watch, created


def _public_client(pk: int) -> Client:
    issued = Certificate.objects.filter(client_id=OuterRef("pk")).exclude(
        status=CertificateStatus.DRAFT
    )
    client = Client.objects.filter(pk=pk, confidential=False).filter(Exists(issued)).first()
    if client is None:
        raise Http404(_("No such organisation in the public registry."))
    return client


@transaction.atomic
def watch_organisation(*, verifier: Verifier, organisation_id: int) -> tuple[Watch, bool]:
    """Watch every certificate of a listed organisation (a confidential client is a 404)."""
    if not 0 < organisation_id <= MAX_ID:
        raise Http404(_("No such organisation in the public registry."))
    client = _public_client(organisation_id)
    watch, created = Watch.objects.get_or_create(
        verifier=verifier,
        kind=WatchKind.ORGANISATION,
        client=client,
        defaults={"label": client.name[:300], "since_seq": _ledger_head()},
    )
    return watch, created


@transaction.atomic
def watch_remove(*, verifier: Verifier, watch_id: int) -> None:
    """Stop watching; someone else's watch is a 404. Alerts already raised stay."""
    if not 0 < watch_id <= MAX_ID:
        raise Http404(_("No such watch."))
    deleted, _rows = Watch.objects.filter(pk=watch_id, verifier=verifier).delete()
    if not deleted:
        raise Http404(_("No such watch."))


# --------------------------------------------------------------------------------------------------
# Notification settings and webhook secrets
# --------------------------------------------------------------------------------------------------


def _new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


@transaction.atomic
def verifier_settings_update(
    *, verifier: Verifier, webhook_url: str, email_alerts: bool
) -> str | None:
    """Set where alerts go. Returns a new webhook secret (to show once) when a webhook is set for
    the first time, else ``None``."""
    url = webhooks.url_check(webhook_url) if (webhook_url or "").strip() else ""
    verifier.webhook_url = url
    verifier.email_alerts = email_alerts
    fresh = None
    if url and not verifier.webhook_secret:
        fresh = verifier.webhook_secret = _new_secret()
    verifier.save(update_fields=["webhook_url", "email_alerts", "webhook_secret"])
    return fresh


@transaction.atomic
def webhook_secret_rotate(*, verifier: Verifier) -> str:
    """A new signing secret, returned once; messages sent from now on are signed with it."""
    verifier.webhook_secret = _new_secret()
    verifier.save(update_fields=["webhook_secret"])
    return verifier.webhook_secret


def _dumps(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _deliver_soon(delivery_ids: list[int]) -> None:
    from isocert.watchlists.tasks import webhook_deliver

    def enqueue() -> None:
        for pk in delivery_ids:
            webhook_deliver.enqueue(pk)

    if delivery_ids:
        transaction.on_commit(enqueue)


@transaction.atomic
def webhook_test(*, verifier: Verifier) -> WebhookDelivery:
    """Queue a test message to the verifier's webhook (delivered and logged like an alert)."""
    if not verifier.webhook_url or not verifier.webhook_secret:
        raise _field_error(_("Set a webhook URL first."), "webhook_url")
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        verifier=verifier,
        kind=DeliveryKind.TEST,
        url=verifier.webhook_url,
        body=_dumps({"type": "ping", "sent_at": now.isoformat(), "message": "isocert test"}),
        next_attempt_at=now,
    )
    _deliver_soon([delivery.pk])
    return delivery


# --------------------------------------------------------------------------------------------------
# The dispatcher: ledger events → alerts → mail and webhook deliveries
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DispatchSummary:
    events: int
    alerts: int
    cursor: int


def alerts_dispatch_soon() -> None:
    """Queue one dispatch after the current transaction commits (once per transaction, however
    many certificate events it records). Called by the certification services."""
    from isocert.watchlists.tasks import alerts_dispatch_task

    def enqueue() -> None:
        alerts_dispatch_task.enqueue()

    enqueue.__qualname__ = _ENQUEUE_MARK
    if any(getattr(item[1], "__qualname__", "") == _ENQUEUE_MARK for item in _pending()):
        return
    transaction.on_commit(enqueue)


_ENQUEUE_MARK = "isocert.watchlists.alerts_dispatch_soon"


def _pending() -> list[tuple[Any, Callable[[], None], bool]]:
    return list(getattr(connection, "run_on_commit", []) or [])


def _label(kind: str) -> str:
    label = EVENT_LABELS.get(kind)
    return str(label) if label else kind.rsplit(".", 1)[-1].replace("_", " ").capitalize()


def _changes(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What changed among status, scope and expiry; a new revision states all three."""
    if before.get("status") == CertificateStatus.DRAFT:
        before = {"status": CertificateStatus.DRAFT.value}
    return {
        name: {"from": before.get(name), "to": after.get(name)}
        for name in WATCHED_FIELDS
        if name in after and before.get(name) != after.get(name)
    }


@transaction.atomic
def alerts_dispatch(*, batch: int = BATCH) -> DispatchSummary:
    """Turn the public certificate events recorded since the last run into alerts for the verifiers
    watching them, and queue their mail and webhook deliveries after commit.

    Idempotent: the cursor row is locked while it runs and moves past what was read; an event
    older than a watch raises no alert for it; each verifier gets one alert per event.
    """
    cursor, _new = AlertCursor.objects.select_for_update().get_or_create(pk=1)
    # Read the head first: every event up to it is committed (the head moves in the same
    # transaction as its event), so nothing below the new cursor can still appear later.
    head = _ledger_head()
    floor = Watch.objects.aggregate(low=Min("since_seq"))["low"]
    if floor is None:  # nobody watches anything: skip to the end of the ledger
        cursor.last_seq = max(cursor.last_seq, head)
        cursor.save(update_fields=["last_seq"])
        return DispatchSummary(0, 0, cursor.last_seq)
    start = max(cursor.last_seq, floor)
    events_seen = 0
    created: list[Alert] = []
    while True:
        events = list(
            Event.objects.filter(
                seq__gt=start, seq__lte=head, public=True, object_type=CERTIFICATE_TYPE
            )
            .order_by("seq")
            .values_list("seq", "kind", "object_id", "occurred_at", "before", "after")[:batch]
        )
        if not events:
            break
        events_seen += len(events)
        created += _alerts_for(events)
        start = events[-1][0]
    cursor.last_seq = max(cursor.last_seq, head)
    cursor.save(update_fields=["last_seq"])
    _notify(created)
    return DispatchSummary(events_seen, len(created), cursor.last_seq)


def _alerts_for(events: list[tuple[Any, ...]]) -> list[Alert]:
    cert_ids = {int(e[2]) for e in events if str(e[2]).isdigit()}
    certs = {
        row["pk"]: row
        for row in Certificate.objects.filter(pk__in=cert_ids).values(
            "pk",
            "number",
            "revision",
            "certification_body_id",
            "client_id",
            "client__name",
            "client__confidential",
        )
    }
    numbers = {c["number"] for c in certs.values()}
    listed_clients = {c["client_id"] for c in certs.values() if not c["client__confidential"]}
    by_family: dict[tuple[int, str], list[Watch]] = defaultdict(list)
    by_client: dict[int, list[Watch]] = defaultdict(list)
    active = {"verifier__user__is_active": True, "verifier__confirmed_at__isnull": False}
    for watch in Watch.objects.filter(kind=WatchKind.CERTIFICATE, number__in=numbers, **active):
        by_family[(watch.certification_body_id or 0, watch.number)].append(watch)
    for watch in Watch.objects.filter(
        kind=WatchKind.ORGANISATION, client_id__in=listed_clients, **active
    ):
        by_client[watch.client_id or 0].append(watch)
    alerts: list[Alert] = []
    for seq, kind, object_id, occurred_at, before, after in events:
        cert = certs.get(int(object_id)) if str(object_id).isdigit() else None
        if cert is None:
            continue
        watchers: dict[int, Watch] = {}
        for watch in by_family[(cert["certification_body_id"], cert["number"])]:
            if watch.since_seq < seq:
                watchers.setdefault(watch.verifier_id, watch)
        if not cert["client__confidential"]:
            for watch in by_client[cert["client_id"]]:
                if watch.since_seq < seq:
                    watchers.setdefault(watch.verifier_id, watch)
        if not watchers:
            continue
        before, after = before or {}, after or {}
        printed = (
            cert["number"] if cert["revision"] == 0 else f"{cert['number']}-R{cert['revision']}"
        )
        for verifier_id, watch in watchers.items():
            alerts.append(
                Alert(
                    verifier_id=verifier_id,
                    watch=watch,
                    event_seq=seq,
                    kind=kind,
                    label=_label(kind)[:200],
                    occurred_at=occurred_at,
                    certificate_number=printed[:80],
                    holder=cert["client__name"][:250],
                    from_status=str(before.get("status") or "")[:20],
                    to_status=str(after.get("status") or "")[:20],
                    changes=_changes(before, after),
                )
            )
    if not alerts:
        return []
    done = set(
        Alert.objects.filter(event_seq__in={a.event_seq for a in alerts}).values_list(
            "verifier_id", "event_seq"
        )
    )
    fresh = [a for a in alerts if (a.verifier_id, a.event_seq) not in done]
    return Alert.objects.bulk_create(fresh)


def alert_payload(alert: Alert, site_url: str) -> dict[str, Any]:
    """The JSON a webhook receives for one alert (docs/watchlists.md)."""
    verify = f"/registry/verify/?number={alert.certificate_number}"
    return {
        "type": alert.kind,
        "alert_id": alert.pk,
        "event": alert.event_seq,
        "occurred_at": alert.occurred_at.astimezone(dt.UTC).isoformat().replace("+00:00", "Z"),
        "label": alert.label,
        "certificate": {
            "number": alert.certificate_number,
            "holder": alert.holder,
            "from_status": alert.from_status,
            "to_status": alert.to_status,
        },
        "changes": alert.changes,
        "watch_id": alert.watch_id,
        "verify_url": f"{site_url}{verify}",
    }


def _notify(alerts: list[Alert]) -> None:
    """Queue each alert's mail and create (then queue) its webhook delivery, after commit."""
    if not alerts:
        return
    from isocert.watchlists.tasks import send_alert_mail

    verifiers = {v.pk: v for v in Verifier.objects.filter(pk__in={a.verifier_id for a in alerts})}
    mails: list[int] = []
    deliveries: list[WebhookDelivery] = []
    now = timezone.now()
    for alert in alerts:
        verifier = verifiers[alert.verifier_id]
        if verifier.email_alerts:
            mails.append(alert.pk)
        if verifier.webhook_url and verifier.webhook_secret:
            deliveries.append(
                WebhookDelivery(
                    verifier=verifier,
                    alert=alert,
                    kind=DeliveryKind.ALERT,
                    url=verifier.webhook_url,
                    body=_dumps(alert_payload(alert, verifier.site_url)),
                    next_attempt_at=now,
                )
            )
    created = WebhookDelivery.objects.bulk_create(deliveries)

    def enqueue_mails() -> None:
        for pk in mails:
            send_alert_mail.enqueue(pk)

    if mails:
        transaction.on_commit(enqueue_mails)
    _deliver_soon([d.pk for d in created])


# --------------------------------------------------------------------------------------------------
# One webhook attempt (run by the worker)
# --------------------------------------------------------------------------------------------------


def webhook_attempt(*, delivery_id: int) -> WebhookAttempt | None:
    """Try a pending delivery once and log the attempt; on failure schedule the next try after
    ``BACKOFF`` (then give up). A delivery no longer pending, or not yet due, is left alone, so a
    duplicate task is harmless. Not atomic on purpose: no transaction is held open over HTTP."""
    delivery = WebhookDelivery.objects.select_related("verifier").filter(pk=delivery_id).first()
    now = timezone.now()
    if delivery is None or delivery.status != DeliveryStatus.PENDING:
        return None
    if delivery.next_attempt_at and delivery.next_attempt_at > now + dt.timedelta(seconds=5):
        return None
    number = delivery.attempts + 1
    claimed = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.PENDING, attempts=delivery.attempts
    ).update(attempts=number, next_attempt_at=None)
    if not claimed:
        return None
    stale = delivery.verifier.webhook_url != delivery.url  # changed or removed since: give up
    if stale:
        outcome = webhooks.Outcome(None, "the webhook URL was changed or removed", 0)
    else:
        outcome = webhooks.post(
            url=delivery.url,
            body=delivery.body.encode(),
            secret=delivery.verifier.webhook_secret,
            delivery_id=delivery.pk,
        )
    with transaction.atomic():
        attempt = WebhookAttempt.objects.create(
            delivery=delivery,
            number=number,
            started_at=now,
            duration_ms=outcome.duration_ms,
            status_code=outcome.status_code,
            error=outcome.error,
        )
        if outcome.ok:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(
                status=DeliveryStatus.DELIVERED, delivered_at=timezone.now()
            )
        elif number <= len(BACKOFF) and not stale:
            due = timezone.now() + BACKOFF[number - 1]
            WebhookDelivery.objects.filter(pk=delivery.pk).update(next_attempt_at=due)
            _retry_at(delivery.pk, due)
        else:
            WebhookDelivery.objects.filter(pk=delivery.pk).update(status=DeliveryStatus.FAILED)
    return attempt


def _retry_at(delivery_id: int, due: dt.datetime) -> None:
    from isocert.watchlists.tasks import webhook_deliver

    transaction.on_commit(lambda: webhook_deliver.using(run_after=due).enqueue(delivery_id))
