"""The registry's two forms: verify a number, search organisations (both GET, no login)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from isocert.clients.countries import country_choices
from isocert.registry.choices import PUBLIC_STATUS_FILTERS, SearchSort
from isocert.registry.selectors import filter_choices


class VerifyForm(forms.Form):
    number = forms.CharField(
        label=_("Certificate number"),
        max_length=100,
        help_text=_("As printed on the certificate; case, spaces and dashes do not matter."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def clean_number(self) -> str:
        value = self.cleaned_data["number"].strip()
        if not any(ch.isalnum() for ch in value):
            raise forms.ValidationError(_("Type the certificate number: letters and digits."))
        return value


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Organisation name or identifier"),
        required=False,
        max_length=200,
        help_text=_("A name (typing errors and missing accents are forgiven) or a VAT number."),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    standard = forms.ChoiceField(label=_("Standard"), required=False)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *((v.value, v.label) for v in PUBLIC_STATUS_FILTERS)],
    )
    cb = forms.TypedChoiceField(label=_("Certification body"), required=False, coerce=int)
    iaf = forms.TypedChoiceField(label=_("IAF code"), required=False, coerce=int)
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=SearchSort.choices)
    page = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = filter_choices()
        self.fields["country"].choices = [("", _("Any country")), *country_choices()]  # type: ignore[attr-defined]
        self.fields["standard"].choices = [  # type: ignore[attr-defined]
            ("", _("Any standard")),
            *((code, code) for code in options["standards"]),
        ]
        self.fields["cb"].choices = [  # type: ignore[attr-defined]
            ("", _("Any certification body")),
            *((pk, f"{name} ({acronym})") for pk, acronym, name in options["bodies"]),
        ]
        self.fields["iaf"].choices = [  # type: ignore[attr-defined]
            ("", _("Any IAF code")),
            *((code, f"{code} {sector}") for code, sector in options["iaf_codes"]),
        ]
