"""The upload form of the public check page. It only parses; ``verify.pdf_verify`` judges."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from isocert.signing import conf


class PdfCheckForm(forms.Form):
    file = forms.FileField(
        label=_("Certificate PDF"),
        help_text=_("The certificate as you received it, up to 5 MB. It is checked, not kept."),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def clean_file(self) -> object:
        upload = self.cleaned_data["file"]
        if upload.size > conf.MAX_UPLOAD_BYTES:
            raise forms.ValidationError(
                _("The file is %(mb).1f MB; a certificate PDF is under %(max)s MB.")
                % {"mb": upload.size / (1024 * 1024), "max": conf.MAX_UPLOAD_BYTES // (1024 * 1024)}
            )
        if upload.size == 0:
            raise forms.ValidationError(_("The file is empty."))
        return upload
