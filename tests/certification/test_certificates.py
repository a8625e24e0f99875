"""Certificate acts: the status matrix through the services, scope changes, transfer in, numbers,
and the guards that stop a certificate the body may not issue."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.accreditation.choices import AccreditationStatus
from isocert.accreditation.models import AccreditedScope
from isocert.audits.choices import AuditKind
from isocert.catalog.models import Standard
from isocert.certification import selectors
from isocert.certification.choices import CertificateStatus, DecisionKind, DecisionOutcome
from isocert.certification.models import Certificate, Decision
from isocert.certification.services import (
    SiteScope,
    TransferReview,
    certificate_expire,
    certificate_extend_scope,
    certificate_issue,
    certificate_reduce_scope,
    certificate_restore,
    certificate_suspend,
    certificate_transfer_in,
    certificate_withdraw,
    decision_take,
)
from isocert.clients.models import Site
from isocert.core.errors import Refused
from isocert.core.ledger import ledger_verify
from isocert.core.models import Event
from isocert.rules.status import TRANSITIONS, CertificateAct
from isocert.rules.status import CertificateStatus as S
from tests.certification.conftest import GRANT_DAY, World, act, edition

pytestmark = pytest.mark.django_db

TODAY = dt.date(2025, 1, 10)
LATER = dt.date(2027, 6, 1)


def sites_of(cert: Certificate) -> list[SiteScope]:
    return [SiteScope(site_id=row.site_id, scope=row.scope) for row in cert.sites.all()]


def extension_decision(cert: Certificate, personas: Any, on: dt.date = TODAY) -> Decision:
    return Decision.objects.create(
        certification_body=cert.certification_body,
        client=cert.client,
        programme=cert.programme,
        kind=DecisionKind.EXTEND_SCOPE,
        outcome=DecisionOutcome.GRANTED,
        decided_by=personas.decider,
        decided_on=on,
    )


# --------------------------------------------------------------------------------------------------
# The status matrix: every act from every status, through the services
# --------------------------------------------------------------------------------------------------

ACTS = {
    "suspend": CertificateAct.SUSPEND,
    "restore": CertificateAct.RESTORE,
    "withdraw": CertificateAct.WITHDRAW,
    "reduce_scope": CertificateAct.SUPERSEDE,
    "extend_scope": CertificateAct.SUPERSEDE,
    "expire": CertificateAct.EXPIRE,
}


def run_act(name: str, cert: Certificate, personas: Any, world: World) -> Certificate:
    decider = act(personas.decider)
    if name == "suspend":
        return certificate_suspend(
            actor=decider,
            certificate=cert,
            reason="Surveillance refused",
            deadline=TODAY + dt.timedelta(days=60),
        )
    if name == "restore":
        return certificate_restore(actor=decider, certificate=cert, reason="Audit done")
    if name == "withdraw":
        return certificate_withdraw(actor=decider, certificate=cert, reason="Client request")
    if name == "reduce_scope":
        return certificate_reduce_scope(
            actor=decider,
            certificate=cert,
            scope="Design of widgets",
            sites=sites_of(cert),
            iaf_codes=[17],
            reason="Manufacture stopped",
        )
    if name == "extend_scope":
        return certificate_extend_scope(
            actor=decider,
            certificate=cert,
            decision=extension_decision(cert, personas),
            scope=cert.scope,
            sites=sites_of(cert),
            iaf_codes=[17, 28],
        )
    return certificate_expire(actor=decider, certificate=cert, today=LATER)


def expected(name: str, status: S) -> bool:
    if name == "extend_scope":  # an extension must not lift a suspension: active only
        return status is S.ACTIVE
    return (status, ACTS[name]) in TRANSITIONS


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("name", list(ACTS))
def test_status_matrix(world: World, personas: Any, status: S, name: str) -> None:
    _decision, [cert] = world.grant(codes=(17,))
    Certificate.objects.filter(pk=cert.pk).update(status=status.value, suspended_on=GRANT_DAY)
    cert.refresh_from_db()
    events_before = Event.objects.count()
    public_before = Event.objects.filter(public=True).count()
    with time_machine.travel(TODAY, tick=False):
        if expected(name, status):
            result = run_act(name, cert, personas, world)
            cert.refresh_from_db()
            assert cert.status == TRANSITIONS[(status, ACTS[name])].value
            if ACTS[name] is CertificateAct.SUPERSEDE:
                assert result.supersedes == cert and result.status == "active"
            assert Event.objects.filter(public=True).count() > public_before
        else:
            with pytest.raises(Refused):
                run_act(name, cert, personas, world)
            cert.refresh_from_db()
            assert cert.status == status.value
            assert Event.objects.count() == events_before
    assert ledger_verify().ok


def test_the_rules_message_is_shown_for_a_refused_transition(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    Certificate.objects.filter(pk=cert.pk).update(status="withdrawn")
    cert.refresh_from_db()
    with time_machine.travel(TODAY, tick=False), pytest.raises(Refused) as refused:
        certificate_restore(actor=act(personas.decider), certificate=cert, reason="x")
    assert refused.value.message == (
        "a withdrawn certificate cannot be restored; allowed from withdrawn: none (terminal)"
    )


# --------------------------------------------------------------------------------------------------
# Suspend, restore, withdraw
# --------------------------------------------------------------------------------------------------


def test_suspension_records_reason_and_deadline(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(TODAY, tick=False):
        cert = certificate_suspend(
            actor=act(personas.decider),
            certificate=cert,
            reason="Client refused surveillance 1",
            deadline=dt.date(2025, 4, 1),
        )
    assert (cert.status, cert.suspended_on, cert.suspension_deadline) == (
        "suspended",
        TODAY,
        dt.date(2025, 4, 1),
    )
    event = Event.objects.filter(kind="certificate.suspended").get()
    assert event.public and event.reason == "Client refused surveillance 1"
    assert (event.before["status"], event.after["status"]) == ("active", "suspended")


def test_suspension_needs_a_reason_and_a_future_deadline(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(Refused, match="why"):
            certificate_suspend(
                actor=act(personas.decider), certificate=cert, reason=" ", deadline=LATER
            )
        with pytest.raises(Refused, match="must be after today"):
            certificate_suspend(
                actor=act(personas.decider), certificate=cert, reason="x", deadline=TODAY
            )


def test_status_acts_need_a_decision_maker_of_the_same_body(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(TODAY, tick=False):
        for user in (personas.lead, personas.reviewer, personas.client_user, personas.outsider):
            with pytest.raises(PermissionDenied):
                certificate_withdraw(actor=act(user), certificate=cert, reason="x")
        with pytest.raises(Http404):
            certificate_withdraw(actor=act(personas.other_staff), certificate=cert, reason="x")


def test_a_suspension_past_expiry_cannot_be_lifted(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with time_machine.travel(TODAY, tick=False):
        cert = certificate_suspend(
            actor=act(personas.decider), certificate=cert, reason="x", deadline=LATER
        )
    with (
        time_machine.travel(LATER, tick=False),
        pytest.raises(Refused, match="expired on 2027-03-14"),
    ):
        certificate_restore(actor=act(personas.decider), certificate=cert, reason="fixed")


def test_expiry_is_refused_before_the_expiry_date(world: World, personas: Any) -> None:
    _d, [cert] = world.grant()
    with pytest.raises(Refused, match="valid until 2027-03-14"):
        certificate_expire(
            actor=act(personas.decider), certificate=cert, today=dt.date(2027, 3, 14)
        )


# --------------------------------------------------------------------------------------------------
# Scope changes
# --------------------------------------------------------------------------------------------------


def test_reduction_issues_the_next_revision_and_records_the_decision(
    world: World, personas: Any
) -> None:
    _d, [cert] = world.grant(codes=(17, 28), second_site=True)
    head = cert.sites.get(site__name="Head office")
    with time_machine.travel(TODAY, tick=False):
        new = certificate_reduce_scope(
            actor=act(personas.decider),
            certificate=cert,
            scope="Design of widgets",
            sites=[SiteScope(site_id=head.site_id, scope="Design")],
            iaf_codes=[17],
            reason="Warehouse failed twice",
        )
    cert.refresh_from_db()
    assert cert.status == "superseded"
    assert (new.printed_number, new.status, new.expiry_date) == (
        "ACME-9001-000001-R1",
        "active",
        cert.expiry_date,
    )
    assert [(s.site.name, s.scope) for s in new.sites.all()] == [("Head office", "Design")]
    assert [c.code for c in new.iaf_codes.all()] == [17]
    assert new.decision.kind == "reduce_scope" and new.decision.decided_by == personas.decider
    assert Event.objects.filter(kind="certificate.scope_reduced", public=True).count() == 1


def test_reduction_cannot_add_nor_change_nothing(world: World, personas: Any) -> None:
    _d, [cert] = world.grant(codes=(17,))
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(Refused, match="cannot add"):
            certificate_reduce_scope(
                actor=act(personas.decider),
                certificate=cert,
                scope="x",
                sites=sites_of(cert),
                iaf_codes=[17, 28],
                reason="r",
            )
        with pytest.raises(Refused, match="Nothing is reduced"):
            certificate_reduce_scope(
                actor=act(personas.decider),
                certificate=cert,
                scope=cert.scope,
                sites=sites_of(cert),
                iaf_codes=[17],
                reason="r",
            )


def test_extension_needs_a_granted_extension_decision(world: World, personas: Any) -> None:
    decision, [cert] = world.grant(codes=(17,))
    with time_machine.travel(TODAY, tick=False):
        with pytest.raises(Refused, match="scope-extension decision"):
            certificate_extend_scope(
                actor=act(personas.decider),
                certificate=cert,
                decision=decision,  # the grant, not an extension
                scope=cert.scope,
                sites=sites_of(cert),
                iaf_codes=[17, 28],
            )
        refused = extension_decision(cert, personas)
        Decision.objects.filter(pk=refused.pk).update(outcome=DecisionOutcome.REFUSED)
        refused.refresh_from_db()
        with pytest.raises(Refused, match="refused"):
            certificate_extend_scope(
                actor=act(personas.decider),
                certificate=cert,
                decision=refused,
                scope=cert.scope,
                sites=sites_of(cert),
                iaf_codes=[17, 28],
            )


def test_extension_after_a_special_audit(world: World, personas: Any) -> None:
    decision, [cert] = world.grant(codes=(17,))
    special = world.audit(decision.programme, AuditKind.SPECIAL, last_day=dt.date(2025, 1, 5))
    with time_machine.travel(TODAY, tick=False):
        world.recommend(special, on=dt.date(2025, 1, 6))
        extension = decision_take(
            actor=act(personas.decider),
            audit=special,
            kind="extend_scope",
            outcome="granted",
            decided_on=dt.date(2025, 1, 8),
        )
        assert list(selectors.extension_decisions(certificate=cert)) == [extension]
        with pytest.raises(Refused, match="before the certification decision of 2025-01-08"):
            certificate_extend_scope(
                actor=act(personas.decider),
                certificate=cert,
                decision=extension,
                scope="Design, manufacture and repair of widgets",
                sites=sites_of(cert),
                iaf_codes=[17, 28],
                effective_on=dt.date(2025, 1, 7),
            )
        new = certificate_extend_scope(
            actor=act(personas.decider),
            certificate=cert,
            decision=extension,
            scope="Design, manufacture and repair of widgets",
            sites=sites_of(cert),
            iaf_codes=[17, 28],
        )
        with pytest.raises(Refused):  # the old revision is superseded; the decision is used
            certificate_extend_scope(
                actor=act(personas.decider),
                certificate=new,
                decision=extension,
                scope="More",
                sites=sites_of(new),
                iaf_codes=[17, 28],
            )
    assert new.revision == 1 and [c.code for c in new.iaf_codes.all()] == [17, 28]
    assert new.effective_date == TODAY


def test_extension_keeps_every_current_site_and_code(world: World, personas: Any) -> None:
    _d, [cert] = world.grant(codes=(17, 28))
    with time_machine.travel(TODAY, tick=False), pytest.raises(Refused, match="IAF 28"):
        certificate_extend_scope(
            actor=act(personas.decider),
            certificate=cert,
            decision=extension_decision(cert, personas),
            scope="More",
            sites=sites_of(cert),
            iaf_codes=[17, 33],
        )


# --------------------------------------------------------------------------------------------------
# Guards on issue: decision, effective date, accreditation
# --------------------------------------------------------------------------------------------------


def issue(world: World, decision: Decision, **kw: Any) -> Certificate:
    std, ed = edition("ISO 9001")
    if "standard" in kw:
        std = Standard.objects.get(code=kw.pop("standard"))
    site = Site.objects.filter(client=decision.client).first()
    assert site is not None
    return certificate_issue(
        actor=act(world.personas.decider),
        decision=decision,
        standard=std,
        edition=kw.pop("edition", ed),
        scope="Widgets",
        sites=[SiteScope(site_id=site.pk, scope="Widgets")],
        iaf_codes=kw.pop("iaf_codes", [17]),
        effective_on=kw.pop("effective_on", decision.decided_on),
        expiry_date=dt.date(2027, 3, 14),
        cycle_start=decision.decided_on,
    )


def test_no_certificate_without_a_granted_decision(world: World) -> None:
    decision, _ = world.grant()
    Decision.objects.filter(pk=decision.pk).update(outcome=DecisionOutcome.REFUSED)
    decision.refresh_from_db()
    with pytest.raises(Refused, match="without a granted certification decision"):
        issue(world, decision)


def test_effective_date_never_before_the_decision(world: World) -> None:
    decision, _ = world.grant()
    with pytest.raises(Refused, match=r"before the certification decision .*8\.2\.2 b"):
        issue(world, decision, effective_on=GRANT_DAY - dt.timedelta(days=1))


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ("standard", "not accredited for ISO/IEC 27001"),
        ("code", "IAF code(s) 1 are outside"),
        ("edition", "not accredited for ISO 9001:2008"),
        ("suspended", "accreditation was suspended"),
        ("withdrawn", "accreditation was withdrawn"),
    ],
)
def test_no_certificate_outside_the_accreditation(
    world: World, personas: Any, change: str, words: str
) -> None:
    from isocert.catalog.models import Edition

    decision, _ = world.grant()
    kwargs: dict[str, Any] = {}
    if change == "standard":
        kwargs["standard"] = "ISO/IEC 27001"
        kwargs["edition"] = Edition.objects.filter(standard__code="ISO/IEC 27001").last()
    elif change == "code":
        kwargs["iaf_codes"] = [1]
    elif change == "edition":
        kwargs["edition"] = Edition.objects.get(standard__code="ISO 9001", year=2008)
    else:
        personas.cb.accreditation_status = change
        personas.cb.accreditation_status_since = dt.date(2024, 1, 1)
        personas.cb.save()
        decision.refresh_from_db()
    with pytest.raises(Refused, match=words.replace("(", r"\(").replace(")", r"\)")):
        issue(world, decision, **kwargs)


def test_a_grant_is_refused_when_the_accreditation_is_suspended(
    world: World, personas: Any
) -> None:
    personas.cb.accreditation_status = AccreditationStatus.SUSPENDED
    personas.cb.save()
    with pytest.raises(Refused, match="No accredited certificate can be issued"):
        world.grant()
    assert not Certificate.objects.exists()
    assert not Decision.objects.exists()  # the whole decision rolled back


def test_certificates_of_a_body_that_lost_accreditation_are_flagged(
    world: World, personas: Any
) -> None:
    _d, [cert] = world.grant()
    AccreditedScope.objects.filter(certification_body=personas.cb).update(status="suspended")
    personas.cb.accreditation_status = AccreditationStatus.SUSPENDED
    personas.cb.accreditation_status_since = dt.date(2025, 2, 1)
    personas.cb.save()
    cert = selectors.certificate_get(actor=act(personas.decider), pk=cert.pk)
    assert selectors.certificate_flags(certificate=cert) == [
        "The issuing body's accreditation is suspended since 2025-02-01."
    ]
    cert.status = CertificateStatus.WITHDRAWN
    assert selectors.certificate_flags(certificate=cert) == []


# --------------------------------------------------------------------------------------------------
# Numbers
# --------------------------------------------------------------------------------------------------


def test_numbers_follow_the_body_sequence_and_the_standard_number(
    world: World, personas: Any
) -> None:
    personas.cb.next_certificate_seq = 41
    personas.cb.save()
    _d, [a] = world.grant(standards=("ISO 45001",))
    _d, [b] = world.grant(standards=("ISO 9001",))
    assert (a.printed_number, b.printed_number) == ("ACME-45001-000041", "ACME-9001-000042")
    assert a.lookup_key == "ACME45001000041"
    personas.cb.refresh_from_db()
    assert personas.cb.next_certificate_seq == 43
    assert Certificate.objects.filter(lookup_key="ACME9001000042").get() == b


# --------------------------------------------------------------------------------------------------
# Transfer in (IAF MD 2)
# --------------------------------------------------------------------------------------------------


def transfer_decision(world: World, personas: Any) -> Decision:
    from isocert.audits.choices import ApplicationKind

    programme = world.programme()
    programme.application.kind = ApplicationKind.TRANSFER
    programme.application.save()
    audit = world.audit(programme, AuditKind.TRANSFER_REVIEW, last_day=dt.date(2025, 1, 6))
    with time_machine.travel(TODAY, tick=False):
        world.recommend(audit, on=dt.date(2025, 1, 7))
        return decision_take(
            actor=act(personas.decider),
            audit=audit,
            kind="transfer",
            outcome="granted",
            decided_on=dt.date(2025, 1, 8),
        )


def review(**kw: Any) -> TransferReview:
    std, ed = edition("ISO 9001")
    data: dict[str, Any] = {
        "issuing_body": "Old Registrar Ltd",
        "previous_number": "OR-123",
        "standard": std,
        "edition": ed,
        "certificate_status": "active",
        "original_issue_date": dt.date(2019, 6, 1),
        "cycle_start": dt.date(2022, 5, 20),
        "expiry_date": dt.date(2025, 5, 31),
        "accredited": True,
        "reports_available": True,
        "surveillance_overdue": False,
    }
    data.update(kw)
    return TransferReview(**data)


def test_an_eligible_transfer_keeps_the_existing_cycle(world: World, personas: Any) -> None:
    decision = transfer_decision(world, personas)
    with time_machine.travel(TODAY, tick=False):
        cert = certificate_transfer_in(
            actor=act(personas.decider), decision=decision, review=review()
        )
    assert cert.status == "active"
    assert cert.expiry_date == dt.date(2025, 5, 31)
    assert cert.cycle_start == dt.date(2022, 5, 20)
    assert cert.original_issue_date == dt.date(2019, 6, 1)
    assert cert.transferred_from == "Old Registrar Ltd OR-123"
    assert cert.printed_number.startswith("ACME-9001-")
    assert Event.objects.filter(kind="certificate.transferred_in", public=True).count() == 1


def test_an_ineligible_transfer_names_every_reason(world: World, personas: Any) -> None:
    decision = transfer_decision(world, personas)
    with time_machine.travel(TODAY, tick=False), pytest.raises(Refused) as refused:
        certificate_transfer_in(
            actor=act(personas.decider),
            decision=decision,
            review=review(
                certificate_status="suspended", reports_available=False, surveillance_overdue=True
            ),
        )
    assert "treat as a new client" in refused.value.message
    assert len(refused.value.details["reasons"]) == 3
    assert not Certificate.objects.filter(transferred_from__startswith="Old").exists()


def test_an_eligible_transfer_waits_for_open_majors(world: World, personas: Any) -> None:
    decision = transfer_decision(world, personas)
    with (
        time_machine.travel(TODAY, tick=False),
        pytest.raises(Refused, match="cannot be issued yet"),
    ):
        certificate_transfer_in(
            actor=act(personas.decider), decision=decision, review=review(open_major_ncs=1)
        )


def test_a_transfer_needs_a_granted_transfer_decision(world: World, personas: Any) -> None:
    decision, _ = world.grant()
    with time_machine.travel(TODAY, tick=False), pytest.raises(Refused, match="transfer decision"):
        certificate_transfer_in(actor=act(personas.decider), decision=decision, review=review())
