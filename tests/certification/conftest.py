"""Builders for certification tests: an application, its programme, audits with their team and
findings (through the ORM, as the audits app's services may not exist yet), a review and a grant."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import pytest
import time_machine
from django.utils import timezone

from isocert.audits.choices import (
    ApplicationStatus,
    AuditKind,
    AuditStatus,
    FindingKind,
    FindingStatus,
    TeamRole,
)
from isocert.audits.models import (
    Application,
    ApplicationStandard,
    Audit,
    Finding,
    Programme,
    TeamMember,
)
from isocert.catalog.models import Edition, Standard
from isocert.certification.models import Certificate, Decision
from isocert.certification.services import decision_take, review_record
from isocert.clients.models import Site
from isocert.core.permissions import Actor, actor_for

GRANT_DAY = dt.date(2024, 3, 15)
STAGE2_END = dt.date(2024, 3, 1)


def act(user: Any) -> Actor:
    return actor_for(user)


def edition(code: str) -> tuple[Standard, Edition]:
    std = Standard.objects.get(code=code)
    ed = Edition.objects.filter(standard=std, year__in=(2015, 2018)).order_by("-year").first()
    assert ed is not None
    return std, ed


@dataclass
class World:
    personas: Any

    def programme(
        self,
        *,
        client: Any = None,
        standards: Sequence[str] = ("ISO 9001",),
        codes: Sequence[int] = (17,),
        scope: str = "Design and manufacture of widgets",
        cb: Any = None,
        second_site: bool = False,
    ) -> Programme:
        p = self.personas
        client = client or p.client
        cb = cb or client.certification_body
        application = Application.objects.create(
            certification_body=cb,
            client=client,
            status=ApplicationStatus.ACCEPTED,
            scope=scope,
            personnel=60,
        )
        for code in standards:
            std, ed = edition(code)
            ApplicationStandard.objects.create(application=application, standard=std, edition=ed)
        application.iaf_codes.set(codes)
        if second_site:
            Site.objects.create(client=client, name="Warehouse", city="York", country="GB")
        application.sites.set(Site.objects.filter(client=client))
        return Programme.objects.create(
            certification_body=cb, client=client, application=application
        )

    def audit(
        self,
        programme: Programme,
        kind: str = AuditKind.STAGE2,
        *,
        last_day: dt.date = STAGE2_END,
        team: Sequence[tuple[Any, str]] | None = None,
        submitted: bool = True,
        due: dt.date | None = None,
    ) -> Audit:
        audit = Audit.objects.create(
            programme=programme,
            certification_body=programme.certification_body,
            kind=kind,
            status=AuditStatus.COMPLETED if submitted else AuditStatus.IN_PROGRESS,
            due_date=due,
            planned_start=last_day - dt.timedelta(days=2),
            planned_end=last_day,
            report="All requirements met." if submitted else "",
            report_submitted_at=timezone.now() if submitted else None,
        )
        for user, role in (
            team if team is not None else [(self.personas.lead, TeamRole.LEAD_AUDITOR)]
        ):
            TeamMember.objects.create(audit=audit, user=user, role=role)
        return audit

    def finding(
        self,
        audit: Audit,
        kind: str = FindingKind.MINOR,
        status: str = FindingStatus.OPEN,
        **extra: Any,
    ) -> Finding:
        return Finding.objects.create(
            audit=audit,
            kind=kind,
            status=status,
            clause=extra.pop("clause", "8.5.1"),
            statement="Work instructions are not controlled.",
            evidence="WI-12 rev 3 in use on line 2; rev 4 approved.",
            **extra,
        )

    def recommend(self, audit: Audit, on: dt.date | None = None, by: Any = None) -> Any:
        return review_record(
            actor=act(by or self.personas.reviewer),
            audit=audit,
            outcome="recommend",
            notes="File complete.",
            reviewed_on=on or audit.planned_end,
        )

    def grant(
        self,
        *,
        standards: Sequence[str] = ("ISO 9001",),
        codes: Sequence[int] = (17,),
        on: dt.date = GRANT_DAY,
        reviewer: Any = None,
        decider: Any = None,
        **kwargs: Any,
    ) -> tuple[Decision, list[Certificate]]:
        """A programme with a clean stage 2, reviewed and granted on ``on`` (time frozen then)."""
        programme = self.programme(standards=standards, codes=codes, **kwargs)
        audit = self.audit(programme)
        with time_machine.travel(on, tick=False):
            self.recommend(audit, by=reviewer)
            decision = decision_take(
                actor=act(decider or self.personas.decider),
                audit=audit,
                kind="grant",
                outcome="granted",
                decided_on=on,
                notes="",
            )
        return decision, list(Certificate.objects.filter(decision=decision).order_by("number"))

    def grant_elsewhere(self) -> tuple[Decision, list[Certificate]]:
        """A certificate of the other certification body, for visibility tests."""
        from isocert.people.models import Membership

        p = self.personas
        Membership.objects.get_or_create(
            user=p.other_staff, certification_body=p.other_cb, role="technical_reviewer"
        )
        return self.grant(client=p.other_client, reviewer=p.other_staff, decider=p.other_staff)


@pytest.fixture
def world(personas: Any) -> World:
    return World(personas)
