from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalculatorsConfig(AppConfig):
    name = "isocert.calculators"
    label = "calculators"
    verbose_name = _("Audit time, sampling and cycle calculators")
