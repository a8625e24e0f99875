"""A small public registry built through the ORM (the certification services are written in
parallel): certificates of every status for the personas' bodies, their public history in the
ledger, and the search index refreshed by the registry's own service."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

import pytest
import time_machine
from django.db import transaction

from isocert.audits.models import Application, Programme
from isocert.catalog.models import Edition, Standard
from isocert.certification.models import Certificate, CertificateSite, Decision
from isocert.clients.models import Client, ClientIdentifier, Site
from isocert.core.ledger import ledger_append
from isocert.registry.services import search_index_refresh
from isocert.registry.verification import coverage_forget

TODAY = dt.date(2025, 6, 2)
EDITIONS = {"ISO 9001": 2015, "ISO 14001": 2015, "ISO 45001": 2018, "ISO/IEC 27001": 2022}


@pytest.fixture(autouse=True)
def _frozen_today() -> Iterator[None]:
    coverage_forget()  # remembered accreditation answers belong to another test's database
    with time_machine.travel(dt.datetime(2025, 6, 2, 10, 0, tzinfo=dt.UTC), tick=False):
        yield


@dataclass
class Registry:
    """Helpers to certify clients of the personas' bodies."""

    personas: Any
    _decisions: dict[int, Decision] = field(default_factory=dict)

    def client(
        self,
        name: str,
        *,
        country: str = "GB",
        cb: Any = None,
        confidential: bool = False,
        city: str = "Leeds",
        vat: str = "",
    ) -> Client:
        client = Client.objects.create(
            certification_body=cb or self.personas.cb,
            name=name,
            country=country,
            confidential=confidential,
        )
        Site.objects.create(
            client=client, name="Head office", city=city, country=country, is_central_function=True
        )
        if vat:
            ClientIdentifier.objects.create(client=client, scheme="vat", value=vat)
        return client

    def _decision(self, client: Client) -> Decision:
        if client.pk not in self._decisions:
            app = Application.objects.create(
                certification_body=client.certification_body,
                client=client,
                scope="Test scope",
                personnel=10,
            )
            programme = Programme.objects.create(
                certification_body=client.certification_body, client=client, application=app
            )
            self._decisions[client.pk] = Decision.objects.create(
                certification_body=client.certification_body,
                client=client,
                programme=programme,
                kind="grant",
                outcome="granted",
                decided_by=self.personas.decider,
                decided_on=dt.date(2023, 1, 10),
            )
        return self._decisions[client.pk]

    def certify(
        self,
        client: Client,
        number: str,
        *,
        standard: str = "ISO 9001",
        revision: int = 0,
        status: str = "active",
        expiry: dt.date = dt.date(2026, 1, 31),
        codes: Sequence[int] = (17,),
        supersedes: Certificate | None = None,
        history: Sequence[tuple[str, str, str]] = (("certificate.issued", "draft", "active"),),
        suspended_on: dt.date | None = None,
        withdrawn_on: dt.date | None = None,
        index: bool = True,
    ) -> Certificate:
        std = Standard.objects.get(code=standard)
        edition = Edition.objects.get(standard=std, year=EDITIONS[standard])
        printed = number if revision == 0 else f"{number}-R{revision}"
        cert = Certificate.objects.create(
            certification_body=client.certification_body,
            client=client,
            decision=self._decision(client),
            number=number,
            revision=revision,
            lookup_key=printed.replace("-", "").replace(" ", "").upper(),
            status=status,
            standard=std,
            edition=edition,
            scope="Manufacture of widgets",
            original_issue_date=dt.date(2023, 2, 1),
            issue_date=dt.date(2023, 2, 1),
            effective_date=dt.date(2023, 2, 1),
            expiry_date=expiry,
            cycle_start=dt.date(2023, 2, 1),
            supersedes=supersedes,
            suspended_on=suspended_on,
            withdrawn_on=withdrawn_on,
        )
        cert.iaf_codes.set(codes)
        for site in client.sites.all():
            CertificateSite.objects.create(certificate=cert, site=site, scope=cert.scope)
        with transaction.atomic():
            for i, (kind, before, after) in enumerate(history):
                ledger_append(
                    actor="test",
                    kind=kind,
                    obj=cert,
                    before={"status": before},
                    after={"status": after},
                    reason=f"step {i}",
                    certification_body_id=cert.certification_body_id,
                    public=True,
                )
        if index:
            search_index_refresh(client_ids=[client.pk])
        return cert


@pytest.fixture
def registry(personas: Any) -> Registry:
    return Registry(personas)
