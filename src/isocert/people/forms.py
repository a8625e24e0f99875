"""Forms of the people pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from isocert.catalog.models import IafCode, Standard
from isocert.clients.models import Client
from isocert.people.choices import ConflictKind, QualificationLevel, Role


class DateInput(forms.DateInput):
    input_type = "date"


class PersonForm(forms.Form):
    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail"))
    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    roles = forms.MultipleChoiceField(
        label=_("Roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple
    )
    password = forms.CharField(
        label=_("Password (optional)"),
        required=False,
        strip=False,
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Leave empty: the person sets a password through “forgot password”."),
    )


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)


class QualificationForm(forms.Form):
    standard = forms.ModelChoiceField(
        label=_("Standard"), queryset=Standard.objects.filter(certifiable=True).order_by("code")
    )
    iaf_code = forms.ModelChoiceField(
        label=_("IAF code"),
        queryset=IafCode.objects.order_by("code"),
        required=False,
        help_text=_("Empty for standards whose scopes have no IAF codes."),
    )
    level = forms.ChoiceField(label=_("Level"), choices=QualificationLevel.choices)
    valid_from = forms.DateField(label=_("Valid from"), widget=DateInput)
    valid_until = forms.DateField(label=_("Valid until"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["valid_from"].initial = timezone.localdate()


class EndForm(forms.Form):
    on = forms.DateField(label=_("Last day"), widget=DateInput)
    reason = forms.CharField(label=_("Reason"), required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class ConflictForm(forms.Form):
    client = forms.ModelChoiceField(label=_("Client"), queryset=Client.objects.none())
    kind = forms.ChoiceField(label=_("Relationship"), choices=ConflictKind.choices)
    started_on = forms.DateField(label=_("From"), required=False, widget=DateInput)
    ended_on = forms.DateField(
        label=_("Until"),
        required=False,
        widget=DateInput,
        help_text=_("Empty while it goes on."),
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, clients: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["client"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = clients


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Say where it is used, e.g. “ERP sync”."),
    )
