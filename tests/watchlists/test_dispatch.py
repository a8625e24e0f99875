"""Alerts: public certificate events after a watch began become one alert per watcher, once;
mail goes through the real worker."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core import mail
from django.test import Client as Browser

from isocert.catalog.models import Edition, Standard
from isocert.certification.services import (
    SiteScope,
    certificate_issue,
    certificate_restore,
    certificate_withdraw,
)
from isocert.clients.services import client_update
from isocert.core.permissions import actor_for
from isocert.watchlists.models import Alert, Watch
from isocert.watchlists.services import alerts_dispatch, watch_certificate, watch_organisation
from tests.registry.conftest import Registry
from tests.watchlists.conftest import make_verifier, run_worker, suspend


@pytest.mark.django_db
def test_a_suspension_alerts_each_watcher_once(registry: Registry, personas: Any) -> None:
    client = registry.client("Widget Works Ltd")
    cert = registry.certify(client, "ACME-9001-000001")
    vera, otto, ida = make_verifier("vera"), make_verifier("otto"), make_verifier("ida")
    watch_certificate(verifier=vera, number="ACME-9001-000001")
    watch_certificate(verifier=otto, number="acme 9001 000001")
    watch_organisation(verifier=otto, organisation_id=client.pk)  # one alert all the same
    alerts_dispatch()
    assert not Alert.objects.exists()  # the issue happened before anyone watched

    suspend(personas, cert)
    summary = alerts_dispatch()
    assert summary.alerts == 2
    alert = Alert.objects.get(verifier=vera)
    assert (alert.kind, alert.label) == ("certificate.suspended", "Suspended")
    assert (alert.from_status, alert.to_status) == ("active", "suspended")
    assert alert.certificate_number == "ACME-9001-000001"
    assert alert.holder == "Widget Works Ltd"
    assert Alert.objects.filter(verifier=otto).count() == 1
    assert not Alert.objects.filter(verifier=ida).exists()

    assert alerts_dispatch().alerts == 0  # idempotent
    assert Alert.objects.count() == 2


@pytest.mark.django_db
def test_every_public_change_of_the_family_is_an_alert(registry: Registry, personas: Any) -> None:
    client = registry.client("Widget Works Ltd")
    cert = registry.certify(client, "ACME-9001-000001")
    vera = make_verifier("vera")
    watch_certificate(verifier=vera, number="ACME-9001-000001")
    decider = actor_for(personas.decider)
    suspend(personas, cert)
    certificate_restore(actor=decider, certificate=cert, reason="Surveillance done")
    certificate_withdraw(actor=decider, certificate=cert, reason="Client left")
    alerts_dispatch()
    assert list(Alert.objects.order_by("event_seq").values_list("kind", "to_status")) == [
        ("certificate.suspended", "suspended"),
        ("certificate.restored", "active"),
        ("certificate.withdrawn", "withdrawn"),
    ]


@pytest.mark.django_db
def test_a_new_certificate_of_a_watched_organisation_is_an_alert(
    registry: Registry, personas: Any
) -> None:
    client = registry.client("Widget Works Ltd")
    registry.certify(client, "ACME-9001-000001")
    vera = make_verifier("vera")
    watch_organisation(verifier=vera, organisation_id=client.pk)
    standard = Standard.objects.get(code="ISO 14001")
    certificate_issue(
        actor=actor_for(personas.decider),
        decision=registry._decision(client),
        standard=standard,
        edition=Edition.objects.get(standard=standard, year=2015),
        scope="Manufacture of widgets",
        sites=[SiteScope(site_id=site.pk, scope="") for site in client.sites.all()],
        iaf_codes=[17],
        effective_on=dt.date(2025, 6, 1),
        expiry_date=dt.date(2028, 5, 31),
        cycle_start=dt.date(2025, 6, 1),
    )
    alerts_dispatch()
    alert = Alert.objects.get(verifier=vera)
    assert alert.kind == "certificate.issued"
    assert alert.changes["status"] == {"from": "draft", "to": "active"}
    assert alert.changes["expiry_date"] == {"from": None, "to": "2028-05-31"}
    assert alert.changes["scope"]["to"] == "Manufacture of widgets"


@pytest.mark.django_db
def test_an_organisation_made_confidential_raises_no_more_alerts(
    registry: Registry, personas: Any
) -> None:
    client = registry.client("Widget Works Ltd")
    cert = registry.certify(client, "ACME-9001-000001")
    vera = make_verifier("vera")
    watch_organisation(verifier=vera, organisation_id=client.pk)
    client_update(
        actor=actor_for(personas.admin),
        client=client,
        name=client.name,
        country=client.country,
        confidential=True,
    )
    suspend(personas, cert)
    alerts_dispatch()
    assert not Alert.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_the_alert_mail_is_sent_by_the_worker(registry: Registry, personas: Any) -> None:
    client = registry.client("Widget Works Ltd")
    cert = registry.certify(client, "ACME-9001-000001")
    vera = make_verifier("vera")
    quiet = make_verifier("quiet", email_alerts=False)
    for who in (vera, quiet):
        watch_certificate(verifier=who, number="ACME-9001-000001")
    run_worker()
    mail.outbox.clear()
    suspend(personas, cert)  # commits: the dispatcher is queued
    assert mail.outbox == []
    run_worker()
    assert Alert.objects.count() == 2
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["vera@example.org"]
    assert message.subject == "ACME-9001-000001: Suspended"
    assert "Status: active → suspended." in message.body
    assert "http://testserver/registry/verify/?number=ACME-9001-000001" in message.body
    run_worker()
    assert len(mail.outbox) == 1  # nothing twice

    browser = Browser()
    browser.force_login(vera.user)
    text = browser.get("/registry/watch/alerts/").content.decode()
    assert "ACME-9001-000001" in text and "Suspended" in text


@pytest.mark.django_db
@pytest.mark.parametrize("rows", [2, 5])
def test_the_alert_list_costs_the_same_queries(
    registry: Registry, personas: Any, rows: int, django_assert_num_queries: Any
) -> None:
    vera = make_verifier("vera")
    for i in range(rows):
        cert = registry.certify(registry.client(f"Maker {i}"), f"ACME-9001-20000{i}")
        watch_certificate(verifier=vera, number=cert.number)
        suspend(personas, cert)
    alerts_dispatch()
    assert Alert.objects.count() == rows
    assert Watch.objects.count() == rows
    browser = Browser()
    browser.force_login(vera.user)
    with django_assert_num_queries(6):  # session, user, verifier, count, page, header menu
        page = browser.get("/registry/watch/alerts/")
    assert page.status_code == 200
