"""Transfer of accredited certification (IAF MD 2:2017)."""

from __future__ import annotations

import dataclasses
import json
from datetime import date

import pytest

from isocert.rules.errors import InvalidInput
from isocert.rules.status import CertificateStatus
from isocert.rules.transfer import TransferCandidate, transfer_assess

D = date.fromisoformat
TODAY = D("2025-06-01")
GOOD = TransferCandidate(
    certificate_status=CertificateStatus.ACTIVE,
    expiry_date=D("2026-06-30"),
    accredited=True,
    reports_available=True,
    surveillance_overdue=False,
)


def test_clean_transfer_keeps_the_expiry() -> None:
    result = transfer_assess(GOOD, today=TODAY)
    assert result.eligible is True
    assert result.treat_as_new_client is False
    assert result.reasons == ()
    assert result.keeps_expiry == D("2026-06-30")
    assert result.can_issue_now is True
    assert result.complete_by is None
    assert result.issue_blockers == ()
    assert any("same expiry date" in step.text for step in result.steps)
    assert all(step.clause.startswith("IAF MD 2:2017") for step in result.steps)


def _assert_single_reason(result_reasons: tuple[str, ...], words: str) -> None:
    assert len(result_reasons) == 1, result_reasons
    assert words in result_reasons[0]
    assert "IAF MD 2:2017" in result_reasons[0]


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"accredited": False}, "not issued under accreditation by an IAF MLA signatory"),
        ({"reports_available": False}, "are not available"),
        ({"surveillance_overdue": True}, "surveillance audit is overdue"),
        ({"certificate_status": CertificateStatus.SUSPENDED}, "suspended"),
        ({"certificate_status": CertificateStatus.WITHDRAWN}, "withdrawn"),
        ({"certificate_status": CertificateStatus.EXPIRED}, "expired"),
        ({"certificate_status": CertificateStatus.SUPERSEDED}, "superseded"),
        ({"certificate_status": CertificateStatus.DRAFT}, "draft"),
        ({"expiry_date": D("2025-05-31")}, "expired on 2025-05-31"),
    ],
)
def test_each_ineligibility_reason_alone(change: dict[str, object], words: str) -> None:
    candidate = dataclasses.replace(GOOD, **change)  # type: ignore[arg-type]
    result = transfer_assess(candidate, today=TODAY)
    assert result.eligible is False
    assert result.treat_as_new_client is True
    assert result.keeps_expiry is None
    assert result.can_issue_now is False
    _assert_single_reason(result.reasons, words)
    assert any("new client" in step.text for step in result.steps)


def test_suspended_certification_is_never_accepted() -> None:
    candidate = dataclasses.replace(GOOD, certificate_status=CertificateStatus.SUSPENDED)
    result = transfer_assess(candidate, today=TODAY)
    assert "not accepted for transfer" in result.reasons[0]


def test_expiry_day_itself_is_still_valid() -> None:
    candidate = dataclasses.replace(GOOD, expiry_date=TODAY)
    assert transfer_assess(candidate, today=TODAY).eligible is True


def test_all_failing_conditions_are_listed() -> None:
    candidate = TransferCandidate(
        certificate_status=CertificateStatus.SUSPENDED,
        expiry_date=D("2026-06-30"),
        accredited=False,
        reports_available=False,
        surveillance_overdue=True,
    )
    result = transfer_assess(candidate, today=TODAY)
    assert len(result.reasons) == 4
    assert result.treat_as_new_client is True


def test_issuing_body_ceased_six_months_rule() -> None:
    candidate = dataclasses.replace(
        GOOD, issuing_body_ceased_or_lost_accreditation_on=D("2025-01-15")
    )
    on_time = transfer_assess(candidate, today=D("2025-07-15"))
    assert on_time.complete_by == D("2025-07-15")
    assert on_time.eligible is True
    assert on_time.keeps_expiry == D("2026-06-30")
    late = transfer_assess(candidate, today=D("2025-07-16"))
    assert late.complete_by == D("2025-07-15")
    assert late.eligible is False
    assert late.treat_as_new_client is True
    _assert_single_reason(late.reasons, "had to be completed by 2025-07-15")


def test_issuing_body_ceased_expiry_sooner() -> None:
    candidate = dataclasses.replace(
        GOOD,
        expiry_date=D("2025-05-31"),
        issuing_body_ceased_or_lost_accreditation_on=D("2025-01-15"),
    )
    result = transfer_assess(candidate, today=D("2025-05-31"))
    assert result.complete_by == D("2025-05-31")
    assert result.eligible is True
    ceased_steps = [step for step in result.steps if "ceased" in step.text]
    assert len(ceased_steps) == 1
    assert "certificate expiry date" in ceased_steps[0].text
    assert ceased_steps[0].value == "2025-05-31"


def test_issuing_body_ceased_month_end() -> None:
    candidate = dataclasses.replace(
        GOOD, issuing_body_ceased_or_lost_accreditation_on=D("2024-08-31")
    )
    result = transfer_assess(candidate, today=D("2024-09-01"))
    assert result.complete_by == D("2025-02-28")


def test_open_majors_block_issue_but_not_eligibility() -> None:
    candidate = dataclasses.replace(GOOD, open_major_ncs=2)
    result = transfer_assess(candidate, today=TODAY)
    assert result.eligible is True
    assert result.keeps_expiry == D("2026-06-30")
    assert result.can_issue_now is False
    assert len(result.issue_blockers) == 1
    assert "2 major nonconformities are open" in result.issue_blockers[0]
    assert "§2.3.1" in result.issue_blockers[0]


def test_minor_plans_not_accepted_block_issue() -> None:
    candidate = dataclasses.replace(GOOD, minor_plans_accepted=False, open_major_ncs=1)
    result = transfer_assess(candidate, today=TODAY)
    assert result.eligible is True
    assert result.can_issue_now is False
    assert len(result.issue_blockers) == 2
    assert "1 major nonconformity is open" in result.issue_blockers[0]
    assert "minor" in result.issue_blockers[1]


@pytest.mark.parametrize("bad", [-1, True, 1.5])
def test_open_majors_must_be_a_count(bad: object) -> None:
    candidate = dataclasses.replace(GOOD, open_major_ncs=bad)  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="open_major_ncs"):
        transfer_assess(candidate, today=TODAY)


def test_status_as_plain_string() -> None:
    candidate = dataclasses.replace(GOOD, certificate_status="active")  # type: ignore[arg-type]
    assert transfer_assess(candidate, today=TODAY).eligible is True
    bad = dataclasses.replace(GOOD, certificate_status="revoked")  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="not a certificate status"):
        transfer_assess(bad, today=TODAY)


def test_as_dict() -> None:
    candidate = dataclasses.replace(
        GOOD, issuing_body_ceased_or_lost_accreditation_on=D("2025-01-15"), open_major_ncs=1
    )
    data = transfer_assess(candidate, today=TODAY).as_dict()
    json.dumps(data)
    assert data["eligible"] is True
    assert data["complete_by"] == "2025-07-15"
    assert data["keeps_expiry"] == "2026-06-30"
    assert data["can_issue_now"] is False
    assert set(data) == {
        "eligible",
        "treat_as_new_client",
        "reasons",
        "complete_by",
        "keeps_expiry",
        "can_issue_now",
        "issue_blockers",
        "steps",
    }
