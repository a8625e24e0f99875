"""HTML forms of the calculator pages. They only parse; the rules live in ``isocert.rules``."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isocert.rules import standards as catalogue
from isocert.rules.audit_time import Complexity


class DateInput(forms.DateInput):
    input_type = "date"


def md5_standard_choices() -> list[tuple[str, str]]:
    """The standards IAF MD 5 covers that can be certified today (ISO 9001, 14001, 45001)."""
    return [
        (std.code, f"{std.code} — {std.title}")
        for std, _editions in catalogue.standards_at(timezone.localdate())
        if std.audit_time_scheme
    ]


EMS_CHOICES = [
    ("", _("— choose —")),
    (Complexity.HIGH.value, _("High")),
    (Complexity.MEDIUM.value, _("Medium")),
    (Complexity.LOW.value, _("Low")),
    (Complexity.LIMITED.value, _("Limited")),
]
OHS_CHOICES = EMS_CHOICES[:-1]


class AuditTimeForm(forms.Form):
    standards = forms.MultipleChoiceField(
        label=_("Standards audited"),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Tick more than one for an integrated audit (IAF MD 11)."),
    )
    personnel = forms.IntegerField(
        label=_("Full-time personnel in scope"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("Everyone in the scope, all shifts, contractors included."),
    )
    part_time_count = forms.IntegerField(
        label=_("Part-time personnel"), min_value=0, max_value=10_000_000, required=False
    )
    part_time_hours = forms.DecimalField(
        label=_("Their hours per week"),
        min_value=Decimal("0.5"),
        max_value=168,
        decimal_places=1,
        required=False,
    )
    seasonal = forms.IntegerField(
        label=_("Seasonal staff present at the audit"), min_value=0, required=False
    )
    repetitive = forms.IntegerField(
        label=_("People doing similar repetitive tasks"), min_value=0, required=False
    )
    repetitive_justification = forms.CharField(
        label=_("Why these tasks count as repetitive"), required=False, max_length=2000
    )
    ems_complexity = forms.ChoiceField(
        label=_("Environmental complexity (ISO 14001)"), choices=EMS_CHOICES, required=False
    )
    ohs_risk = forms.ChoiceField(
        label=_("OH&S risk category (ISO 45001)"), choices=OHS_CHOICES, required=False
    )
    reduction_percent = forms.DecimalField(
        label=_("Reduction (%)"), min_value=0, max_value=100, required=False
    )
    increase_percent = forms.DecimalField(
        label=_("Increase (%)"), min_value=0, max_value=500, required=False
    )
    justification = forms.CharField(
        label=_("Justification of the reduction or increase"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    integration_percent = forms.DecimalField(
        label=_("Integration reduction (%)"), min_value=0, max_value=100, required=False
    )
    integration_justification = forms.CharField(
        label=_("Justification of the integration level"), required=False, max_length=2000
    )
    at = forms.DateField(label=_("Editions valid at"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standards"]
        assert isinstance(field, forms.MultipleChoiceField)
        field.choices = md5_standard_choices()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("part_time_count") and not data.get("part_time_hours"):
            self.add_error("part_time_hours", _("Give the hours per week of the part-time staff."))
        return data

    def to_payload(self) -> dict[str, Any]:
        """The API's input shape (``AuditTimeIn``) from the cleaned form."""
        data = self.cleaned_data
        complexity: list[str | None] = []
        for code in data["standards"]:
            scheme = catalogue.standard_get(code).audit_time_scheme
            if scheme == "ems":
                complexity.append(data.get("ems_complexity") or None)
            elif scheme == "ohsms":
                complexity.append(data.get("ohs_risk") or None)
            else:
                complexity.append(None)
        part_time = []
        if data.get("part_time_count"):
            part_time.append(
                {"count": data["part_time_count"], "hours_per_week": data["part_time_hours"]}
            )
        return {
            "standards": data["standards"],
            "personnel": data["personnel"],
            "part_time": part_time,
            "seasonal": data.get("seasonal") or 0,
            "repetitive": data.get("repetitive") or 0,
            "repetitive_justification": data.get("repetitive_justification") or "",
            "complexity": complexity,
            "reduction_percent": data.get("reduction_percent") or 0,
            "increase_percent": data.get("increase_percent") or 0,
            "justification": data.get("justification") or "",
            "integration_percent": data.get("integration_percent") or 0,
            "integration_justification": data.get("integration_justification") or "",
            "at": data.get("at"),
        }


class SampleForm(forms.Form):
    sites = forms.IntegerField(
        label=_("Sites besides the central function"),
        min_value=0,
        max_value=1_000_000,
        help_text=_("x in IAF MD 1: every site of the organisation except the central function."),
    )
    method = forms.ChoiceField(
        label=_("Method"),
        choices=[
            ("sampling", _("Sampling (IAF MD 1 §6.1)")),
            ("all", _("No sampling: all sites (IAF MD 1 §6.2)")),
        ],
        initial="sampling",
    )
    risk_increase_percent = forms.DecimalField(
        label=_("Risk-based increase (%)"), min_value=0, max_value=500, required=False
    )

    def to_payload(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "sites": data["sites"],
            "sampling": data["method"] != "all",
            "risk_increase_percent": data.get("risk_increase_percent") or 0,
        }


class CycleForm(forms.Form):
    decision_date = forms.DateField(
        label=_("Certification decision date"), required=False, widget=DateInput
    )
    surveillance_1_date = forms.DateField(
        label=_("Surveillance 1 done on (optional)"), required=False, widget=DateInput
    )
    current_expiry = forms.DateField(
        label=_("Current certificate expiry"), required=False, widget=DateInput
    )
    recertification_decision = forms.DateField(
        label=_("Recertification decision date"), required=False, widget=DateInput
    )

    def to_payload(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
