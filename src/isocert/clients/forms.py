"""Forms of the client pages. They parse; the services decide (and refuse with reasons)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from isocert.clients.choices import IdentifierScheme
from isocert.clients.countries import country_choices


class CountryField(forms.ChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", _("Country"))
        super().__init__(choices=[("", _("— choose —")), *country_choices()], **kwargs)


class ClientForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=250)
    legal_name = forms.CharField(label=_("Legal name"), max_length=250, required=False)
    country = CountryField()
    website = forms.URLField(label=_("Website"), required=False, assume_scheme="https")
    confidential = forms.BooleanField(
        label=_("Confidential (never listed in the public registry)"), required=False
    )


class SiteForm(forms.Form):
    name = forms.CharField(label=_("Site name"), max_length=200)
    street = forms.CharField(label=_("Street"), max_length=250, required=False)
    city = forms.CharField(label=_("City"), max_length=120)
    postcode = forms.CharField(label=_("Postcode"), max_length=20, required=False)
    country = CountryField()
    personnel = forms.IntegerField(
        label=_("Personnel"),
        min_value=0,
        max_value=10_000_000,
        help_text=_("Everyone working at the site in the scope, all shifts (IAF MD 5)."),
    )
    activities = forms.CharField(
        label=_("Activities"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_central_function = forms.BooleanField(label=_("Central function (IAF MD 1)"), required=False)
    is_virtual = forms.BooleanField(label=_("Virtual site"), required=False)


class IdentifierForm(forms.Form):
    scheme = forms.ChoiceField(label=_("Scheme"), choices=IdentifierScheme.choices)
    value = forms.CharField(
        label=_("Number"),
        max_length=60,
        help_text=_("VAT, company and LEI numbers are checked for typing errors."),
    )


class ContactForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    email = forms.EmailField(label=_("E-mail"))
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    role = forms.CharField(label=_("Role"), max_length=100, required=False)


class ClientUserForm(forms.Form):
    mode = forms.ChoiceField(
        label=_("Account"),
        choices=[("link", _("Link an existing account")), ("create", _("Create a new account"))],
        widget=forms.RadioSelect,
        initial="link",
    )
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail (for a new account)"), required=False)
    password = forms.CharField(
        label=_("Password (optional, for a new account)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty: the person sets a password through “forgot password”."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == "create" and not data.get("email"):
            self.add_error("email", _("A new account needs an e-mail address."))
        return data
