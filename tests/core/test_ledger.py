"""The event ledger: append-only, hash-chained; any edit or deletion is found and named."""

from __future__ import annotations

import json
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from isocert.core.ledger import ledger_append, ledger_verify
from isocert.core.models import Event

pytestmark = pytest.mark.django_db


def write_three(personas: Any) -> list[Event]:
    events = []
    for i in range(3):
        with transaction.atomic():
            events.append(
                ledger_append(
                    actor=personas.admin,
                    kind="client.renamed",
                    obj=personas.client,
                    before={"name": f"name {i}"},
                    after={"name": f"name {i + 1}"},
                    reason="test",
                    certification_body_id=personas.cb.pk,
                )
            )
    return events


def test_chain_is_intact(personas: Any) -> None:
    events = write_three(personas)
    assert [e.seq for e in events] == [1, 2, 3]
    assert events[1].prev_hash == events[0].hash
    check = ledger_verify()
    assert check.ok and check.events == 3


def test_an_edited_event_is_named(personas: Any) -> None:
    write_three(personas)
    Event.objects.filter(seq=2).update(reason="nothing to see here")
    check = ledger_verify()
    assert not check.ok
    assert check.first_broken == 2
    assert "changed" in check.problem


def test_a_deleted_event_is_named(personas: Any) -> None:
    write_three(personas)
    Event.objects.filter(seq=2).delete()
    check = ledger_verify()
    assert (check.ok, check.first_broken) == (False, 2)


def test_a_forged_replacement_breaks_the_link(personas: Any) -> None:
    events = write_three(personas)
    forged = events[1]
    forged.after = {"name": "forged"}
    # recompute its own hash as a forger would: the next event's link then breaks
    from isocert.core.ledger import _digest, _fields

    forged.hash = _digest(_fields(forged))
    forged.save()
    check = ledger_verify()
    assert (check.ok, check.first_broken) == (False, 3)


@pytest.mark.django_db(transaction=True)
def test_append_outside_a_transaction_is_refused(personas: Any) -> None:
    with pytest.raises(RuntimeError, match="transaction"):
        ledger_append(actor=personas.admin, kind="x", obj=personas.client)


def test_cli_verify(personas: Any) -> None:
    write_three(personas)
    out = StringIO()
    call_command("ledger", "verify", "--json", stdout=out)
    assert json.loads(out.getvalue()) == {
        "ok": True,
        "events": 3,
        "first_broken": None,
        "problem": "",
    }
    Event.objects.filter(seq=3).update(kind="client.deleted")
    with pytest.raises(CommandError, match="event #3"):
        call_command("ledger", "verify", stdout=StringIO())
