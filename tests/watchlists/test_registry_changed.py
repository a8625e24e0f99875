"""The back-office services keep the public search index current (``registry_changed``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from isocert.catalog.models import Edition, Standard
from isocert.certification.services import SiteScope, certificate_issue
from isocert.clients.services import client_update
from isocert.core.permissions import actor_for
from isocert.registry.selectors import organisation_search
from tests.registry.conftest import Registry


def found(name: str) -> list[str]:
    return [row.name for row in organisation_search(name).rows]


@pytest.mark.django_db
def test_a_newly_certified_client_is_found_and_a_confidential_one_is_not(
    registry: Registry, personas: Any
) -> None:
    client = registry.client("Quillfeather Instruments")
    assert found("Quillfeather Instruments") == []  # no certificate yet
    standard = Standard.objects.get(code="ISO 9001")
    certificate_issue(
        actor=actor_for(personas.decider),
        decision=registry._decision(client),
        standard=standard,
        edition=Edition.objects.get(standard=standard, year=2015),
        scope="Design of instruments",
        sites=[SiteScope(site_id=site.pk, scope="") for site in client.sites.all()],
        iaf_codes=[17],
        effective_on=dt.date(2025, 6, 1),
        expiry_date=dt.date(2028, 5, 31),
        cycle_start=dt.date(2025, 6, 1),
    )
    assert found("Quillfeather Instrumnets") == ["Quillfeather Instruments"]

    client_update(
        actor=actor_for(personas.admin),
        client=client,
        name=client.name,
        country=client.country,
        confidential=True,
    )
    assert found("Quillfeather Instruments") == []

    client_update(
        actor=actor_for(personas.admin),
        client=client,
        name="Quillfeather Optics",
        country=client.country,
        confidential=False,
    )
    assert found("Quillfeather Optics") == ["Quillfeather Optics"]
