"""Who sees which body, and ``accreditation_covers``: the check made before a certificate is issued."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.accreditation.models import AccreditationBody, AccreditedScope, CertificationBody
from isocert.accreditation.selectors import (
    accreditation_body_list,
    accreditation_covers,
    accreditation_status_on,
    certification_body_get,
    certification_body_list,
)
from isocert.accreditation.services import accreditation_status_change
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.clients.models import Client
from isocert.core.permissions import actor_for

pytestmark = pytest.mark.django_db


def ed(code: str, year: int) -> tuple[Standard, Edition]:
    row = Edition.objects.select_related("standard").get(standard__code=code, year=year)
    return row.standard, row


def covers(personas: Any, code: str, year: int, codes: list[Any], on: dt.date) -> tuple[bool, str]:
    std, edition = ed(code, year)
    return accreditation_covers(
        certification_body=personas.cb, standard=std, edition=edition, iaf_codes=codes, on=on
    )


def test_covered_when_active_line_has_every_code(personas: Any) -> None:
    ok, reason = covers(personas, "ISO 9001", 2015, [17, 28], dt.date(2024, 3, 1))
    assert ok is True
    assert "ISO 9001:2015" in reason


def test_iaf_code_objects_are_accepted_too(personas: Any) -> None:
    codes = list(IafCode.objects.filter(code__in=[17, 33]))
    assert covers(personas, "ISO 14001", 2015, codes, dt.date(2024, 3, 1))[0] is True


def test_a_code_outside_the_scope_is_not_covered_and_named(personas: Any) -> None:
    ok, reason = covers(personas, "ISO 9001", 2015, [17, 12], dt.date(2024, 3, 1))
    assert ok is False
    assert "12" in reason
    assert "accredited: 17, 28, 33" in reason


def test_an_edition_not_accredited_is_not_covered(personas: Any) -> None:
    ok, reason = covers(personas, "ISO/IEC 27001", 2022, [33], dt.date(2024, 3, 1))
    assert ok is False
    assert "not accredited for ISO/IEC 27001:2022" in reason


def test_before_the_line_starts_it_does_not_cover(personas: Any) -> None:
    ok, reason = covers(personas, "ISO 9001", 2015, [17], dt.date(2019, 12, 31))
    assert ok is False
    assert "valid from 2020-01-01" in reason


def test_after_the_line_ends_it_does_not_cover(personas: Any) -> None:
    AccreditedScope.objects.filter(certification_body=personas.cb).update(
        valid_until=dt.date(2024, 12, 31)
    )
    assert covers(personas, "ISO 9001", 2015, [17], dt.date(2024, 12, 31))[0] is True
    ok, reason = covers(personas, "ISO 9001", 2015, [17], dt.date(2025, 1, 1))
    assert ok is False
    assert "until 2024-12-31" in reason


def test_a_suspended_line_does_not_cover(personas: Any) -> None:
    AccreditedScope.objects.filter(
        certification_body=personas.cb, standard__code="ISO 9001"
    ).update(status="suspended")
    ok, reason = covers(personas, "ISO 9001", 2015, [17], dt.date(2024, 3, 1))
    assert ok is False
    assert "is suspended" in reason


def test_standard_and_edition_must_match(personas: Any) -> None:
    std, _ = ed("ISO 14001", 2015)
    _, edition = ed("ISO 9001", 2015)
    ok, reason = accreditation_covers(
        certification_body=personas.cb,
        standard=std,
        edition=edition,
        iaf_codes=[17],
        on=dt.date(2024, 3, 1),
    )
    assert ok is False
    assert "not an edition of ISO 14001" in reason


def test_an_unaccredited_body_covers_nothing(personas: Any) -> None:
    CertificationBody.objects.filter(pk=personas.cb.pk).update(accreditation_body=None)
    personas.cb.refresh_from_db()
    ok, reason = covers(personas, "ISO 9001", 2015, [17], dt.date(2024, 3, 1))
    assert ok is False
    assert "not accredited by any accreditation body" in reason


@time_machine.travel(dt.date(2025, 6, 2), tick=False)
def test_suspension_counts_from_its_date_and_not_before(personas: Any) -> None:
    accreditation_status_change(
        actor=actor_for(personas.ab_user),
        certification_body=personas.cb,
        status="suspended",
        reason="assessment",
        on=dt.date(2025, 5, 1),
    )
    personas.cb.refresh_from_db()
    ok, reason = covers(personas, "ISO 9001", 2015, [17], dt.date(2025, 5, 1))
    assert ok is False
    assert "suspended on 2025-05-01" in reason
    assert covers(personas, "ISO 9001", 2015, [17], dt.date(2025, 4, 30))[0] is True
    accreditation_status_change(
        actor=actor_for(personas.ab_user),
        certification_body=personas.cb,
        status="active",
        reason="corrective actions verified",
        on=dt.date(2025, 6, 1),
    )
    assert accreditation_status_on(certification_body=personas.cb, on=dt.date(2025, 5, 20)) == (
        "suspended"
    )
    assert covers(personas, "ISO 9001", 2015, [17], dt.date(2025, 6, 1))[0] is True


def test_codeless_standards_are_covered_without_codes(personas: Any) -> None:
    std, edition = ed("ISO 22000", 2018)
    AccreditedScope.objects.create(
        certification_body=personas.cb,
        standard=std,
        edition=edition,
        valid_from=dt.date(2020, 1, 1),
    )
    assert covers(personas, "ISO 22000", 2018, [], dt.date(2024, 3, 1))[0] is True


def test_staff_see_only_their_own_body(personas: Any) -> None:
    rows = list(certification_body_list(actor=actor_for(personas.lead)))
    assert [cb.acronym for cb in rows] == ["ACME"]
    with pytest.raises(Http404):
        certification_body_get(actor=actor_for(personas.lead), pk=personas.other_cb.pk)


def test_accreditation_body_user_sees_only_the_bodies_it_accredits(personas: Any) -> None:
    elsewhere = AccreditationBody.objects.create(name="Elsewhere", acronym="ELS", country="FR")
    stranger = CertificationBody.objects.create(
        name="Stranger Cert", acronym="STR", country="FR", accreditation_body=elsewhere
    )
    actor = actor_for(personas.ab_user)
    assert {cb.acronym for cb in certification_body_list(actor=actor)} == {"ACME", "BORE"}
    with pytest.raises(Http404):
        certification_body_get(actor=actor, pk=stranger.pk)


def test_counts_of_clients_and_scope_lines(personas: Any) -> None:
    Client.objects.create(certification_body=personas.cb, name="Second Ltd", country="GB")
    rows = {cb.acronym: cb for cb in certification_body_list(actor=actor_for(personas.ab_user))}
    assert (rows["ACME"].client_count, rows["ACME"].scope_count) == (2, 3)
    assert (rows["BORE"].client_count, rows["BORE"].scope_count) == (1, 3)


@pytest.mark.parametrize("who", ["client_user", "outsider"])
def test_people_outside_bodies_see_no_accreditation(personas: Any, who: str) -> None:
    actor = actor_for(getattr(personas, who))
    with pytest.raises(PermissionDenied):
        certification_body_list(actor=actor)
    with pytest.raises(PermissionDenied):
        accreditation_body_list(actor=actor)
