"""IAF MD 5 / MD 11 audit time: golden tables, boundaries, worked examples and invariants.

The expected tables are written out here from the project's domain reference (IAF MD 5:2019 Tables
QMS 1, EMS 1, OH&SMS 1) on purpose: a corrupted data file must make these tests fail.
"""

from __future__ import annotations

import json
from decimal import Decimal
from fractions import Fraction
from importlib.resources import files

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isocert.rules.audit_time import (
    DEFAULT_POLICY,
    Adjustment,
    AuditTimePolicy,
    AuditTimeResult,
    Complexity,
    PersonnelGroup,
    Scheme,
    StandardTime,
    audit_time,
    effective_personnel,
    round_half_day,
    table_days,
    table_days_progression_note,
    table_rows,
)
from isocert.rules.errors import InvalidInput

D = Decimal

# personnel_min, personnel_max, days
QMS_TABLE = [
    (1, 5, "1.5"),
    (6, 10, "2"),
    (11, 15, "2.5"),
    (16, 25, "3"),
    (26, 45, "4"),
    (46, 65, "5"),
    (66, 85, "6"),
    (86, 125, "7"),
    (126, 175, "8"),
    (176, 275, "9"),
    (276, 425, "10"),
    (426, 625, "11"),
    (626, 875, "12"),
    (876, 1175, "13"),
    (1176, 1550, "14"),
    (1551, 2025, "15"),
    (2026, 2675, "16"),
    (2676, 3450, "17"),
    (3451, 4350, "18"),
    (4351, 5450, "19"),
    (5451, 6800, "20"),
    (6801, 8500, "21"),
    (8501, 10700, "22"),
]

# personnel_min, personnel_max, high, medium, low, limited (limited 626-875 = 6.5 is disputed: 6.0)
EMS_TABLE = [
    (1, 5, "3", "2.5", "2.5", "2.5"),
    (6, 10, "3.5", "3", "3", "3"),
    (11, 15, "4.5", "3.5", "3", "3"),
    (16, 25, "5.5", "4.5", "3.5", "3"),
    (26, 45, "7", "5.5", "4", "3"),
    (46, 65, "8", "6", "4.5", "3.5"),
    (66, 85, "9", "7", "5", "3.5"),
    (86, 125, "11", "8", "5.5", "4"),
    (126, 175, "12", "9", "6", "4.5"),
    (176, 275, "13", "10", "7", "5"),
    (276, 425, "15", "11", "8", "5.5"),
    (426, 625, "16", "12", "9", "6"),
    (626, 875, "17", "13", "10", "6.5"),
    (876, 1175, "19", "15", "11", "7"),
    (1176, 1550, "20", "16", "12", "7.5"),
    (1551, 2025, "21", "17", "12", "8"),
    (2026, 2675, "23", "18", "13", "8.5"),
    (2676, 3450, "25", "19", "14", "9"),
    (3451, 4350, "27", "20", "15", "10"),
    (4351, 5450, "28", "21", "16", "11"),
    (5451, 6800, "30", "23", "17", "12"),
    (6801, 8500, "32", "25", "19", "13"),
    (8501, 10700, "34", "27", "20", "14"),
]

# personnel_min, personnel_max, high, medium, low
OHSMS_TABLE = [
    (1, 5, "3", "2.5", "2.5"),
    (6, 10, "3.5", "3", "3"),
    (11, 15, "4.5", "3.5", "3"),
    (16, 25, "5.5", "4.5", "3.5"),
    (26, 45, "7", "5.5", "4"),
    (46, 65, "8", "6", "4.5"),
    (66, 85, "9", "7", "5"),
    (86, 125, "11", "8", "5.5"),
    (126, 175, "12", "9", "6"),
    (176, 275, "13", "10", "7"),
    (276, 425, "15", "11", "8"),
    (426, 625, "16", "12", "9"),
    (626, 875, "17", "13", "10"),
    (876, 1175, "19", "15", "11"),
    (1176, 1550, "20", "16", "12"),
    (1551, 2025, "21", "17", "12"),
    (2026, 2675, "23", "18", "13"),
    (2676, 3450, "25", "19", "14"),
    (3451, 4350, "27", "20", "15"),
    (4351, 5450, "28", "21", "16"),
    (5451, 6800, "30", "23", "17"),
    (6801, 8500, "32", "25", "19"),
    (8501, 10700, "34", "27", "20"),
]

EMS_COLUMNS = (Complexity.HIGH, Complexity.MEDIUM, Complexity.LOW, Complexity.LIMITED)
OHSMS_COLUMNS = (Complexity.HIGH, Complexity.MEDIUM, Complexity.LOW)


def _golden_cases() -> list[object]:
    cases: list[object] = []
    for low, high, days in QMS_TABLE:
        cases.append(pytest.param(Scheme.QMS, None, low, high, D(days), id=f"qms-{low}-{high}"))
    for scheme, table, columns in (
        (Scheme.EMS, EMS_TABLE, EMS_COLUMNS),
        (Scheme.OHSMS, OHSMS_TABLE, OHSMS_COLUMNS),
    ):
        for row in table:
            low, high = row[0], row[1]
            for column, days in zip(columns, row[2:], strict=True):
                cases.append(
                    pytest.param(
                        scheme, column, low, high, D(days), id=f"{scheme}-{column}-{low}-{high}"
                    )
                )
    return cases


ALL_COLUMNS = [(Scheme.QMS, None)] + [(Scheme.EMS, c) for c in EMS_COLUMNS]
ALL_COLUMNS += [(Scheme.OHSMS, c) for c in OHSMS_COLUMNS]


# ------------------------------------------------------------------------------------------------
# golden tables


@pytest.mark.parametrize(("scheme", "complexity", "low", "high", "days"), _golden_cases())
def test_table_value_at_both_band_ends(
    scheme: Scheme, complexity: Complexity | None, low: int, high: int, days: Decimal
) -> None:
    assert table_days(scheme, low, complexity) == days
    assert table_days(scheme, high, complexity) == days


def test_golden_case_count_covers_every_cell() -> None:
    assert len(_golden_cases()) == 23 + 23 * 4 + 23 * 3


@pytest.mark.parametrize(
    ("scheme", "table", "columns"),
    [
        (Scheme.QMS, QMS_TABLE, ("all",)),
        (Scheme.EMS, EMS_TABLE, tuple(c.value for c in EMS_COLUMNS)),
        (Scheme.OHSMS, OHSMS_TABLE, tuple(c.value for c in OHSMS_COLUMNS)),
    ],
)
def test_table_rows_equal_reference(
    scheme: Scheme, table: list[tuple[object, ...]], columns: tuple[str, ...]
) -> None:
    rows = table_rows(scheme)
    assert len(rows) == len(table) + 1
    for row, expected in zip(rows, table, strict=False):
        assert (row.personnel_min, row.personnel_max) == expected[:2]
        assert row.days == {c: D(str(v)) for c, v in zip(columns, expected[2:], strict=True)}
    last = rows[-1]
    assert (last.personnel_min, last.personnel_max, last.days) == (10701, None, {})


def test_table_rows_are_fresh_copies() -> None:
    rows = table_rows(Scheme.QMS)
    rows[0].days["all"] = D(99)
    assert table_days(Scheme.QMS, 1) == D("1.5")
    assert table_rows(Scheme.QMS)[0].days["all"] == D("1.5")


@pytest.mark.parametrize("name", ["md5_qms.csv", "md5_ems.csv", "md5_ohsms.csv"])
def test_data_files_name_their_source(name: str) -> None:
    text = (files("isocert.rules") / "data" / name).read_text(encoding="utf-8")
    header = [line for line in text.splitlines() if line.startswith("#")]
    assert header, f"{name} has no # source header"
    assert text.startswith("# IAF MD 5:2019 Issue 4 Table")
    assert "follow progression" in "\n".join(header)


def test_ems_file_flags_the_disputed_limited_value() -> None:
    text = (files("isocert.rules") / "data" / "md5_ems.csv").read_text(encoding="utf-8")
    header = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    assert "6.5" in header
    assert "6.0" in header


# ------------------------------------------------------------------------------------------------
# boundaries, progression, complexity


def test_qms_5_to_6_personnel_boundary() -> None:
    assert table_days(Scheme.QMS, 5) == D("1.5")
    assert table_days(Scheme.QMS, 6) == D("2")


@pytest.mark.parametrize(("scheme", "complexity"), ALL_COLUMNS)
def test_progression_starts_above_10700(scheme: Scheme, complexity: Complexity | None) -> None:
    at_end = table_days(scheme, 10700, complexity)
    above = table_days(scheme, 10701, complexity)
    assert above >= at_end
    assert above == at_end  # one person more does not reach the next half day yet
    assert table_days(scheme, 100_000, complexity) > at_end


def test_qms_progression_values() -> None:
    # 22 + (p - 10700) x 1/2200, nearest half day (halves up): 22.25 is reached at p = 11250
    assert table_days(Scheme.QMS, 10701) == D(22)
    assert table_days(Scheme.QMS, 11249) == D(22)
    assert table_days(Scheme.QMS, 11250) == D("22.5")
    assert table_days(Scheme.QMS, 12900) == D(23)  # 22 + 2200/2200
    assert table_days(Scheme.QMS, 32700) == D(32)  # 22 + 22000/2200


def test_ems_high_progression_values() -> None:
    # 34 + (p - 10700) x 2/2200: 34.25 at p = 10975
    assert table_days(Scheme.EMS, 10974, Complexity.HIGH) == D(34)
    assert table_days(Scheme.EMS, 10975, Complexity.HIGH) == D("34.5")
    assert table_days(Scheme.EMS, 12900, Complexity.HIGH) == D(36)


def test_progression_note_describes_the_rule() -> None:
    note = table_days_progression_note(Scheme.OHSMS, Complexity.HIGH)
    assert "34" in note and "2 day per 2,200" in note and "[R]" in note


def test_progression_step_is_marked_uncertain() -> None:
    result = audit_time([StandardTime("ISO 9001", Scheme.QMS)], personnel=20000)
    assert any("[R]" in s.clause and "progression" in s.clause for s in result.steps)


@pytest.mark.parametrize(
    ("scheme", "complexity", "fragment"),
    [
        (Scheme.QMS, Complexity.HIGH, "QMS"),
        (Scheme.QMS, "medium", "QMS"),
        (Scheme.EMS, None, "high, medium, low, limited"),
        (Scheme.OHSMS, None, "high, medium, low"),
        (Scheme.OHSMS, Complexity.LIMITED, "only for EMS"),
        (Scheme.EMS, "extreme", "high, medium, low, limited"),
        (Scheme.OHSMS, "LOW", "high, medium, low"),
    ],
)
def test_invalid_complexity_per_scheme(scheme: Scheme, complexity: object, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        table_days(scheme, 10, complexity)  # type: ignore[arg-type]
    assert fragment in caught.value.message
    assert caught.value.code == "invalid_input"


def test_complexity_and_scheme_accept_plain_strings() -> None:
    assert table_days("ems", 10, "limited") == D(3)  # type: ignore[arg-type]


@pytest.mark.parametrize("personnel", [0, -3, True, 1.5, "10", None])
def test_invalid_personnel_refused(personnel: object) -> None:
    with pytest.raises(InvalidInput, match="whole number of at least 1"):
        table_days(Scheme.QMS, personnel)  # type: ignore[arg-type]


def test_unknown_scheme_refused() -> None:
    with pytest.raises(InvalidInput, match="one of qms, ems, ohsms"):
        table_days("isms", 10)  # type: ignore[arg-type]


def test_ems_limited_disputed_cell_is_configurable() -> None:
    assert table_days(Scheme.EMS, 700, Complexity.LIMITED) == D("6.5")
    policy = AuditTimePolicy(ems_limited_626_875_days=D("6.0"))
    assert table_days(Scheme.EMS, 626, Complexity.LIMITED, policy=policy) == D(6)
    assert table_days(Scheme.EMS, 875, Complexity.LIMITED, policy=policy) == D(6)
    assert table_days(Scheme.EMS, 876, Complexity.LIMITED, policy=policy) == D(7)
    assert table_days(Scheme.EMS, 700, Complexity.HIGH, policy=policy) == D(17)
    assert table_rows(Scheme.EMS, policy=policy)[12].days["limited"] == D(6)
    with pytest.raises(InvalidInput, match="from 6 to 7"):
        AuditTimePolicy(ems_limited_626_875_days=D("5.5"))
    with pytest.raises(InvalidInput, match="from 6 to 7"):
        AuditTimePolicy(ems_limited_626_875_days=D("6.25"))


def test_ems_limited_disputed_cell_is_flagged_in_the_steps() -> None:
    standard = StandardTime("ISO 14001", Scheme.EMS, Complexity.LIMITED)
    result = audit_time([standard], personnel=700)
    assert result.table_days_total == D("6.5")
    assert "disputed" in result.steps[0].text
    chosen = audit_time(
        [standard], personnel=700, policy=AuditTimePolicy(ems_limited_626_875_days=D(6))
    )
    assert chosen.table_days_total == D(6)
    assert "CB policy" in chosen.steps[0].text
    assert "disputed" not in audit_time([standard], personnel=600).steps[0].text


@pytest.mark.parametrize(("scheme", "complexity"), ALL_COLUMNS)
def test_table_days_monotonic_exhaustive_to_11000(
    scheme: Scheme, complexity: Complexity | None
) -> None:
    previous = D(0)
    for personnel in range(1, 11001):
        days = table_days(scheme, personnel, complexity)
        assert days >= previous, personnel
        assert (days * 2) % 1 == 0
        previous = days


@settings(max_examples=150, deadline=None)
@given(
    column=st.sampled_from(ALL_COLUMNS),
    a=st.integers(min_value=1, max_value=2_000_000),
    b=st.integers(min_value=1, max_value=2_000_000),
)
def test_table_days_monotonic_property(
    column: tuple[Scheme, Complexity | None], a: int, b: int
) -> None:
    scheme, complexity = column
    low, high = sorted((a, b))
    assert table_days(scheme, low, complexity) <= table_days(scheme, high, complexity)


# ------------------------------------------------------------------------------------------------
# rounding


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        ("5.3", "5.5"),
        ("5.2", "5.0"),
        ("5.25", "5.5"),
        ("5.24", "5.0"),
        ("5.75", "6.0"),
        ("5.74", "5.5"),
        ("5", "5.0"),
        ("0", "0.0"),
        ("0.24", "0.0"),
        ("1.05", "1.0"),
    ],
)
def test_round_half_day(days: str, expected: str) -> None:
    result = round_half_day(D(days))
    assert result == D(expected)
    assert str(result) == expected


@pytest.mark.parametrize("days", [D("-0.5"), D("NaN"), D("Infinity"), 5.3, "5.3"])
def test_round_half_day_refuses_bad_input(days: object) -> None:
    with pytest.raises(InvalidInput):
        round_half_day(days)  # type: ignore[arg-type]


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=0, max_value=10_000, places=3, allow_nan=False))
def test_round_half_day_property(days: Decimal) -> None:
    result = round_half_day(days)
    assert (result * 2) % 1 == 0
    assert abs(result - days) <= D("0.25")
    if abs(result - days) == D("0.25"):
        assert result > days  # halves go up


# ------------------------------------------------------------------------------------------------
# effective personnel


def test_part_time_converted_to_full_time_equivalents() -> None:
    result = effective_personnel([PersonnelGroup("part_time", 10, hours_per_week=D(20))])
    assert result.value == 5
    assert "10 x 20 h / 40 h = 5" in result.steps[0].text


def test_repetitive_tasks_square_root_with_justification() -> None:
    result = effective_personnel(
        [PersonnelGroup("repetitive", 100, justification="pickers in the warehouse")]
    )
    assert result.value == 10
    assert "pickers in the warehouse" in result.steps[0].text
    assert "2.3.4" in result.steps[0].clause


def test_repetitive_square_root_rounds_up_exactly() -> None:
    assert effective_personnel([PersonnelGroup("repetitive", 101, justification="x")]).value == 11
    assert effective_personnel([PersonnelGroup("repetitive", 99, justification="x")]).value == 10
    assert effective_personnel([PersonnelGroup("repetitive", 1, justification="x")]).value == 1


def test_total_rounded_up_to_a_whole_person() -> None:
    groups = [
        PersonnelGroup("full_time", 3),
        PersonnelGroup("part_time", 1, hours_per_week=D(10)),
    ]
    result = effective_personnel(groups)
    assert result.value == 4  # 3.25 -> 4
    assert "3.25 rounded up to 4" in result.steps[-1].text


def test_mixed_groups() -> None:
    groups = [
        PersonnelGroup("full_time", 40),
        PersonnelGroup("seasonal", 12),
        PersonnelGroup("part_time", 6, hours_per_week=D("15")),  # 2.25
        PersonnelGroup("repetitive", 50, justification="identical assembly stations"),  # 8
    ]
    assert effective_personnel(groups).value == 63  # 40 + 12 + 2.25 + 8 = 62.25


def test_full_time_hours_from_policy() -> None:
    policy = AuditTimePolicy(full_time_hours=D("37.5"))
    groups = [PersonnelGroup("part_time", 10, hours_per_week=D(20))]
    assert effective_personnel(groups, policy=policy).value == 6  # 5.33 -> 6


def test_at_least_one_person() -> None:
    assert effective_personnel([PersonnelGroup("full_time", 0)]).value == 1


@pytest.mark.parametrize(
    ("group", "fragment"),
    [
        (PersonnelGroup("full_time", -3), "at least 0, got -3"),
        (PersonnelGroup("part_time", 5), "hours_per_week is required"),
        (PersonnelGroup("part_time", 5, hours_per_week=D(169)), "at most 168"),
        (PersonnelGroup("part_time", 5, hours_per_week=D(0)), "more than 0"),
        (PersonnelGroup("repetitive", 50), "justification"),
        (PersonnelGroup("repetitive", 50, justification="   "), "justification"),
        (PersonnelGroup("contractor", 5), "full_time, part_time, seasonal, repetitive"),
        (PersonnelGroup("full_time", 5, hours_per_week=D(40)), "only to part_time"),
        (PersonnelGroup("full_time", 2.5), "whole number"),  # type: ignore[arg-type]
    ],
)
def test_effective_personnel_errors(group: PersonnelGroup, fragment: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        effective_personnel([PersonnelGroup("full_time", 10), group])
    assert fragment in caught.value.message
    assert "group 2" in caught.value.message


def test_effective_personnel_needs_groups() -> None:
    with pytest.raises(InvalidInput, match="at least one group"):
        effective_personnel([])


def test_effective_personnel_as_dict() -> None:
    data = effective_personnel([PersonnelGroup("full_time", 7)]).as_dict()
    assert data["value"] == 7
    assert data["steps"][0]["clause"].startswith("IAF MD 5:2019")
    json.dumps(data)


# ------------------------------------------------------------------------------------------------
# worked examples


QMS = StandardTime("ISO 9001", Scheme.QMS)
EMS_MEDIUM = StandardTime("ISO 14001", Scheme.EMS, Complexity.MEDIUM)


def _reduced(standard: StandardTime, *percents: str) -> StandardTime:
    adjustments = tuple(Adjustment(D(p), f"reason {i}") for i, p in enumerate(percents))
    return StandardTime(standard.standard, standard.scheme, standard.complexity, adjustments)


def test_iso_9001_65_personnel() -> None:
    result = audit_time([QMS], personnel=65)
    assert result.table_days_total == D(5)
    assert result.initial_days == D(5)
    assert result.stage1_days == D("1.5")
    assert result.stage2_days == D("3.5")
    assert result.surveillance_days == D("1.5")  # 5/3 = 1.67 -> 1.5
    assert result.recertification_days == D("3.5")  # 10/3 = 3.33 -> 3.5
    assert result.onsite_min_days == D(4)
    assert result.floor_days == D("3.5")
    assert result.integration_percent == D(0)
    assert result.standards[0].table_days == D(5)
    assert result.standards[0].adjusted_days == D(5)


def test_thirty_percent_reduction_allowed() -> None:
    result = audit_time([_reduced(QMS, "-30")], personnel=65)
    assert result.standards[0].reduction_percent == D(30)
    assert result.standards[0].adjusted_days == D("3.5")
    assert result.initial_days == D("3.5")
    assert result.stage1_days == D(1)  # 1.05 -> 1.0
    assert result.stage2_days == D("2.5")


@pytest.mark.parametrize("percents", [("-31",), ("-20", "-11"), ("-30.01",)])
def test_more_than_thirty_percent_refused(percents: tuple[str, ...]) -> None:
    with pytest.raises(InvalidInput) as caught:
        audit_time([_reduced(QMS, *percents)], personnel=65)
    assert "30 %" in caught.value.message
    assert "ISO 9001" in caught.value.message
    assert caught.value.details["max_reduction_percent"] == 30


def test_increase_is_not_limited_and_offsets_nothing_in_the_cap() -> None:
    result = audit_time([_reduced(QMS, "-30", "+50")], personnel=65)
    assert result.standards[0].reduction_percent == D(30)
    assert result.standards[0].increase_percent == D(50)
    assert result.initial_days == D(6)  # 5 x 1.2
    with pytest.raises(InvalidInput, match="30 %"):
        audit_time([_reduced(QMS, "-31", "+50")], personnel=65)


@pytest.mark.parametrize("why", ["", "  "])
def test_adjustment_needs_a_justification(why: str) -> None:
    standard = StandardTime("ISO 9001", Scheme.QMS, adjustments=(Adjustment(D(-10), why),))
    with pytest.raises(InvalidInput, match="justification"):
        audit_time([standard], personnel=65)


def test_adjustment_percent_must_be_decimal() -> None:
    standard = StandardTime("ISO 9001", Scheme.QMS, adjustments=(Adjustment(-10.5, "x"),))  # type: ignore[arg-type]
    with pytest.raises(InvalidInput, match="Decimal"):
        audit_time([standard], personnel=65)


def test_integrated_qms_ems_with_twenty_percent_integration() -> None:
    result = audit_time(
        [QMS, EMS_MEDIUM],
        personnel=65,
        integration_percent=D(-20),
        integration_justification="one manual, joint internal audits and management review",
    )
    assert result.table_days_total == D(11)  # T = 5 + 6
    assert result.integration_percent == D(-20)
    assert result.initial_days == D(9)  # 11 x 0.8 = 8.8 -> 9.0
    assert result.stage1_days == D("2.5")  # 2.7 -> 2.5
    assert result.stage2_days == D("6.5")
    assert result.surveillance_days == D(3)
    assert result.recertification_days == D(6)
    assert result.onsite_min_days == D("7.5")  # 7.2 -> 7.5
    assert result.floor_days_exact == D("6.16")
    assert any("IAF MD 11" in s.clause for s in result.steps)
    assert any("one manual" in s.text for s in result.steps)


def test_combined_md5_thirty_and_md11_twenty_allowed() -> None:
    result = audit_time(
        [_reduced(QMS, "-30"), _reduced(EMS_MEDIUM, "-30")],
        personnel=65,
        integration_percent=D(-20),
        integration_justification="fully integrated",
    )
    # (3.5 + 4.2) x 0.8 = 6.16 = 56 % of 11: exactly the floor, allowed; never rounded below it
    assert result.floor_days_exact == D("6.16")
    assert result.initial_days == D("6.5")
    assert result.floor_days == D("6.5")
    assert result.initial_days >= result.floor_days


def test_combined_any_further_reduction_refused() -> None:
    with pytest.raises(InvalidInput, match="30 %"):
        audit_time(
            [_reduced(QMS, "-30"), _reduced(EMS_MEDIUM, "-31")],
            personnel=65,
            integration_percent=D(-20),
            integration_justification="fully integrated",
        )
    with pytest.raises(InvalidInput) as caught:
        audit_time(
            [_reduced(QMS, "-30"), _reduced(EMS_MEDIUM, "-30")],
            personnel=65,
            integration_percent=D("-20.5"),
            integration_justification="fully integrated",
        )
    assert "20 %" in caught.value.message


def test_floor_refuses_when_policy_floor_is_stricter() -> None:
    policy = AuditTimePolicy(combined_floor=D("0.60"))
    with pytest.raises(InvalidInput) as caught:
        audit_time(
            [_reduced(QMS, "-30"), _reduced(EMS_MEDIUM, "-30")],
            personnel=65,
            integration_percent=D(-20),
            integration_justification="fully integrated",
            policy=policy,
        )
    assert "60 % of the table time 11 = 6.6 days" in caught.value.message


def test_integration_increase_allowed() -> None:
    result = audit_time(
        [QMS, EMS_MEDIUM],
        personnel=65,
        integration_percent=D(10),
        integration_justification="systems kept apart",
    )
    assert result.initial_days == D("12.0")  # 11 x 1.1 = 12.1 -> 12.0


def test_integration_needs_two_standards() -> None:
    with pytest.raises(InvalidInput, match="two or more standards"):
        audit_time([QMS], personnel=65, integration_percent=D(-10), integration_justification="x")


def test_integration_needs_a_justification() -> None:
    with pytest.raises(InvalidInput, match="integration_justification"):
        audit_time([QMS, EMS_MEDIUM], personnel=65, integration_percent=D(-10))


def test_two_standards_without_integration() -> None:
    result = audit_time(
        [QMS, StandardTime("ISO 45001", Scheme.OHSMS, Complexity.HIGH)], personnel=65
    )
    assert result.table_days_total == D(13)
    assert result.initial_days == D(13)
    assert result.floor_days_exact == D("7.28")


@pytest.mark.parametrize(
    ("standards", "personnel", "fragment"),
    [
        ([], 65, "at least one"),
        ([QMS, StandardTime("ISO 9001", Scheme.QMS)], 65, "listed twice"),
        ([QMS, StandardTime("  iso   9001 ", Scheme.QMS)], 65, "listed twice"),
        ([StandardTime("", Scheme.QMS)], 65, "label is required"),
        ([QMS], 0, "at least 1, got 0"),
        ([QMS], -3, "at least 1, got -3"),
        ([StandardTime("ISO 14001", Scheme.EMS)], 65, "needs a complexity"),
    ],
)
def test_audit_time_input_errors(
    standards: list[StandardTime], personnel: int, fragment: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        audit_time(standards, personnel=personnel)
    assert fragment in caught.value.message


def test_smallest_audit_splits_into_half_and_one_day() -> None:
    result = audit_time([QMS], personnel=3)
    assert result.initial_days == D("1.5")
    assert (result.stage1_days, result.stage2_days) == (D("0.5"), D(1))
    assert result.surveillance_days == D("0.5")
    assert result.recertification_days == D(1)
    assert result.onsite_min_days == D("1.5")  # 1.2 rounded up


def test_floor_rounding_default_and_strict() -> None:
    # 1.5 - 30 % = 1.05: never below 1.05 by default (strict_floor), nearest half day 1.0 without
    strict = audit_time([_reduced(QMS, "-30")], personnel=3)
    assert strict.floor_days_exact == D("1.05")
    assert (strict.initial_days, strict.floor_days) == (D("1.5"), D("1.5"))
    loose = audit_time(
        [_reduced(QMS, "-30")], personnel=3, policy=AuditTimePolicy(strict_floor=False)
    )
    assert (loose.initial_days, loose.floor_days) == (D(1), D(1))
    assert (loose.stage1_days, loose.stage2_days) == (D("0.5"), D("0.5"))


def test_default_policy_values() -> None:
    assert AuditTimePolicy() == DEFAULT_POLICY
    assert DEFAULT_POLICY.stage1_share == D("0.30")
    assert DEFAULT_POLICY.surveillance_ratio == Fraction(1, 3)
    assert DEFAULT_POLICY.recertification_ratio == Fraction(2, 3)
    assert DEFAULT_POLICY.max_reduction == D("0.30")
    assert DEFAULT_POLICY.max_integration_reduction == D("0.20")
    assert DEFAULT_POLICY.combined_floor == D("0.56") == (1 - D("0.30")) * (1 - D("0.20"))
    assert DEFAULT_POLICY.min_onsite_share == D("0.80")
    assert DEFAULT_POLICY.full_time_hours == D(40)
    assert DEFAULT_POLICY.ems_limited_626_875_days is None
    assert DEFAULT_POLICY.strict_floor is True
    json.dumps(DEFAULT_POLICY.as_dict())


def test_large_stage1_share_still_leaves_half_a_day_for_stage2() -> None:
    policy = AuditTimePolicy(stage1_share=D("0.90"))
    result = audit_time([QMS], personnel=3, policy=policy)  # 1.5 x 0.9 = 1.35 -> 1.5, clamped
    assert (result.stage1_days, result.stage2_days) == (D(1), D("0.5"))


def test_policy_changes_split_and_ratios() -> None:
    policy = AuditTimePolicy(
        stage1_share=D("0.25"),
        surveillance_ratio=Fraction(1, 2),
        recertification_ratio=Fraction(3, 4),
    )
    result = audit_time([QMS], personnel=65, policy=policy)
    assert (result.stage1_days, result.stage2_days) == (D("1.5"), D("3.5"))  # 1.25 -> 1.5
    assert result.surveillance_days == D("2.5")
    assert result.recertification_days == D("4")  # 3.75 -> 4.0


@pytest.mark.parametrize(
    "kwargs",
    [
        {"stage1_share": D(0)},
        {"stage1_share": D(1)},
        {"surveillance_ratio": Fraction(3, 4), "recertification_ratio": Fraction(2, 3)},
        {"max_reduction": D("-0.1")},
        {"combined_floor": D("1.5")},
        {"full_time_hours": D(0)},
        {"min_onsite_share": 0.8},
    ],
)
def test_policy_validation(kwargs: dict[str, object]) -> None:
    with pytest.raises(InvalidInput, match=r"policy|Decimal"):
        AuditTimePolicy(**kwargs)  # type: ignore[arg-type]


def test_audit_time_as_dict_is_json_friendly_with_stable_keys() -> None:
    result = audit_time(
        [_reduced(QMS, "-10"), EMS_MEDIUM],
        personnel=65,
        integration_percent=D(-5),
        integration_justification="shared processes",
    )
    data = result.as_dict()
    json.dumps(data)
    for key in (
        "personnel",
        "standards",
        "table_days_total",
        "integration_percent",
        "floor_days",
        "initial_days",
        "stage1_days",
        "stage2_days",
        "surveillance_days",
        "recertification_days",
        "onsite_min_days",
        "steps",
    ):
        assert key in data
    assert data["personnel"] == 65
    assert data["integration_percent"] == -5.0
    assert data["standards"][0]["scheme"] == "qms"
    assert data["standards"][0]["complexity"] is None
    assert data["standards"][1]["complexity"] == "medium"
    assert data["standards"][0]["reduction_percent"] == 10.0
    assert data["standards"][0]["adjustments"] == [{"percent": -10.0, "justification": "reason 0"}]
    assert all(set(step) == {"text", "clause", "value"} for step in data["steps"])
    assert isinstance(data["initial_days"], float)


def test_every_step_names_a_clause() -> None:
    result = audit_time([_reduced(QMS, "-10"), EMS_MEDIUM], personnel=65)
    assert result.steps
    for step in result.steps:
        assert step.clause.startswith(("IAF MD", "ISO/IEC 17021-1"))


# ------------------------------------------------------------------------------------------------
# invariants


_STANDARD_CHOICES = [
    ("ISO 9001", Scheme.QMS, None),
    ("ISO 14001", Scheme.EMS, Complexity.HIGH),
    ("ISO 14001", Scheme.EMS, Complexity.LIMITED),
    ("ISO 45001", Scheme.OHSMS, Complexity.LOW),
    ("ISO 45001", Scheme.OHSMS, Complexity.MEDIUM),
]


@st.composite
def _audit_inputs(draw: st.DrawFn) -> tuple[list[StandardTime], int, Decimal, AuditTimePolicy]:
    labels = draw(
        st.lists(
            st.sampled_from(_STANDARD_CHOICES), min_size=1, max_size=3, unique_by=lambda s: s[0]
        )
    )
    standards = []
    for label, scheme, complexity in labels:
        reduction = draw(st.decimals(min_value=0, max_value=30, places=1))
        increase = draw(st.decimals(min_value=0, max_value=40, places=1))
        adjustments = (
            Adjustment(-reduction, "low risk"),
            Adjustment(increase, "complex processes"),
        )
        standards.append(StandardTime(label, scheme, complexity, adjustments))
    integration = D(0)
    if len(standards) > 1:
        integration = draw(st.decimals(min_value=-20, max_value=20, places=1))
    personnel = draw(st.integers(min_value=1, max_value=30_000))
    policy = AuditTimePolicy(
        stage1_share=draw(st.sampled_from([D("0.30"), D("0.10"), D("0.50"), D("0.90")])),
        strict_floor=draw(st.booleans()),
    )
    return standards, personnel, integration, policy


@settings(max_examples=150, deadline=None)
@given(_audit_inputs())
def test_audit_time_invariants(
    inputs: tuple[list[StandardTime], int, Decimal, AuditTimePolicy],
) -> None:
    standards, personnel, integration, policy = inputs
    result: AuditTimeResult = audit_time(
        standards,
        personnel=personnel,
        integration_percent=integration,
        integration_justification="integration level assessed",
        policy=policy,
    )
    half = D("0.5")
    for value in (
        result.initial_days,
        result.stage1_days,
        result.stage2_days,
        result.surveillance_days,
        result.recertification_days,
        result.onsite_min_days,
        result.floor_days,
    ):
        assert (value * 2) % 1 == 0
    assert result.initial_days >= result.floor_days
    if policy.strict_floor:
        assert result.initial_days >= result.floor_days_exact
    assert result.table_days_total == sum(s.table_days for s in result.standards)
    assert result.stage1_days + result.stage2_days == result.initial_days
    assert result.stage1_days >= half and result.stage2_days >= half
    assert half <= result.surveillance_days <= result.recertification_days <= result.initial_days
    assert result.initial_days * D("0.8") <= result.onsite_min_days <= result.initial_days
    assert result.onsite_min_days - result.initial_days * D("0.8") < half
    exact = sum(s.adjusted_days for s in result.standards) * (1 + integration / 100)
    assert abs(result.initial_days - exact) <= D("0.25") or policy.strict_floor
