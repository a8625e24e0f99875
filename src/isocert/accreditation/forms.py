"""Forms of the accreditation pages (used by accreditation-body staff)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isocert.accreditation.choices import AccreditationStatus
from isocert.catalog.models import Edition, IafCode


class DateInput(forms.DateInput):
    input_type = "date"


class EditionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.standard.code}:{obj.year} — {obj.standard.title}"


class ScopeForm(forms.Form):
    edition = EditionChoiceField(
        label=_("Standard and edition"),
        queryset=Edition.objects.filter(standard__certifiable=True)
        .select_related("standard")
        .order_by("standard__code", "-year"),
    )
    iaf_codes = forms.ModelMultipleChoiceField(
        label=_("IAF codes covered"),
        queryset=IafCode.objects.order_by("code"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10}),
    )
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=AccreditationStatus.choices)
    reason = forms.CharField(
        label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class AccreditationStatusForm(StatusForm):
    on = forms.DateField(label=_("Takes effect on"), widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()
