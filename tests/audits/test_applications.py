"""Application and contract review: audit time from the rules, sample size, accredited scope."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.accreditation.models import AccreditedScope
from isocert.audits import services
from isocert.audits.choices import ApplicationStatus, AuditKind, AuditStatus
from isocert.audits.models import Application, Audit, Programme
from isocert.core.errors import Refused
from isocert.core.models import Event
from isocert.rules import audit_time as md5
from tests.audits.conftest import Office, act

pytestmark = pytest.mark.django_db


def kinds(obj: Any) -> list[str]:
    return list(
        Event.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk)).values_list(
            "kind", flat=True
        )
    )


def test_application_stores_the_audit_time_of_the_rules(office: Office) -> None:
    app = office.application(personnel=60)
    # IAF MD 5 Table QMS 1: 46-65 personnel -> 5 days; stage 1 / 2 split, 1/3 and 2/3
    assert app.status == ApplicationStatus.DRAFT
    assert app.effective_personnel == 60
    assert app.initial_days == Decimal("5.0")
    assert app.stage1_days + app.stage2_days == Decimal("5.0")
    assert app.surveillance_days == Decimal("1.5")
    assert app.recertification_days == Decimal("3.5")
    assert app.floor_days == Decimal("3.5")  # 5 days - 30 %
    assert app.audit_time_detail["floors"]["initial"] == 3.5
    clauses = " ".join(step["clause"] for step in app.audit_time_detail["steps"])
    assert "IAF MD 5" in clauses
    assert [s.edition.year for s in app.standards.all()] == [2015]
    assert kinds(app) == ["application.created"]


def test_integrated_application_floor_is_44_percent_below_the_table(office: Office) -> None:
    app = office.application(
        standards=(("ISO 9001:2015", ""), ("ISO 14001:2015", "medium")),
        integration_percent=Decimal(20),
        integration_justification="One integrated management system, one internal audit.",
    )
    table = md5.table_days(md5.Scheme.QMS, 60) + md5.table_days(
        md5.Scheme.EMS, 60, md5.Complexity.MEDIUM
    )
    assert app.floor_days == Decimal(math.ceil(table * Decimal("0.56") * 2)) / 2
    assert app.initial_days == app.floor_days or app.initial_days > app.floor_days
    assert app.audit_time_detail["floors"]["initial"] <= float(app.initial_days)


@pytest.mark.parametrize(
    ("standard", "words"),
    [
        ("ISO 26000", "not certifiable"),  # guidance standard (IAF resolution)
        ("ISO 9001:2008", "no longer valid"),
        ("ISO 14001:2026", "not published"),  # at 2024-01-10
    ],
)
def test_application_refused_with_the_reason(office: Office, standard: str, words: str) -> None:
    with pytest.raises(Refused) as refused:
        office.application(standards=((standard, "medium"),))
    text = refused.value.message.lower()
    assert words in text or "guidance" in text
    assert not Application.objects.exists()


def test_standard_outside_the_accredited_scope_is_refused(office: Office) -> None:
    AccreditedScope.objects.filter(
        certification_body=office.personas.cb, standard__code="ISO 45001"
    ).delete()
    with pytest.raises(Refused) as refused:
        office.application(standards=(("ISO 45001:2018", "medium"),))
    assert refused.value.message == "ACME is not accredited for ISO 45001:2018."
    assert not Application.objects.exists()


def test_application_outside_the_accredited_iaf_codes_is_refused(office: Office) -> None:
    with pytest.raises(Refused) as refused:
        office.application(codes=(17, 1))
    assert "IAF code(s) 1" in refused.value.message
    assert "outside" in refused.value.message


def test_reduction_beyond_md5_is_refused_by_the_rules(office: Office) -> None:
    with pytest.raises(Refused) as refused:
        office.application(
            reduction_percent=Decimal(35), adjustment_justification="Low risk processes"
        )
    assert "30" in refused.value.message


def test_complexity_is_required_where_md5_needs_it(office: Office) -> None:
    with pytest.raises(Refused) as refused:
        office.application(standards=(("ISO 14001:2015", ""),))
    assert "complexity" in refused.value.message.lower()


def test_sample_size_is_computed_for_the_sites_besides_the_central_function(
    office: Office,
) -> None:
    office.add_sites(5)
    app = office.application()
    assert app.sample_detail["sites"] == 5  # x excludes the central function
    assert app.sample_detail["initial"] == 3  # ceil(sqrt(5))
    assert app.sample_detail["surveillance"] == 2  # ceil(0.6 sqrt(5))
    single = office.application(site_ids=[app.sites.get(is_central_function=True).pk])
    assert single.sample_detail is None


def test_sites_must_be_the_clients(office: Office) -> None:
    other_site = office.personas.other_client.sites.get()
    with pytest.raises(Refused):
        office.application(site_ids=[other_site.pk])


def test_only_planners_record_applications(office: Office) -> None:
    with pytest.raises(PermissionDenied):
        office.application(actor=act(office.personas.auditor))
    with pytest.raises(Http404):
        office.application(actor=act(office.personas.other_staff))


def test_accepting_opens_the_programme_with_stage_1_and_2(office: Office) -> None:
    app = office.application()
    services.application_review(actor=office.planner, application=app, accept=True)
    app.refresh_from_db()
    assert app.status == ApplicationStatus.ACCEPTED
    assert app.reviewed_by == office.personas.planner
    programme = Programme.objects.get(application=app)
    audits = {a.kind: a for a in Audit.objects.filter(programme=programme)}
    assert set(audits) == {AuditKind.STAGE1, AuditKind.STAGE2}
    assert audits[AuditKind.STAGE1].days_required == app.stage1_days
    assert audits[AuditKind.STAGE2].days_required == app.stage2_days
    assert audits[AuditKind.STAGE2].days_floor is not None
    assert all(a.status == AuditStatus.PLANNED for a in audits.values())
    assert kinds(app) == ["application.created", "application.accepted"]
    assert kinds(programme) == ["programme.created"]
    with pytest.raises(Refused) as refused:
        services.application_review(actor=office.planner, application=app, accept=False)
    assert "already reviewed" in refused.value.message


def test_refusing_needs_a_reason(office: Office) -> None:
    app = office.application()
    with pytest.raises(Refused):
        services.application_review(actor=office.planner, application=app, accept=False)
    services.application_review(
        actor=office.planner, application=app, accept=False, reason="Client cannot be audited."
    )
    app.refresh_from_db()
    assert app.status == ApplicationStatus.REFUSED
    assert app.refusal_reason == "Client cannot be audited."
    assert not Programme.objects.exists()
    assert kinds(app)[-1] == "application.refused"


def test_transfer_application_opens_a_pre_transfer_review(office: Office) -> None:
    programme = office.programme(kind="transfer")
    assert [a.kind for a in programme.audits.all()] == [AuditKind.TRANSFER_REVIEW]


def test_review_by_another_body_is_404(office: Office) -> None:
    app = office.application()
    with pytest.raises(Http404):
        services.application_review(
            actor=act(office.personas.other_staff), application=app, accept=True
        )
