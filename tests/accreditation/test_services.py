"""Accreditation writes: only the accreditation body changes scopes and status; every change is kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.accreditation.models import (
    AccreditationBody,
    AccreditationStatusChange,
    AccreditedScope,
    CertificationBody,
)
from isocert.accreditation.services import (
    accreditation_status_change,
    accredited_scope_add,
    accredited_scope_set_status,
)
from isocert.catalog.models import Edition, Standard
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.core.permissions import actor_for
from isocert.people.models import AccreditationBodyMember
from tests.personas import make_user

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 6, 2)


def edition(code: str, year: int) -> tuple[Standard, Edition]:
    row = Edition.objects.select_related("standard").get(standard__code=code, year=year)
    return row.standard, row


def add_27001(personas: Any, **extra: Any) -> AccreditedScope:
    std, ed = edition("ISO/IEC 27001", 2022)
    values: dict[str, Any] = {
        "iaf_codes": [33],
        "valid_from": dt.date(2024, 1, 1),
        **extra,
    }
    return accredited_scope_add(
        actor=actor_for(personas.ab_user),
        certification_body=personas.cb,
        standard=std,
        edition=ed,
        **values,
    )


def other_ab_user() -> Any:
    ab = AccreditationBody.objects.create(name="Other AB", acronym="OAB", country="DE")
    user = make_user("other-assessor")
    AccreditationBodyMember.objects.create(user=user, accreditation_body=ab)
    return user


def test_accreditation_body_adds_a_scope_line_with_its_codes(personas: Any) -> None:
    scope = add_27001(personas, iaf_codes=[33, 35])
    assert sorted(c.code for c in scope.iaf_codes.all()) == [33, 35]
    event = Event.objects.get(kind="accreditation.scope_added")
    assert event.certification_body_id == personas.cb.pk
    assert event.after["edition"] == "ISO/IEC 27001:2022"
    assert event.after["iaf_codes"] == [33, 35]
    assert event.public is False
    assert ledger_verify().ok


@pytest.mark.parametrize("who", ["admin", "planner", "decider", "client_user", "outsider"])
def test_nobody_but_the_accreditation_body_adds_scope(personas: Any, who: str) -> None:
    std, ed = edition("ISO/IEC 27001", 2022)
    with pytest.raises(PermissionDenied):
        accredited_scope_add(
            actor=actor_for(getattr(personas, who)),
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[33],
            valid_from=dt.date(2024, 1, 1),
        )


def test_another_accreditation_body_cannot_touch_a_body_it_does_not_accredit(
    personas: Any,
) -> None:
    std, ed = edition("ISO/IEC 27001", 2022)
    with pytest.raises(Http404):
        accredited_scope_add(
            actor=actor_for(other_ab_user()),
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[33],
            valid_from=dt.date(2024, 1, 1),
        )


def test_a_second_line_for_the_same_edition_is_refused(personas: Any) -> None:
    std, ed = edition("ISO 9001", 2015)  # personas are accredited for it already
    with pytest.raises(Refused, match="already has a scope line for ISO 9001:2015"):
        accredited_scope_add(
            actor=actor_for(personas.ab_user),
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[17],
            valid_from=dt.date(2024, 1, 1),
        )


def test_a_withdrawn_edition_cannot_be_accredited(personas: Any) -> None:
    std, ed = edition("ISO/IEC 27001", 2013)  # invalid after 2025-10-31 (IAF MD 26)
    with pytest.raises(Refused, match="not a valid edition on 2026-01-01"):
        accredited_scope_add(
            actor=actor_for(personas.ab_user),
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[33],
            valid_from=dt.date(2026, 1, 1),
        )


def test_edition_must_belong_to_the_standard(personas: Any) -> None:
    std, _ed = edition("ISO 9001", 2015)
    _std, ed = edition("ISO/IEC 27001", 2022)
    with pytest.raises(Refused, match="is not an edition of ISO 9001"):
        accredited_scope_add(
            actor=actor_for(personas.ab_user),
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[33],
            valid_from=dt.date(2024, 1, 1),
        )


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"iaf_codes": []}, "give at least one"),
        ({"iaf_codes": [33, 99]}, "Unknown IAF code"),
        ({"valid_until": dt.date(2023, 12, 31)}, "ends .* before it starts"),
    ],
)
def test_malformed_scope_lines_are_refused(personas: Any, extra: Any, message: str) -> None:
    with pytest.raises(Refused, match=message):
        add_27001(personas, **extra)
    assert not AccreditedScope.objects.filter(edition__standard__code="ISO/IEC 27001").exists()


def test_standards_without_iaf_codes_take_none(personas: Any) -> None:
    std, ed = edition("ISO 22000", 2018)
    actor = actor_for(personas.ab_user)
    with pytest.raises(Refused, match="not defined by IAF codes"):
        accredited_scope_add(
            actor=actor,
            certification_body=personas.cb,
            standard=std,
            edition=ed,
            iaf_codes=[3],
            valid_from=dt.date(2024, 1, 1),
        )
    line = accredited_scope_add(
        actor=actor,
        certification_body=personas.cb,
        standard=std,
        edition=ed,
        iaf_codes=[],
        valid_from=dt.date(2024, 1, 1),
    )
    assert line.iaf_codes.count() == 0


def test_scope_line_suspended_with_reason_and_event(personas: Any) -> None:
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 9001")
    accredited_scope_set_status(
        actor=actor_for(personas.ab_user),
        scope=line,
        status="suspended",
        reason="Witness audit failed",
    )
    line.refresh_from_db()
    assert line.status == "suspended"
    event = Event.objects.get(kind="accreditation.scope_status_changed")
    assert (event.before["status"], event.after["status"]) == ("active", "suspended")
    assert event.reason == "Witness audit failed"


@pytest.mark.parametrize(
    ("status", "reason", "message"),
    [
        ("active", "x", "already active"),
        ("suspended", "  ", "Say why"),
        ("paused", "x", "not an accreditation status"),
    ],
)
def test_scope_status_guards(personas: Any, status: str, reason: str, message: str) -> None:
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 9001")
    with pytest.raises(Refused, match=message):
        accredited_scope_set_status(
            actor=actor_for(personas.ab_user), scope=line, status=status, reason=reason
        )


def test_staff_cannot_change_their_own_scope_status(personas: Any) -> None:
    line = AccreditedScope.objects.get(certification_body=personas.cb, standard__code="ISO 9001")
    with pytest.raises(PermissionDenied):
        accredited_scope_set_status(
            actor=actor_for(personas.admin), scope=line, status="withdrawn", reason="x"
        )


@time_machine.travel(TODAY, tick=False)
def test_suspending_accreditation_is_a_public_ledger_event_and_history(personas: Any) -> None:
    body = accreditation_status_change(
        actor=actor_for(personas.ab_user),
        certification_body=personas.cb,
        status="suspended",
        reason="Major nonconformity in the office assessment",
        on=dt.date(2025, 6, 1),
    )
    assert body.accreditation_status == "suspended"
    assert body.accreditation_status_since == dt.date(2025, 6, 1)
    event = Event.objects.get(kind="accreditation.status_changed")
    assert event.public is True
    assert event.certification_body_id == personas.cb.pk
    assert event.before == {"accreditation_status": "active", "accreditation_status_since": None}
    assert event.after == {
        "accreditation_status": "suspended",
        "accreditation_status_since": "2025-06-01",
    }
    assert event.actor_label == "assessor"
    change = AccreditationStatusChange.objects.get(certification_body=personas.cb)
    assert (change.from_status, change.to_status) == ("active", "suspended")
    assert ledger_verify().ok


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize(
    ("status", "reason", "on", "message"),
    [
        ("active", "x", TODAY, "already active"),
        ("suspended", "", TODAY, "Say why"),
        ("suspended", "x", dt.date(2025, 6, 3), "in the future"),
        ("revoked", "x", TODAY, "not an accreditation status"),
    ],
)
def test_accreditation_status_guards(
    personas: Any, status: str, reason: str, on: dt.date, message: str
) -> None:
    with pytest.raises(Refused, match=message):
        accreditation_status_change(
            actor=actor_for(personas.ab_user),
            certification_body=personas.cb,
            status=status,
            reason=reason,
            on=on,
        )
    assert not Event.objects.filter(kind="accreditation.status_changed").exists()


@time_machine.travel(TODAY, tick=False)
def test_a_change_cannot_take_effect_before_the_current_status(personas: Any) -> None:
    actor = actor_for(personas.ab_user)
    accreditation_status_change(
        actor=actor,
        certification_body=personas.cb,
        status="suspended",
        reason="assessment",
        on=dt.date(2025, 5, 1),
    )
    with pytest.raises(Refused, match="holds since 2025-05-01"):
        accreditation_status_change(
            actor=actor,
            certification_body=personas.cb,
            status="active",
            reason="lifted",
            on=dt.date(2025, 4, 30),
        )


@time_machine.travel(TODAY, tick=False)
@pytest.mark.parametrize("who", ["admin", "decider", "client_user", "outsider", "other_staff"])
def test_only_the_accreditation_body_changes_accreditation_status(personas: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        accreditation_status_change(
            actor=actor_for(getattr(personas, who)),
            certification_body=personas.cb,
            status="withdrawn",
            reason="x",
            on=TODAY,
        )
    assert CertificationBody.objects.get(pk=personas.cb.pk).accreditation_status == "active"


@time_machine.travel(TODAY, tick=False)
def test_another_accreditation_body_gets_404_for_the_status(personas: Any) -> None:
    with pytest.raises(Http404):
        accreditation_status_change(
            actor=actor_for(other_ab_user()),
            certification_body=personas.cb,
            status="withdrawn",
            reason="x",
            on=TODAY,
        )
