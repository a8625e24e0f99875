"""Audit time for QMS, EMS and OH&SMS audits (IAF MD 5:2019) and integrated audits (IAF MD 11:2019).

The tables are the project's own CSV files in ``data/`` (``md5_qms.csv``, ``md5_ems.csv``,
``md5_ohsms.csv``); their headers name the sources and flag the uncertain values.

Confidence of the rules encoded here (tags as in the project's domain reference):

* [V] table values QMS 1 / OH&SMS 1, rounding to the nearest half day (MD 5 cl. 2.2.3), total
  reduction of the table time at most 30 %, on-site time at least 80 %, MD 11 integration reduction
  at most 20 %, MD 5 + MD 11 reductions applied one after the other (EA FAQ, Sept 2019: up to 44 %
  below the table).
* [S] Table EMS 1 "limited" column; surveillance = 1/3 and recertification = 2/3 of initial time.
* [R] stage 1 / stage 2 split (MD 5 fixes none; CB tools use 30/70), the progression above 10,700
  personnel, and the EMS "limited" value for 626-875 personnel (6.5 vs 6.0).

Every [S]/[R] value is a field of :class:`AuditTimePolicy`, so a certification body can set its own.

Exact arithmetic: every intermediate value is a :class:`~fractions.Fraction`; results are
``Decimal`` audit days in half days. Decisions (limits, floors) are taken on the exact values;
rounding happens once, at the end, as :func:`round_half_day` does.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from fractions import Fraction
from functools import cache
from importlib.resources import files
from typing import Any

from .errors import InvalidInput
from .explain import Step

__all__ = [
    "DEFAULT_POLICY",
    "Adjustment",
    "AuditTimePolicy",
    "AuditTimeResult",
    "Complexity",
    "EffectivePersonnel",
    "PersonnelGroup",
    "PersonnelKind",
    "Scheme",
    "StandardTime",
    "StandardTimeResult",
    "TableRow",
    "audit_time",
    "effective_personnel",
    "round_half_day",
    "table_days",
    "table_days_progression_note",
    "table_rows",
]

_PACKAGE = __package__ or "isocert.rules"

# Clause references used in the steps. Sub-clause numbers not seen in a retrieved source: [R].
MD5 = "IAF MD 5:2019"
CL_ROUNDING = f"{MD5} cl. 2.2.3"
CL_PERSONNEL = f"{MD5} cl. 2.3 (effective number of personnel)"
CL_REPETITIVE = f"{MD5} cl. 2.3.4 (repetitive tasks)"
CL_REDUCTION = f"{MD5} (total reduction of the table time at most 30 %; EA FAQ 37.5)"
CL_INCREASE = f"{MD5} (factors increasing audit time)"
CL_ONSITE = f"{MD5} (on-site time at least 80 % of the audit time; EA FAQ 38.2)"
CL_SURVEILLANCE = f"{MD5} (surveillance about 1/3 of the initial audit time) [S]"
CL_RECERTIFICATION = f"{MD5} (recertification about 2/3 of the initial audit time) [S]"
CL_STAGES = "ISO/IEC 17021-1:2015 cl. 9.3.1 (stage 1 + stage 2); split is CB policy [R]"
CL_PROGRESSION = f"{MD5} table note 'follow progression' above 10,700 personnel [R]"
CL_MD11_TOTAL = "IAF MD 11:2019 §2.2 (T = A + B + C)"
CL_MD11_INTEGRATION = "IAF MD 11:2019 (integration adjustment; reduction at most 20 %)"
CL_COMBINED = (
    "IAF MD 5:2019 + IAF MD 11:2019 (EA FAQ, Sept 2019: reductions applied in turn, >= 56 %)"
)

_HALF = Fraction(1, 2)
_ONE_DP = Decimal("0.1")
_MAX_HOURS_PER_WEEK = 168


class Scheme(StrEnum):
    """The management-system schemes whose audit time IAF MD 5 tabulates."""

    QMS = "qms"  # ISO 9001, Table QMS 1
    EMS = "ems"  # ISO 14001, Table EMS 1
    OHSMS = "ohsms"  # ISO 45001, Table OH&SMS 1


class Complexity(StrEnum):
    """EMS complexity category / OH&SMS risk category. ``LIMITED`` exists only for EMS."""

    HIGH = "high"
    MEDIUM = "medium"
    LOW = "low"
    LIMITED = "limited"


class PersonnelKind(StrEnum):
    """Kinds of personnel group for :func:`effective_personnel` (``PersonnelGroup.kind``)."""

    FULL_TIME = "full_time"
    PART_TIME = "part_time"
    SEASONAL = "seasonal"
    REPETITIVE = "repetitive"


_TABLE_NAME = {
    Scheme.QMS: "Table QMS 1",
    Scheme.EMS: "Table EMS 1",
    Scheme.OHSMS: "Table OH&SMS 1",
}
_TABLE_FILE = {
    Scheme.QMS: "md5_qms.csv",
    Scheme.EMS: "md5_ems.csv",
    Scheme.OHSMS: "md5_ohsms.csv",
}
_COLUMNS: dict[Scheme, tuple[str, ...]] = {
    Scheme.QMS: ("all",),
    Scheme.EMS: ("high", "medium", "low", "limited"),
    Scheme.OHSMS: ("high", "medium", "low"),
}
# The last table row ends here; above it MD 5 says "follow progression".
TABLE_LAST_PERSONNEL = 10_700


# --------------------------------------------------------------------------------------------------
# small exact helpers


def _num(value: Fraction | Decimal | int) -> str:
    """A short human form of an exact number: 5, 5.5, 1.6667 (rounded to 4 places when needed)."""
    frac = Fraction(value)
    dec = _to_decimal(frac)
    if Fraction(dec) != frac or len(format(dec, "f").partition(".")[2]) > 4:
        dec = (Decimal(frac.numerator) / Decimal(frac.denominator)).quantize(Decimal("0.0001"))
        return f"{_strip(dec)}..."
    return _strip(dec)


def _strip(dec: Decimal) -> str:
    text = format(dec, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text or "0"


def _to_decimal(frac: Fraction) -> Decimal:
    """Exact Decimal of a Fraction with a denominator of 2s and 5s only, else 28 digits."""
    den = frac.denominator
    twos = fives = 0
    while den % 2 == 0:
        den //= 2
        twos += 1
    while den % 5 == 0:
        den //= 5
        fives += 1
    if den != 1:
        return Decimal(frac.numerator) / Decimal(frac.denominator)
    k = max(twos, fives)
    return Decimal(frac.numerator * 10**k // frac.denominator).scaleb(-k)


def _round_half(value: Fraction) -> Decimal:
    """Nearest half day, halves rounded up (value >= 0)."""
    return (Decimal(math.floor(value * 2 + _HALF)) / 2).quantize(_ONE_DP)


def _ceil_half(value: Fraction) -> Decimal:
    """The next half day at or above ``value``."""
    return (Decimal(math.ceil(value * 2)) / 2).quantize(_ONE_DP)


def _show(value: object) -> str:
    """repr() for messages, with enums shown as their plain value."""
    return repr(value.value) if isinstance(value, StrEnum) else repr(value)


def _whole(value: object, *, name: str, minimum: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise InvalidInput(
            f"{name} must be a whole number of at least {minimum}, got {value!r}",
            details={"field": name, "value": repr(value), "minimum": minimum},
        )
    return value


def _exact(value: object, *, name: str) -> Fraction:
    """A finite Decimal/int/Fraction as an exact Fraction; floats are refused (binary rounding)."""
    if isinstance(value, bool) or not isinstance(value, Decimal | int | Fraction):
        raise InvalidInput(
            f"{name} must be a Decimal (or int), e.g. Decimal('-20'), got {value!r}",
            details={"field": name, "value": repr(value)},
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidInput(
            f"{name} must be a finite number, got {value}",
            details={"field": name, "value": str(value)},
        )
    return Fraction(value)


def _text_required(value: object, *, name: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise InvalidInput(
            f"{name} is required: give a non-blank justification (text), got {value!r}",
            details={"field": name},
        )
    return value.strip()


def _scheme(value: object) -> Scheme:
    try:
        if not isinstance(value, str):
            raise ValueError(value)
        return Scheme(value)
    except ValueError:
        allowed = ", ".join(s.value for s in Scheme)
        raise InvalidInput(
            f"scheme must be one of {allowed}, got {_show(value)}",
            details={"field": "scheme", "value": repr(value), "allowed": [s.value for s in Scheme]},
        ) from None


def _complexity(scheme: Scheme, value: object) -> Complexity | None:
    """Check the complexity category against the scheme's table columns."""
    allowed = _COLUMNS[scheme]
    if scheme is Scheme.QMS:
        if value is not None:
            raise InvalidInput(
                f"Table QMS 1 has no complexity categories: give no complexity for QMS "
                f"(complexity=None), got {_show(value)}",
                details={"field": "complexity", "scheme": scheme.value, "allowed": [None]},
            )
        return None
    if value is None:
        raise InvalidInput(
            f"{_TABLE_NAME[scheme]} needs a complexity category: one of {', '.join(allowed)}",
            details={"field": "complexity", "scheme": scheme.value, "allowed": list(allowed)},
        )
    complexity: Complexity | None = None
    if isinstance(value, str):
        try:
            complexity = Complexity(value)
        except ValueError:
            complexity = None
    if complexity is None or complexity.value not in allowed:
        only = " ('limited' exists only for EMS)" if complexity is Complexity.LIMITED else ""
        raise InvalidInput(
            f"complexity for {scheme.value} must be one of {', '.join(allowed)}{only}, "
            f"got {_show(value)}",
            details={"field": "complexity", "scheme": scheme.value, "allowed": list(allowed)},
        )
    return complexity


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, Fraction):
        return str(value)
    if isinstance(value, StrEnum):
        return value.value
    return value


# --------------------------------------------------------------------------------------------------
# policy


@dataclass(frozen=True)
class AuditTimePolicy:
    """A certification body's audit-time policy. Defaults and their confidence:

    * ``stage1_share`` 0.30 - [R] IAF MD 5 fixes no stage 1 / stage 2 split; CB tools use 30 / 70.
    * ``surveillance_ratio`` 1/3, ``recertification_ratio`` 2/3 - [S] IAF MD 5 "about 1/3" and
      "about 2/3" of the initial audit time (clause text of MD 5:2019 not retrieved).
    * ``max_reduction`` 0.30 - [V] IAF MD 5: total reduction of the table time at most 30 %.
    * ``max_integration_reduction`` 0.20 - [V] IAF MD 11: integration reduction at most 20 %.
    * ``combined_floor`` 0.56 - [V] EA (Sept 2019): MD 5 and MD 11 reductions are applied in turn,
      so never below 1 - 0.7 x 0.8 = 56 % of the table sum.
    * ``min_onsite_share`` 0.80 - [V] IAF MD 5: on-site time at least 80 % of the audit time.
    * ``full_time_hours`` 40 - hours per week of one full-time person, for part-time conversion
      (CB / national working week; MD 5 only says "according to hours worked").
    * ``ems_limited_626_875_days`` None - ⚠ Table EMS 1 "limited", 626-875 personnel: 6.5 in two
      sources, 6.0 in one. None uses the data file's value (6.5); a CB that verified 6.0 sets it
      here. Must be a half day between the neighbouring rows (6 to 7).
    * ``strict_floor`` True - [R] how the floor meets the half-day rounding (MD 5 cl. 2.2.3). The
      decision is always taken on exact values. True (default): the audit time is never rounded
      below the exact floor (1.05 -> 1.5 days; the floor is rounded up), so the 30 % / 44 % limits
      hold after rounding too. False: the floor is rounded to the nearest half day like the audit
      time (1.5 days - 30 % = 1.05 -> 1.0 day allowed).
    """

    stage1_share: Decimal = Decimal("0.30")
    surveillance_ratio: Fraction = Fraction(1, 3)
    recertification_ratio: Fraction = Fraction(2, 3)
    max_reduction: Decimal = Decimal("0.30")
    max_integration_reduction: Decimal = Decimal("0.20")
    combined_floor: Decimal = Decimal("0.56")
    min_onsite_share: Decimal = Decimal("0.80")
    full_time_hours: Decimal = Decimal("40")
    ems_limited_626_875_days: Decimal | None = None
    strict_floor: bool = True

    def __post_init__(self) -> None:
        def share(name: str, low: Fraction, high: Fraction, *, open_low: bool) -> Fraction:
            value = _exact(getattr(self, name), name=name)
            if value < low or value > high or (open_low and value == low):
                lower = f"more than {_num(low)}" if open_low else f"at least {_num(low)}"
                raise InvalidInput(
                    f"policy {name} must be {lower} and at most {_num(high)}, got {_num(value)}",
                    details={"field": name, "value": str(getattr(self, name))},
                )
            return value

        zero, one = Fraction(0), Fraction(1)
        share("stage1_share", zero, Fraction(99, 100), open_low=True)
        surveillance = share("surveillance_ratio", zero, one, open_low=True)
        recertification = share("recertification_ratio", zero, one, open_low=True)
        if surveillance > recertification:
            raise InvalidInput(
                "policy surveillance_ratio must not exceed recertification_ratio, got "
                f"{surveillance} > {recertification}",
                details={"field": "surveillance_ratio"},
            )
        share("max_reduction", zero, Fraction(99, 100), open_low=False)
        share("max_integration_reduction", zero, Fraction(99, 100), open_low=False)
        share("combined_floor", zero, one, open_low=True)
        share("min_onsite_share", zero, one, open_low=True)
        share("full_time_hours", zero, Fraction(_MAX_HOURS_PER_WEEK), open_low=True)
        if self.ems_limited_626_875_days is not None:
            limited = _exact(self.ems_limited_626_875_days, name="ems_limited_626_875_days")
            if not (6 <= limited <= 7) or (limited * 2).denominator != 1:
                raise InvalidInput(
                    "policy ems_limited_626_875_days must be None (data file value) or a half day "
                    f"from 6 to 7 (sources give 6.5 or 6.0), got {self.ems_limited_626_875_days}",
                    details={"field": "ems_limited_626_875_days"},
                )
        if not isinstance(self.strict_floor, bool):
            raise InvalidInput(
                f"policy strict_floor must be True or False, got {self.strict_floor!r}",
                details={"field": "strict_floor"},
            )

    def as_dict(self) -> dict[str, Any]:
        return {
            "stage1_share": _jsonable(self.stage1_share),
            "surveillance_ratio": _jsonable(self.surveillance_ratio),
            "recertification_ratio": _jsonable(self.recertification_ratio),
            "max_reduction": _jsonable(self.max_reduction),
            "max_integration_reduction": _jsonable(self.max_integration_reduction),
            "combined_floor": _jsonable(self.combined_floor),
            "min_onsite_share": _jsonable(self.min_onsite_share),
            "full_time_hours": _jsonable(self.full_time_hours),
            "ems_limited_626_875_days": _jsonable(self.ems_limited_626_875_days),
            "strict_floor": self.strict_floor,
        }


DEFAULT_POLICY = AuditTimePolicy()


def round_half_day(days: Decimal) -> Decimal:
    """Round audit days to the nearest half day, halves up - IAF MD 5:2019 cl. 2.2.3.

    5.3 -> 5.5, 5.2 -> 5.0, 5.25 -> 5.5, 5.75 -> 6.0. The result has one decimal place.
    """
    value = _exact(days, name="days")
    if value < 0:
        raise InvalidInput(
            f"days must be zero or more, got {days}", details={"field": "days", "value": str(days)}
        )
    return _round_half(value)


# --------------------------------------------------------------------------------------------------
# effective number of personnel


@dataclass(frozen=True)
class PersonnelGroup:
    """A group of personnel within the scope. ``kind`` is a :class:`PersonnelKind` value.

    ``hours_per_week`` is required for ``part_time`` (and only allowed there); ``justification`` is
    required (non-blank) for ``repetitive``.
    """

    kind: str
    count: int
    hours_per_week: Decimal | None = None
    justification: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "kind": _jsonable(self.kind),
            "count": self.count,
            "hours_per_week": _jsonable(self.hours_per_week),
            "justification": self.justification,
        }


@dataclass(frozen=True)
class EffectivePersonnel:
    """The effective number of personnel with its justification."""

    value: int
    steps: tuple[Step, ...]

    def as_dict(self) -> dict[str, Any]:
        return {"value": self.value, "steps": [s.as_dict() for s in self.steps]}


def _ceil_sqrt(n: int) -> int:
    """Smallest y >= 0 with y * y >= n (exact)."""
    return 0 if n <= 0 else math.isqrt(n - 1) + 1


def effective_personnel(
    groups: Sequence[PersonnelGroup], *, policy: AuditTimePolicy = DEFAULT_POLICY
) -> EffectivePersonnel:
    """Effective number of personnel - IAF MD 5:2019 cl. 2.3; repetitive tasks cl. 2.3.4.

    * ``full_time``: 1 each. ``seasonal`` (seasonal, temporary or contracted personnel present at
      the time of the audit): 1 each.
    * ``part_time``: ``count x hours_per_week / policy.full_time_hours`` (full-time equivalents).
    * ``repetitive`` (similar, repetitive, low-skill functions executed under direction, cl. 2.3.4):
      ``ceil(sqrt(count))`` per group, exact; the justification is required and recorded.

    The exact total is rounded UP to a whole person, and is at least 1 (Table QMS 1 starts at one
    person). An empty list, negative counts, missing hours or justification, or hours outside
    0 < hours <= 168 are refused.
    """
    if isinstance(groups, str | bytes) or not isinstance(groups, Sequence) or not groups:
        raise InvalidInput(
            "groups must be a non-empty list of PersonnelGroup (give at least one group)",
            details={"field": "groups"},
        )
    full_time_hours = Fraction(policy.full_time_hours)
    total = Fraction(0)
    steps: list[Step] = []
    for index, group in enumerate(groups, start=1):
        where = f"personnel group {index}"
        if not isinstance(group, PersonnelGroup):
            raise InvalidInput(
                f"{where} must be a PersonnelGroup, got {type(group).__name__}",
                details={"index": index},
            )
        try:
            kind = PersonnelKind(group.kind)
        except ValueError:
            allowed = ", ".join(k.value for k in PersonnelKind)
            raise InvalidInput(
                f"{where}: kind must be one of {allowed}, got {group.kind!r}",
                details={"index": index, "allowed": [k.value for k in PersonnelKind]},
            ) from None
        count = _whole(group.count, name=f"{where} ({kind.value}) count", minimum=0)
        if kind is not PersonnelKind.PART_TIME and group.hours_per_week is not None:
            raise InvalidInput(
                f"{where} ({kind.value}): hours_per_week applies only to part_time groups; "
                "leave it empty (None)",
                details={"index": index, "field": "hours_per_week"},
            )
        if kind is PersonnelKind.FULL_TIME:
            total += count
            steps.append(Step(f"Full-time personnel: {count}", CL_PERSONNEL, count))
        elif kind is PersonnelKind.SEASONAL:
            total += count
            steps.append(
                Step(
                    f"Seasonal/temporary personnel present at the audit: {count}",
                    CL_PERSONNEL,
                    count,
                )
            )
        elif kind is PersonnelKind.PART_TIME:
            if group.hours_per_week is None:
                raise InvalidInput(
                    f"{where} (part_time): hours_per_week is required (more than 0, at most "
                    f"{_MAX_HOURS_PER_WEEK})",
                    details={"index": index, "field": "hours_per_week"},
                )
            hours = _exact(group.hours_per_week, name=f"{where} hours_per_week")
            if not (0 < hours <= _MAX_HOURS_PER_WEEK):
                raise InvalidInput(
                    f"{where} (part_time): hours_per_week must be more than 0 and at most "
                    f"{_MAX_HOURS_PER_WEEK}, got {group.hours_per_week}",
                    details={"index": index, "field": "hours_per_week"},
                )
            fte = count * hours / full_time_hours
            total += fte
            steps.append(
                Step(
                    f"Part-time personnel: {count} x {_num(hours)} h / {_num(full_time_hours)} h "
                    f"= {_num(fte)} full-time equivalents",
                    CL_PERSONNEL,
                    _to_decimal(fte),
                )
            )
        else:
            justification = _text_required(
                group.justification, name=f"{where} (repetitive) justification"
            )
            root = _ceil_sqrt(count)
            total += root
            steps.append(
                Step(
                    f"Repetitive low-skill tasks under direction: ceil(sqrt({count})) = {root} "
                    f"({justification})",
                    CL_REPETITIVE,
                    root,
                )
            )
    value = max(1, math.ceil(total))
    steps.append(
        Step(
            f"Effective personnel: {_num(total)} rounded up to {value}"
            + (" (at least 1 person)" if math.ceil(total) < 1 else ""),
            CL_PERSONNEL,
            value,
        )
    )
    return EffectivePersonnel(value=value, steps=tuple(steps))


# --------------------------------------------------------------------------------------------------
# tables


@dataclass(frozen=True)
class TableRow:
    """One band of an IAF MD 5 table. ``days`` keys: complexity values, or ``"all"`` for QMS."""

    personnel_min: int
    personnel_max: int | None
    days: dict[str, Decimal]

    def as_dict(self) -> dict[str, Any]:
        return {
            "personnel_min": self.personnel_min,
            "personnel_max": self.personnel_max,
            "days": {k: float(v) for k, v in self.days.items()},
        }


@dataclass(frozen=True)
class _Band:
    low: int
    high: int
    values: tuple[Decimal, ...]  # in the order of _COLUMNS[scheme]


@cache
def _bands(scheme: Scheme) -> tuple[_Band, ...]:
    """Read and check ``data/<table>.csv`` once: contiguous bands from 1 to 10,700, half days."""
    name = _TABLE_FILE[scheme]
    text = (files(_PACKAGE) / "data" / name).read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line.strip() and not line.startswith("#")]
    reader = csv.reader(lines)
    header = tuple(next(reader))
    expected = ("personnel_min", "personnel_max", *_COLUMNS[scheme])
    if header != expected:
        raise RuntimeError(f"rules data {name}: header {header} is not {expected}")
    bands: list[_Band] = []
    for row in reader:
        if len(row) != len(expected):
            raise RuntimeError(
                f"rules data {name}: row {row} does not have {len(expected)} columns"
            )
        low, high = int(row[0]), int(row[1])
        values = tuple(Decimal(v).quantize(_ONE_DP) for v in row[2:])
        previous = bands[-1] if bands else None
        if low != (previous.high + 1 if previous else 1) or high < low:
            raise RuntimeError(f"rules data {name}: band {low}-{high} is not contiguous")
        for i, value in enumerate(values):
            if value <= 0 or (value * 2) % 1 != 0:
                raise RuntimeError(f"rules data {name}: {value} days is not a positive half day")
            if previous is not None and value < previous.values[i]:
                raise RuntimeError(f"rules data {name}: days decrease at band {low}-{high}")
        bands.append(_Band(low, high, values))
    if len(bands) < 2 or bands[-1].high != TABLE_LAST_PERSONNEL:
        raise RuntimeError(f"rules data {name}: the last band must end at {TABLE_LAST_PERSONNEL}")
    return tuple(bands)


def _band_value(
    scheme: Scheme, band: _Band, column: str, policy: AuditTimePolicy
) -> tuple[Decimal, str]:
    """The band's value, with the policy override of the disputed EMS limited 626-875 cell."""
    value = band.values[_COLUMNS[scheme].index(column)]
    if scheme is Scheme.EMS and column == "limited" and band.low == 626:
        if policy.ems_limited_626_875_days is None:
            return value, " (disputed cell: sources give 6.5 or 6.0) [S]"
        override = Decimal(policy.ems_limited_626_875_days).quantize(_ONE_DP)
        return override, " (disputed cell: sources give 6.5 or 6.0; value set by the CB policy)"
    return value, ""


def table_rows(scheme: Scheme, *, policy: AuditTimePolicy = DEFAULT_POLICY) -> tuple[TableRow, ...]:
    """The rows of IAF MD 5:2019 Table QMS 1 / EMS 1 / OH&SMS 1 (initial audit, stage 1 + stage 2).

    The last row, ``personnel_max=None`` and no days, stands for "> 10,700: follow progression"
    (see :func:`table_days`). Each call returns fresh objects: changing them changes nothing.
    """
    scheme = _scheme(scheme)
    rows: list[TableRow] = []
    for band in _bands(scheme):
        days = {c: _band_value(scheme, band, c, policy)[0] for c in _COLUMNS[scheme]}
        rows.append(TableRow(personnel_min=band.low, personnel_max=band.high, days=days))
    rows.append(TableRow(personnel_min=TABLE_LAST_PERSONNEL + 1, personnel_max=None, days={}))
    return tuple(rows)


def _progression(
    scheme: Scheme, column: str, policy: AuditTimePolicy
) -> tuple[Decimal, Fraction, int]:
    """(value at 10,700, days per person beyond it, width of the last band)."""
    bands = _bands(scheme)
    last, previous = bands[-1], bands[-2]
    last_value = _band_value(scheme, last, column, policy)[0]
    previous_value = _band_value(scheme, previous, column, policy)[0]
    width = last.high - previous.high
    return last_value, Fraction(last_value - previous_value) / width, width


def _table_lookup(
    scheme: Scheme, personnel: int, complexity: Complexity | None, policy: AuditTimePolicy
) -> tuple[Decimal, Step]:
    column = complexity.value if complexity is not None else "all"
    label = _TABLE_NAME[scheme] + (f", {column}" if complexity is not None else "")
    if personnel <= TABLE_LAST_PERSONNEL:
        band = next(b for b in _bands(scheme) if b.low <= personnel <= b.high)
        value, note = _band_value(scheme, band, column, policy)
        text = f"{MD5} {label}: {personnel} personnel (band {band.low}-{band.high}) -> "
        text += f"{_num(value)} days{note}"
        return value, Step(text, f"{MD5} {label}", value)
    last_value, rate, width = _progression(scheme, column, policy)
    exact = Fraction(last_value) + (personnel - TABLE_LAST_PERSONNEL) * rate
    value = _round_half(exact)
    text = (
        f"{MD5} {label}: {personnel} personnel is above {TABLE_LAST_PERSONNEL:,} - progression "
        f"continues the last band's rate ({_num(rate * width)} day per {width:,} personnel): "
        f"{_num(last_value)} + ({personnel} - {TABLE_LAST_PERSONNEL}) x "
        f"{_num(rate * width)}/{width} "
        f"= {_num(exact)} -> {_num(value)} days (nearest half day)"
    )
    return value, Step(text, CL_PROGRESSION, value)


def table_days(
    scheme: Scheme,
    personnel: int,
    complexity: Complexity | None = None,
    *,
    policy: AuditTimePolicy = DEFAULT_POLICY,
) -> Decimal:
    """Initial audit time (stage 1 + stage 2) from IAF MD 5:2019 Table QMS 1 / EMS 1 / OH&SMS 1.

    ``personnel`` is the effective number of personnel (>= 1). QMS takes no complexity; EMS needs
    high / medium / low / limited; OH&SMS needs high / medium / low. Within the table the value of
    the band containing ``personnel`` is returned.

    Above 10,700 personnel MD 5 says only "follow progression" [R - the method is our choice]:
    ``days = last + (personnel - 10,700) x (last - previous) / width`` where ``last`` / ``previous``
    are the values of the last two bands and ``width`` = 2,200 is the size of the last band
    (8,501-10,700), rounded to the nearest half day (MD 5 cl. 2.2.3). Why this formula: the table
    notes say personnel are a continuum, so the time keeps growing with personnel rather than
    stopping at the last value; the band widths grow roughly geometrically (1,700 then 2,200), so
    extending the table's own pattern would add the next day only after an even wider band -
    keeping the last band's rate is the conservative choice and never gives fewer days than such a
    geometric fit. QMS: 10,701 -> 22 days; 11,250 -> 22.5 days. The result never decreases with
    personnel.
    """
    scheme = _scheme(scheme)
    personnel = _whole(personnel, name="personnel", minimum=1)
    checked = _complexity(scheme, complexity)
    return _table_lookup(scheme, personnel, checked, policy)[0]


def table_days_progression_note(
    scheme: Scheme,
    complexity: Complexity | None = None,
    *,
    policy: AuditTimePolicy = DEFAULT_POLICY,
) -> str:
    """How :func:`table_days` extends IAF MD 5:2019 tables above 10,700 personnel [R], in words."""
    scheme = _scheme(scheme)
    checked = _complexity(scheme, complexity)
    column = checked.value if checked is not None else "all"
    last_value, rate, width = _progression(scheme, column, policy)
    return (
        f"Above {TABLE_LAST_PERSONNEL:,} personnel IAF MD 5 says 'follow progression'; isocert "
        f"continues the last band's rate: {_num(last_value)} days + {_num(rate * width)} day per "
        f"{width:,} personnel beyond {TABLE_LAST_PERSONNEL:,}, rounded to the nearest half day "
        "(method not given by MD 5 [R])."
    )


# --------------------------------------------------------------------------------------------------
# audit time


@dataclass(frozen=True)
class Adjustment:
    """An MD 5 adjustment of one standard's table time, in percent: negative = reduction.

    ``justification`` is required (non-blank): the CB must document why (MD 5, 17021-1 9.1.4).
    """

    percent: Decimal
    justification: str

    def as_dict(self) -> dict[str, Any]:
        return {"percent": _jsonable(self.percent), "justification": self.justification}


@dataclass(frozen=True)
class StandardTime:
    """Input for one standard of the audit."""

    standard: str
    scheme: Scheme
    complexity: Complexity | None = None
    adjustments: tuple[Adjustment, ...] = ()


@dataclass(frozen=True)
class StandardTimeResult:
    """One standard's time. ``reduction_percent`` and ``increase_percent`` are both >= 0 (sums)."""

    standard: str
    scheme: Scheme
    complexity: Complexity | None
    table_days: Decimal
    reduction_percent: Decimal
    increase_percent: Decimal
    adjusted_days: Decimal  # exact, not rounded: MD 11 adds the standards before rounding
    steps: tuple[Step, ...]
    adjustments: tuple[Adjustment, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "standard": self.standard,
            "scheme": self.scheme.value,
            "complexity": self.complexity.value if self.complexity is not None else None,
            "table_days": float(self.table_days),
            "reduction_percent": float(self.reduction_percent),
            "increase_percent": float(self.increase_percent),
            "adjusted_days": float(self.adjusted_days),
            "adjustments": [a.as_dict() for a in self.adjustments],
            "steps": [s.as_dict() for s in self.steps],
        }


@dataclass(frozen=True)
class AuditTimeResult:
    """The audit-time determination the CB gives the client (IAF MD 5:2019, MD 11:2019)."""

    personnel: int
    standards: tuple[StandardTimeResult, ...]
    table_days_total: Decimal
    integration_percent: Decimal
    floor_days: Decimal
    initial_days: Decimal
    stage1_days: Decimal
    stage2_days: Decimal
    surveillance_days: Decimal
    recertification_days: Decimal
    onsite_min_days: Decimal
    steps: tuple[Step, ...]
    floor_days_exact: Decimal = Decimal(0)
    policy: AuditTimePolicy = field(default=DEFAULT_POLICY)

    def as_dict(self) -> dict[str, Any]:
        return {
            "personnel": self.personnel,
            "standards": [s.as_dict() for s in self.standards],
            "table_days_total": float(self.table_days_total),
            "integration_percent": float(self.integration_percent),
            "floor_days": float(self.floor_days),
            "floor_days_exact": float(self.floor_days_exact),
            "initial_days": float(self.initial_days),
            "stage1_days": float(self.stage1_days),
            "stage2_days": float(self.stage2_days),
            "surveillance_days": float(self.surveillance_days),
            "recertification_days": float(self.recertification_days),
            "onsite_min_days": float(self.onsite_min_days),
            "policy": self.policy.as_dict(),
            "steps": [s.as_dict() for s in self.steps],
        }


def _standard_time(
    item: StandardTime, *, index: int, personnel: int, policy: AuditTimePolicy
) -> tuple[StandardTimeResult, Fraction]:
    if not isinstance(item, StandardTime):
        raise InvalidInput(
            f"standard {index} must be a StandardTime, got {type(item).__name__}",
            details={"index": index},
        )
    if not isinstance(item.standard, str) or not item.standard.strip():
        raise InvalidInput(
            f"standard {index}: the standard label is required (e.g. 'ISO 9001'), got "
            f"{item.standard!r}",
            details={"index": index, "field": "standard"},
        )
    label = item.standard.strip()
    scheme = _scheme(item.scheme)
    complexity = _complexity(scheme, item.complexity)
    table_value, table_step = _table_lookup(scheme, personnel, complexity, policy)
    steps = [Step(f"{label}: {table_step.text}", table_step.clause, table_value)]

    if not isinstance(item.adjustments, tuple | list):
        raise InvalidInput(
            f"{label}: adjustments must be a tuple of Adjustment", details={"standard": label}
        )
    reduction = increase = Fraction(0)
    for number, adjustment in enumerate(item.adjustments, start=1):
        if not isinstance(adjustment, Adjustment):
            raise InvalidInput(
                f"{label}: adjustment {number} must be an Adjustment, got "
                f"{type(adjustment).__name__}",
                details={"standard": label, "index": number},
            )
        percent = _exact(adjustment.percent, name=f"{label} adjustment {number} percent")
        why = _text_required(
            adjustment.justification, name=f"{label} adjustment {number} justification"
        )
        if percent < 0:
            reduction -= percent
            steps.append(Step(f"{label}: reduction {_num(-percent)} % - {why}", CL_REDUCTION, None))
        else:
            increase += percent
            steps.append(Step(f"{label}: increase {_num(percent)} % - {why}", CL_INCREASE, None))
    limit = Fraction(policy.max_reduction) * 100
    if reduction > limit:
        raise InvalidInput(
            f"{label}: the reductions add up to {_num(reduction)} %; IAF MD 5 allows at most "
            f"{_num(limit)} % reduction of the table time",
            details={
                "standard": label,
                "reduction_percent": float(reduction),
                "max_reduction_percent": float(limit),
            },
        )
    net = increase - reduction
    adjusted = Fraction(table_value) * (1 + net / 100)
    if reduction or increase:
        steps.append(
            Step(
                f"{label}: {_num(table_value)} x (1 {'+' if net >= 0 else '-'} {_num(abs(net))} %) "
                f"= {_num(adjusted)} days (reductions {_num(reduction)} %, increases "
                f"{_num(increase)} %)",
                CL_REDUCTION if reduction else CL_INCREASE,
                _to_decimal(adjusted),
            )
        )
    result = StandardTimeResult(
        standard=label,
        scheme=scheme,
        complexity=complexity,
        table_days=table_value,
        reduction_percent=_to_decimal(reduction),
        increase_percent=_to_decimal(increase),
        adjusted_days=_to_decimal(adjusted),
        steps=tuple(steps),
        adjustments=tuple(item.adjustments),
    )
    return result, adjusted


def _normal_label(label: str) -> str:
    return " ".join(label.split()).casefold()


def audit_time(
    standards: Sequence[StandardTime],
    *,
    personnel: int,
    integration_percent: Decimal = Decimal(0),
    integration_justification: str = "",
    policy: AuditTimePolicy = DEFAULT_POLICY,
) -> AuditTimeResult:
    """Initial, surveillance and recertification audit time - IAF MD 5:2019 and IAF MD 11:2019.

    1. Per standard (MD 5): the table value for ``personnel`` (:func:`table_days`), then the
       adjustments: reductions add up to at most ``policy.max_reduction`` (30 %), increases are
       unlimited, each needs a justification.
    2. MD 11 §2.2: T = A + B + C (sum of the table values); the adjusted times are added, then the
       integration adjustment (``integration_percent``, negative = reduction) is applied - only
       with two or more standards, reduction at most ``policy.max_integration_reduction`` (20 %),
       justification required when not zero.
    3. Floor: the exact time may not be below T x (1 - max_reduction) (70 %) for one standard, or
       T x ``combined_floor`` (56 %) for two or more (EA: MD 5 then MD 11, 1 - 0.7 x 0.8).
       The decision is taken on the exact, unrounded values; ``floor_days_exact`` is unrounded.
       With ``policy.strict_floor`` (the default) the audit time is never rounded below the exact
       floor (1.5 days - 30 % = 1.05 -> 1.5) and ``floor_days`` is the floor rounded up to a half
       day. Without it, ``floor_days`` is rounded like the audit time (MD 5 cl. 2.2.3, nearest half
       day; 1.05 -> 1.0). Either way ``initial_days >= floor_days`` holds.
    4. Initial = nearest half day of the exact time (MD 5 cl. 2.2.3); stage 1 = nearest half day
       of ``initial x stage1_share``, stage 1 and stage 2 each at least half a day (initial must
       be at least 1 day); surveillance = initial x 1/3 and recertification = initial x 2/3, to
       the nearest half day, each at least half a day; on-site at least 80 % of the initial
       time, rounded UP to a half day.

    Percent inputs are percent units: ``Decimal("-20")`` is a 20 % reduction.
    """
    if not isinstance(policy, AuditTimePolicy):
        raise InvalidInput("policy must be an AuditTimePolicy", details={"field": "policy"})
    if isinstance(standards, str | bytes) or not isinstance(standards, Sequence) or not standards:
        raise InvalidInput(
            "standards must list at least one StandardTime (e.g. ISO 9001 / qms)",
            details={"field": "standards"},
        )
    personnel = _whole(personnel, name="personnel", minimum=1)

    results: list[StandardTimeResult] = []
    adjusted_sum = Fraction(0)
    table_total = Fraction(0)
    seen: dict[str, str] = {}
    for index, item in enumerate(standards, start=1):
        result, adjusted = _standard_time(item, index=index, personnel=personnel, policy=policy)
        key = _normal_label(result.standard)
        if key in seen:
            raise InvalidInput(
                f"standard {result.standard!r} is listed twice; give each standard once",
                details={"standard": result.standard},
            )
        seen[key] = result.standard
        results.append(result)
        adjusted_sum += adjusted
        table_total += Fraction(result.table_days)
    steps: list[Step] = []
    for result in results:
        steps.extend(result.steps)
    several = len(results) > 1
    if several:
        steps.append(
            Step(
                "T = "
                + " + ".join(_num(r.table_days) for r in results)
                + f" = {_num(table_total)} days (sum of the table values)",
                CL_MD11_TOTAL,
                _to_decimal(table_total),
            )
        )

    integration = _exact(integration_percent, name="integration_percent")
    if integration != 0:
        if not several:
            raise InvalidInput(
                "integration_percent applies only to an integrated audit of two or more standards; "
                f"with one standard it must be 0, got {integration_percent}",
                details={"field": "integration_percent"},
            )
        why = _text_required(integration_justification, name="integration_justification")
        int_limit = Fraction(policy.max_integration_reduction) * 100
        if integration < -int_limit:
            raise InvalidInput(
                f"an integration reduction of {_num(-integration)} % is more than IAF MD 11 "
                f"allows: at most {_num(int_limit)} % (an increase has no limit)",
                details={
                    "field": "integration_percent",
                    "integration_percent": float(integration),
                    "max_integration_reduction_percent": float(int_limit),
                },
            )
    exact = adjusted_sum * (1 + integration / 100)
    if integration != 0:
        steps.append(
            Step(
                f"Integration {'reduction' if integration < 0 else 'increase'} "
                f"{_num(abs(integration))} %: {_num(adjusted_sum)} x (1 "
                f"{'-' if integration < 0 else '+'} {_num(abs(integration))} %) = "
                f"{_num(exact)} days - {why}",
                CL_MD11_INTEGRATION,
                _to_decimal(exact),
            )
        )

    if several:
        floor_share = Fraction(policy.combined_floor)
        floor_clause = CL_COMBINED
    else:
        floor_share = 1 - Fraction(policy.max_reduction)
        floor_clause = CL_REDUCTION
    floor_exact = table_total * floor_share
    floor_days = _ceil_half(floor_exact) if policy.strict_floor else _round_half(floor_exact)
    if exact < floor_exact:
        raise InvalidInput(
            f"the audit time of {_num(exact)} days is below the least allowed: "
            f"{_num(floor_share * 100)} % of the table time {_num(table_total)} = "
            f"{_num(floor_exact)} days",
            details={
                "audit_days": float(exact),
                "floor_days": float(_to_decimal(floor_exact)),
                "floor_percent": float(floor_share * 100),
            },
        )
    steps.append(
        Step(
            f"Least audit time: {_num(floor_share * 100)} % of {_num(table_total)} = "
            f"{_num(floor_exact)} -> {_num(floor_days)} days; {_num(exact)} days is not below it",
            floor_clause,
            floor_days,
        )
    )

    initial = _round_half(exact)
    how = "nearest half day"
    if policy.strict_floor and initial < floor_exact:
        initial = _ceil_half(exact)
        how = "rounded up: the nearest half day would be below the exact floor (strict_floor)"
    steps.append(
        Step(
            f"Initial audit (stage 1 + stage 2): {_num(exact)} -> {_num(initial)} days ({how})",
            CL_ROUNDING,
            initial,
        )
    )
    if initial < 1:
        raise InvalidInput(
            f"the initial audit time of {_num(initial)} days is too short: stage 1 and stage 2 "
            "need at least half a day each (at least 1 day in total)",
            details={"initial_days": float(initial)},
        )
    initial_f = Fraction(initial)
    stage1 = max(_round_half(initial_f * Fraction(policy.stage1_share)), Decimal("0.5"))
    if initial - stage1 < Decimal("0.5"):
        stage1 = initial - Decimal("0.5")
    stage2 = initial - stage1
    steps.append(
        Step(
            f"Stage 1: {_num(initial)} x {_num(Fraction(policy.stage1_share) * 100)} % -> "
            f"{_num(stage1)} days; stage 2: {_num(initial)} - {_num(stage1)} = {_num(stage2)} days "
            "(each at least half a day)",
            CL_STAGES,
            stage1,
        )
    )
    surveillance = max(_round_half(initial_f * Fraction(policy.surveillance_ratio)), Decimal("0.5"))
    steps.append(
        Step(
            f"Surveillance (each year): {_num(initial)} x {policy.surveillance_ratio} = "
            f"{_num(initial_f * Fraction(policy.surveillance_ratio))} -> {_num(surveillance)} days",
            CL_SURVEILLANCE,
            surveillance,
        )
    )
    recert_exact = initial_f * Fraction(policy.recertification_ratio)
    recertification = max(_round_half(recert_exact), Decimal("0.5"))
    steps.append(
        Step(
            f"Recertification: {_num(initial)} x {policy.recertification_ratio} = "
            f"{_num(recert_exact)} -> {_num(recertification)} days (recompute with the "
            "organisation's data at recertification)",
            CL_RECERTIFICATION,
            recertification,
        )
    )
    onsite_exact = initial_f * Fraction(policy.min_onsite_share)
    onsite = _ceil_half(onsite_exact)
    steps.append(
        Step(
            f"On-site at least {_num(Fraction(policy.min_onsite_share) * 100)} % of "
            f"{_num(initial)} = {_num(onsite_exact)} -> {_num(onsite)} days "
            "(rounded up to a half day)",
            CL_ONSITE,
            onsite,
        )
    )
    return AuditTimeResult(
        personnel=personnel,
        standards=tuple(results),
        table_days_total=_to_decimal(table_total).quantize(_ONE_DP),
        integration_percent=_to_decimal(integration),
        floor_days=floor_days,
        initial_days=initial,
        stage1_days=stage1,
        stage2_days=stage2,
        surveillance_days=surveillance,
        recertification_days=recertification,
        onsite_min_days=onsite,
        steps=tuple(steps),
        floor_days_exact=_to_decimal(floor_exact),
        policy=policy,
    )
