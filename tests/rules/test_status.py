"""Certificate status machine (ISO/IEC 17021-1:2015 9.6.5, 9.6.3)."""

from __future__ import annotations

import ast
import inspect
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from isocert.rules import status as status_module
from isocert.rules.errors import InvalidInput, TransitionNotAllowed
from isocert.rules.status import (
    STATUS_MEANING,
    TRANSITIONS,
    CertificateAct,
    CertificateStatus,
    allowed_acts,
    is_currently_valid,
    is_terminal,
    suspension_needs_action,
    transition,
)

S = CertificateStatus
A = CertificateAct
D = date.fromisoformat

# The whole allowed matrix; every other (status, act) pair must be refused.
ALLOWED: dict[tuple[CertificateStatus, CertificateAct], CertificateStatus] = {
    (S.DRAFT, A.ISSUE): S.ACTIVE,
    (S.ACTIVE, A.SUSPEND): S.SUSPENDED,
    (S.ACTIVE, A.WITHDRAW): S.WITHDRAWN,
    (S.ACTIVE, A.EXPIRE): S.EXPIRED,
    (S.ACTIVE, A.SUPERSEDE): S.SUPERSEDED,
    (S.SUSPENDED, A.RESTORE): S.ACTIVE,
    (S.SUSPENDED, A.WITHDRAW): S.WITHDRAWN,
    (S.SUSPENDED, A.SUPERSEDE): S.SUPERSEDED,
    (S.SUSPENDED, A.EXPIRE): S.EXPIRED,
    (S.EXPIRED, A.RESTORE_AFTER_EXPIRY): S.ACTIVE,
}

ALL_PAIRS = [(s, a) for s in CertificateStatus for a in CertificateAct]


def test_enum_values_are_stable() -> None:
    assert [s.value for s in CertificateStatus] == [
        "draft",
        "active",
        "suspended",
        "withdrawn",
        "expired",
        "superseded",
    ]
    assert [a.value for a in CertificateAct] == [
        "issue",
        "suspend",
        "restore",
        "withdraw",
        "expire",
        "supersede",
        "restore_after_expiry",
    ]


def test_transitions_table_is_exactly_the_allowed_matrix() -> None:
    assert dict(TRANSITIONS) == ALLOWED


@pytest.mark.parametrize(("status", "act"), ALL_PAIRS)
def test_full_transition_matrix(status: CertificateStatus, act: CertificateAct) -> None:
    if (status, act) in ALLOWED:
        assert transition(status, act) is ALLOWED[(status, act)]
    else:
        with pytest.raises(TransitionNotAllowed) as raised:
            transition(status, act)
        message = str(raised.value)
        assert "certificate cannot be " in message
        assert f"allowed from {status.value}: " in message
        assert raised.value.details == {
            "status": status.value,
            "act": act.value,
            "allowed": [a.value for a in allowed_acts(status)],
        }
        assert raised.value.code == "transition_not_allowed"


def test_refusal_messages() -> None:
    with pytest.raises(TransitionNotAllowed) as raised:
        transition(S.WITHDRAWN, A.RESTORE)
    assert str(raised.value) == (
        "a withdrawn certificate cannot be restored; allowed from withdrawn: none (terminal)"
    )
    with pytest.raises(TransitionNotAllowed) as raised:
        transition(S.EXPIRED, A.RESTORE)
    assert str(raised.value) == (
        "an expired certificate cannot be restored; allowed from expired: restore_after_expiry"
    )
    with pytest.raises(TransitionNotAllowed) as raised:
        transition(S.ACTIVE, A.ISSUE)
    assert str(raised.value) == (
        "an active certificate cannot be issued; "
        "allowed from active: suspend, withdraw, expire, supersede"
    )


def test_every_transition_is_listed_once_with_a_comment() -> None:
    source = inspect.getsource(status_module)
    tree = ast.parse(source)
    lines = source.splitlines()
    dicts = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Dict)
        and node.keys
        and all(isinstance(k, ast.Tuple) for k in node.keys if k is not None)
    ]
    assert len(dicts) == 1, "TRANSITIONS must be one dict literal keyed by (status, act)"
    keys = [ast.unparse(k) for k in dicts[0].keys if k is not None]
    assert len(keys) == len(set(keys)) == len(TRANSITIONS)
    for key in dicts[0].keys:
        assert key is not None
        previous = lines[key.lineno - 2].strip()
        assert previous.startswith("#"), f"no comment above {ast.unparse(key)}"


@pytest.mark.parametrize(
    ("status", "acts"),
    [
        (S.DRAFT, (A.ISSUE,)),
        (S.ACTIVE, (A.SUSPEND, A.WITHDRAW, A.EXPIRE, A.SUPERSEDE)),
        (S.SUSPENDED, (A.RESTORE, A.WITHDRAW, A.EXPIRE, A.SUPERSEDE)),
        (S.WITHDRAWN, ()),
        (S.EXPIRED, (A.RESTORE_AFTER_EXPIRY,)),
        (S.SUPERSEDED, ()),
    ],
)
def test_allowed_acts(status: CertificateStatus, acts: tuple[CertificateAct, ...]) -> None:
    assert allowed_acts(status) == acts


def test_terminal_and_valid() -> None:
    assert {s for s in CertificateStatus if is_terminal(s)} == {S.WITHDRAWN, S.SUPERSEDED}
    assert {s for s in CertificateStatus if is_currently_valid(s)} == {S.ACTIVE}
    assert not is_currently_valid(S.SUSPENDED)
    assert not is_terminal(S.EXPIRED)  # can still be restored within 6 months


def test_status_meaning_for_the_public() -> None:
    assert set(STATUS_MEANING) == set(CertificateStatus)
    for status, sentence in STATUS_MEANING.items():
        assert sentence.startswith(f"{status.value}: ")
        assert sentence.endswith(".")
    suspended = STATUS_MEANING[S.SUSPENDED]
    assert "temporarily invalid" in suspended
    assert "must not promote" in suspended
    assert "not valid" in STATUS_MEANING[S.EXPIRED]
    assert "valid" in STATUS_MEANING[S.ACTIVE]


def test_plain_strings_are_accepted() -> None:
    assert transition("active", "suspend") is S.SUSPENDED
    assert allowed_acts("expired") == (A.RESTORE_AFTER_EXPIRY,)
    assert is_terminal("withdrawn")
    assert is_currently_valid("active")


@pytest.mark.parametrize(("status", "act"), [("revoked", "issue"), ("active", "cancel")])
def test_unknown_status_or_act(status: str, act: str) -> None:
    with pytest.raises(InvalidInput, match="is not a certificate"):
        transition(status, act)


def test_scope_change_supersedes_old_revision_and_keeps_active() -> None:
    old = transition(S.ACTIVE, A.SUPERSEDE)
    new = transition(S.DRAFT, A.ISSUE)
    assert (old, new) == (S.SUPERSEDED, S.ACTIVE)
    assert is_terminal(old) and is_currently_valid(new)


def test_suspension_then_scope_reduction() -> None:
    suspended = transition(S.ACTIVE, A.SUSPEND)
    assert transition(suspended, A.SUPERSEDE) is S.SUPERSEDED
    assert transition(suspended, A.RESTORE) is S.ACTIVE


# --------------------------------------------------------------------------------------------------
# Suspension length
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("suspended_on", "today", "flag"),
    [
        ("2024-03-15", "2024-09-15", False),  # exactly 6 months
        ("2024-03-15", "2024-09-16", True),  # 6 months + 1 day
        ("2024-01-31", "2024-07-31", False),
        ("2024-01-31", "2024-08-01", True),
        ("2023-08-31", "2024-02-29", False),  # month end: 6 months = 29 February
        ("2023-08-31", "2024-03-01", True),
        ("2024-03-15", "2024-03-15", False),
    ],
)
def test_suspension_needs_action(suspended_on: str, today: str, flag: bool) -> None:
    assert suspension_needs_action(suspended_on=D(suspended_on), today=D(today)) is flag


def test_suspension_months_configurable() -> None:
    assert suspension_needs_action(suspended_on=D("2024-03-15"), today=D("2024-06-16"), months=3)
    assert not suspension_needs_action(
        suspended_on=D("2024-03-15"), today=D("2024-06-15"), months=3
    )


def test_suspension_in_future_is_refused() -> None:
    with pytest.raises(InvalidInput, match="before the suspension"):
        suspension_needs_action(suspended_on=D("2024-03-15"), today=D("2024-03-14"))
    with pytest.raises(InvalidInput, match="months"):
        suspension_needs_action(suspended_on=D("2024-03-15"), today=D("2024-03-16"), months=0)


# --------------------------------------------------------------------------------------------------
# Properties
# --------------------------------------------------------------------------------------------------


@given(st.sampled_from(list(CertificateStatus)), st.lists(st.sampled_from(list(CertificateAct))))
def test_any_act_sequence_property(start: CertificateStatus, acts: list[CertificateAct]) -> None:
    current = start
    for act in acts:
        allowed = act in allowed_acts(current)
        try:
            new = transition(current, act)
        except TransitionNotAllowed:
            assert not allowed
            continue
        assert allowed
        assert isinstance(new, CertificateStatus)
        assert new is not S.DRAFT  # nothing goes back to draft
        current = new
    if is_terminal(current):
        assert allowed_acts(current) == ()
        for act in CertificateAct:
            with pytest.raises(TransitionNotAllowed):
                transition(current, act)
