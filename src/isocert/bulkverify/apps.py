from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BulkverifyConfig(AppConfig):
    name = "isocert.bulkverify"
    verbose_name = _("Bulk supplier verification")
