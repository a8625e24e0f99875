"""Client list: search by name or identifier, filter, sort; scoped to the actor."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from isocert.clients.countries import countries, country_check
from isocert.clients.models import Client, ClientIdentifier, Site
from isocert.clients.selectors import client_list
from isocert.core.errors import Refused
from isocert.core.permissions import actor_for

pytestmark = pytest.mark.django_db


def test_country_list_is_complete() -> None:
    codes = countries()
    assert len(codes) == 249
    assert codes["GB"] == "United Kingdom"
    assert "UK" not in codes
    assert country_check(" ca ") == "CA"
    with pytest.raises(Refused):
        country_check("EU")


def names(personas: Any, **kwargs: Any) -> list[str]:
    return [c.name for c in client_list(actor=actor_for(personas.planner), **kwargs)]


def test_staff_see_only_their_bodys_clients(personas: Any) -> None:
    assert names(personas) == ["Widget Works Ltd"]


def test_search_by_name_legal_name_and_identifier(personas: Any) -> None:
    gadget = Client.objects.create(
        certification_body=personas.cb,
        name="Gadget",
        legal_name="Gadget Holdings plc",
        country="GB",
    )
    ClientIdentifier.objects.create(client=gadget, scheme="vat", value="980780684", validated=True)
    assert names(personas, search="widget") == ["Widget Works Ltd"]
    assert names(personas, search="holdings") == ["Gadget"]
    assert names(personas, search="GB 980 780 684") == ["Gadget"]
    assert names(personas, search="7806") == ["Gadget"]


def test_filter_by_country_and_sort_by_personnel(personas: Any) -> None:
    big = Client.objects.create(certification_body=personas.cb, name="Big", country="DE")
    Site.objects.create(client=big, name="A", city="Köln", country="DE", personnel=500)
    Site.objects.create(client=big, name="B", city="Bonn", country="DE", personnel=100)
    assert names(personas, country="de") == ["Big"]
    rows = list(client_list(actor=actor_for(personas.planner), sort="personnel"))
    assert [(c.name, c.site_count, c.personnel) for c in rows] == [
        ("Big", 2, 600),
        ("Widget Works Ltd", 1, 60),
    ]


def test_client_user_lists_only_their_own(personas: Any) -> None:
    assert [c.name for c in client_list(actor=actor_for(personas.client_user))] == [
        "Widget Works Ltd"
    ]


@pytest.mark.parametrize("who", ["outsider", "ab_user"])
def test_no_client_list_for_others(personas: Any, who: str) -> None:
    with pytest.raises(PermissionDenied):
        client_list(actor=actor_for(getattr(personas, who)))
