"""Public certificate history in bulk, chained onto the hash-chained ledger.

Each row is hashed with ``isocert.core.ledger``'s own ``event_hash`` (the ledger
exports no public hashing function yet), so the chain is the one ``ledger_append`` would write and
``isocert ledger verify`` passes.
"""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace
from typing import Any, cast

from django.db import connection

from isocert.core.ledger import event_hash
from isocert.core.models import Event

ACTOR_LABEL = "isocert synth"
OBJECT_TYPE = "certification.certificate"

EventRow = tuple[str, int, str, str, str, str, str, int]
"""``(when "YYYY-MM-DD HH:MM:SS" UTC, cb id, kind, certificate id, from, to, number, revision)``."""


def events_hashed(
    rows: list[EventRow], *, start_seq: int, prev_hash: str
) -> tuple[list[tuple[Any, ...]], int, str]:
    """Ledger rows for public certificate status changes, hash-chained from ``prev_hash``.

    Each row is hashed with ``isocert.core.ledger``'s own ``event_hash``, so the chain is the
    one ``ledger_append`` would have written.
    """
    out: list[tuple[Any, ...]] = []
    seq = start_seq
    suffix = "+00:00" if connection.vendor == "postgresql" else ""
    for when, cb, kind, object_id, before, after, number, revision in rows:
        moment = dt.datetime.fromisoformat(when).replace(tzinfo=dt.UTC)
        snap_before = {"status": before, "number": number, "revision": revision}
        snap_after = {"status": after, "number": number, "revision": revision}
        event = SimpleNamespace(
            seq=seq,
            occurred_at=moment,
            actor_id=None,
            actor_label=ACTOR_LABEL,
            certification_body_id=cb,
            kind=kind,
            object_type=OBJECT_TYPE,
            object_id=object_id,
            before=snap_before,
            after=snap_after,
            reason="",
            public=True,
            prev_hash=prev_hash,
        )
        digest = event_hash(cast(Event, event))
        # Stored JSON written directly (the values are plain words and numbers): it reads back
        # as the same dicts that were hashed.
        out.append(
            (
                seq,
                when + suffix,
                None,
                ACTOR_LABEL,
                cb,
                kind,
                OBJECT_TYPE,
                object_id,
                f'{{"status": "{before}", "number": "{number}", "revision": {revision}}}',
                f'{{"status": "{after}", "number": "{number}", "revision": {revision}}}',
                "",
                True,
                prev_hash,
                digest,
            )
        )
        prev_hash = digest
        seq += 1
    return out, seq - 1, prev_hash


def rehashed(
    events: list[tuple[Any, ...]], *, start_seq: int, prev_hash: str
) -> list[tuple[Any, ...]]:
    """Ledger rows chained anew after ``prev_hash`` (from their stored form)."""
    rows: list[EventRow] = []
    for _seq, when, _a, _l, cb, kind, _t, object_id, before, after, *_rest in events:
        b, a = json.loads(before), json.loads(after)
        rows.append(
            (when[:19], cb, kind, object_id, b["status"], a["status"], b["number"], b["revision"])
        )
    hashed, _last, _hash = events_hashed(rows, start_seq=start_seq, prev_hash=prev_hash)
    return hashed
