from django.db import models
from django.utils.translation import gettext_lazy as _


class IdentifierScheme(models.TextChoices):
    VAT = "vat", _("VAT number")
    COMPANY = "company", _("Company registration number")
    LEI = "lei", _("Legal Entity Identifier")
    DUNS = "duns", _("D-U-N-S number")
    OTHER = "other", _("Other")
