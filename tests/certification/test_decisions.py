"""Technical review and certification decision: who may decide, what blocks a grant, and what a
grant, a maintenance, a renewal and a restoration do to the certificates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.http import Http404

from isocert.audits.choices import AuditKind, AuditStatus, FindingKind, FindingStatus, TeamRole
from isocert.audits.models import Audit
from isocert.certification.choices import CertificateStatus
from isocert.certification.models import Certificate, Decision
from isocert.certification.services import decision_take, review_record
from isocert.core.errors import Refused
from isocert.core.models import Event
from tests.certification.conftest import GRANT_DAY, STAGE2_END, World, act

pytestmark = pytest.mark.django_db


def decide(world: World, audit: Audit, *, on: dt.date, kind: str = "grant", **kw: Any) -> Decision:
    with time_machine.travel(kw.pop("today", on), tick=False):
        return decision_take(
            actor=act(kw.pop("by", world.personas.decider)),
            audit=audit,
            kind=kind,
            outcome=kw.pop("outcome", "granted"),
            decided_on=on,
            notes=kw.pop("notes", ""),
        )


def reviewed_stage2(world: World, **kw: Any) -> Audit:
    audit = world.audit(world.programme(), **kw)
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
    return audit


# --------------------------------------------------------------------------------------------------
# Technical review
# --------------------------------------------------------------------------------------------------


def test_review_by_a_reviewer_who_did_not_audit(world: World) -> None:
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        review = world.recommend(audit)
    assert review.outcome == "recommend"
    assert review.reviewer == world.personas.reviewer
    event = Event.objects.get(kind="review.recorded")
    assert event.object_id == str(review.pk) and event.public is False


def test_review_refused_to_a_member_of_the_audit_team(world: World, personas: Any) -> None:
    from isocert.people.models import Membership

    Membership.objects.create(
        user=personas.lead, certification_body=personas.cb, role="technical_reviewer"
    )
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False), pytest.raises(Refused, match="audit team"):
        review_record(actor=act(personas.lead), audit=audit, outcome="recommend")


def test_review_needs_the_reviewer_role(world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    with pytest.raises(PermissionDenied):
        review_record(actor=act(personas.decider), audit=audit, outcome="recommend")


def test_review_of_another_bodys_audit_is_not_found(world: World, personas: Any) -> None:
    audit = world.audit(world.programme(client=personas.other_client), team=[])
    with pytest.raises(Http404):
        review_record(actor=act(personas.reviewer), audit=audit, outcome="recommend")


def test_review_needs_a_submitted_report(world: World, personas: Any) -> None:
    audit = world.audit(world.programme(), submitted=False)
    with (
        time_machine.travel(GRANT_DAY, tick=False),
        pytest.raises(Refused, match="not been submitted"),
    ):
        review_record(actor=act(personas.reviewer), audit=audit, outcome="recommend")


def test_returning_a_file_says_what_to_fix(world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        with pytest.raises(Refused, match="what the audit team must fix"):
            review_record(actor=act(personas.reviewer), audit=audit, outcome="return", notes=" ")
        review = review_record(
            actor=act(personas.reviewer), audit=audit, outcome="return", notes="Evidence for 8.5.1."
        )
    assert review.outcome == "return"


def test_review_dates_are_not_in_the_future_nor_before_the_audit(
    world: World, personas: Any
) -> None:
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        with pytest.raises(Refused, match="in the future"):
            review_record(
                actor=act(personas.reviewer),
                audit=audit,
                outcome="recommend",
                reviewed_on=GRANT_DAY + dt.timedelta(days=1),
            )
        with pytest.raises(Refused, match="before the audit's last day"):
            review_record(
                actor=act(personas.reviewer),
                audit=audit,
                outcome="recommend",
                reviewed_on=STAGE2_END - dt.timedelta(days=1),
            )


# --------------------------------------------------------------------------------------------------
# Grant
# --------------------------------------------------------------------------------------------------


def test_grant_issues_one_active_certificate_per_standard(world: World, personas: Any) -> None:
    decision, certs = world.grant(standards=("ISO 9001", "ISO 14001"), codes=(17, 28))
    assert decision.kind == "grant" and decision.outcome == "granted"
    assert [c.printed_number for c in certs] == ["ACME-14001-000001", "ACME-9001-000002"]
    for cert in certs:
        # ISO/IEC 17021-1 8.2.2: holder, sites with scope, standard with edition, dates, body, codes
        assert cert.status == CertificateStatus.ACTIVE
        assert cert.client == personas.client
        assert cert.certification_body == personas.cb
        assert cert.original_issue_date == GRANT_DAY
        assert cert.effective_date == GRANT_DAY
        assert cert.cycle_start == GRANT_DAY
        assert cert.expiry_date == dt.date(2027, 3, 14)
        assert cert.edition.year == 2015
        assert sorted(c.code for c in cert.iaf_codes.all()) == [17, 28]
        assert [(s.site.name, s.scope) for s in cert.sites.all()] == [
            ("Head office", "Design and manufacture of widgets")
        ]
    personas.cb.refresh_from_db()
    assert personas.cb.next_certificate_seq == 3
    events = Event.objects.filter(kind="certificate.issued").order_by("seq")
    assert [e.object_id for e in events] == [str(c.pk) for c in certs]
    assert all(e.public and e.before["status"] == "draft" for e in events)
    assert all(e.after["status"] == "active" for e in events)
    assert Event.objects.filter(kind="decision.taken", object_id=str(decision.pk)).exists()


def test_grant_starts_the_cycle_of_the_programme(world: World) -> None:
    decision, _certs = world.grant()
    programme = decision.programme
    programme.refresh_from_db()
    assert programme.cycle_start == GRANT_DAY
    assert programme.expiry_date == dt.date(2027, 3, 14)
    s1 = programme.audits.get(kind=AuditKind.SURVEILLANCE1)
    assert s1.due_date == dt.date(2025, 3, 15)  # 12 months after the decision (9.1.3.2)
    assert programme.audits.filter(kind=AuditKind.RECERTIFICATION).exists()


def test_the_decider_must_not_have_been_on_the_audit_team(world: World, personas: Any) -> None:
    audit = reviewed_stage2(
        world,
        team=[(personas.lead, TeamRole.LEAD_AUDITOR), (personas.decider, TeamRole.AUDITOR)],
    )
    with pytest.raises(Refused, match="audit team"):
        decide(world, audit, on=GRANT_DAY)
    assert not Certificate.objects.exists()


def test_the_reviewer_may_also_take_the_decision(world: World, personas: Any) -> None:
    from isocert.people.models import Membership

    Membership.objects.create(
        user=personas.reviewer, certification_body=personas.cb, role="decision_maker"
    )
    audit = reviewed_stage2(world)
    decision = decide(world, audit, on=GRANT_DAY, by=personas.reviewer)
    assert decision.decided_by == personas.reviewer


def test_deciding_needs_the_decision_maker_role(world: World, personas: Any) -> None:
    audit = reviewed_stage2(world)
    with pytest.raises(PermissionDenied):
        decide(world, audit, on=GRANT_DAY, by=personas.reviewer)
    with pytest.raises(Http404):
        decide(world, audit, on=GRANT_DAY, by=personas.other_staff)


def test_every_blocker_is_named(world: World, personas: Any) -> None:
    audit = world.audit(world.programme(), team=[(personas.auditor, TeamRole.AUDITOR)])
    world.finding(audit, FindingKind.MAJOR, clause="9.2")
    world.finding(audit, FindingKind.MINOR, FindingStatus.RESPONDED, clause="7.5.3")
    with time_machine.travel(GRANT_DAY, tick=False):
        world.recommend(audit)
    with pytest.raises(Refused) as refused:
        decide(world, audit, on=GRANT_DAY)
    blockers = refused.value.details["blockers"]
    assert len(blockers) == 3, blockers
    text = " ".join(blockers)
    assert "9.2" in text and "7.5.3" in text and "lead auditor" in text
    assert not Certificate.objects.exists()


def test_stage2_must_be_repeated_when_majors_stay_open_six_months(world: World) -> None:
    audit = reviewed_stage2(world)
    world.finding(audit, FindingKind.MAJOR, clause="8.7")
    late = dt.date(2024, 9, 2)  # stage 2 ended 2024-03-01: the 6 months ran out on 2024-09-01
    with pytest.raises(Refused) as refused:
        decide(world, audit, on=late)
    assert any("stage 2 must be repeated" in b for b in refused.value.details["blockers"])


def test_no_grant_without_a_recommending_review(world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    with time_machine.travel(GRANT_DAY, tick=False):
        review_record(actor=act(personas.reviewer), audit=audit, outcome="return", notes="Redo 9.3")
    with pytest.raises(Refused, match="No technical review recommends"):
        decide(world, audit, on=GRANT_DAY)


def test_decision_date_not_before_the_audit_nor_in_the_future(world: World) -> None:
    audit = reviewed_stage2(world)
    with pytest.raises(Refused, match="before the audit's last day"):
        decide(world, audit, on=STAGE2_END - dt.timedelta(days=1), today=GRANT_DAY)
    with pytest.raises(Refused, match="in the future"):
        decide(world, audit, on=GRANT_DAY + dt.timedelta(days=1), today=GRANT_DAY)
    assert decide(world, audit, on=STAGE2_END, today=GRANT_DAY).decided_on == STAGE2_END


def test_a_decision_follows_the_right_kind_of_audit(world: World) -> None:
    audit = reviewed_stage2(world)
    with pytest.raises(Refused, match="follows a Recertification audit"):
        decide(world, audit, on=GRANT_DAY, kind="renew")


def test_an_audit_is_decided_once(world: World) -> None:
    audit = reviewed_stage2(world)
    decide(world, audit, on=GRANT_DAY)
    with pytest.raises(Refused, match="already decided"):
        decide(world, audit, on=GRANT_DAY)
    assert Certificate.objects.count() == 1


def test_a_refusal_says_why_and_issues_nothing(world: World, personas: Any) -> None:
    audit = world.audit(world.programme())
    world.finding(audit, FindingKind.MAJOR)
    with pytest.raises(Refused, match="why certification is refused"):
        decide(world, audit, on=GRANT_DAY, outcome="refused")
    decision = decide(world, audit, on=GRANT_DAY, outcome="refused", notes="Major NC not closed.")
    assert decision.outcome == "refused"
    assert not Certificate.objects.exists()


# --------------------------------------------------------------------------------------------------
# Maintain, renew, restore
# --------------------------------------------------------------------------------------------------


def later_audit(world: World, decision: Decision, kind: str, last_day: dt.date) -> Audit:
    audit = Audit.objects.filter(programme=decision.programme, kind=kind).first()
    if audit is None:
        audit = world.audit(decision.programme, kind, last_day=last_day)
    else:
        audit.planned_start, audit.planned_end = last_day - dt.timedelta(days=1), last_day
        audit.status = AuditStatus.COMPLETED
        audit.report_submitted_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        audit.save()
        world.personas.lead.refresh_from_db()
        audit.team.create(user=world.personas.lead, role=TeamRole.LEAD_AUDITOR)
    with time_machine.travel(last_day, tick=False):
        world.recommend(audit, on=last_day)
    return audit


def test_maintain_after_surveillance_keeps_the_certificate(world: World) -> None:
    decision, [cert] = world.grant()
    audit = later_audit(world, decision, AuditKind.SURVEILLANCE1, dt.date(2025, 2, 20))
    kept = decide(world, audit, on=dt.date(2025, 3, 1), kind="maintain")
    assert kept.kind == "maintain"
    cert.refresh_from_db()
    assert (cert.status, cert.revision, cert.expiry_date) == ("active", 0, dt.date(2027, 3, 14))
    assert Certificate.objects.count() == 1


def test_renewal_before_expiry_issues_the_next_revision(world: World) -> None:
    decision, [cert] = world.grant()
    audit = later_audit(world, decision, AuditKind.RECERTIFICATION, dt.date(2027, 1, 20))
    renewal = decide(world, audit, on=dt.date(2027, 2, 1), kind="renew")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.SUPERSEDED
    new = Certificate.objects.get(supersedes=cert)
    assert new.decision == renewal
    assert (new.number, new.revision, new.printed_number) == (
        "ACME-9001-000001",
        1,
        "ACME-9001-000001-R1",
    )
    assert new.lookup_key == "ACME9001000001R1"
    assert new.status == CertificateStatus.ACTIVE
    assert new.expiry_date == dt.date(2030, 3, 14)  # based on the old expiry, no drift
    assert new.effective_date == dt.date(2027, 2, 1)
    assert new.original_issue_date == GRANT_DAY
    kinds = list(
        Event.objects.filter(object_type="certification.certificate").values_list("kind", flat=True)
    )
    assert kinds[-2:] == ["certificate.superseded", "certificate.renewed"]


def test_restoration_within_six_months_of_expiry_shows_the_gap(world: World) -> None:
    decision, [cert] = world.grant()
    audit = later_audit(world, decision, AuditKind.RECERTIFICATION, dt.date(2027, 4, 1))
    restored = decide(world, audit, on=dt.date(2027, 5, 10), kind="renew")
    assert restored.kind == "restore"
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ACTIVE
    assert cert.revision == 0
    assert cert.expiry_date == dt.date(2030, 3, 14)  # based on the prior cycle
    assert cert.effective_date == dt.date(2027, 5, 10)
    events = list(
        Event.objects.filter(
            object_type="certification.certificate", object_id=str(cert.pk)
        ).order_by("seq")
    )
    assert [e.kind for e in events][-2:] == [
        "certificate.expired",
        "certificate.restored_after_expiry",
    ]
    assert events[-1].after["not_valid_between"] == ["2027-03-15", "2027-05-09"]
    assert events[-1].public


def test_recertification_more_than_six_months_after_expiry_is_refused(world: World) -> None:
    decision, [cert] = world.grant()
    audit = later_audit(world, decision, AuditKind.RECERTIFICATION, dt.date(2027, 9, 1))
    with pytest.raises(Refused, match="at least stage 2, is required"):
        decide(world, audit, on=dt.date(2027, 9, 20), kind="renew")
    cert.refresh_from_db()
    assert cert.status == CertificateStatus.ACTIVE  # nothing changed: the whole act rolled back
    assert not Decision.objects.filter(kind__in=("renew", "restore")).exists()
