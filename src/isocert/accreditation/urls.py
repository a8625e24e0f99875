from django.urls import path

from isocert.accreditation import views

app_name = "accreditation"

urlpatterns = [
    path("", views.index, name="index"),
    path("accreditation-bodies/", views.accreditation_bodies, name="bodies"),
    path("cb/<int:pk>/", views.cb_detail, name="cb_detail"),
    path("cb/<int:pk>/scopes/new/", views.scope_add, name="scope_add"),
    path("cb/<int:pk>/status/", views.status_change, name="status_change"),
    path("scopes/<int:pk>/status/", views.scope_status, name="scope_status"),
]
