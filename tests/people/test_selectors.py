"""``qualification_for`` and ``conflicts_for`` (called by the audit team checks) and the staff list."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.catalog.models import IafCode, Standard
from isocert.core.permissions import actor_for
from isocert.people.models import ConflictDeclaration, Qualification
from isocert.people.selectors import (
    conflict_list,
    conflicts_for,
    person_get,
    qualification_for,
    staff_list,
)

pytestmark = pytest.mark.django_db

ON = dt.date(2024, 5, 1)


def iso(code: str) -> Standard:
    return Standard.objects.get(code=code)


def test_qualified_for_standard_and_code(personas: Any) -> None:
    row = qualification_for(
        user=personas.lead,
        certification_body=personas.cb,
        standard=iso("ISO 9001"),
        iaf_code=28,
        on=ON,
    )
    assert row is not None
    assert (row.level, row.iaf_code_id) == ("lead_auditor", 28)


def test_iaf_code_objects_work_too(personas: Any) -> None:
    code = IafCode.objects.get(code=17)
    row = qualification_for(
        user=personas.auditor,
        certification_body=personas.cb,
        standard=iso("ISO 14001"),
        iaf_code=code,
        on=ON,
    )
    assert row is not None


def test_not_qualified_for_another_code(personas: Any) -> None:
    assert (
        qualification_for(
            user=personas.lead,
            certification_body=personas.cb,
            standard=iso("ISO 9001"),
            iaf_code=12,
            on=ON,
        )
        is None
    )


def test_not_qualified_at_another_body(personas: Any) -> None:
    assert (
        qualification_for(
            user=personas.lead,
            certification_body=personas.other_cb,
            standard=iso("ISO 9001"),
            iaf_code=28,
            on=ON,
        )
        is None
    )


def test_validity_dates_are_inclusive(personas: Any) -> None:
    Qualification.objects.filter(user=personas.auditor).update(valid_until=dt.date(2024, 4, 30))
    args = {
        "user": personas.auditor,
        "certification_body": personas.cb,
        "standard": iso("ISO 9001"),
        "iaf_code": 17,
    }
    assert qualification_for(**args, on=dt.date(2024, 4, 30)) is not None
    assert qualification_for(**args, on=dt.date(2024, 5, 1)) is None
    assert qualification_for(**args, on=dt.date(2019, 12, 31)) is None  # before 2020-01-01


def test_strongest_level_wins(personas: Any) -> None:
    Qualification.objects.create(
        user=personas.auditor,
        certification_body=personas.cb,
        standard=iso("ISO 9001"),
        iaf_code_id=17,
        level="lead_auditor",
        valid_from=dt.date(2023, 1, 1),
    )
    row = qualification_for(
        user=personas.auditor,
        certification_body=personas.cb,
        standard=iso("ISO 9001"),
        iaf_code=17,
        on=ON,
    )
    assert row is not None and row.level == "lead_auditor"


def test_no_code_asks_for_a_codeless_qualification(personas: Any) -> None:
    fsms = iso("ISO 22000")
    args = {"user": personas.auditor, "certification_body": personas.cb, "iaf_code": None, "on": ON}
    assert qualification_for(standard=fsms, **args) is None
    # a coded qualification does not answer a code-less question
    assert qualification_for(standard=iso("ISO 9001"), **args) is None
    Qualification.objects.create(
        user=personas.auditor,
        certification_body=personas.cb,
        standard=fsms,
        level="auditor",
        valid_from=dt.date(2023, 1, 1),
    )
    assert qualification_for(standard=fsms, **args) is not None


def test_conflicts_for_returns_the_declarations(personas: Any) -> None:
    ConflictDeclaration.objects.create(
        user=personas.lead,
        client=personas.client,
        kind="employment",
        started_on=dt.date(2015, 1, 1),
    )
    ConflictDeclaration.objects.create(
        user=personas.lead,
        client=personas.client,
        kind="consultancy",
        started_on=dt.date(2022, 1, 1),
    )
    ConflictDeclaration.objects.create(user=personas.auditor, client=personas.client, kind="other")
    rows = list(conflicts_for(user=personas.lead, client=personas.client))
    assert [r.kind for r in rows] == ["employment", "consultancy"]
    assert list(conflicts_for(user=personas.lead, client=personas.other_client)) == []


def test_conflict_list_per_client_and_person_scoped_to_body(personas: Any) -> None:
    ConflictDeclaration.objects.create(user=personas.lead, client=personas.client, kind="other")
    ConflictDeclaration.objects.create(
        user=personas.other_staff, client=personas.other_client, kind="other"
    )
    rows = list(conflict_list(actor=actor_for(personas.planner)))
    assert [(r.user.username, r.client.name) for r in rows] == [("lead", "Widget Works Ltd")]
    assert list(conflict_list(actor=actor_for(personas.planner), client=personas.client)) == rows
    assert list(conflict_list(actor=actor_for(personas.planner), user=personas.auditor)) == []


def test_staff_list_shows_roles_of_this_body(personas: Any) -> None:
    rows = {u.username: u for u in staff_list(actor=actor_for(personas.lead))}
    assert set(rows) == {"admin", "planner", "lead", "auditor", "expert", "reviewer", "decider"}
    assert [m.role for m in rows["lead"].cb_roles] == ["lead_auditor"]
    assert rows["lead"].qualification_count == 9


def test_staff_list_filters(personas: Any) -> None:
    actor = actor_for(personas.admin)
    assert [u.username for u in staff_list(actor=actor, role="decision_maker")] == ["decider"]
    assert [u.username for u in staff_list(actor=actor, search="EXPE")] == ["expert"]
    from isocert.people.models import Membership

    Membership.objects.filter(user=personas.expert).update(active=False)
    assert "expert" not in {u.username for u in staff_list(actor=actor)}
    assert [u.username for u in staff_list(actor=actor, state="former")] == ["expert"]


def test_person_of_another_body_is_404(personas: Any) -> None:
    with pytest.raises(Http404):
        person_get(actor=actor_for(personas.admin), pk=personas.other_staff.pk)
    with pytest.raises(Http404):
        person_get(actor=actor_for(personas.admin), pk=personas.client_user.pk)


@pytest.mark.parametrize("who", ["client_user", "ab_user", "outsider"])
def test_staff_list_is_for_staff(personas: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        staff_list(actor=actor_for(getattr(personas, who)))
