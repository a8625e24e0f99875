"""Certificate status and the acts that change it (ISO/IEC 17021-1:2015 9.6.5, 9.6.3, 8.2.2).

One certificate *revision* moves through these states. Changes of scope (reduction or extension),
renewal and edition upgrades issue a new revision: the old one is SUPERSEDED, the new one is ISSUED
(draft → active). So a scope change never suspends or withdraws anything by itself.

There is no "discard" act: a draft has never been issued or published, so dropping it is a deletion
of data, not a certification status that anyone can be told about (ISO/IEC 17021-1:2015 9.6.5 names
the statuses that must be stated on request: suspended, withdrawn, reduced).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from types import MappingProxyType

from .dates import add_months
from .errors import InvalidInput, TransitionNotAllowed

__all__ = [
    "STATUS_MEANING",
    "TRANSITIONS",
    "CertificateAct",
    "CertificateStatus",
    "allowed_acts",
    "is_currently_valid",
    "is_terminal",
    "suspension_needs_action",
    "transition",
]


class CertificateStatus(StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    EXPIRED = "expired"
    SUPERSEDED = "superseded"


class CertificateAct(StrEnum):
    ISSUE = "issue"
    SUSPEND = "suspend"
    RESTORE = "restore"
    WITHDRAW = "withdraw"
    EXPIRE = "expire"
    SUPERSEDE = "supersede"
    RESTORE_AFTER_EXPIRY = "restore_after_expiry"


_S = CertificateStatus
_A = CertificateAct

_Pair = tuple[CertificateStatus, CertificateAct]

TRANSITIONS: Mapping[_Pair, CertificateStatus] = MappingProxyType(
    {
        # Certification decision to grant (9.5; 9.6.1): the certificate takes effect on or after the
        # decision date (8.2.2 b).
        (_S.DRAFT, _A.ISSUE): _S.ACTIVE,
        # Suspension (9.6.5): persistent or serious failure of the management system, surveillance
        # or recertification audits not allowed at the required frequency, or the client's request.
        (_S.ACTIVE, _A.SUSPEND): _S.SUSPENDED,
        # Withdrawal directly from active (9.6.5; 9.6.1): e.g. at the client's request to end
        # certification, or a failure serious enough to withdraw at once.
        (_S.ACTIVE, _A.WITHDRAW): _S.WITHDRAWN,
        # Expiry date passed without a recertification decision (9.6.3.2.4, number unverified).
        (_S.ACTIVE, _A.EXPIRE): _S.EXPIRED,
        # A new revision replaces this one: scope reduced or extended, renewal, edition upgrade
        # (8.2.2 i: revised certificates distinguished from obsolete ones; 9.6.4 scope extension).
        (_S.ACTIVE, _A.SUPERSEDE): _S.SUPERSEDED,
        # Restoration once the issue that led to suspension is resolved (9.6.5).
        (_S.SUSPENDED, _A.RESTORE): _S.ACTIVE,
        # Issue not resolved in the time set by the certification body → withdrawal (9.6.5).
        (_S.SUSPENDED, _A.WITHDRAW): _S.WITHDRAWN,
        # Issue not resolved → reduction of scope to exclude the failing parts (9.6.5): the reduced
        # revision is issued as a new certificate and replaces this one.
        (_S.SUSPENDED, _A.SUPERSEDE): _S.SUPERSEDED,
        # The expiry date passes while suspended: the certificate expires (9.6.3.2.4, clause number
        # unverified); restoration then follows 9.6.3.2.5.
        (_S.SUSPENDED, _A.EXPIRE): _S.EXPIRED,
        # Restoration within 6 months of expiry once the outstanding recertification activities are
        # completed (9.6.3.2.5); the dates are checked by ``cycle.recertification_outcome``.
        (_S.EXPIRED, _A.RESTORE_AFTER_EXPIRY): _S.ACTIVE,
    }
)

STATUS_MEANING: Mapping[CertificateStatus, str] = MappingProxyType(
    {
        _S.DRAFT: "draft: prepared by the certification body but not issued; it certifies nothing.",
        _S.ACTIVE: "active: the certification is valid for the scope, sites and standard shown.",
        _S.SUSPENDED: (
            "suspended: the certification is temporarily invalid; the holder must not promote the "
            "certification until it is restored."
        ),
        _S.WITHDRAWN: (
            "withdrawn: the certification body has ended the certification; it is no longer valid "
            "and the holder must stop all reference to it."
        ),
        _S.EXPIRED: (
            "expired: the certificate reached its expiry date without recertification; it is not "
            "valid (the certification body may restore it within 6 months of expiry)."
        ),
        _S.SUPERSEDED: (
            "superseded: replaced by a newer revision of the certificate (for example after a "
            "change of scope or a renewal); look at the current revision."
        ),
    }
)

_TERMINAL = frozenset({_S.WITHDRAWN, _S.SUPERSEDED})

_ARTICLE = {
    _S.DRAFT: "a draft",
    _S.ACTIVE: "an active",
    _S.SUSPENDED: "a suspended",
    _S.WITHDRAWN: "a withdrawn",
    _S.EXPIRED: "an expired",
    _S.SUPERSEDED: "a superseded",
}
_PARTICIPLE = {
    _A.ISSUE: "issued",
    _A.SUSPEND: "suspended",
    _A.RESTORE: "restored",
    _A.WITHDRAW: "withdrawn",
    _A.EXPIRE: "expired",
    _A.SUPERSEDE: "superseded",
    _A.RESTORE_AFTER_EXPIRY: "restored after expiry",
}


def _status(value: CertificateStatus | str) -> CertificateStatus:
    try:
        return CertificateStatus(value)
    except ValueError:
        allowed = ", ".join(s.value for s in CertificateStatus)
        raise InvalidInput(
            f"{value!r} is not a certificate status; statuses: {allowed}", details={"status": value}
        ) from None


def _act(value: CertificateAct | str) -> CertificateAct:
    try:
        return CertificateAct(value)
    except ValueError:
        allowed = ", ".join(a.value for a in CertificateAct)
        raise InvalidInput(
            f"{value!r} is not a certificate act; acts: {allowed}", details={"act": value}
        ) from None


def allowed_acts(status: CertificateStatus | str) -> tuple[CertificateAct, ...]:
    """The acts allowed from ``status`` in declaration order (ISO/IEC 17021-1:2015 9.6.5; 9.6.3)."""
    current = _status(status)
    return tuple(act for act in CertificateAct if (current, act) in TRANSITIONS)


def transition(status: CertificateStatus | str, act: CertificateAct | str) -> CertificateStatus:
    """The status after ``act``; TransitionNotAllowed when ``TRANSITIONS`` does not list the pair.

    ISO/IEC 17021-1:2015 9.6.5 (suspension, withdrawal, scope reduction), 9.6.3.2.5 (restoration
    after expiry), 8.2.2 i) (revised certificates). Plain strings ("active", "suspend") are
    accepted.
    """
    current = _status(status)
    action = _act(act)
    new = TRANSITIONS.get((current, action))
    if new is not None:
        return new
    allowed = allowed_acts(current)
    allowed_text = ", ".join(a.value for a in allowed) if allowed else "none (terminal)"
    raise TransitionNotAllowed(
        f"{_ARTICLE[current]} certificate cannot be {_PARTICIPLE[action]}; "
        f"allowed from {current.value}: {allowed_text}",
        details={
            "status": current.value,
            "act": action.value,
            "allowed": [a.value for a in allowed],
        },
    )


def is_terminal(status: CertificateStatus | str) -> bool:
    """Withdrawn and superseded revisions never change (ISO/IEC 17021-1:2015 9.6.5; 8.2.2 i)."""
    return _status(status) in _TERMINAL


def is_currently_valid(status: CertificateStatus | str) -> bool:
    """Only an active certificate is valid; a suspended one is temporarily invalid (ISO/IEC
    17021-1:2015 9.6.5). The caller still has to check the expiry date."""
    return _status(status) is CertificateStatus.ACTIVE


def suspension_needs_action(*, suspended_on: date, today: date, months: int = 6) -> bool:
    """True when a suspension has lasted more than ``months``: flag it for withdrawal or reduction
    of scope.

    ISO/IEC 17021-1:2015 9.6.5 (sub-clause number unverified), a NOTE — guidance, not a hard cap:
    "in most cases, the suspension would not exceed 6 months". Exactly 6 months is still within it;
    the day after is not (2024-01-31 → flag from 2024-08-01).
    """
    for name, value in (("suspended_on", suspended_on), ("today", today)):
        if not isinstance(value, date) or isinstance(value, datetime):
            raise InvalidInput(f"{name} must be a calendar date (datetime.date), not {value!r}")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise InvalidInput(f"months must be a whole number ≥ 1, not {months!r}")
    if today < suspended_on:
        raise InvalidInput(
            f"today {today.isoformat()} is before the suspension of {suspended_on.isoformat()}; "
            "the suspension date must not be in the future"
        )
    return today > add_months(suspended_on, months)
