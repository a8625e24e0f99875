"""``isocert demo``: a believable certification body on an empty database, through the services.

The demo is loaded with 12 clients (the fewest that still give every certificate state) to keep the
suite fast; ``isocert demo`` loads 60.
"""

from __future__ import annotations

import json
import re
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.utils import timezone

from isocert.audits.choices import AuditKind, FindingKind, FindingStatus
from isocert.audits.models import Audit, Finding
from isocert.certification.choices import CertificateStatus, DecisionKind
from isocert.certification.models import Certificate, Decision, Reminder
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event, LedgerHead
from isocert.office.demo import MIN_CLIENTS, PASSWORD, demo_load
from isocert.rules.dates import add_months

pytestmark = pytest.mark.django_db

SMALL = str(MIN_CLIENTS)


def run_demo(*args: str) -> dict[str, Any]:
    out = StringIO()
    call_command("demo", "--clients", SMALL, "--json", *args, stdout=out)
    return json.loads(out.getvalue())


def snapshot() -> tuple[Any, ...]:
    return (
        Event.objects.count(),
        LedgerHead.objects.get().last_hash,
        Certificate.objects.count(),
        Audit.objects.count(),
        Finding.objects.count(),
        Reminder.objects.count(),
    )


def test_demo_loads_every_state_through_the_services_and_a_second_run_changes_nothing() -> None:
    first = run_demo()
    assert first["created"] is True
    assert first["ledger"]["ok"] is True
    assert first["counts"]["clients"] == MIN_CLIENTS
    assert first["counts"]["certification_bodies"] == 3
    assert first["counts"]["accreditation_bodies"] == 2
    before = snapshot()

    again = run_demo()
    assert again["created"] is False
    assert again["counts"] == first["counts"]
    assert again["logins"] == first["logins"]
    assert snapshot() == before
    assert ledger_verify().ok

    # every certificate state a certification body deals with
    statuses = set(Certificate.objects.values_list("status", flat=True))
    assert {
        CertificateStatus.ACTIVE,
        CertificateStatus.SUSPENDED,
        CertificateStatus.WITHDRAWN,
        CertificateStatus.EXPIRED,
        CertificateStatus.SUPERSEDED,
    } <= statuses
    assert CertificateStatus.DRAFT not in statuses

    # renewed: the old revision superseded by the next one of the same number, on a renewal
    renewed = Certificate.objects.filter(supersedes__isnull=False).select_related(
        "supersedes", "decision"
    )
    assert renewed.exists()
    for cert in renewed:
        assert cert.number == cert.supersedes.number
        assert cert.revision == cert.supersedes.revision + 1
        assert cert.supersedes.status == CertificateStatus.SUPERSEDED
    assert renewed.filter(decision__kind=DecisionKind.RENEW).exists()

    # transferred in (IAF MD 2): keeps the other body's cycle and names where it came from
    transferred = Certificate.objects.exclude(transferred_from="")
    assert transferred.filter(status=CertificateStatus.ACTIVE).exists()
    for cert in transferred:
        assert cert.decision.kind == DecisionKind.TRANSFER
        assert cert.cycle_start < cert.decision.decided_on
        assert cert.expiry_date > timezone.localdate()

    # multi-site with a sample: fewer sites visited at stage 2 than are in scope
    multi = [c for c in Certificate.objects.prefetch_related("sites") if c.sites.count() > 3]
    assert multi
    stage2 = Audit.objects.get(programme=multi[0].programme, kind=AuditKind.STAGE2)
    assert stage2.sample_detail["x"] == multi[0].sites.count() - 1
    assert 1 < stage2.sites.count() < multi[0].sites.count()

    # integrated: one grant issued QMS, EMS and OHSMS certificates
    integrated = [
        d
        for d in Decision.objects.filter(kind=DecisionKind.GRANT).prefetch_related(
            "certificates__standard"
        )
        if {c.standard.code for c in d.certificates.all()} == {"ISO 9001", "ISO 14001", "ISO 45001"}
    ]
    assert integrated


def test_the_history_is_consistent_and_spread_over_four_years() -> None:
    demo_load(clients=MIN_CLIENTS)
    today = timezone.localdate()
    starts = sorted(
        Audit.objects.exclude(planned_start=None).values_list("planned_start", flat=True)
    )
    assert starts[0] < add_months(today, -36)
    assert starts[0] >= add_months(today, -50)

    # nobody decides or reviews an audit they were on (ISO/IEC 17021-1 9.5.1.2)
    for decision in Decision.objects.select_related("audit").prefetch_related("audit__team"):
        assert decision.audit is not None
        team = {m.user_id for m in decision.audit.team.all()}
        assert decision.decided_by_id not in team
        assert decision.decided_on >= decision.audit.planned_end
        for review in decision.audit.reviews.all():
            assert review.reviewer_id not in team

    # majors were raised and verified within 6 months of the audit's last day
    majors = Finding.objects.filter(kind=FindingKind.MAJOR, status=FindingStatus.VERIFIED)
    assert majors.exists()
    for finding in majors.select_related("audit"):
        assert finding.verified_on <= add_months(finding.audit.planned_end, 6)
    # every granted certificate's minors had an accepted plan before the decision
    assert not Finding.objects.filter(
        kind=FindingKind.MINOR,
        audit__decisions__isnull=False,
        status__in=(FindingStatus.OPEN, FindingStatus.RESPONDED),
    ).exists()

    # the daily job ran for today: expired certificates are past their date, overdue ones flagged
    for cert in Certificate.objects.filter(status=CertificateStatus.EXPIRED):
        assert cert.expiry_date < today
    flagged = list(Certificate.objects.exclude(flags=[]))
    assert any(f["code"] == "surveillance_overdue" for c in flagged for f in c.flags)
    suspended = Certificate.objects.filter(status=CertificateStatus.SUSPENDED)
    assert all(c.suspension_deadline > today for c in suspended)

    # public history: a buyer sees each certificate's status changes
    assert Event.objects.filter(kind="certificate.suspended", public=True).exists()
    assert Event.objects.filter(kind="certificate.expired", public=True).exists()
    assert ledger_verify().ok


def test_printed_logins_sign_in_and_the_admin_sees_work_to_do(client: Client) -> None:
    data = run_demo()
    logins = {row["username"]: row for row in data["logins"]}
    assert len(logins) == 10
    for username in logins:
        assert client.login(username=username, password=data["password"]), username
        client.logout()
    assert data["password"] == PASSWORD

    assert client.login(username="ngc.admin", password=data["password"])
    html = client.get("/office/").content.decode()
    numbers = {key: int(value) for key, value in re.findall(r'data-key="([a-z_]+)">(\d+)<', html)}
    assert numbers["audits_overdue"] > 0
    assert numbers["audits_due_soon"] > 0
    assert numbers["expiring"] > 0
    assert numbers["suspended"] > 0
    client.logout()

    assert client.login(username="demo.client", password=PASSWORD)
    res = client.get("/office/")
    assert res.status_code == 302 and res["Location"].startswith("/office/clients/")
    client.logout()
    assert client.login(username="aas.assessor", password=PASSWORD)
    assert client.get("/office/")["Location"] == "/office/accreditation/"
    client.logout()
    assert client.login(username="lsr.admin", password=PASSWORD)
    assert client.get("/office/").status_code == 200


def test_too_few_clients_is_refused_before_anything_is_written() -> None:
    with pytest.raises(CommandError, match="at least 12 clients"):
        call_command("demo", "--clients", "5")
    assert not Certificate.objects.exists()
    with pytest.raises(ValueError, match="at least 12"):
        demo_load(clients=3)


def test_demo_organisations_are_found_in_the_public_registry(client: Client) -> None:
    run_demo()
    from isocert.clients.models import Client as Organisation

    org = (
        Organisation.objects.filter(confidential=False, certificates__status="active")
        .distinct()
        .first()
    )
    assert org is not None
    res = client.get("/api/v1/search", {"q": org.name[:-1]})  # one letter short: a typo
    assert res.status_code == 200
    assert org.name in res.content.decode()
