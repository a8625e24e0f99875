from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccreditationConfig(AppConfig):
    name = "isocert.accreditation"
    label = "accreditation"
    verbose_name = _("Accreditation")
