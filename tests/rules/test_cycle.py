"""Certification cycle, recertification / restoration and the major-NC six-month rule."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isocert.rules.cycle import (
    DEFAULT_CYCLE_POLICY,
    CyclePolicy,
    certification_cycle,
    major_nc_deadline,
    recertification_outcome,
    renewed_expiry,
    stage2_repeat_required,
    surveillance_overdue,
)
from isocert.rules.dates import add_months, add_years
from isocert.rules.errors import InvalidInput

D = date.fromisoformat
ONE_DAY = timedelta(days=1)
DECISIONS = st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31))

# --------------------------------------------------------------------------------------------------
# Cycle plan
# --------------------------------------------------------------------------------------------------


def test_cycle_golden() -> None:
    plan = certification_cycle(D("2024-03-15"))
    assert plan.decision_date == D("2024-03-15")
    assert plan.expiry_date == D("2027-03-14")
    assert plan.surveillance_1_due == D("2025-03-15")
    assert plan.surveillance_2_due == D("2026-12-31")
    assert plan.recertification_due == D("2027-03-14")


def test_cycle_29_february_decision() -> None:
    plan = certification_cycle(D("2024-02-29"))
    assert plan.expiry_date == D("2027-02-28")
    assert plan.surveillance_1_due == D("2025-02-28")
    assert plan.surveillance_2_due == D("2026-12-31")
    assert plan.recertification_due == D("2027-02-28")


def test_cycle_1_march_decision_in_leap_year_ends_28_february() -> None:
    plan = certification_cycle(D("2025-03-01"))
    assert plan.expiry_date == D("2028-02-29")
    assert plan.surveillance_1_due == D("2026-03-01")


def test_cycle_1_january_decision() -> None:
    plan = certification_cycle(D("2024-01-01"))
    assert plan.expiry_date == D("2026-12-31")
    assert plan.surveillance_1_due == D("2025-01-01")
    assert plan.surveillance_2_due == D("2026-12-31")


def test_surveillance_1_done_early_moves_surveillance_2() -> None:
    plan = certification_cycle(D("2024-03-15"), surveillance_1_date=D("2024-12-01"))
    assert plan.surveillance_2_due == D("2025-12-31")
    assert plan.surveillance_1_due == D("2025-03-15")
    assert plan.expiry_date == D("2027-03-14")
    assert any("surveillance 1 (done)" in step.text for step in plan.steps)


def test_surveillance_1_on_due_day_and_decision_day_are_accepted() -> None:
    on_due = certification_cycle(D("2024-03-15"), surveillance_1_date=D("2025-03-15"))
    assert on_due.surveillance_2_due == D("2026-12-31")
    same_day = certification_cycle(D("2024-03-15"), surveillance_1_date=D("2024-03-15"))
    assert same_day.surveillance_2_due == D("2025-12-31")


def test_surveillance_1_late_is_refused() -> None:
    with pytest.raises(InvalidInput, match="after its due date 2025-03-15") as raised:
        certification_cycle(D("2024-03-15"), surveillance_1_date=D("2025-03-16"))
    assert "12 months" in str(raised.value)


def test_surveillance_1_before_decision_is_refused() -> None:
    with pytest.raises(InvalidInput, match="before the certification decision"):
        certification_cycle(D("2024-03-15"), surveillance_1_date=D("2024-03-14"))


def test_surveillance_2_never_after_expiry() -> None:
    policy = CyclePolicy(validity_years=2)
    plan = certification_cycle(D("2024-03-15"), policy=policy)
    assert plan.expiry_date == D("2026-03-14")
    assert plan.surveillance_2_due == D("2026-03-14")
    assert "not after the expiry date" in plan.steps[3].text


def test_cycle_steps_cite_clauses() -> None:
    plan = certification_cycle(D("2024-03-15"))
    assert len(plan.steps) == 5
    assert all(step.clause.startswith("ISO/IEC 17021-1:2015") for step in plan.steps)
    assert [step.value for step in plan.steps] == [
        "2024-03-15",
        "2027-03-14",
        "2025-03-15",
        "2026-12-31",
        "2027-03-14",
    ]
    assert "9.1.3.2" in plan.steps[2].clause


def test_cycle_as_dict() -> None:
    data = certification_cycle(D("2024-03-15")).as_dict()
    json.dumps(data)
    assert list(data) == [
        "decision_date",
        "expiry_date",
        "surveillance_1_due",
        "surveillance_2_due",
        "recertification_due",
        "steps",
    ]
    assert data["expiry_date"] == "2027-03-14"
    assert data["steps"][0] == {
        "text": "The cycle starts with the certification decision",
        "clause": "ISO/IEC 17021-1:2015 9.1.3.2",
        "value": "2024-03-15",
    }


def test_cycle_refuses_datetime() -> None:
    with pytest.raises(InvalidInput, match="calendar date"):
        certification_cycle(datetime(2024, 3, 15, 12, 0))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"validity_years": 0},
        {"restoration_months": 0},
        {"major_nc_months": -1},
        {"surveillance_1_months": 0},
        {"surveillance_1_months": 36},
        {"validity_years": 1, "surveillance_1_months": 12},
        {"validity_years": True},
    ],
)
def test_policy_validation(kwargs: dict[str, int]) -> None:
    with pytest.raises(InvalidInput, match="CyclePolicy"):
        CyclePolicy(**kwargs)


def test_default_policy_values() -> None:
    policy = DEFAULT_CYCLE_POLICY
    assert (
        policy.validity_years,
        policy.restoration_months,
        policy.major_nc_months,
        policy.surveillance_1_months,
    ) == (3, 6, 6, 12)


# --------------------------------------------------------------------------------------------------
# Recertification: renewal, restoration, refusal
# --------------------------------------------------------------------------------------------------

EXPIRY = D("2027-03-14")


def test_decision_on_expiry_day_is_renewal() -> None:
    outcome = recertification_outcome(current_expiry=EXPIRY, recertification_decision=EXPIRY)
    assert outcome.kind == "renewal"
    assert outcome.new_expiry == D("2030-03-14")
    assert outcome.effective_from == EXPIRY
    assert outcome.gap is None
    assert "Renewed" in outcome.message
    assert "2030-03-14" in outcome.message


def test_early_renewal_keeps_the_cycle() -> None:
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2026-12-01")
    )
    assert outcome.kind == "renewal"
    assert outcome.new_expiry == D("2030-03-14")  # from the old expiry, not from the decision
    assert outcome.effective_from == D("2026-12-01")


def test_day_after_expiry_is_restoration_without_gap() -> None:
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2027-03-15")
    )
    assert outcome.kind == "restoration"
    assert outcome.new_expiry == D("2030-03-14")
    assert outcome.effective_from == D("2027-03-15")
    assert outcome.gap is None


def test_restoration_on_last_day_of_six_months() -> None:
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2027-09-14")
    )
    assert outcome.kind == "restoration"
    assert outcome.new_expiry == D("2030-03-14")  # based on the prior cycle
    assert outcome.effective_from == D("2027-09-14")
    assert outcome.gap == (D("2027-03-15"), D("2027-09-13"))
    assert "not valid from 2027-03-15 to 2027-09-13" in outcome.message
    assert any(step.clause == "ISO/IEC 17021-1:2015 9.6.3.2.5" for step in outcome.steps)


def test_one_day_after_six_months_is_refused() -> None:
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2027-09-15")
    )
    assert outcome.kind == "refused"
    assert outcome.new_expiry is None
    assert outcome.effective_from is None
    assert outcome.gap is None
    assert "a new initial audit, at least stage 2, is required" in outcome.message.lower()
    assert "2027-09-14" in outcome.message


def test_month_end_restoration_window() -> None:
    expiry = D("2027-08-31")
    last = recertification_outcome(current_expiry=expiry, recertification_decision=D("2028-02-29"))
    assert last.kind == "restoration"
    assert last.gap == (D("2027-09-01"), D("2028-02-28"))
    after = recertification_outcome(current_expiry=expiry, recertification_decision=D("2028-03-01"))
    assert after.kind == "refused"


def test_renewal_of_29_february_cycle() -> None:
    plan = certification_cycle(D("2024-02-29"))
    outcome = recertification_outcome(
        current_expiry=plan.expiry_date, recertification_decision=D("2027-01-10")
    )
    assert outcome.new_expiry == D("2030-02-28")


def test_renewal_from_28_february_into_leap_year() -> None:
    # Cycle 2022-03-01 … 2025-02-28; the next starts 2025-03-01 and ends 2028-02-29.
    assert certification_cycle(D("2022-03-01")).expiry_date == D("2025-02-28")
    assert renewed_expiry(D("2025-02-28")) == D("2028-02-29")
    assert certification_cycle(D("2025-03-01")).expiry_date == D("2028-02-29")


def test_decision_before_the_cycle_is_refused() -> None:
    with pytest.raises(InvalidInput, match="before the cycle"):
        recertification_outcome(current_expiry=EXPIRY, recertification_decision=D("2024-03-14"))


def test_outcome_as_dict() -> None:
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2027-09-14")
    )
    data = outcome.as_dict()
    json.dumps(data)
    assert data["kind"] == "restoration"
    assert data["gap"] == ["2027-03-15", "2027-09-13"]
    assert data["new_expiry"] == "2030-03-14"
    assert data["effective_from"] == "2027-09-14"
    refused = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2028-01-01")
    ).as_dict()
    assert refused["new_expiry"] is None and refused["gap"] is None
    assert set(data) == {
        "kind",
        "current_expiry",
        "recertification_decision",
        "new_expiry",
        "effective_from",
        "gap",
        "message",
        "steps",
    }


def test_policy_changes_restoration_window() -> None:
    policy = CyclePolicy(restoration_months=12)  # e.g. IAF ID 3 extraordinary events
    outcome = recertification_outcome(
        current_expiry=EXPIRY, recertification_decision=D("2028-03-14"), policy=policy
    )
    assert outcome.kind == "restoration"


# --------------------------------------------------------------------------------------------------
# Major nonconformities after stage 2
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("stage2", "deadline"),
    [
        ("2024-03-15", "2024-09-15"),
        ("2024-08-31", "2025-02-28"),
        ("2023-08-31", "2024-02-29"),
        ("2024-12-31", "2025-06-30"),
    ],
)
def test_major_nc_deadline(stage2: str, deadline: str) -> None:
    assert major_nc_deadline(D(stage2)) == D(deadline)


def test_stage2_repeat_verified_on_deadline_is_in_time() -> None:
    assert not stage2_repeat_required(
        stage2_last_day=D("2024-03-15"), majors_verified_on=D("2024-09-15"), today=D("2025-01-01")
    )


def test_stage2_repeat_verified_day_after_deadline() -> None:
    assert stage2_repeat_required(
        stage2_last_day=D("2024-03-15"), majors_verified_on=D("2024-09-16"), today=D("2025-01-01")
    )


def test_stage2_repeat_unverified() -> None:
    common = {"stage2_last_day": D("2024-03-15"), "majors_verified_on": None}
    assert not stage2_repeat_required(**common, today=D("2024-09-15"))  # type: ignore[arg-type]
    assert stage2_repeat_required(**common, today=D("2024-09-16"))  # type: ignore[arg-type]


def test_stage2_verified_in_time_stays_fine_later() -> None:
    assert not stage2_repeat_required(
        stage2_last_day=D("2024-03-15"), majors_verified_on=D("2024-04-01"), today=D("2030-01-01")
    )


def test_stage2_verified_in_future_is_refused() -> None:
    with pytest.raises(InvalidInput, match="after today"):
        stage2_repeat_required(
            stage2_last_day=D("2024-03-15"),
            majors_verified_on=D("2024-05-01"),
            today=D("2024-04-01"),
        )


# --------------------------------------------------------------------------------------------------
# Surveillance overdue
# --------------------------------------------------------------------------------------------------


def test_surveillance_due_day_is_not_overdue() -> None:
    assert not surveillance_overdue(due=D("2025-03-15"), done_on=None, today=D("2025-03-15"))


def test_surveillance_day_after_due_is_overdue() -> None:
    assert surveillance_overdue(due=D("2025-03-15"), done_on=None, today=D("2025-03-16"))


def test_surveillance_done_is_not_overdue() -> None:
    assert not surveillance_overdue(
        due=D("2025-03-15"), done_on=D("2025-03-01"), today=D("2026-01-01")
    )
    assert not surveillance_overdue(
        due=D("2025-03-15"), done_on=D("2025-04-01"), today=D("2026-01-01")
    )


def test_surveillance_done_in_future_is_refused() -> None:
    with pytest.raises(InvalidInput, match="after today"):
        surveillance_overdue(due=D("2025-03-15"), done_on=D("2025-03-10"), today=D("2025-03-01"))


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------


@given(DECISIONS)
def test_cycle_ordering_property(decision: date) -> None:
    plan = certification_cycle(decision)
    assert decision < plan.surveillance_1_due
    assert plan.surveillance_1_due <= plan.surveillance_2_due
    assert plan.surveillance_2_due <= plan.recertification_due
    assert plan.recertification_due == plan.expiry_date
    assert decision < plan.expiry_date <= add_years(decision, 3)
    assert plan.surveillance_1_due <= add_months(decision, 12)
    # three whole years, both ends included
    assert 3 * 365 <= (plan.expiry_date - decision).days + 1 <= 3 * 366
    # the next cycle starts the day after expiry, on the anniversary (1 March for 29 February)
    assert (plan.expiry_date + ONE_DAY).year == decision.year + 3
    if (decision.month, decision.day) != (2, 29):
        assert (plan.expiry_date + ONE_DAY).replace(year=decision.year) == decision


@given(DECISIONS, st.integers(min_value=0, max_value=366))
def test_surveillance_2_follows_actual_surveillance_1(decision: date, offset: int) -> None:
    due = add_months(decision, 12)
    s1 = min(decision + timedelta(days=offset), due)
    plan = certification_cycle(decision, surveillance_1_date=s1)
    assert plan.surveillance_2_due == min(date(s1.year + 1, 12, 31), plan.expiry_date)
    assert s1 <= plan.surveillance_2_due <= plan.expiry_date


@given(DECISIONS)
def test_renewal_continues_the_cycle_property(decision: date) -> None:
    plan = certification_cycle(decision)
    outcome = recertification_outcome(
        current_expiry=plan.expiry_date, recertification_decision=plan.expiry_date
    )
    assert outcome.kind == "renewal"
    assert outcome.new_expiry is not None
    # the renewed cycle is exactly the cycle that starts the day after the old expiry
    assert outcome.new_expiry == certification_cycle(plan.expiry_date + ONE_DAY).expiry_date
    if plan.expiry_date.month != 2:
        assert outcome.new_expiry.day == plan.expiry_date.day
        assert outcome.new_expiry == add_years(plan.expiry_date, 3)
    assert outcome.new_expiry.month == plan.expiry_date.month


@given(DECISIONS, st.integers(min_value=-1000, max_value=400))
def test_recertification_kind_property(expiry: date, offset: int) -> None:
    decision = expiry + timedelta(days=offset)
    outcome = recertification_outcome(current_expiry=expiry, recertification_decision=decision)
    if decision <= expiry:
        assert outcome.kind == "renewal"
    elif decision <= add_months(expiry, 6):
        assert outcome.kind == "restoration"
        assert outcome.new_expiry == renewed_expiry(expiry)
        if outcome.gap is not None:
            assert outcome.gap[0] == expiry + ONE_DAY
            assert outcome.gap[1] == decision - ONE_DAY
            assert outcome.gap[0] <= outcome.gap[1]
    else:
        assert outcome.kind == "refused"
        assert outcome.new_expiry is None
    if outcome.effective_from is not None:
        assert outcome.effective_from >= decision
        assert outcome.new_expiry is not None and outcome.new_expiry > decision
