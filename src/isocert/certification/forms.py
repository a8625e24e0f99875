"""HTML forms of the certification pages. They only parse; guards live in the services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isocert.catalog.models import IafCode
from isocert.certification.choices import DecisionKind, DecisionOutcome, ReviewOutcome
from isocert.certification.models import Certificate, Decision
from isocert.clients.models import Site
from isocert.rules.status import CertificateStatus as RuleStatus


class DateInput(forms.DateInput):
    input_type = "date"


def _date(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(format="%Y-%m-%d"), **kwargs)


def _text(label: Any, *, required: bool = True, help_text: Any = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
    )


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=ReviewOutcome.choices, widget=forms.RadioSelect
    )
    reviewed_on = _date(_("Reviewed on"), initial=timezone.localdate)
    notes = _text(
        _("Notes"), required=False, help_text=_("Required when returning the file: what to fix.")
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Decision"),
        choices=[c for c in DecisionKind.choices if c[0] != DecisionKind.REDUCE_SCOPE],
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=DecisionOutcome.choices, widget=forms.RadioSelect
    )
    decided_on = _date(_("Decided on"), initial=timezone.localdate)
    notes = _text(_("Notes"), required=False, help_text=_("Required when refusing: why."))


class SuspendForm(forms.Form):
    reason = _text(_("Reason for suspension"))
    deadline = _date(
        _("Resolve by"), help_text=_("Guidance: a suspension rarely exceeds 6 months (9.6.5).")
    )


class ReasonForm(forms.Form):
    reason = _text(_("Reason"))


class _ScopeForm(forms.Form):
    scope = _text(_("Scope"))
    sites = forms.ModelMultipleChoiceField(
        label=_("Sites"), queryset=Site.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    iaf_codes = forms.TypedMultipleChoiceField(
        label=_("IAF codes"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    effective_on = _date(_("Effective from"), required=False, help_text=_("Default: today."))

    def _code_choices(self, codes: list[IafCode]) -> None:
        field = self.fields["iaf_codes"]
        assert isinstance(field, forms.TypedMultipleChoiceField)
        field.choices = [(c.code, str(c)) for c in codes]


class ReduceScopeForm(_ScopeForm):
    reason = _text(_("Reason for the reduction"))

    def __init__(self, *args: Any, certificate: Certificate, **kwargs: Any) -> None:
        current_sites = [row.site for row in certificate.sites.all()]
        current_codes = list(certificate.iaf_codes.all())
        kwargs.setdefault(
            "initial",
            {
                "scope": certificate.scope,
                "sites": current_sites,
                "iaf_codes": [c.code for c in current_codes],
            },
        )
        super().__init__(*args, **kwargs)
        sites = self.fields["sites"]
        assert isinstance(sites, forms.ModelMultipleChoiceField)
        sites.queryset = Site.objects.filter(pk__in=[s.pk for s in current_sites])
        self._code_choices(current_codes)


class ExtendScopeForm(_ScopeForm):
    decision = forms.ModelChoiceField(
        label=_("Scope-extension decision"), queryset=Decision.objects.none()
    )
    field_order = ["decision", "scope", "sites", "iaf_codes", "effective_on"]

    def __init__(self, *args: Any, certificate: Certificate, decisions: Any, **kwargs: Any) -> None:
        current_sites = [row.site for row in certificate.sites.all()]
        kwargs.setdefault(
            "initial",
            {
                "scope": certificate.scope,
                "sites": current_sites,
                "iaf_codes": [c.code for c in certificate.iaf_codes.all()],
            },
        )
        super().__init__(*args, **kwargs)
        decision = self.fields["decision"]
        assert isinstance(decision, forms.ModelChoiceField)
        decision.queryset = decisions
        sites = self.fields["sites"]
        assert isinstance(sites, forms.ModelMultipleChoiceField)
        sites.queryset = Site.objects.filter(client_id=certificate.client_id)
        self._code_choices(list(IafCode.objects.order_by("code")))


class TransferForm(forms.Form):
    standard = forms.ChoiceField(label=_("Standard"))
    edition_year = forms.IntegerField(label=_("Edition (year)"), min_value=1980, max_value=2100)
    issuing_body = forms.CharField(label=_("Issuing certification body"), max_length=150)
    previous_number = forms.CharField(label=_("Certificate number there"), max_length=48)
    certificate_status = forms.ChoiceField(
        label=_("Status there"),
        choices=[(s.value, s.value) for s in RuleStatus if s is not RuleStatus.DRAFT],
    )
    original_issue_date = _date(_("Original certification date"))
    cycle_start = _date(_("Current cycle start"))
    expiry_date = _date(_("Expiry date"))
    accredited = forms.BooleanField(
        label=_("Issued under accreditation of an IAF MLA signatory"), required=False
    )
    reports_available = forms.BooleanField(
        label=_("Initial/recertification and later surveillance reports available"),
        required=False,
    )
    surveillance_overdue = forms.BooleanField(
        label=_("A surveillance audit is overdue"), required=False
    )
    open_major_ncs = forms.IntegerField(
        label=_("Open major nonconformities"), min_value=0, max_value=1000, initial=0
    )
    minor_plans_accepted = forms.BooleanField(
        label=_("Action plans for minor nonconformities accepted"), required=False, initial=True
    )
    issuing_body_ceased_or_lost_accreditation_on = _date(
        _("Issuing body ceased or lost accreditation on"), required=False
    )

    def __init__(self, *args: Any, standards: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["standard"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = standards


class CertificateFilterForm(forms.Form):
    q = forms.CharField(label=_("Number or holder"), required=False, max_length=100)
    status = forms.ChoiceField(label=_("Status"), required=False)
    standard = forms.ChoiceField(label=_("Standard"), required=False)
    expiring = forms.BooleanField(label=_("Expiring within 90 days"), required=False)

    def __init__(self, *args: Any, statuses: Any, standards: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        status = self.fields["status"]
        assert isinstance(status, forms.ChoiceField)
        status.choices = [("", _("Any")), *list(statuses)]
        standard = self.fields["standard"]
        assert isinstance(standard, forms.ChoiceField)
        standard.choices = [("", _("Any")), *[(code, code) for code in standards]]
