"""The append-only, hash-chained event ledger (ARCHITECTURE rule 3).

``ledger_append`` is called by every service that changes a certification record, inside the same
transaction. ``ledger_verify`` recomputes the chain and names the first event whose content or link no
longer matches.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import timezone

from isocert.core.models import Event, LedgerHead

GENESIS = "0" * 64


def _plain(value: Any) -> Any:
    """JSON-stable form of a value: dates and decimals as strings, models by primary key."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if isinstance(value, dt.datetime):
        return _utc(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, models.Model):
        return value.pk
    return value


def _utc(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _digest(fields: dict[str, Any]) -> str:
    payload = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(payload.encode()).hexdigest()


def _fields(event: Event) -> dict[str, Any]:
    return {
        "seq": event.seq,
        "occurred_at": _utc(event.occurred_at),
        "actor_id": event.actor_id,
        "actor_label": event.actor_label,
        "certification_body_id": event.certification_body_id,
        "kind": event.kind,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "before": event.before,
        "after": event.after,
        "reason": event.reason,
        "public": event.public,
        "prev_hash": event.prev_hash,
    }


def event_hash(event: Event) -> str:
    """The hash an event must carry: its content and its link to the previous event (public for
    bulk loaders that write events without ``ledger_append``)."""
    return _digest(_fields(event))


def ledger_append(
    *,
    actor: Any,
    kind: str,
    obj: models.Model,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    reason: str = "",
    certification_body_id: int | None = None,
    public: bool = False,
) -> Event:
    """Append one event; must run inside the transaction that makes the change."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("ledger_append must be called inside the change's transaction")
    head, _created = LedgerHead.objects.select_for_update().get_or_create(pk=1)
    user = actor if getattr(actor, "pk", None) else None
    event = Event(
        seq=head.last_seq + 1,
        occurred_at=timezone.now(),
        actor=user,
        actor_label=(user.get_username() if user else str(actor or "system")),
        certification_body_id=certification_body_id,
        kind=kind,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        before=_plain(before) if before is not None else None,
        after=_plain(after) if after is not None else None,
        reason=reason,
        public=public,
        prev_hash=head.last_hash,
    )
    event.hash = event_hash(event)
    event.save(force_insert=True)
    head.last_seq = event.seq
    head.last_hash = event.hash
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class LedgerCheck:
    ok: bool
    events: int
    first_broken: int | None = None
    problem: str = ""


def ledger_verify(*, batch: int = 5000) -> LedgerCheck:
    """Recompute every hash in order; report the first event whose content or link is wrong."""
    prev = GENESIS
    expected_seq = 1
    count = 0
    for event in Event.objects.order_by("seq").iterator(chunk_size=batch):
        if event.seq != expected_seq:
            return LedgerCheck(False, count, expected_seq, f"event #{expected_seq} is missing")
        if event.prev_hash != prev:
            return LedgerCheck(False, count, event.seq, "link to the previous event is broken")
        if event_hash(event) != event.hash:
            return LedgerCheck(False, count, event.seq, "content was changed after it was written")
        prev = event.hash
        expected_seq += 1
        count += 1
    head = LedgerHead.objects.filter(pk=1).first()
    if head and head.last_seq != count:
        return LedgerCheck(
            False, count, count + 1, f"the ledger head says {head.last_seq} events, found {count}"
        )
    return LedgerCheck(True, count)


def snapshot(obj: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of a record, for an event's before/after."""
    return {name: _plain(getattr(obj, name)) for name in fields}
