"""Helpers the back-office pages share: run a service from a bound form, showing refusals on it."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms

from isocert.rules.errors import RuleError

T = TypeVar("T")


def form_apply(form: forms.Form, act: Callable[[dict[str, Any]], T]) -> T | None:
    """Call ``act(cleaned_data)``; a refusal becomes an error on the field it names, or on the form."""
    try:
        return act(form.cleaned_data)
    except RuleError as exc:
        field = exc.details.get("field") if isinstance(exc.details, dict) else None
        form.add_error(field if field in form.fields else None, exc.message)
        return None
