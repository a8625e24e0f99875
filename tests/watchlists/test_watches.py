"""Watching certificates and organisations from the registry pages; the verifier's list."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client as Browser

from isocert.watchlists.models import Verifier, Watch
from tests.registry.conftest import Registry
from tests.watchlists.conftest import make_verifier, suspend


def signed_in(verifier: Verifier) -> Browser:
    browser = Browser()
    browser.force_login(verifier.user)
    return browser


@pytest.mark.django_db
def test_watch_a_certificate_from_its_page_and_stop(registry: Registry, verifier: Verifier) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001")
    browser = signed_in(verifier)
    page = browser.get("/registry/verify/", {"number": "acme 9001 000001"})
    assert "Watch this certificate" in page.content.decode()

    added = browser.post("/registry/watch/add/", {"number": "acme-9001-000001"}, follow=True)
    text = added.content.decode()
    assert "Now watching ACME-9001-000001 — Widget Works Ltd." in text
    assert "Valid" in text and "expires 2026-01-31" in text
    again = browser.post("/registry/watch/add/", {"number": "ACME-9001-000001"}, follow=True)
    assert "You already watch" in again.content.decode()
    assert Watch.objects.filter(verifier=verifier).count() == 1

    watch = Watch.objects.get()
    removed = browser.post(f"/registry/watch/{watch.pk}/remove/", follow=True)
    assert "No longer watching it." in removed.content.decode()
    assert not Watch.objects.exists()


@pytest.mark.django_db
def test_anonymous_visitors_get_a_sign_in_link_not_a_form(registry: Registry) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001")
    text = Browser().get("/registry/verify/", {"number": "ACME-9001-000001"}).content.decode()
    assert "Sign in to watch this certificate" in text
    assert "csrfmiddlewaretoken" not in text  # the page stays cacheable by anyone


@pytest.mark.django_db
def test_latest_status_follows_the_newest_revision(
    registry: Registry, verifier: Verifier, personas: Any
) -> None:
    client = registry.client("Widget Works Ltd")
    old = registry.certify(client, "ACME-9001-000002", status="superseded")
    new = registry.certify(client, "ACME-9001-000002", revision=1, supersedes=old)
    browser = signed_in(verifier)
    browser.post("/registry/watch/add/", {"number": "ACME-9001-000002"})
    suspend(personas, new)
    text = browser.get("/registry/watch/").content.decode()
    assert "ACME-9001-000002-R1" in text
    assert "Suspended" in text


@pytest.mark.django_db
def test_someone_elses_watch_is_a_404(registry: Registry, verifier: Verifier) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001")
    other = make_verifier("otto")
    signed_in(other).post("/registry/watch/add/", {"number": "ACME-9001-000001"})
    watch = Watch.objects.get(verifier=other)
    browser = signed_in(verifier)
    assert browser.post(f"/registry/watch/{watch.pk}/remove/").status_code == 404
    assert browser.delete(f"/api/v1/watchlists/watches/{watch.pk}").status_code == 404
    assert Watch.objects.filter(pk=watch.pk).exists()
    assert "ACME-9001-000001" not in browser.get("/registry/watch/").content.decode()


@pytest.mark.django_db
def test_confidential_holder_watchable_by_exact_number_only(
    registry: Registry, verifier: Verifier
) -> None:
    secret = registry.client("Hidden Foundry", confidential=True)
    registry.certify(secret, "ACME-9001-000077")
    browser = signed_in(verifier)
    assert browser.post("/registry/watch/add/", {"organisation": secret.pk}).status_code == 404
    api = browser.post(
        "/api/v1/watchlists/watches",
        {"kind": "organisation", "organisation_id": secret.pk},
        content_type="application/json",
    )
    assert api.status_code == 404
    assert browser.post("/registry/watch/add/", {"number": "ACME-9001-00007"}).status_code == 404
    ok = browser.post("/registry/watch/add/", {"number": "ACME-9001-000077"}, follow=True)
    assert "Now watching ACME-9001-000077" in ok.content.decode()


@pytest.mark.django_db
def test_watch_an_organisation_from_its_page(registry: Registry, verifier: Verifier) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001")
    registry.certify(client, "ACME-14001-000002", standard="ISO 14001", status="suspended")
    browser = signed_in(verifier)
    assert (
        "Watch this organisation"
        in browser.get(f"/registry/organisations/{client.pk}/").content.decode()
    )
    page = browser.post("/registry/watch/add/", {"organisation": client.pk}, follow=True)
    text = page.content.decode()
    assert "Now watching Widget Works Ltd." in text
    assert "1 valid, 1 suspended" in text


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 5])
def test_the_list_costs_the_same_queries_for_2_or_5_watches(
    registry: Registry, verifier: Verifier, rows: int, django_assert_num_queries: Any
) -> None:
    for i in range(rows):
        client = registry.client(f"Maker {i}")
        registry.certify(client, f"ACME-9001-10000{i}")
        signed_in(verifier).post("/registry/watch/add/", {"number": f"ACME-9001-10000{i}"})
        signed_in(verifier).post("/registry/watch/add/", {"organisation": client.pk})
    browser = signed_in(verifier)
    # session, user, verifier, count, page of watches, certificate families, organisations,
    # the header's menu
    with django_assert_num_queries(8):
        page = browser.get("/registry/watch/")
    assert page.status_code == 200


@pytest.mark.django_db
def test_a_verifier_is_offered_their_watchlist_not_the_back_office(verifier: Verifier) -> None:
    page = signed_in(verifier).get("/registry/")
    html = page.content.decode()
    assert 'href="/registry/watch/">My watchlist</a>' in html
    assert ">Back office</a>" not in html
