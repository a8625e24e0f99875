from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditsConfig(AppConfig):
    name = "isocert.audits"
    label = "audits"
    verbose_name = _("Applications and audits")
