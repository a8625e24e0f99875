"""Verifier accounts: sign-up, the confirmation mail through the worker, no sign-in before it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client as Browser

from isocert.watchlists.models import Verifier
from tests.personas import PASSWORD
from tests.watchlists.conftest import run_worker

GOOD_PASSWORD = "lantern-orbit-sable-93"


def sign_up(browser: Browser, email: str, password: str = GOOD_PASSWORD) -> Any:
    return browser.post(
        "/registry/watch/signup/",
        {"email": email, "password": password, "password_again": password},
    )


def link_in(message: Any) -> str:
    found = re.search(r"https?://\S+/registry/watch/confirm/\S+/", message.body)
    assert found, message.body
    return found.group(0)


@pytest.mark.django_db(transaction=True)
def test_sign_up_confirm_then_sign_in() -> None:
    browser = Browser()
    page = sign_up(browser, "Buyer@Example.com")
    assert page.status_code == 200
    assert "Check your mail" in page.content.decode()
    assert mail.outbox == []  # the worker sends it, not the request
    run_worker()
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["buyer@example.com"]
    link = link_in(message)
    assert link.startswith("http://testserver/registry/watch/confirm/")

    assert not browser.login(username="buyer@example.com", password=GOOD_PASSWORD)
    refused = browser.post(
        "/accounts/login/", {"username": "buyer@example.com", "password": GOOD_PASSWORD}
    )
    assert refused.status_code == 200  # the form again, not a redirect

    confirmed = browser.get(link.removeprefix("http://testserver"))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == "/accounts/login/?next=%2Fregistry%2Fwatch%2F"
    assert browser.login(username="buyer@example.com", password=GOOD_PASSWORD)
    assert browser.get("/registry/watch/").status_code == 200
    assert Verifier.objects.get().confirmed_at is not None
    # a second click on the link changes nothing
    assert browser.get(link.removeprefix("http://testserver")).status_code == 302


@pytest.mark.django_db
def test_sign_up_refusals_are_clear(verifier: Verifier) -> None:
    browser = Browser()
    taken = sign_up(browser, verifier.user.email.upper())
    assert taken.status_code == 400
    assert "An account with this e-mail address already exists" in taken.content.decode()
    weak = sign_up(browser, "new@example.com", "12345678")
    assert weak.status_code == 400
    text = weak.content.decode()
    assert "This password is too common." in text
    assert "This password is entirely numeric." in text
    differ = browser.post(
        "/registry/watch/signup/",
        {"email": "new@example.com", "password": GOOD_PASSWORD, "password_again": "other"},
    )
    assert "The two passwords differ." in differ.content.decode()
    assert not get_user_model().objects.filter(username="new@example.com").exists()


@pytest.mark.django_db
def test_a_forged_confirmation_link_is_refused() -> None:
    page = Browser().get("/registry/watch/confirm/not-a-token/")
    assert page.status_code == 400
    assert "This confirmation link is not valid." in page.content.decode()


@pytest.mark.django_db
def test_watch_pages_need_a_verifier(personas: Any) -> None:
    anonymous = Browser().get("/registry/watch/")
    assert anonymous.status_code == 302
    assert anonymous["Location"].startswith("/accounts/login/?next=")
    staff = Browser()
    staff.force_login(personas.decider)
    page = staff.get("/registry/watch/alerts/")
    assert page.status_code == 403
    assert "not one" in page.content.decode()
    api = staff.get("/api/v1/watchlists/watches")
    assert api.status_code == 403
    assert api.json()["error"] == "forbidden"


@pytest.mark.django_db
def test_staff_password_login_still_works(personas: Any) -> None:
    """Back-office accounts are not verifiers and need no confirmation."""
    assert Browser().login(username=personas.decider.username, password=PASSWORD)


@pytest.mark.django_db
def test_a_verifier_sees_no_office_pages(personas: Any, verifier: Verifier) -> None:
    browser = Browser()
    browser.force_login(verifier.user)
    for path in ("/office/clients/", "/office/certificates/", "/api/v1/office/clients"):
        assert browser.get(path).status_code == 403, path
    assert personas.client.name not in browser.get("/office/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_an_unconfirmed_sign_up_may_sign_up_again() -> None:
    browser = Browser()
    sign_up(browser, "late@example.com")
    run_worker()
    first = link_in(mail.outbox[0])
    again = sign_up(browser, "late@example.com", "another-lantern-77")
    assert again.status_code == 200
    run_worker()
    assert len(mail.outbox) == 2
    assert Verifier.objects.count() == 1
    browser.get(link_in(mail.outbox[1]).removeprefix("http://testserver"))
    assert browser.login(username="late@example.com", password="another-lantern-77")
    assert first  # the first link confirms the same account, so it stays harmless
