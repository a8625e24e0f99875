"""Errors raised by the rules engine.

Every error carries a stable machine-readable ``code``, a human ``message`` that says what is wrong and
what is allowed, and optional ``details``. The API, the CLI and the pages show these as they are.
"""

from __future__ import annotations

from typing import Any


class RuleError(ValueError):
    """Base class: an input the rules refuse."""

    code = "rule_error"

    def __init__(self, message: str, *, code: str | None = None, details: Any = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code
        self.details = details

    def __str__(self) -> str:
        return self.message


class InvalidInput(RuleError):
    """A value is out of range or malformed (negative personnel, a date in the wrong order …)."""

    code = "invalid_input"


class UnknownStandard(RuleError):
    """The standard is not in the catalogue at all."""

    code = "unknown_standard"


class NotCertifiable(RuleError):
    """The standard exists but accredited certification to it is not possible (guidance standards)."""

    code = "not_certifiable"


class EditionNotValid(RuleError):
    """The edition asked for is withdrawn (past its transition) or not yet published at that date."""

    code = "edition_not_valid"


class NoAuditTimeRule(RuleError):
    """The standard is certifiable but audit time follows a scheme document not encoded here."""

    code = "no_audit_time_rule"


class TransitionNotAllowed(RuleError):
    """A certificate status change that the state machine does not allow."""

    code = "transition_not_allowed"
