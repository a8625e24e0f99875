"""Multi-site certification based on sampling (IAF MD 1:2018 Issue 2).

* Sample size (§6.1.3.3) [V]: with x sites besides the central function, initial ``ceil(sqrt(x))``,
  each surveillance ``ceil(0.6 sqrt(x))``, recertification ``ceil(0.8 sqrt(x))``. The central
  function is audited at every audit. Computed exactly with integers: the smallest y with
  ``y * y >= k * k * x`` - no floating-point square roots (x = 25 gives 5 / 3 / 4, not 5 / 4 / 4).
* Eligibility (§6.1) [V]: sampling needs more than one site besides the central function.
* Sampling not appropriate (§6.2, also IAF MD 19) [V]: initial and recertification audits cover all
  sites, each surveillance ``ceil(0.3 x)`` sites per year.
* Risk-based increase (§6.1.3, list of factors not retrieved) [R]: a percentage from the CB's risk
  analysis multiplies the size before rounding up; it never reduces the sample.
* Selection (§6.1.3) [V]: at least 25 % of the sample at random, the rest chosen by the CB to vary
  the sites over the cycle; here: not yet visited sites first.
"""

from __future__ import annotations

import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

from .errors import InvalidInput
from .explain import Step

__all__ = [
    "SampleSelection",
    "SampleSize",
    "SiteRef",
    "sample_select",
    "sample_size",
]

MD1 = "IAF MD 1:2018"
CL_ELIGIBLE = f"{MD1} §6.1 (sampling needs more than one site besides the central function)"
CL_SIZE = f"{MD1} §6.1.3.3"
CL_RISK = f"{MD1} §6.1.3 (risk-based increase of the sample) [R]"
CL_NO_SAMPLING = f"{MD1} §6.2 / IAF MD 19:2016 (all sites; surveillance 30 % of sites per year)"
CL_CENTRAL = f"{MD1} §6.1.3 (central function audited at every audit)"
CL_RANDOM = f"{MD1} §6.1.3 (at least 25 % of the sample selected at random)"
CL_CHOSEN = f"{MD1} §6.1.3 (rest selected to vary the sites over the certification cycle)"

_INITIAL = Fraction(1)
_SURVEILLANCE = Fraction(3, 5)
_RECERTIFICATION = Fraction(4, 5)
_NO_SAMPLING_SURVEILLANCE = Fraction(3, 10)
_MIN_RANDOM_SHARE = Fraction(1, 4)


def _ceil_sqrt(n: int) -> int:
    """Smallest y >= 0 with y * y >= n."""
    return 0 if n <= 0 else math.isqrt(n - 1) + 1


def _ceil_times_sqrt(factor: Fraction, x: int) -> int:
    """Smallest whole y with y >= factor * sqrt(x), exactly (factor >= 0, x >= 0).

    y >= f sqrt(x)  <=>  y * y >= f * f * x  <=>  y * y >= ceil(f * f * x) since y * y is whole.
    """
    return _ceil_sqrt(math.ceil(factor * factor * x))


def _sites(n: int) -> str:
    return f"{n} site" if n == 1 else f"{n} sites"


def _pct(value: Fraction) -> str:
    dec = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(dec.normalize(), "f")
    return text


def _risk(value: object) -> Fraction:
    if isinstance(value, bool) or not isinstance(value, Decimal | int):
        raise InvalidInput(
            "risk_increase_percent must be a Decimal or int of 0 or more (percent units, e.g. "
            f"Decimal('20') for 20 % more sites), got {value!r}",
            details={"field": "risk_increase_percent", "value": repr(value)},
        )
    if isinstance(value, Decimal) and not value.is_finite():
        raise InvalidInput(
            f"risk_increase_percent must be a finite number of 0 or more, got {value}",
            details={"field": "risk_increase_percent", "value": str(value)},
        )
    if value < 0:
        raise InvalidInput(
            f"risk_increase_percent must be 0 or more: the CB's risk analysis can only increase "
            f"the sample (IAF MD 1), got {value}",
            details={"field": "risk_increase_percent", "value": str(value)},
        )
    return Fraction(value)


@dataclass(frozen=True)
class SampleSize:
    """Numbers of sites to visit besides the central function (which is visited every time)."""

    sites: int
    sampling: bool
    risk_increase_percent: Decimal
    initial: int
    surveillance: int
    recertification: int
    central_function_always: bool = True
    steps: tuple[Step, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {
            "sites": self.sites,
            "sampling": self.sampling,
            "risk_increase_percent": float(self.risk_increase_percent),
            "initial": self.initial,
            "surveillance": self.surveillance,
            "recertification": self.recertification,
            "central_function_always": self.central_function_always,
            "steps": [s.as_dict() for s in self.steps],
        }


def sample_size(
    sites: int, *, risk_increase_percent: Decimal | int = 0, sampling: bool = True
) -> SampleSize:
    """Sample size for a multi-site organisation - IAF MD 1:2018 §6.1.3.3 (§6.1, §6.2).

    ``sites`` (x) counts the sites besides the central function. With sampling (x >= 2): initial
    ``ceil(sqrt(x))``, surveillance ``ceil(0.6 sqrt(x))``, recertification ``ceil(0.8 sqrt(x))``,
    each multiplied by ``1 + risk_increase_percent / 100`` before rounding up [R], never above x.
    x = 26 -> 6 / 4 / 5; x = 2 -> 2 / 1 / 2.

    x = 1 is not eligible for sampling (§6.1 needs more than one site) and, like ``sampling=False``
    (§6.2 / IAF MD 19), gives: initial = recertification = x (all sites), surveillance
    ``ceil(0.3 x)`` per year (times the risk factor, never above x); ``sampling`` is then False.
    x = 0 (a single-site organisation) and negative x are refused.
    """
    if isinstance(sites, bool) or not isinstance(sites, int) or sites < 0:
        raise InvalidInput(
            "sites must be a whole number of at least 1 (sites besides the central function), "
            f"got {sites!r}",
            details={"field": "sites", "value": repr(sites), "minimum": 1},
        )
    if sites == 0:
        raise InvalidInput(
            "sites is 0: with no site besides the central function this is a single-site "
            "organisation, not a multi-site one; give at least 1 site",
            details={"field": "sites", "value": 0, "minimum": 1},
        )
    if not isinstance(sampling, bool):
        raise InvalidInput(
            f"sampling must be True or False, got {sampling!r}", details={"field": "sampling"}
        )
    risk = _risk(risk_increase_percent)
    factor = 1 + risk / 100
    x = sites
    steps: list[Step] = []
    if sampling and x >= 2:
        applied = True
        initial = min(x, _ceil_times_sqrt(_INITIAL * factor, x))
        surveillance = min(x, _ceil_times_sqrt(_SURVEILLANCE * factor, x))
        recertification = min(x, _ceil_times_sqrt(_RECERTIFICATION * factor, x))
        times = f" x {_pct(factor)}" if risk else ""
        steps.append(Step(f"Initial: ceil(sqrt({x}){times}) = {_sites(initial)}", CL_SIZE, initial))
        steps.append(
            Step(
                f"Surveillance (each): ceil(0.6 x sqrt({x}){times}) = {_sites(surveillance)}",
                CL_SIZE,
                surveillance,
            )
        )
        steps.append(
            Step(
                f"Recertification: ceil(0.8 x sqrt({x}){times}) = {_sites(recertification)}",
                CL_SIZE,
                recertification,
            )
        )
    else:
        applied = False
        if x == 1:
            steps.append(
                Step(
                    "1 site besides the central function: not eligible for sampling, every site "
                    "is audited",
                    CL_ELIGIBLE,
                    x,
                )
            )
        else:
            steps.append(
                Step(
                    f"Sampling not appropriate: all {_sites(x)} at initial and recertification "
                    "audits",
                    CL_NO_SAMPLING,
                    x,
                )
            )
        initial = recertification = x
        surveillance = min(x, math.ceil(_NO_SAMPLING_SURVEILLANCE * x * factor))
        times = f" x {_pct(factor)}" if risk else ""
        steps.append(
            Step(
                f"Surveillance (each year): ceil(30 % x {x}{times}) = {_sites(surveillance)}",
                CL_NO_SAMPLING,
                surveillance,
            )
        )
    if risk:
        steps.append(
            Step(
                f"Risk analysis: sizes increased by {_pct(risk)} % before rounding up, at most all "
                f"{x} sites",
                CL_RISK,
                Decimal(risk.numerator) / Decimal(risk.denominator),
            )
        )
    steps.append(Step("The central function is audited at every audit as well", CL_CENTRAL, None))
    return SampleSize(
        sites=x,
        sampling=applied,
        risk_increase_percent=Decimal(risk_increase_percent),
        initial=initial,
        surveillance=surveillance,
        recertification=recertification,
        central_function_always=True,
        steps=tuple(steps),
    )


@dataclass(frozen=True)
class SiteRef:
    """A site that may be sampled; ``visited_in_cycle``: already audited in this cycle."""

    id: str
    visited_in_cycle: bool = False


@dataclass(frozen=True)
class SampleSelection:
    """Sites to visit: ``random`` (drawn) and ``chosen`` (by rule); ``seed`` replays the draw."""

    random: tuple[str, ...]
    chosen: tuple[str, ...]
    seed: int | str | None
    steps: tuple[Step, ...]

    @property
    def sites(self) -> tuple[str, ...]:
        return self.random + self.chosen

    def as_dict(self) -> dict[str, Any]:
        return {
            "random": list(self.random),
            "chosen": list(self.chosen),
            "sites": list(self.sites),
            "seed": self.seed,
            "steps": [s.as_dict() for s in self.steps],
        }


def sample_select(
    sites: Sequence[SiteRef],
    size: int,
    *,
    seed: int | str | None = None,
    random_share: Decimal = Decimal("0.25"),
) -> SampleSelection:
    """Select ``size`` sites to visit - IAF MD 1:2018 §6.1.3 (at least 25 % at random).

    * ``ceil(size x random_share)`` sites (``random_share`` at least 0.25, at most 1) are drawn at
      random from all sites with ``random.Random(seed)``. The draw works on the site ids in sorted
      order, so the same seed and the same set of sites give the same draw whatever the input order
      (for a given Python version). With ``seed=None`` a seed is generated and recorded in the
      result, so every draw can be reproduced.
    * The rest is chosen deterministically from the sites not drawn: sites not yet visited in the
      certification cycle first, then the others, each in the input order (put the sites you want
      most - e.g. the most different - first).
    * No site twice; ``size`` from 0 to the number of sites; site ids must be unique and non-blank.
    """
    if isinstance(sites, str | bytes) or not isinstance(sites, Sequence):
        raise InvalidInput("sites must be a list of SiteRef", details={"field": "sites"})
    ids: list[str] = []
    seen: set[str] = set()
    for index, site in enumerate(sites, start=1):
        if not isinstance(site, SiteRef):
            raise InvalidInput(
                f"site {index} must be a SiteRef, got {type(site).__name__}",
                details={"index": index},
            )
        if not isinstance(site.id, str) or not site.id.strip():
            raise InvalidInput(
                f"site {index}: id must be a non-blank text, got {site.id!r}",
                details={"index": index, "field": "id"},
            )
        if site.id in seen:
            raise InvalidInput(
                f"site id {site.id!r} is listed twice; every site must appear once",
                details={"id": site.id},
            )
        seen.add(site.id)
        ids.append(site.id)
    if isinstance(size, bool) or not isinstance(size, int) or not 0 <= size <= len(ids):
        raise InvalidInput(
            f"size must be a whole number from 0 to the number of sites ({len(ids)}), got {size!r}",
            details={"field": "size", "value": repr(size), "maximum": len(ids)},
        )
    if isinstance(random_share, bool) or not isinstance(random_share, Decimal | int | Fraction):
        raise InvalidInput(
            f"random_share must be a Decimal from 0.25 to 1, got {random_share!r}",
            details={"field": "random_share"},
        )
    if isinstance(random_share, Decimal) and not random_share.is_finite():
        raise InvalidInput(
            f"random_share must be a Decimal from 0.25 to 1, got {random_share}",
            details={"field": "random_share"},
        )
    share = Fraction(random_share)
    if not _MIN_RANDOM_SHARE <= share <= 1:
        raise InvalidInput(
            "random_share must be from 0.25 (IAF MD 1: at least 25 % of the sample at random) to "
            f"1, got {random_share}",
            details={"field": "random_share"},
        )
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int | str)):
        raise InvalidInput(
            f"seed must be a whole number, a text or None, got {seed!r}",
            details={"field": "seed"},
        )
    if seed is None:
        seed = random.SystemRandom().randrange(2**63)

    n_random = math.ceil(size * share)
    rng = random.Random(seed)
    drawn = set(rng.sample(sorted(ids), n_random))
    random_part = tuple(i for i in ids if i in drawn)
    visited = {s.id for s in sites if s.visited_in_cycle}
    rest = [i for i in ids if i not in drawn]
    ordered = [i for i in rest if i not in visited] + [i for i in rest if i in visited]
    chosen = tuple(ordered[: size - n_random])

    steps = [
        Step(
            f"Random part: ceil({_pct(share * 100)} % x {size}) = {n_random} of {_sites(len(ids))} "
            f"drawn with seed {seed!r}",
            CL_RANDOM,
            n_random,
        ),
        Step(
            f"Chosen part: {_sites(len(chosen))}, those not yet visited in the cycle first "
            f"({sum(1 for i in chosen if i not in visited)} not yet visited)",
            CL_CHOSEN,
            len(chosen),
        ),
    ]
    return SampleSelection(random=random_part, chosen=chosen, seed=seed, steps=tuple(steps))
