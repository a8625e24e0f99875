"""People writes: administrators add people and roles, qualifiers record competence, people declare."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth import authenticate, get_user_model
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.catalog.models import IafCode, Standard
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.core.permissions import actor_for
from isocert.people.models import ConflictDeclaration, Membership, Qualification
from isocert.people.services import (
    conflict_declare,
    conflict_end,
    person_add,
    qualification_add,
    qualification_end,
    role_grant,
    role_revoke,
)

pytestmark = pytest.mark.django_db

STRONG = "a-long-unusual-passphrase-7"


def std(code: str) -> Standard:
    return Standard.objects.get(code=code)


def add_person(personas: Any, **extra: Any) -> Any:
    values = {"username": "newbie", "email": "newbie@acme.example", "roles": ["auditor"], **extra}
    return person_add(actor=actor_for(personas.admin), **values)


def test_admin_adds_a_person_with_roles_and_a_password(personas: Any) -> None:
    user = add_person(personas, roles=["auditor", "technical_expert"], password=STRONG)
    roles = set(Membership.objects.filter(user=user, active=True).values_list("role", flat=True))
    assert roles == {"auditor", "technical_expert"}
    assert authenticate(username="newbie", password=STRONG) == user
    event = Event.objects.get(kind="person.added")
    assert event.after["roles"] == ["auditor", "technical_expert"]
    assert event.certification_body_id == personas.cb.pk
    actor = actor_for(user)
    assert (actor.cb_id, actor.roles) == (
        personas.cb.pk,
        frozenset({"auditor", "technical_expert"}),
    )


def test_without_a_password_the_account_waits_for_a_reset(personas: Any) -> None:
    user = add_person(personas)
    assert user.has_usable_password() is False


@pytest.mark.parametrize(
    "who", ["planner", "lead", "decider", "client_user", "outsider", "ab_user"]
)
def test_only_administrators_add_people(personas: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        person_add(
            actor=actor_for(getattr(personas, who)),
            username="x",
            email="x@example.org",
            roles=["auditor"],
        )
    assert not get_user_model().objects.filter(username="x").exists()


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"roles": []}, "at least one role"),
        ({"roles": ["boss"]}, "not a role"),
        ({"username": "LEAD"}, "taken"),
        ({"username": "has space"}, "not a valid username"),
        ({"email": "nope"}, "not an e-mail address"),
        ({"password": "password"}, "too weak"),
    ],
)
def test_person_add_guards(personas: Any, extra: Any, message: str) -> None:
    with pytest.raises(Refused, match=message):
        add_person(personas, **extra)
    assert not get_user_model().objects.filter(username="newbie").exists()


def test_grant_and_revoke_roles(personas: Any) -> None:
    admin = actor_for(personas.admin)
    role_grant(actor=admin, person=personas.auditor, role="lead_auditor")
    assert actor_for(personas.auditor).has_role("lead_auditor")
    with pytest.raises(Refused, match="already has the role"):
        role_grant(actor=admin, person=personas.auditor, role="lead_auditor")
    role_revoke(actor=admin, person=personas.auditor, role="lead_auditor", reason="left")
    assert not actor_for(personas.auditor).has_role("lead_auditor")
    assert Membership.objects.get(user=personas.auditor, role="lead_auditor").active is False
    with pytest.raises(Refused, match="does not have the role"):
        role_revoke(actor=admin, person=personas.auditor, role="lead_auditor")
    # given again: the same row comes back to life
    role_grant(actor=admin, person=personas.auditor, role="lead_auditor")
    assert Membership.objects.filter(user=personas.auditor, role="lead_auditor").count() == 1
    kinds = list(Event.objects.values_list("kind", flat=True))
    assert kinds == ["person.role_granted", "person.role_revoked", "person.role_granted"]
    assert ledger_verify().ok


def test_the_last_administrator_stays(personas: Any) -> None:
    with pytest.raises(Refused, match="last administrator"):
        role_revoke(actor=actor_for(personas.admin), person=personas.admin, role="cb_admin")


def test_roles_of_another_bodys_person_are_404(personas: Any) -> None:
    with pytest.raises(Http404):
        role_grant(actor=actor_for(personas.admin), person=personas.other_staff, role="auditor")


def test_client_logins_get_no_staff_roles(personas: Any) -> None:
    from isocert.people.models import Membership as M

    M.objects.create(
        user=personas.client_user, certification_body=personas.cb, role="auditor", active=False
    )
    with pytest.raises(Refused, match="signs in for a client"):
        role_grant(actor=actor_for(personas.admin), person=personas.client_user, role="auditor")


def test_planner_cannot_give_roles(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        role_grant(
            actor=actor_for(personas.planner), person=personas.auditor, role="decision_maker"
        )


# --- qualifications -----------------------------------------------------------------------------


def qualify(personas: Any, who: str = "planner", **extra: Any) -> Qualification:
    values: dict[str, Any] = {
        "person": personas.auditor,
        "standard": std("ISO/IEC 27001"),
        "iaf_code": IafCode.objects.get(code=33),
        "level": "auditor",
        "valid_from": dt.date(2024, 1, 1),
        **extra,
    }
    return qualification_add(actor=actor_for(getattr(personas, who)), **values)


@pytest.mark.parametrize("who", ["admin", "planner"])
def test_admin_and_scheme_manager_record_qualifications(personas: Any, who: str) -> None:
    row = qualify(personas, who)
    assert (row.standard.code, row.iaf_code_id, row.level) == ("ISO/IEC 27001", 33, "auditor")
    assert Event.objects.get(kind="qualification.added").after["iaf_code"] == 33


@pytest.mark.parametrize("who", ["lead", "auditor", "decider", "client_user", "other_staff"])
def test_others_cannot_record_qualifications(personas: Any, who: str) -> None:
    with pytest.raises((PermissionDenied, Http404)):
        qualify(personas, who)


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ({"iaf_code": None}, "per IAF code"),
        ({"level": "guru"}, "not a qualification level"),
        ({"valid_until": dt.date(2023, 1, 1)}, "comes before the start"),
    ],
)
def test_qualification_guards(personas: Any, extra: Any, message: str) -> None:
    with pytest.raises(Refused, match=message):
        qualify(personas, **extra)


def test_codeless_standard_takes_no_code(personas: Any) -> None:
    with pytest.raises(Refused, match="does not use IAF codes"):
        qualify(personas, standard=std("ISO 22000"), iaf_code=IafCode.objects.get(code=3))
    row = qualify(personas, standard=std("ISO 22000"), iaf_code=None)
    assert row.iaf_code_id is None


def test_overlapping_qualification_refused_but_a_later_one_is_fine(personas: Any) -> None:
    first = qualify(personas, valid_until=dt.date(2024, 12, 31))
    with pytest.raises(Refused, match="already holds this qualification"):
        qualify(personas, valid_from=dt.date(2024, 6, 1))
    later = qualify(personas, valid_from=dt.date(2025, 1, 1))
    assert later.pk != first.pk


def test_people_without_a_role_are_not_qualified(personas: Any) -> None:
    Membership.objects.filter(user=personas.auditor).update(active=False)
    with pytest.raises(Refused, match="no active role"):
        qualify(personas)


def test_qualification_end(personas: Any) -> None:
    row = qualify(personas)
    actor = actor_for(personas.admin)
    with pytest.raises(Refused, match="cannot end before"):
        qualification_end(actor=actor, qualification=row, on=dt.date(2023, 12, 31))
    qualification_end(actor=actor, qualification=row, on=dt.date(2025, 3, 31), reason="lapsed")
    row.refresh_from_db()
    assert row.valid_until == dt.date(2025, 3, 31)
    with pytest.raises(Refused, match="already ends on 2025-03-31"):
        qualification_end(actor=actor, qualification=row, on=dt.date(2025, 4, 30))
    event = Event.objects.get(kind="qualification.ended")
    assert (event.before["valid_until"], event.after["valid_until"]) == (None, "2025-03-31")
    assert event.reason == "lapsed"


def test_other_bodys_qualification_is_404(personas: Any) -> None:
    row = Qualification.objects.filter(user=personas.lead).first()
    with pytest.raises(Http404):
        qualification_end(
            actor=actor_for(personas.other_staff), qualification=row, on=dt.date(2025, 1, 1)
        )


# --- conflicts of interest ----------------------------------------------------------------------


def test_a_person_declares_their_own_conflict(personas: Any) -> None:
    row = conflict_declare(
        actor=actor_for(personas.lead),
        person=personas.lead,
        client=personas.client,
        kind="consultancy",
        started_on=dt.date(2023, 1, 1),
        ended_on=dt.date(2024, 6, 30),
        note="Helped write their QMS manual",
    )
    assert (row.user, row.client, row.kind) == (personas.lead, personas.client, "consultancy")
    event = Event.objects.get(kind="conflict.declared")
    assert event.after["ended_on"] == "2024-06-30"


def test_an_admin_declares_for_a_colleague(personas: Any) -> None:
    row = conflict_declare(
        actor=actor_for(personas.admin),
        person=personas.auditor,
        client=personas.client,
        kind="financial",
    )
    assert row.user == personas.auditor


def test_a_colleague_cannot_declare_for_another(personas: Any) -> None:
    with pytest.raises(PermissionDenied):
        conflict_declare(
            actor=actor_for(personas.planner),
            person=personas.lead,
            client=personas.client,
            kind="other",
        )


def test_conflicts_with_another_bodys_client_are_404(personas: Any) -> None:
    with pytest.raises(Http404):
        conflict_declare(
            actor=actor_for(personas.lead),
            person=personas.lead,
            client=personas.other_client,
            kind="employment",
        )


def test_conflict_guards(personas: Any) -> None:
    actor = actor_for(personas.lead)
    with pytest.raises(Refused, match="not a kind of relationship"):
        conflict_declare(
            actor=actor, person=personas.lead, client=personas.client, kind="friendship"
        )
    with pytest.raises(Refused, match="comes before the start"):
        conflict_declare(
            actor=actor,
            person=personas.lead,
            client=personas.client,
            kind="employment",
            started_on=dt.date(2024, 1, 1),
            ended_on=dt.date(2023, 1, 1),
        )
    assert not ConflictDeclaration.objects.exists()


def test_conflict_end(personas: Any) -> None:
    actor = actor_for(personas.lead)
    row = conflict_declare(
        actor=actor,
        person=personas.lead,
        client=personas.client,
        kind="employment",
        started_on=dt.date(2020, 1, 1),
    )
    with pytest.raises(PermissionDenied):
        conflict_end(actor=actor_for(personas.planner), conflict=row, on=dt.date(2024, 1, 1))
    conflict_end(actor=actor, conflict=row, on=dt.date(2024, 1, 1))
    row.refresh_from_db()
    assert row.ended_on == dt.date(2024, 1, 1)
    with pytest.raises(Refused, match="already ended"):
        conflict_end(actor=actor, conflict=row, on=dt.date(2024, 2, 1))
