"""Certificates made through the ORM (the certification services are written in parallel)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine

from isocert.audits.models import Application, Programme
from isocert.catalog.models import Edition, IafCode, Standard
from isocert.certification.choices import CertificateStatus, DecisionKind, DecisionOutcome
from isocert.certification.models import Certificate, CertificateSite, Decision
from isocert.clients.models import Site
from isocert.core.permissions import Actor
from isocert.people.choices import Role
from isocert.signing.selectors import lookup_key_of, printed_number

TODAY = dt.date(2025, 6, 2)
NOW = dt.datetime(2025, 6, 2, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _today(request: pytest.FixtureRequest) -> Any:
    """Every signing test runs on 2 June 2025 (the clock ticks on from there), except in a browser,
    where the live server and the browser must agree on the real time."""
    if request.node.get_closest_marker("browser"):
        yield None
        return
    with time_machine.travel(NOW, tick=True) as traveller:
        yield traveller


def make_certificate(
    personas: Any,
    *,
    number: str = "ACME-9001-000001",
    revision: int = 0,
    status: str = CertificateStatus.ACTIVE,
    sites: int = 1,
    client: Any = None,
    scope: str = (
        "Design, manufacture and servicing of precision gears and gearboxes for industrial "
        "machinery."
    ),
    expiry: dt.date = dt.date(2027, 3, 14),
    supersedes: Certificate | None = None,
) -> Certificate:
    client = client or personas.client
    body = client.certification_body
    std = Standard.objects.get(code="ISO 9001")
    edition = Edition.objects.get(standard=std, year=2015)
    application = Application.objects.create(
        certification_body=body, client=client, scope=scope, personnel=60
    )
    programme = Programme.objects.create(
        certification_body=body, client=client, application=application
    )
    decision = Decision.objects.create(
        certification_body=body,
        client=client,
        programme=programme,
        kind=DecisionKind.GRANT,
        outcome=DecisionOutcome.GRANTED,
        decided_by=personas.decider if body == personas.cb else personas.other_staff,
        decided_on=dt.date(2024, 3, 15),
    )
    cert = Certificate.objects.create(
        certification_body=body,
        client=client,
        programme=programme,
        decision=decision,
        number=number,
        revision=revision,
        lookup_key=lookup_key_of(printed_number(number, revision)),
        status=status,
        standard=std,
        edition=edition,
        scope=scope,
        original_issue_date=dt.date(2021, 3, 15),
        issue_date=dt.date(2024, 3, 15),
        effective_date=dt.date(2024, 3, 15),
        expiry_date=expiry,
        cycle_start=dt.date(2024, 3, 15),
        supersedes=supersedes,
    )
    cert.iaf_codes.set(IafCode.objects.filter(code__in=[17, 18]))
    existing = list(client.sites.order_by("-is_central_function", "pk"))
    for i in range(sites):
        if i < len(existing):
            site = existing[i]
        else:
            site = Site.objects.create(
                client=client,
                name=f"Plant {i}",
                street=f"{i} Industrial Estate",
                city="Leeds",
                postcode=f"LS{i} 4AB",
                country="GB",
                personnel=20,
            )
        CertificateSite.objects.create(
            certificate=cert,
            site=site,
            scope="Machining and assembly of gears."
            if i
            else "Design and management of the system.",
        )
    return cert


def cli_actor(personas: Any) -> Actor:
    return Actor(user=personas.admin, cb_id=personas.cb.pk, roles=frozenset({Role.CB_ADMIN}))


@pytest.fixture
def admin_actor(personas: Any) -> Actor:
    return cli_actor(personas)


@pytest.fixture
def certificate(personas: Any) -> Certificate:
    return make_certificate(personas)


def token_of(pdf: bytes) -> str:
    """The verification token isocert embedded in a certificate PDF."""
    import io

    from pypdf import PdfReader

    meta = PdfReader(io.BytesIO(pdf)).metadata
    assert meta is not None
    return str(meta["/IsocertToken"])


@pytest.fixture
def signed_pdf(certificate: Certificate) -> bytes:
    from isocert.signing.services import certificate_pdf_render

    return certificate_pdf_render(certificate=certificate)
