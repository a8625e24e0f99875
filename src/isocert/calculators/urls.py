from django.urls import path

from isocert.calculators import views

app_name = "calculators"

urlpatterns = [
    path("", views.index, name="index"),
    path("audit-time/", views.audit_time, name="audit_time"),
    path("sampling/", views.sample, name="sample"),
    path("cycle/", views.cycle, name="cycle"),
    path("standards/", views.standards, name="standards"),
]
