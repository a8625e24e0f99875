"""Webhooks: signed JSON to a real local receiver, retries with backoff, the delivery log, the
test button, secret rotation and where a webhook may point."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.test import override_settings
from django.utils import timezone

from isocert.core.errors import Refused
from isocert.watchlists import webhooks
from isocert.watchlists.models import Verifier, WebhookDelivery
from isocert.watchlists.services import watch_certificate
from tests.registry.conftest import Registry
from tests.watchlists.conftest import Receiver, make_verifier, run_worker, suspend


def hooked(receiver: Receiver, name: str = "vera") -> Verifier:
    return make_verifier(
        name, webhook_url=receiver.url, webhook_secret="whsec_test", email_alerts=False
    )


def verified(message: dict[str, Any], secret: str) -> dict[str, Any]:
    """What a receiver does (docs/watchlists.md): recompute the signature over timestamp + body."""
    headers = {k.lower(): v for k, v in message["headers"].items()}
    signed = headers["x-isocert-timestamp"].encode() + b"." + message["body"]
    expected = "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(expected, headers["x-isocert-signature"])
    assert abs(int(headers["x-isocert-timestamp"]) - timezone.now().timestamp()) < 300
    return json.loads(message["body"])


@pytest.mark.django_db(transaction=True)
def test_an_alert_is_posted_signed(registry: Registry, personas: Any, receiver: Receiver) -> None:
    cert = registry.certify(registry.client("Widget Works Ltd"), "ACME-9001-000001")
    vera = hooked(receiver)
    watch_certificate(verifier=vera, number=cert.number)
    suspend(personas, cert)
    run_worker()
    assert len(receiver.received) == 1
    payload = verified(receiver.received[0], "whsec_test")
    assert payload["type"] == "certificate.suspended"
    assert payload["certificate"] == {
        "number": "ACME-9001-000001",
        "holder": "Widget Works Ltd",
        "from_status": "active",
        "to_status": "suspended",
    }
    assert payload["verify_url"] == "http://testserver/registry/verify/?number=ACME-9001-000001"
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered"
    [attempt] = delivery.attempt_log.all()
    assert attempt.status_code == 200 and attempt.error == ""
    # a tampered body does not verify
    forged = dict(
        receiver.received[0], body=receiver.received[0]["body"].replace(b"suspended", b"active")
    )
    with pytest.raises(AssertionError):
        verified(forged, "whsec_test")


@pytest.mark.django_db(transaction=True)
def test_a_failing_receiver_is_retried_with_backoff(
    registry: Registry, personas: Any, receiver: Receiver
) -> None:
    cert = registry.certify(registry.client("Widget Works Ltd"), "ACME-9001-000001")
    vera = hooked(receiver)
    watch_certificate(verifier=vera, number=cert.number)
    receiver.status = 500
    start = timezone.now()
    suspend(personas, cert)
    run_worker()
    delivery = WebhookDelivery.objects.get()
    assert (delivery.status, delivery.attempts) == ("pending", 1)
    assert delivery.next_attempt_at == start + dt.timedelta(minutes=1)
    run_worker()  # not yet due
    assert len(receiver.received) == 1

    waits = [dt.timedelta(minutes=m) for m in (1, 5, 30, 120, 720)]
    moment = start
    for number, wait in enumerate(waits[:2], start=2):
        moment += wait
        with time_machine.travel(moment + dt.timedelta(seconds=1), tick=False):
            run_worker()
        delivery.refresh_from_db()
        assert delivery.attempts == number
        assert delivery.next_attempt_at == moment + dt.timedelta(seconds=1) + waits[number - 1]
        moment = moment + dt.timedelta(seconds=1)
    receiver.status = 204
    with time_machine.travel(delivery.next_attempt_at, tick=False):
        run_worker()
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == ("delivered", 4)
    codes = list(delivery.attempt_log.values_list("number", "status_code"))
    assert codes == [(1, 500), (2, 500), (3, 500), (4, 204)]

    browser = Browser()
    browser.force_login(vera.user)
    log = browser.get("/registry/watch/deliveries/").content.decode()
    assert log.count("HTTP 500") == 3 and "HTTP 204" in log


@pytest.mark.django_db
def test_a_delivery_gives_up_after_the_last_retry(registry: Registry, receiver: Receiver) -> None:
    from isocert.watchlists.services import BACKOFF, webhook_attempt

    vera = hooked(receiver)
    receiver.status = 503
    delivery = WebhookDelivery.objects.create(
        verifier=vera, kind="test", url=receiver.url, body="{}", next_attempt_at=timezone.now()
    )
    moment = timezone.now()
    for _number in range(len(BACKOFF) + 1):
        with time_machine.travel(moment, tick=False):
            webhook_attempt(delivery_id=delivery.pk)
        delivery.refresh_from_db()
        moment = delivery.next_attempt_at or moment
    assert (delivery.status, delivery.attempts) == ("failed", 6)
    assert webhook_attempt(delivery_id=delivery.pk) is None  # nothing more
    assert len(receiver.received) == 6


@pytest.mark.django_db(transaction=True)
def test_settings_secret_shown_once_rotation_and_test_button(receiver: Receiver) -> None:
    vera = make_verifier("vera")
    browser = Browser()
    browser.force_login(vera.user)
    saved = browser.post(
        "/registry/watch/settings/", {"webhook_url": receiver.url, "email_alerts": "on"}
    )
    text = saved.content.decode()
    vera.refresh_from_db()
    assert vera.webhook_secret.startswith("whsec_") and vera.webhook_secret in text
    assert vera.webhook_secret not in browser.get("/registry/watch/settings/").content.decode()

    rotated = browser.post("/registry/watch/settings/rotate/").content.decode()
    old = vera.webhook_secret
    vera.refresh_from_db()
    assert vera.webhook_secret != old and vera.webhook_secret in rotated

    page = browser.post("/registry/watch/settings/test/", follow=True)
    assert "A test message is queued" in page.content.decode()
    run_worker()
    payload = verified(receiver.received[0], vera.webhook_secret)
    assert payload["type"] == "ping"
    assert WebhookDelivery.objects.get().status == "delivered"


@pytest.mark.django_db
def test_webhook_addresses_in_production(verifier: Verifier) -> None:
    with override_settings(SECURE=True, DEBUG=False):
        assert not webhooks.local_targets_allowed()
        for url, message in [
            ("http://example.com/hook", "must start with https://"),
            ("ftp://example.com/hook", "must start with https://"),
            ("https://127.0.0.1/hook", "private or local address"),
            ("https://10.1.2.3/hook", "private or local address"),
            ("https://[::1]/hook", "private or local address"),
            ("https://169.254.169.254/latest", "private or local address"),
            ("https://user:pw@example.com/hook", "user name or password"),
            ("https:///hook", "names no host"),
        ]:
            with pytest.raises(Refused) as refused:
                webhooks.url_check(url)
            assert message in refused.value.message, url
        assert webhooks.url_check(" https://93.184.215.14/hook ") == "https://93.184.215.14/hook"
        browser = Browser()
        browser.force_login(verifier.user)
        page = browser.post(
            "/registry/watch/settings/", {"webhook_url": "https://127.0.0.1:8080/x"}
        )
        assert page.status_code == 400
        assert "private or local address" in page.content.decode()
    assert webhooks.url_check("http://127.0.0.1:9/hook")  # local use and tests


def test_signature_is_hmac_of_timestamp_and_body() -> None:
    body = b'{"type":"ping"}'
    expected = hmac.new(b"s3cret", b"1700000000." + body, hashlib.sha256).hexdigest()
    assert webhooks.sign("s3cret", 1700000000, body) == "sha256=" + expected


@pytest.mark.django_db
def test_a_delivery_to_a_removed_webhook_is_not_sent(receiver: Receiver) -> None:
    from isocert.watchlists.services import verifier_settings_update, webhook_attempt

    vera = hooked(receiver)
    delivery = WebhookDelivery.objects.create(
        verifier=vera, kind="test", url=receiver.url, body="{}", next_attempt_at=timezone.now()
    )
    verifier_settings_update(verifier=vera, webhook_url="", email_alerts=True)
    attempt = webhook_attempt(delivery_id=delivery.pk)
    assert attempt is not None and "removed" in attempt.error
    delivery.refresh_from_db()
    assert delivery.status == "failed"
    assert receiver.received == []


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 5])
def test_the_delivery_log_costs_the_same_queries(rows: int, django_assert_num_queries: Any) -> None:
    vera = make_verifier("vera")
    for _ in range(rows):
        WebhookDelivery.objects.create(verifier=vera, kind="test", url="https://e.com", body="{}")
    browser = Browser()
    browser.force_login(vera.user)
    with django_assert_num_queries(
        7
    ):  # session, user, verifier, count, page, attempts, header menu
        page = browser.get("/registry/watch/deliveries/")
    assert page.status_code == 200
    assert page.content.decode().count("https://e.com") == rows
