"""URL map: site pages, calculators, the admin (reference data only) and the API under /api/v1/."""

from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from isocert.api.api import api
from isocert.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("health", core_views.health, name="health"),
    path("calculators/", include("isocert.calculators.urls")),
    path("registry/bulk/", include("isocert.bulkverify.urls")),
    path("registry/watch/", include("isocert.watchlists.urls")),
    path("registry/", include("isocert.registry.urls")),
    path("", include("isocert.signing.urls")),
    path("accounts/", include("django.contrib.auth.urls")),
    path("office/", include("isocert.office.urls")),
    path("office/accreditation/", include("isocert.accreditation.urls")),
    path("office/clients/", include("isocert.clients.urls")),
    path("office/people/", include("isocert.people.urls")),
    path("office/", include("isocert.audits.urls")),
    path("office/", include("isocert.certification.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("api/docs", RedirectView.as_view(url="/api/v1/docs", permanent=False)),
]
