"""The upload form of bulk supplier verification (no login)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from isocert.bulkverify.parsing import MAX_ROWS


class UploadForm(forms.Form):
    file = forms.FileField(
        allow_empty_file=True,  # the service says why an empty file cannot be checked
        label=_("Supplier file (CSV or Excel .xlsx)"),
        help_text=_(
            "Columns: name, country, certificate number, standard (any may be missing); "
            "up to %(rows)s rows and 5 MB."
        )
        % {"rows": f"{MAX_ROWS:,}"},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".csv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
        ),
    )
