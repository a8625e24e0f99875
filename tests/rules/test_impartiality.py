"""The cooling-off period after consultancy or employment (ISO/IEC 17021-1 5.2 / 7.2)."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isocert.rules.errors import InvalidInput
from isocert.rules.impartiality import (
    CLAUSE_COOLING_OFF,
    ImpartialityPolicy,
    Relationship,
    cooling_off_end,
    impartiality_check,
)

D = date.fromisoformat
ONE_DAY = timedelta(days=1)


def test_cooling_off_end_is_24_calendar_months_later() -> None:
    assert cooling_off_end(D("2022-03-15")) == D("2024-03-15")
    assert cooling_off_end(D("2022-02-28")) == D("2024-02-28")
    assert cooling_off_end(D("2022-08-31"), policy=ImpartialityPolicy(cooling_off_months=18)) == D(
        "2024-02-29"
    )


@pytest.mark.parametrize("kind", ["consultancy", "employment"])
def test_barred_the_day_before_24_months_allowed_on_the_day(kind: str) -> None:
    rel = [Relationship(kind=kind, started_on=D("2019-01-01"), ended_on=D("2022-03-15"))]
    before = impartiality_check(rel, audit_day=D("2024-03-14"))
    assert not before.allowed
    assert before.free_from == D("2024-03-15")
    assert "2024-03-15" in before.reasons[0]
    assert kind in before.reasons[0]
    on_the_day = impartiality_check(rel, audit_day=D("2024-03-15"))
    assert on_the_day.allowed
    assert on_the_day.reasons == ()
    assert on_the_day.free_from is None


def test_relationship_that_goes_on_bars_whatever_the_date() -> None:
    rel = [Relationship(kind="consultancy", started_on=D("2010-01-01"), ended_on=None)]
    check = impartiality_check(rel, audit_day=D("2040-01-01"))
    assert not check.allowed
    assert check.free_from is None
    assert "goes on" in check.reasons[0]


def test_financial_and_other_relationships_are_notes_not_bars() -> None:
    rels = [
        Relationship(kind="financial", ended_on=None, label="declaration 7"),
        Relationship(kind="other", ended_on=D("2024-01-01")),
    ]
    check = impartiality_check(rels, audit_day=D("2024-02-01"))
    assert check.allowed
    assert len(check.notes) == 2
    assert check.notes[0].startswith("declaration 7")


def test_the_latest_barring_end_is_reported() -> None:
    rels = [
        Relationship(kind="employment", ended_on=D("2021-06-30")),
        Relationship(kind="consultancy", ended_on=D("2022-10-31")),
    ]
    check = impartiality_check(rels, audit_day=D("2023-05-01"))
    assert not check.allowed
    assert len(check.reasons) == 2
    assert check.free_from == D("2024-10-31")
    assert all(step.clause == CLAUSE_COOLING_OFF for step in check.steps)


def test_policy_months_are_configurable() -> None:
    rel = [Relationship(kind="consultancy", ended_on=D("2023-01-10"))]
    three_years = ImpartialityPolicy(cooling_off_months=36)
    assert impartiality_check(rel, audit_day=D("2025-06-01")).allowed
    assert not impartiality_check(rel, audit_day=D("2025-06-01"), policy=three_years).allowed
    assert impartiality_check(rel, audit_day=D("2026-01-10"), policy=three_years).allowed


def test_no_relationship_is_allowed() -> None:
    check = impartiality_check([], audit_day=D("2024-01-01"))
    assert check.allowed
    assert check.as_dict() == {
        "audit_day": "2024-01-01",
        "allowed": True,
        "free_from": None,
        "reasons": [],
        "notes": [],
        "steps": [],
    }


@pytest.mark.parametrize(
    "call",
    [
        lambda: impartiality_check([], audit_day=datetime(2024, 1, 1)),
        lambda: impartiality_check("consultancy", audit_day=D("2024-01-01")),  # type: ignore[arg-type]
        lambda: impartiality_check(["x"], audit_day=D("2024-01-01")),  # type: ignore[list-item]
        lambda: impartiality_check(
            [Relationship("consultancy", started_on=D("2024-01-02"), ended_on=D("2024-01-01"))],
            audit_day=D("2025-01-01"),
        ),
        lambda: ImpartialityPolicy(cooling_off_months=-1),
        lambda: ImpartialityPolicy(cooling_off_months=True),
        lambda: cooling_off_end("2024-01-01"),  # type: ignore[arg-type]
    ],
)
def test_bad_input_is_refused(call) -> None:
    with pytest.raises(InvalidInput):
        call()


@given(ended=st.dates(min_value=date(1990, 1, 1), max_value=date(2090, 12, 31)))
def test_boundary_holds_for_every_end_date(ended: date) -> None:
    rel = [Relationship(kind="employment", ended_on=ended)]
    free = cooling_off_end(ended)
    assert (free.year - ended.year) * 12 + free.month - ended.month == 24
    assert not impartiality_check(rel, audit_day=free - ONE_DAY).allowed
    assert impartiality_check(rel, audit_day=free).allowed
