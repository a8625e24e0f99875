"""The daily job: expiry, flags, reminders — idempotent — and the mail path through the worker."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.management import CommandError, call_command

from isocert.audits.choices import AuditKind, AuditStatus, FindingKind
from isocert.audits.models import Audit
from isocert.certification import selectors
from isocert.certification.models import Certificate, Reminder
from isocert.certification.services import certificate_suspend, tick_run
from isocert.clients.models import Contact
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.core.permissions import Actor
from tests.certification.conftest import World, act

SYSTEM = Actor(user=None)
EXPIRY = dt.date(2027, 3, 14)


def tick(today: dt.date) -> dict[str, Any]:
    return tick_run(actor=SYSTEM, today=today).as_dict()


def state() -> tuple[Any, ...]:
    """Everything the daily job may change, to prove a second run changes nothing."""
    return (
        Event.objects.count(),
        Reminder.objects.count(),
        sorted(Certificate.objects.values_list("pk", "status", "flags")),
    )


@pytest.mark.django_db
def test_expiry_the_day_after_the_expiry_date(world: World) -> None:
    _d, [cert] = world.grant()
    assert tick(EXPIRY)["expired"] == 0
    cert.refresh_from_db()
    assert cert.status == "active"
    assert tick(EXPIRY + dt.timedelta(days=1))["expired"] == 1
    cert.refresh_from_db()
    assert cert.status == "expired"
    event = Event.objects.get(kind="certificate.expired")
    assert event.public and event.actor_label == "isocert tick"
    assert (event.before["status"], event.after["status"]) == ("active", "expired")


@pytest.mark.django_db
def test_a_suspended_certificate_expires_too(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(dt.date(2027, 1, 5), tick=False):
        certificate_suspend(
            actor=act(personas.decider), certificate=cert, reason="x", deadline=dt.date(2027, 6, 1)
        )
    tick(dt.date(2027, 3, 20))
    cert.refresh_from_db()
    assert cert.status == "expired"


@pytest.mark.django_db
def test_overdue_surveillance_is_flagged_once_and_cleared_when_done(world: World) -> None:
    decision, [cert] = world.grant()
    s1 = Audit.objects.get(programme=decision.programme, kind=AuditKind.SURVEILLANCE1)
    assert s1.due_date == dt.date(2025, 3, 15)
    assert tick(dt.date(2025, 3, 15))["surveillance_overdue_flagged"] == 0  # due day is in time
    assert tick(dt.date(2025, 3, 16))["surveillance_overdue_flagged"] == 1
    assert tick(dt.date(2025, 3, 17))["surveillance_overdue_flagged"] == 0
    assert Event.objects.filter(kind="certificate.surveillance_overdue").count() == 1
    cert = selectors.certificate_get(actor=act(world.personas.decider), pk=cert.pk)
    assert selectors.certificate_flags(certificate=cert) == [
        "Surveillance 1 overdue since 2025-03-16 (due by 2025-03-15)."
    ]
    Audit.objects.filter(pk=s1.pk).update(status=AuditStatus.COMPLETED)
    assert tick(dt.date(2025, 4, 1))["flags_cleared"] == 1
    cert.refresh_from_db()
    assert cert.flags == []
    assert Event.objects.filter(kind="certificate.flag_cleared").count() == 1


@pytest.mark.django_db
def test_suspension_longer_than_six_months_is_flagged(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(dt.date(2024, 4, 30), tick=False):
        certificate_suspend(
            actor=act(personas.decider),
            certificate=cert,
            reason="Client refused surveillance",
            deadline=dt.date(2024, 7, 31),
        )
    assert tick(dt.date(2024, 10, 30))["suspensions_flagged"] == 0  # exactly 6 months
    assert tick(dt.date(2024, 10, 31))["suspensions_flagged"] == 1
    cert = selectors.certificate_get(actor=act(personas.decider), pk=cert.pk)
    assert selectors.certificate_flags(certificate=cert) == [
        "Suspended since 2024-04-30, more than 6 months: withdraw the certificate or reduce its scope."
    ]
    assert Event.objects.filter(kind="certificate.suspension_needs_action").count() == 1


def busy_world(world: World, personas: Any) -> None:
    """A granted certificate with surveillance 1 due soon, a minor due soon, a suspended one."""
    Contact.objects.create(
        client=personas.client, name="Quality manager", email="qm@widgets.example"
    )
    decision, [_cert] = world.grant()
    stage2 = Audit.objects.get(programme=decision.programme, kind=AuditKind.STAGE2)
    world.finding(stage2, FindingKind.MINOR, action_due=dt.date(2025, 2, 21), clause="7.1.5")
    _d2, [other] = world.grant(standards=("ISO 14001",))
    with time_machine.travel(dt.date(2025, 2, 1), tick=False):
        certificate_suspend(
            actor=act(personas.decider),
            certificate=other,
            reason="Major NC not closed",
            deadline=dt.date(2025, 2, 25),
        )


@pytest.mark.django_db
def test_reminders_are_queued_once(world: World, personas: Any) -> None:
    busy_world(world, personas)
    first = tick(dt.date(2025, 2, 13))  # S1 due 2025-03-15: 30 days ahead
    assert first["reminders"]["audit_due"] == 2  # one per programme
    assert first["reminders"]["action_due"] == 0  # due 2025-02-21: 8 days ahead
    assert first["reminders"]["suspension_deadline"] == 1
    assert tick(dt.date(2025, 2, 13))["reminders_queued"] == 0
    second = tick(dt.date(2025, 2, 14))
    assert second["reminders"] == {**second["reminders"], "audit_due": 0, "action_due": 1}
    later = tick(dt.date(2025, 2, 22))
    assert later["reminders"]["action_overdue"] == 1
    assert tick(dt.date(2025, 2, 26))["reminders"]["suspension_passed"] == 1
    reminder = Reminder.objects.get(kind="action_due")
    assert reminder.recipients == ["lead@example.org", "qm@widgets.example"]
    assert "7.1.5" in reminder.subject


@pytest.mark.django_db
def test_a_second_run_changes_nothing(world: World, personas: Any) -> None:
    busy_world(world, personas)
    day = dt.date(2025, 3, 20)  # S1 overdue, suspension deadline passed, action overdue
    first = tick(day)
    assert first["surveillance_overdue_flagged"] == 2 and first["reminders_queued"] == 2
    before = state()
    second = tick(day)
    assert state() == before
    assert second == {**second, "expired": 0, "flags_cleared": 0, "reminders_queued": 0}
    assert second["surveillance_overdue_flagged"] == 0 and second["suspensions_flagged"] == 0
    assert ledger_verify().ok


@pytest.mark.django_db
def test_the_command_prints_counts_or_json(world: World) -> None:
    world.grant()
    out = StringIO()
    call_command("tick", "--today", "2027-03-15", "--json", stdout=out)
    data = json.loads(out.getvalue())
    assert data["today"] == "2027-03-15" and data["expired"] == 1
    out = StringIO()
    call_command("tick", "--today", "2027-03-16", stdout=out)
    assert "certificates expired" in out.getvalue()
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("tick", "--today", "15/03/2027")


@pytest.mark.django_db(transaction=True)
def test_reminder_mail_goes_through_the_worker_once(world: World, personas: Any) -> None:
    busy_world(world, personas)
    mail.outbox.clear()
    call_command("tick", "--today", "2025-02-14", stdout=StringIO())
    assert mail.outbox == []  # nothing is sent inside the job: the worker sends it
    queued = Reminder.objects.filter(sent_at__isnull=True).count()
    assert queued == 4
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == queued
    subjects = sorted(message.subject for message in mail.outbox)
    assert any("Surveillance 1 of Widget Works Ltd is due by 2025-03-15" in s for s in subjects)
    action = next(m for m in mail.outbox if "7.1.5" in m.subject)
    assert sorted(action.to) == ["lead@example.org", "qm@widgets.example"]
    assert not Reminder.objects.filter(sent_at__isnull=True).exists()
    call_command("tick", "--today", "2025-02-14", stdout=StringIO())
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    assert len(mail.outbox) == queued  # a second run sends nothing again
