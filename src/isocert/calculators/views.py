"""Calculator pages: GET forms (results can be bookmarked and shared), thin over the selectors."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from ninja import Schema
from pydantic import ValidationError

from isocert.calculators import selectors
from isocert.calculators.forms import AuditTimeForm, CycleForm, SampleForm
from isocert.calculators.schemas import AuditTimeIn, CycleIn, SampleIn
from isocert.core.errors import validation_messages
from isocert.rules.errors import RuleError

# Every calculator form carries a hidden ``go=1``: its presence means "the form was submitted".
TRIGGER = "go"


def _calculate(
    request: HttpRequest,
    form_class: type[forms.Form],
    schema: type[Schema],
    compute: Callable[[Any], dict[str, Any]],
    trigger: str,
) -> tuple[forms.Form, dict[str, Any] | None]:
    """Bind the form when the page was submitted, validate, compute; errors go onto the form."""
    if trigger not in request.GET:
        return form_class(), None
    form = form_class(request.GET)
    if not form.is_valid():
        return form, None
    try:
        payload = schema.model_validate(form.to_payload())  # type: ignore[attr-defined]
        return form, compute(payload)
    except ValidationError as exc:
        for problem in validation_messages(exc):
            form.add_error(None, problem["message"].removeprefix("Value error, "))
    except RuleError as exc:
        form.add_error(None, exc.message)
    return form, None


def index(request: HttpRequest) -> HttpResponse:
    return render(request, "calculators/index.html")


def audit_time(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form, result = _calculate(
        request,
        AuditTimeForm,
        AuditTimeIn,
        lambda payload: selectors.audit_time_compute(payload, today=today),
        TRIGGER,
    )
    return render(request, "calculators/audit_time.html", {"form": form, "result": result})


def sample(request: HttpRequest) -> HttpResponse:
    form, result = _calculate(request, SampleForm, SampleIn, selectors.sample_compute, TRIGGER)
    return render(request, "calculators/sample.html", {"form": form, "result": result})


def cycle(request: HttpRequest) -> HttpResponse:
    form, result = _calculate(request, CycleForm, CycleIn, selectors.cycle_compute, TRIGGER)
    return render(request, "calculators/cycle.html", {"form": form, "result": result})


def standards(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    at_raw = request.GET.get("at", "")
    at = today
    error = ""
    if at_raw:
        field = forms.DateField()
        try:
            at = field.clean(at_raw)
        except forms.ValidationError:
            error = f"“{at_raw}” is not a date; write it as YYYY-MM-DD."
    data = selectors.standards_compute(at=at)
    return render(request, "calculators/standards.html", {"data": data, "at": at, "error": error})
