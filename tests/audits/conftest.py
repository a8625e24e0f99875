"""Builders for audits tests: applications through the services, programmes, scheduled and staffed
audits, so each test starts from the state a certification body would be in."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
import time_machine

from isocert.audits import services
from isocert.audits.choices import AuditKind, TeamRole
from isocert.audits.models import Application, Audit, Programme
from isocert.audits.services import StandardChoice
from isocert.clients.models import Site
from isocert.core.permissions import Actor, actor_for

TODAY = dt.date(2024, 1, 10)


def act(user: Any) -> Actor:
    return actor_for(user)


@dataclass
class Office:
    personas: Any

    @property
    def planner(self) -> Actor:
        return act(self.personas.planner)

    def add_sites(self, n: int, client: Any = None) -> list[Site]:
        client = client or self.personas.client
        return [
            Site.objects.create(
                client=client, name=f"Branch {i:02d}", city="York", country="GB", personnel=10
            )
            for i in range(1, n + 1)
        ]

    def application(
        self,
        *,
        standards: Sequence[tuple[str, str]] = (("ISO 9001:2015", ""),),
        codes: Sequence[int] = (17,),
        personnel: int = 60,
        client: Any = None,
        actor: Actor | None = None,
        **extra: Any,
    ) -> Application:
        client = client or self.personas.client
        site_ids = extra.pop("site_ids", None) or list(
            Site.objects.filter(client=client).values_list("pk", flat=True)
        )
        return services.application_create(
            actor=actor or self.planner,
            client=client,
            standards=[StandardChoice(s, c) for s, c in standards],
            scope="Design and manufacture of widgets",
            iaf_codes=list(codes),
            site_ids=site_ids,
            personnel=personnel,
            **extra,
        )

    def programme(self, **kwargs: Any) -> Programme:
        application = self.application(**kwargs)
        services.application_review(
            actor=self.planner, application=application, accept=True, reason="Contract reviewed."
        )
        return Programme.objects.get(application=application)

    def audit(self, programme: Programme, kind: str = AuditKind.STAGE1) -> Audit:
        return Audit.objects.filter(programme=programme, kind=kind).order_by("-pk").first()  # type: ignore[return-value]

    def schedule(
        self,
        audit: Audit,
        start: dt.date,
        end: dt.date | None = None,
        days_planned: Decimal | None = None,
        **extra: Any,
    ) -> Audit:
        return services.audit_schedule(
            actor=self.planner,
            audit=audit,
            start=start,
            end=end or start,
            days_planned=days_planned or audit.days_required or Decimal(1),
            **extra,
        )

    def staff(self, audit: Audit, *members: tuple[Any, str]) -> Audit:
        for user, role in members or ((self.personas.lead, TeamRole.LEAD_AUDITOR),):
            services.audit_team_assign(actor=self.planner, audit=audit, user=user, role=role)
        return audit

    def run(self, audit: Audit, start: dt.date, *members: tuple[Any, str]) -> Audit:
        """Schedule on ``start``, staff (the lead by default) and start the audit."""
        self.schedule(audit, start, start + dt.timedelta(days=1))
        self.staff(audit, *members)
        return services.audit_start(actor=self.planner, audit=audit)

    def complete(self, audit: Audit, user: Any = None) -> Audit:
        return services.audit_complete(
            actor=act(user or self.personas.lead),
            audit=audit,
            report="All clauses sampled; see the checklist.",
            recommendation="recommend",
        )

    def stage2_done(self, *, start: dt.date = dt.date(2024, 2, 5), **kwargs: Any) -> Audit:
        """Programme with stage 1 completed and stage 2 in progress from ``start``."""
        programme = self.programme(**kwargs)
        stage1 = self.audit(programme, AuditKind.STAGE1)
        self.run(stage1, start - dt.timedelta(days=14))
        self.complete(stage1)
        stage2 = self.audit(programme, AuditKind.STAGE2)
        return self.run(stage2, start)


@pytest.fixture
def frozen() -> Iterator[Any]:
    with time_machine.travel(TODAY, tick=False) as traveller:
        yield traveller


@pytest.fixture
def office(personas: Any, frozen: Any) -> Office:
    return Office(personas)
