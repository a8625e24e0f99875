"""IAF MD 1 multi-site sampling: sample sizes (exact square roots) and site selection."""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from isocert.rules.errors import InvalidInput
from isocert.rules.sampling import SampleSize, SiteRef, sample_select, sample_size

D = Decimal


# ------------------------------------------------------------------------------------------------
# sample size


@pytest.mark.parametrize(
    ("sites", "initial", "surveillance", "recertification"),
    [
        (26, 6, 4, 5),  # EA example
        (2, 2, 1, 2),  # EA example: recertification = all sites
        (3, 2, 2, 2),
        (4, 2, 2, 2),  # sqrt 2: 1.2 -> 2, 1.6 -> 2
        (9, 3, 2, 3),
        (10, 4, 2, 3),
        (25, 5, 3, 4),  # perfect square: 0.6 x 5 = 3 exactly, not 4
        (100, 10, 6, 8),
        (101, 11, 7, 9),
        (10_000, 100, 60, 80),
    ],
)
def test_sample_sizes(sites: int, initial: int, surveillance: int, recertification: int) -> None:
    result = sample_size(sites)
    assert result.sampling is True
    assert (result.initial, result.surveillance, result.recertification) == (
        initial,
        surveillance,
        recertification,
    )
    assert result.central_function_always is True


@pytest.mark.parametrize("root", range(2, 401))
def test_perfect_squares_are_exact(root: int) -> None:
    result = sample_size(root * root)
    assert result.initial == root
    assert result.surveillance == -(-3 * root // 5)  # ceil(0.6 k) in integers
    assert result.recertification == -(-4 * root // 5)


@pytest.mark.parametrize("root", [5, 10, 15, 20, 25, 35, 50, 65, 85, 100, 125])
def test_squares_times_25_hit_whole_numbers_exactly(root: int) -> None:
    # 0.6 x sqrt(x) and 0.8 x sqrt(x) are whole here; float arithmetic would round some up
    result = sample_size(root * root)
    assert result.surveillance == 3 * root // 5
    assert result.recertification == 4 * root // 5


@pytest.mark.parametrize("root", [10**8, 3 * 10**8 + 7, 10**12])
def test_huge_counts_exact_where_float_sqrt_is_not(root: int) -> None:
    # sqrt(k*k + 1) is just above k, but math.sqrt rounds it to k for k this large
    result = sample_size(root * root + 1)
    assert result.initial == root + 1
    assert result.surveillance == 3 * root // 5 + 1
    assert result.recertification == 4 * root // 5 + 1
    exact_square = sample_size(root * root)
    assert exact_square.initial == root


def test_one_site_is_not_eligible_for_sampling() -> None:
    result = sample_size(1)
    assert result.sampling is False
    assert (result.initial, result.surveillance, result.recertification) == (1, 1, 1)
    assert any("6.1" in s.clause for s in result.steps)


def test_zero_sites_is_a_single_site_organisation() -> None:
    with pytest.raises(InvalidInput, match="single-site") as caught:
        sample_size(0)
    assert "at least 1" in caught.value.message


@pytest.mark.parametrize("sites", [-1, -26, True, 2.0, "26", None])
def test_invalid_sites_refused(sites: object) -> None:
    with pytest.raises(InvalidInput, match="whole number of at least 1"):
        sample_size(sites)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("sites", "surveillance"), [(10, 3), (7, 3), (2, 1), (3, 1), (4, 2), (20, 6), (21, 7)]
)
def test_no_sampling_variant(sites: int, surveillance: int) -> None:
    result = sample_size(sites, sampling=False)
    assert result.sampling is False
    assert result.initial == sites
    assert result.recertification == sites
    assert result.surveillance == surveillance  # ceil(0.3 x)
    assert any("6.2" in s.clause for s in result.steps)


def test_risk_increase() -> None:
    result = sample_size(26, risk_increase_percent=D(20))
    # sqrt(26) x 1.2 = 6.12 -> 7; 0.6 x 6.12 = 3.67 -> 4; 0.8 x 6.12 = 4.9 -> 5
    assert (result.initial, result.surveillance, result.recertification) == (7, 4, 5)
    assert result.risk_increase_percent == D(20)
    doubled = sample_size(26, risk_increase_percent=100)
    assert (doubled.initial, doubled.surveillance, doubled.recertification) == (11, 7, 9)
    assert any("[R]" in s.clause for s in result.steps)


def test_risk_increase_exact_at_whole_numbers() -> None:
    # 25 sites, +20 %: 5 x 1.2 = 6 exactly; 3 x 1.2 = 3.6 -> 4; 4 x 1.2 = 4.8 -> 5
    result = sample_size(25, risk_increase_percent=D("20"))
    assert (result.initial, result.surveillance, result.recertification) == (6, 4, 5)


@pytest.mark.parametrize(
    ("sites", "risk", "recertification"),
    [
        (9, 25, 3),
        (25, 50, 6),
        (25, 75, 7),
        (36, 25, 6),
        (100, 50, 12),
        (144, 25, 12),
        (225, 75, 21),
    ],
)
def test_risk_increase_whole_products_not_rounded_up(
    sites: int, risk: int, recertification: int
) -> None:
    # 0.8 x sqrt(x) x (1 + r/100) is a whole number here; float arithmetic gets some of them wrong
    assert sample_size(sites, risk_increase_percent=risk).recertification == recertification


def test_risk_increase_never_above_all_sites() -> None:
    result = sample_size(2, risk_increase_percent=D(100))
    assert (result.initial, result.surveillance, result.recertification) == (2, 2, 2)
    assert sample_size(10, sampling=False, risk_increase_percent=D(50)).surveillance == 5
    assert sample_size(10, sampling=False, risk_increase_percent=D(500)).surveillance == 10


@pytest.mark.parametrize("risk", [D(-10), -1, D("NaN"), 12.5, True])
def test_invalid_risk_refused(risk: object) -> None:
    with pytest.raises(InvalidInput, match="risk_increase_percent"):
        sample_size(26, risk_increase_percent=risk)  # type: ignore[arg-type]


def test_sample_size_as_dict() -> None:
    data = sample_size(26, risk_increase_percent=D("12.5")).as_dict()
    json.dumps(data)
    assert list(data) == [
        "sites",
        "sampling",
        "risk_increase_percent",
        "initial",
        "surveillance",
        "recertification",
        "central_function_always",
        "steps",
    ]
    assert data["risk_increase_percent"] == 12.5
    assert data["steps"][0]["clause"] == "IAF MD 1:2018 §6.1.3.3"


def _check_exact(result: SampleSize, factor_num: int, factor_den: int) -> None:
    """y is the smallest whole number with y >= (num/den) x sqrt(x), unless capped at x."""
    x = result.sites
    for y, (num, den) in (
        (result.initial, (factor_num, factor_den)),
        (result.surveillance, (3 * factor_num, 5 * factor_den)),
        (result.recertification, (4 * factor_num, 5 * factor_den)),
    ):
        if y == x:  # capped: the formula gives at least all sites
            assert (x - 1) * (x - 1) * den * den < num * num * x
            continue
        assert y * y * den * den >= num * num * x
        assert (y - 1) * (y - 1) * den * den < num * num * x


@settings(max_examples=300, deadline=None)
@given(st.integers(min_value=2, max_value=10**9), st.integers(min_value=0, max_value=300))
def test_sample_size_properties(sites: int, risk: int) -> None:
    result = sample_size(sites, risk_increase_percent=risk)
    assert 1 <= result.surveillance <= result.recertification <= result.initial <= sites
    _check_exact(result, 100 + risk, 100)
    bigger = sample_size(sites + 1, risk_increase_percent=risk)
    assert bigger.initial >= result.initial
    assert bigger.surveillance >= result.surveillance
    assert bigger.recertification >= result.recertification
    riskier = sample_size(sites, risk_increase_percent=risk + 10)
    assert riskier.initial >= result.initial
    assert riskier.surveillance >= result.surveillance


def test_sample_size_monotonic_exhaustive() -> None:
    previous = sample_size(1)
    for sites in range(2, 3000):
        result = sample_size(sites)
        assert result.initial >= previous.initial
        assert result.surveillance >= previous.surveillance
        assert result.recertification >= previous.recertification
        assert result.initial == math.isqrt(sites - 1) + 1
        previous = result


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1, max_value=10**6))
def test_no_sampling_properties(sites: int) -> None:
    result = sample_size(sites, sampling=False)
    assert result.initial == result.recertification == sites
    assert result.surveillance == -(-3 * sites // 10)
    assert 1 <= result.surveillance <= sites


# ------------------------------------------------------------------------------------------------
# selection


def _sites(n: int, visited: set[int] | None = None) -> list[SiteRef]:
    visited = visited or set()
    return [SiteRef(f"S{i:02d}", visited_in_cycle=i in visited) for i in range(n)]


def test_selection_basic() -> None:
    sites = _sites(26, visited={0, 1, 2, 3, 4, 5})
    result = sample_select(sites, 6, seed=42)
    assert len(result.random) == 2  # ceil(25 % of 6)
    assert len(result.chosen) == 4
    assert len(set(result.sites)) == 6
    assert set(result.sites) <= {s.id for s in sites}
    assert not set(result.chosen) & {f"S{i:02d}" for i in range(6)}  # unvisited sites first
    assert result.seed == 42
    assert result.sites == result.random + result.chosen


def test_same_seed_same_selection() -> None:
    sites = _sites(40, visited={3, 7})
    first = sample_select(sites, 9, seed="audit-2026-client-17")
    again = sample_select(sites, 9, seed="audit-2026-client-17")
    assert first == again
    others = {sample_select(sites, 9, seed=s).random for s in range(20)}
    assert len(others) > 1  # the seed matters


def test_random_part_does_not_depend_on_input_order() -> None:
    sites = _sites(30)
    forward = sample_select(sites, 8, seed=7)
    backward = sample_select(list(reversed(sites)), 8, seed=7)
    assert set(forward.random) == set(backward.random)


def test_seed_none_is_recorded_and_replays() -> None:
    sites = _sites(30)
    result = sample_select(sites, 5)
    assert isinstance(result.seed, int)
    assert sample_select(sites, 5, seed=result.seed) == result


def test_chosen_part_prefers_unvisited_then_input_order() -> None:
    sites = [
        SiteRef("A", visited_in_cycle=True),
        SiteRef("B"),
        SiteRef("C", visited_in_cycle=True),
        SiteRef("D"),
    ]
    result = sample_select(sites, 4, seed=1)
    assert len(result.random) == 1
    rest = [s for s in ["B", "D", "A", "C"] if s not in result.random]
    assert list(result.chosen) == rest


def test_size_zero_is_empty() -> None:
    result = sample_select(_sites(5), 0, seed=1)
    assert result.sites == ()
    assert result.random == () and result.chosen == ()


def test_whole_population() -> None:
    sites = _sites(7, visited={1})
    result = sample_select(sites, 7, seed=3)
    assert sorted(result.sites) == sorted(s.id for s in sites)
    assert len(result.random) == 2


def test_random_share_can_be_larger() -> None:
    result = sample_select(_sites(20), 8, seed=5, random_share=D("0.5"))
    assert len(result.random) == 4
    assert len(sample_select(_sites(20), 8, seed=5, random_share=D(1)).chosen) == 0


@pytest.mark.parametrize(
    ("sites", "size", "kwargs", "fragment"),
    [
        (_sites(3), 4, {}, "from 0 to the number of sites (3)"),
        (_sites(3), -1, {}, "from 0 to the number of sites"),
        (_sites(3), True, {}, "whole number"),
        ([SiteRef("A"), SiteRef("B"), SiteRef("A")], 1, {}, "listed twice"),
        ([SiteRef(" ")], 1, {}, "non-blank"),
        (_sites(5), 2, {"random_share": D("0.2")}, "at least 25 %"),
        (_sites(5), 2, {"random_share": D("1.5")}, "0.25"),
        (_sites(5), 2, {"random_share": 0.25}, "Decimal"),
        (_sites(5), 2, {"seed": 1.5}, "seed"),
    ],
)
def test_selection_errors(
    sites: list[SiteRef], size: int, kwargs: dict[str, object], fragment: str
) -> None:
    with pytest.raises(InvalidInput) as caught:
        sample_select(sites, size, **kwargs)  # type: ignore[arg-type]
    assert fragment in caught.value.message


def test_selection_as_dict() -> None:
    data = sample_select(_sites(10), 3, seed="x").as_dict()
    json.dumps(data)
    assert set(data) == {"random", "chosen", "sites", "seed", "steps"}
    assert data["seed"] == "x"
    assert data["sites"] == data["random"] + data["chosen"]
    assert "25 %" in data["steps"][0]["clause"]


@st.composite
def _selection_inputs(draw: st.DrawFn) -> tuple[list[SiteRef], int, int]:
    ids = draw(
        st.lists(st.text(min_size=1, max_size=6).filter(str.strip), unique=True, max_size=40)
    )
    sites = [SiteRef(i, visited_in_cycle=draw(st.booleans())) for i in ids]
    size = draw(st.integers(min_value=0, max_value=len(sites)))
    seed = draw(st.integers(min_value=0, max_value=2**64))
    return sites, size, seed


@settings(max_examples=200, deadline=None)
@given(_selection_inputs())
def test_selection_properties(inputs: tuple[list[SiteRef], int, int]) -> None:
    sites, size, seed = inputs
    result = sample_select(sites, size, seed=seed)
    ids = [s.id for s in sites]
    assert len(result.sites) == size
    assert len(set(result.sites)) == size
    assert set(result.sites) <= set(ids)
    assert len(result.random) >= math.ceil(size / 4)
    assert result == sample_select(sites, size, seed=seed)
    visited = {s.id for s in sites if s.visited_in_cycle}
    left_unvisited = [i for i in ids if i not in visited and i not in result.sites]
    if left_unvisited:
        assert all(i not in visited for i in result.chosen)
    # the chosen part keeps the input order within each group
    order = {i: n for n, i in enumerate(ids)}
    unvisited_chosen = [i for i in result.chosen if i not in visited]
    visited_chosen = [i for i in result.chosen if i in visited]
    assert list(result.chosen) == unvisited_chosen + visited_chosen
    assert unvisited_chosen == sorted(unvisited_chosen, key=order.__getitem__)
    assert visited_chosen == sorted(visited_chosen, key=order.__getitem__)
