"""Forms of the watchlists pages (parsing only; the services decide)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class SignupForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=_("At least 8 characters, not only digits, not a common password."),
    )
    password_again = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("password") and data.get("password") != data.get("password_again"):
            self.add_error("password_again", _("The two passwords differ."))
        return data


class WatchForm(forms.Form):
    number = forms.CharField(required=False, max_length=80)
    organisation = forms.IntegerField(required=False, min_value=1)

    def clean(self) -> dict:
        data = super().clean() or {}
        if not data.get("number") and not data.get("organisation"):
            raise forms.ValidationError(_("Say which certificate or organisation to watch."))
        return data


class SettingsForm(forms.Form):
    email_alerts = forms.BooleanField(label=_("Send me alerts by e-mail"), required=False)
    webhook_url = forms.CharField(
        label=_("Webhook URL"),
        required=False,
        max_length=500,
        help_text=_(
            "An https address that receives each alert as signed JSON. Leave empty for none."
        ),
        widget=forms.URLInput(attrs={"placeholder": "https://example.com/isocert-hook"}),
    )
