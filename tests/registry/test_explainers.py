"""Explainer pages: public, cacheable, linked from the registry and the site's navigation; the
status meanings are the registry's own (one wording)."""

from __future__ import annotations

import re

import pytest

from isocert.registry.choices import VERDICT_MEANING, Verdict

PAGES = [
    "/registry/explain/registration-vs-certification/",
    "/registry/explain/statuses/",
    "/registry/explain/how-to-check/",
]


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


@pytest.mark.parametrize("url", PAGES)
def test_explainers_are_public_and_cacheable(client, db, url) -> None:
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=60"
    body = text(response)
    assert body.count("<h1") == 1 and "<article" in body
    assert 'aria-current="page"' in body  # the guides' navigation marks where the reader is


@pytest.mark.parametrize("url", ["/registry/", "/"])
def test_registry_home_and_navigation_link_the_guides(client, db, url) -> None:
    body = text(client.get(url))
    assert 'href="/registry/explain/how-to-check/"' in body
    assert 'href="/registry/statistics/"' in body
    if url == "/registry/":
        assert 'href="/registry/explain/statuses/"' in body
        assert 'href="/registry/explain/registration-vs-certification/"' in body


def test_registration_and_certification_are_the_same_act(client, db) -> None:
    body = text(client.get(PAGES[0]))
    assert "two words for the same act" in body
    assert "registrar" in body
    assert "ISO certifies nobody" in body
    assert "certified to ISO 9001" in body
    for source in ("ISO/IEC 17000", "ISO/IEC 17021-1", "IAF"):
        assert source in body


def test_statuses_use_the_registry_meanings(client, db) -> None:
    response = client.get(PAGES[1])
    body = response.content.decode()
    for verdict in Verdict:
        assert f'id="{verdict.value}"' in body
        assert str(VERDICT_MEANING[verdict]) in re.sub(r"\s+", " ", body.replace("&#x27;", "'"))
    assert 'href="/api/v1/verdicts"' in body


def test_how_to_check_names_every_step(client, db) -> None:
    body = text(client.get(PAGES[2]))
    for step in (
        "Look the number up",
        "Check the document itself",
        "Follow the accreditation chain",
        "Read the scope and the sites",
        "When the number is not found",
    ):
        assert step in body
    assert 'href="/check/"' in body and 'href="/registry/verify/"' in body


def test_signed_in_visitors_get_private_pages(client, personas) -> None:
    client.force_login(personas.outsider)
    response = client.get(PAGES[0])
    assert "private" in response["Cache-Control"]
