"""The audit programme: cycle dates from the rules, special audits, rescheduling guards."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.audits import services
from isocert.audits.choices import AuditKind, AuditStatus
from isocert.audits.models import Audit
from isocert.core.errors import Refused
from isocert.core.models import Event
from isocert.people.models import Qualification
from tests.audits.conftest import Office, act

pytestmark = pytest.mark.django_db
D = dt.date.fromisoformat


def cycle_audits(programme: Any, cycle: int = 1) -> dict[str, Audit]:
    return {
        a.kind: a
        for a in Audit.objects.filter(
            programme=programme,
            cycle=cycle,
            kind__in=[AuditKind.SURVEILLANCE1, AuditKind.SURVEILLANCE2, AuditKind.RECERTIFICATION],
        )
    }


def test_start_cycle_sets_dates_and_creates_the_cycle_audits(office: Office) -> None:
    programme = office.programme()
    decider = act(office.personas.decider)
    services.programme_start_cycle(
        actor=decider, programme=programme, decision_date=D("2024-03-15")
    )
    programme.refresh_from_db()
    assert (programme.cycle_start, programme.expiry_date) == (D("2024-03-15"), D("2027-03-14"))
    audits = cycle_audits(programme)
    assert audits[AuditKind.SURVEILLANCE1].due_date == D("2025-03-15")
    assert audits[AuditKind.SURVEILLANCE2].due_date == D("2026-12-31")
    assert audits[AuditKind.RECERTIFICATION].due_date == D("2027-03-14")
    assert audits[AuditKind.SURVEILLANCE1].days_required == programme.application.surveillance_days
    assert audits[AuditKind.RECERTIFICATION].days_required == (
        programme.application.recertification_days
    )
    # called again for the same decision: nothing duplicated
    services.programme_start_cycle(
        actor=decider, programme=programme, decision_date=D("2024-03-15")
    )
    assert Audit.objects.filter(programme=programme).count() == 5
    assert Event.objects.filter(kind="programme.cycle_started").count() == 2


def test_renewal_starts_the_next_cycle_from_the_existing_expiry(office: Office) -> None:
    programme = office.programme()
    decider = act(office.personas.decider)
    services.programme_start_cycle(
        actor=decider, programme=programme, decision_date=D("2024-03-15")
    )
    services.programme_start_cycle(
        actor=decider, programme=programme, decision_date=D("2027-02-01")
    )
    programme.refresh_from_db()
    assert programme.cycle_number == 2
    assert programme.expiry_date == D("2030-03-14")  # no drift (9.6.3.2.3)
    second = cycle_audits(programme, 2)
    assert second[AuditKind.SURVEILLANCE1].due_date == D("2028-02-01")
    assert second[AuditKind.RECERTIFICATION].due_date == D("2030-03-14")
    assert len(cycle_audits(programme, 1)) == 3


def test_recertification_too_late_cannot_start_a_cycle(office: Office) -> None:
    programme = office.programme()
    decider = act(office.personas.decider)
    services.programme_start_cycle(
        actor=decider, programme=programme, decision_date=D("2024-03-15")
    )
    with pytest.raises(Refused) as refused:
        services.programme_start_cycle(
            actor=decider, programme=programme, decision_date=D("2027-09-15")
        )
    assert "restoration was possible only until 2027-09-14" in refused.value.message


def test_start_cycle_permissions(office: Office) -> None:
    programme = office.programme()
    with pytest.raises(PermissionDenied):
        services.programme_start_cycle(
            actor=act(office.personas.auditor), programme=programme, decision_date=D("2024-03-15")
        )
    with pytest.raises(Http404):
        services.programme_start_cycle(
            actor=act(office.personas.other_staff),
            programme=programme,
            decision_date=D("2024-03-15"),
        )


def test_special_and_short_notice_audits(office: Office) -> None:
    programme = office.programme()
    audit = services.audit_add_special(
        actor=office.planner,
        programme=programme,
        kind=AuditKind.SPECIAL,
        due_date=D("2024-05-01"),
        days_required=Decimal("1.5"),
        reason="Scope extension to a new product line.",
    )
    assert (audit.kind, audit.days_required, audit.due_date) == (
        AuditKind.SPECIAL,
        Decimal("1.5"),
        D("2024-05-01"),
    )
    for kind, due, days_, why in [
        (AuditKind.SURVEILLANCE1, D("2024-05-01"), "1", "x"),
        (AuditKind.SHORT_NOTICE, D("2023-12-01"), "1", "Complaint"),  # due in the past
        (AuditKind.SHORT_NOTICE, D("2024-05-01"), "0.3", "Complaint"),  # not half days
        (AuditKind.SHORT_NOTICE, D("2024-05-01"), "1", " "),  # no reason
    ]:
        with pytest.raises(Refused):
            services.audit_add_special(
                actor=office.planner,
                programme=programme,
                kind=kind,
                due_date=due,
                days_required=Decimal(days_),
                reason=why,
            )


# --------------------------------------------------------------------------------------------------
# Rescheduling
# --------------------------------------------------------------------------------------------------


@pytest.fixture
def surveillance(office: Office) -> Audit:
    programme = office.programme()
    services.programme_start_cycle(
        actor=office.planner, programme=programme, decision_date=D("2024-03-15")
    )
    return cycle_audits(programme)[AuditKind.SURVEILLANCE1]  # due 2025-03-15


def test_planning_past_the_due_date_needs_a_recorded_exception(
    office: Office, surveillance: Audit
) -> None:
    office.schedule(surveillance, D("2025-03-14"), D("2025-03-15"))  # the due day is in time
    with pytest.raises(Refused) as refused:
        office.schedule(surveillance, D("2025-03-15"), D("2025-03-16"))
    assert "after its due date 2025-03-15" in refused.value.message
    assert refused.value.details["field"] == "schedule_exception"
    office.schedule(
        surveillance,
        D("2025-03-15"),
        D("2025-03-16"),
        schedule_exception="Site closed by flooding; IAF ID 3 extraordinary event.",
    )
    surveillance.refresh_from_db()
    assert surveillance.planned_end == D("2025-03-16")
    assert surveillance.schedule_exception.startswith("Site closed")
    event = Event.objects.filter(kind="audit.scheduled").last()
    assert event is not None and event.reason.startswith("Site closed")
    assert event.before["planned_end"] == "2025-03-15"


def test_recertification_never_ends_after_expiry(office: Office) -> None:
    programme = office.programme()
    services.programme_start_cycle(
        actor=office.planner, programme=programme, decision_date=D("2024-03-15")
    )
    recert = cycle_audits(programme)[AuditKind.RECERTIFICATION]
    with pytest.raises(Refused) as refused:
        office.schedule(
            recert, D("2027-03-14"), D("2027-03-15"), schedule_exception="Client asked for it."
        )
    assert "expires on 2027-03-14" in refused.value.message
    office.schedule(recert, D("2027-03-13"), D("2027-03-14"))


def test_fewer_days_need_a_justification_and_never_go_below_the_floor(
    office: Office, surveillance: Audit
) -> None:
    application = surveillance.programme.application
    # 60 personnel, QMS: 5 days initial -> surveillance 1.5 days; floor 3.5 -> 1 day (1/3, half days)
    assert surveillance.days_required == Decimal("1.5")
    assert surveillance.days_floor == Decimal(
        str(application.audit_time_detail["floors"]["surveillance"])
    )
    assert surveillance.days_floor == Decimal("1.0")
    with pytest.raises(Refused) as refused:
        office.schedule(surveillance, D("2025-03-01"), days_planned=Decimal("1.0"))
    assert refused.value.details["field"] == "days_justification"
    with pytest.raises(Refused) as refused:
        office.schedule(
            surveillance,
            D("2025-03-01"),
            days_planned=Decimal("0.5"),
            days_justification="Only one process left in scope.",
        )
    assert "below the least allowed" in refused.value.message
    office.schedule(
        surveillance,
        D("2025-03-01"),
        days_planned=Decimal("1.0"),
        days_justification="Mature system, no changes since certification.",
    )
    surveillance.refresh_from_db()
    assert surveillance.days_planned == Decimal("1.0")


def test_schedule_guards(office: Office, surveillance: Audit) -> None:
    with pytest.raises(Refused):
        office.schedule(surveillance, D("2025-03-02"), D("2025-03-01"))  # end before start
    with pytest.raises(PermissionDenied):
        services.audit_schedule(
            actor=act(office.personas.lead),
            audit=surveillance,
            start=D("2025-03-01"),
            end=D("2025-03-01"),
            days_planned=Decimal("1.5"),
        )
    with pytest.raises(Http404):
        services.audit_schedule(
            actor=act(office.personas.other_staff),
            audit=surveillance,
            start=D("2025-03-01"),
            end=D("2025-03-01"),
            days_planned=Decimal("1.5"),
        )


def test_rescheduling_rechecks_the_team(office: Office, surveillance: Audit) -> None:
    office.schedule(surveillance, D("2025-03-01"))
    office.staff(surveillance)
    Qualification.objects.filter(user=office.personas.lead).update(valid_until=D("2025-03-05"))
    with pytest.raises(Refused) as refused:
        office.schedule(surveillance, D("2025-03-10"))
    assert "not qualified" in refused.value.message
    office.schedule(surveillance, D("2025-03-05"))


def test_cancel_a_planned_audit(office: Office, surveillance: Audit) -> None:
    with pytest.raises(Refused):
        services.audit_cancel(actor=office.planner, audit=surveillance, reason="")
    services.audit_cancel(actor=office.planner, audit=surveillance, reason="Replaced.")
    surveillance.refresh_from_db()
    assert surveillance.status == AuditStatus.CANCELLED
    with pytest.raises(Refused):
        office.schedule(surveillance, D("2025-03-01"))
