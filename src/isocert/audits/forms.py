"""Forms of the audits pages. They parse; the services decide (and refuse with reasons)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from isocert.audits.choices import (
    ApplicationKind,
    AuditKind,
    AuditRecommendation,
    FindingKind,
    TeamRole,
)
from isocert.rules import standards as catalogue
from isocert.rules.audit_time import Complexity

STANDARD_ROWS = 3
TEXTAREA = forms.Textarea(attrs={"rows": 3})
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label, required=required, widget=TEXTAREA, max_length=20_000, help_text=help_text
    )


def _percent(label: Any, maximum: int) -> forms.DecimalField:
    return forms.DecimalField(
        label=label, required=False, min_value=0, max_value=maximum, decimal_places=2, initial=0
    )


def _choices(field: forms.Field, choices: list[Any]) -> None:
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def edition_choices(at: dt.date) -> list[tuple[str, str]]:
    """Certifiable editions valid at ``at``, as "ISO 9001:2015" (the rules' catalogue)."""
    out = []
    for std, editions in catalogue.standards_at(at):
        for ed in editions:
            out.append((ed.label, f"{ed.label} — {std.title}"))
    return out


class ClientChoiceForm(forms.Form):
    client = forms.ChoiceField(label=_("Client"))

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["client"], [("", _("— choose —"))] + [(str(c.pk), c.name) for c in clients]
        )


class ApplicationForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ApplicationKind.choices)
    scope = _text(_("Scope of certification requested"))
    iaf_codes = forms.CharField(
        label=_("IAF codes"),
        max_length=200,
        required=False,
        help_text=_("Comma-separated, e.g. 17, 28 (the accredited scope is stated in IAF codes)."),
    )
    sites = forms.MultipleChoiceField(
        label=_("Sites in scope"), widget=forms.CheckboxSelectMultiple
    )
    personnel = forms.IntegerField(
        label=_("Full-time personnel"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("Everyone in the scope, all shifts (IAF MD 5)."),
    )
    part_time_count = forms.IntegerField(
        label=_("Part-time personnel"), min_value=0, required=False, initial=0
    )
    part_time_hours = forms.DecimalField(
        label=_("Hours a week each part-time person works"),
        min_value=Decimal("0.5"),
        max_value=168,
        required=False,
    )
    seasonal = forms.IntegerField(label=_("Seasonal staff"), min_value=0, required=False, initial=0)
    repetitive = forms.IntegerField(
        label=_("People doing similar repetitive tasks"), min_value=0, required=False, initial=0
    )
    repetitive_justification = _text(_("Why they count as repetitive"), required=False)
    reduction_percent = _percent(_("Reduction, %"), 100)
    increase_percent = _percent(_("Increase, %"), 500)
    adjustment_justification = _text(
        _("Justification of the reduction or increase"), required=False
    )
    integration_percent = _percent(_("Integration reduction (IAF MD 11), %"), 100)
    integration_justification = _text(_("Justification of the integration"), required=False)
    sampling = forms.BooleanField(
        label=_("Multi-site sampling allowed (IAF MD 1)"), required=False, initial=True
    )

    def __init__(self, *args: Any, sites: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _choices(
            self.fields["sites"],
            [
                (
                    str(s.pk),
                    f"{s.name}, {s.city}"
                    + (" (central function)" if s.is_central_function else ""),
                )
                for s in sites
            ],
        )
        self.fields["sites"].initial = [str(s.pk) for s in sites]
        editions = [("", _("— none —")), *edition_choices(today)]
        complexity = [("", _("— not needed (QMS) —"))] + [(c.value, c.value) for c in Complexity]
        fields: dict[str, forms.Field] = {}
        for i in range(1, STANDARD_ROWS + 1):
            fields[f"standard_{i}"] = forms.ChoiceField(
                label=_("Standard %(n)s") % {"n": i}, choices=editions, required=i == 1
            )
            fields[f"complexity_{i}"] = forms.ChoiceField(
                label=_("Complexity / risk of standard %(n)s") % {"n": i},
                choices=complexity,
                required=False,
                help_text=_("EMS complexity or OH&SMS risk category (IAF MD 5)."),
            )
        # standards first, in the order a contract reviewer fills them
        self.fields = {**fields, **self.fields}

    def clean_iaf_codes(self) -> list[int]:
        text = self.cleaned_data.get("iaf_codes") or ""
        codes = []
        for part in text.replace(";", ",").split(","):
            part = part.strip()
            if not part:
                continue
            if not part.isdigit():
                raise forms.ValidationError(
                    _("“%(part)s” is not an IAF code; write numbers such as 17, 28.")
                    % {"part": part}
                )
            codes.append(int(part))
        return codes

    def to_service(self) -> dict[str, Any]:
        from isocert.audits.services import StandardChoice

        d = self.cleaned_data
        standards = [
            StandardChoice(d[f"standard_{i}"], d.get(f"complexity_{i}") or "")
            for i in range(1, STANDARD_ROWS + 1)
            if d.get(f"standard_{i}")
        ]
        zero = Decimal(0)
        return {
            "kind": d["kind"],
            "standards": standards,
            "scope": d["scope"],
            "iaf_codes": d["iaf_codes"],
            "site_ids": [int(pk) for pk in d["sites"]],
            "personnel": d["personnel"],
            "part_time_count": d.get("part_time_count") or 0,
            "part_time_hours": d.get("part_time_hours"),
            "seasonal": d.get("seasonal") or 0,
            "repetitive": d.get("repetitive") or 0,
            "repetitive_justification": d.get("repetitive_justification", ""),
            "reduction_percent": d.get("reduction_percent") or zero,
            "increase_percent": d.get("increase_percent") or zero,
            "adjustment_justification": d.get("adjustment_justification", ""),
            "integration_percent": d.get("integration_percent") or zero,
            "integration_justification": d.get("integration_justification", ""),
            "sampling": d.get("sampling", False),
        }


class ReviewForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Contract review outcome"),
        choices=[("1", _("Accept: open the audit programme")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = _text(_("Reason (required to refuse)"), required=False)


class SpecialAuditForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(k.value, k.label) for k in (AuditKind.SPECIAL, AuditKind.SHORT_NOTICE)],
    )
    due_date = forms.DateField(label=_("Due by"), widget=DATE)
    days_required = forms.DecimalField(label=_("Audit days"), min_value=Decimal("0.5"))
    reason = _text(_("Why the audit is needed"))


class ReasonForm(forms.Form):
    reason = _text(_("Reason"), required=False)


class RequiredReasonForm(forms.Form):
    reason = _text(_("Reason"))


class ScheduleForm(forms.Form):
    start = forms.DateField(label=_("First day"), widget=DATE)
    end = forms.DateField(label=_("Last day"), widget=DATE)
    days_planned = forms.DecimalField(label=_("Audit days planned"), min_value=Decimal("0.5"))
    days_justification = _text(_("Justification for fewer days than required"), required=False)
    schedule_exception = _text(
        _("Recorded exception for ending after the due date"),
        required=False,
        help_text=_("E.g. an extraordinary event (IAF ID 3). Needed only past the due date."),
    )


class TeamForm(forms.Form):
    user = forms.ModelChoiceField(label=_("Person"), queryset=get_user_model().objects.none())
    role = forms.ChoiceField(label=_("Role on the team"), choices=TeamRole.choices)

    def __init__(self, *args: Any, cb_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["user"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            get_user_model()
            .objects.filter(memberships__certification_body_id=cb_id, memberships__active=True)
            .distinct()
            .order_by("username")
        )


class ReportForm(forms.Form):
    report = forms.CharField(label=_("Audit report"), widget=forms.Textarea(attrs={"rows": 8}))
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=AuditRecommendation.choices
    )


class FindingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=FindingKind.choices)
    clause = forms.CharField(label=_("Clause of the standard"), max_length=40, required=False)
    statement = _text(_("Statement"))
    evidence = _text(_("Objective evidence"), required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)

    def __init__(self, *args: Any, sites: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sites = {str(s.pk): s for s in sites}
        _choices(
            self.fields["site"],
            [("", _("— not site-specific —"))] + [(pk, s.name) for pk, s in self.sites.items()],
        )

    def to_service(self) -> dict[str, Any]:
        d = dict(self.cleaned_data)
        d["site"] = self.sites.get(d.get("site") or "")
        return d


class RespondForm(forms.Form):
    correction = _text(_("Correction (what was done at once)"))
    root_cause = _text(_("Root cause"))
    corrective_action = _text(_("Corrective action (so that it does not happen again)"))
    action_due = forms.DateField(label=_("Done by"), widget=DATE)


class NoteForm(forms.Form):
    note = _text(_("Note"), required=False)


class VerifyForm(forms.Form):
    verified_on = forms.DateField(label=_("Verified on"), widget=DATE)
    note = _text(_("What was verified and how"))
