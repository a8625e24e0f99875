"""Pages of applications, programmes, audits and findings (mounted under /office/)."""

from django.urls import path

from isocert.audits import views

app_name = "audits"

urlpatterns = [
    path("applications/", views.application_list, name="application_list"),
    path("applications/new/", views.application_create, name="application_create"),
    path("applications/<int:pk>/", views.application_detail, name="application_detail"),
    path("applications/<int:pk>/review/", views.application_review, name="application_review"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/audits/", views.programme_add_audit, name="programme_add_audit"),
    path(
        "programmes/<int:pk>/repeat-stage2/",
        views.programme_repeat_stage2,
        name="programme_repeat_stage2",
    ),
    path("audits/", views.audit_list, name="audit_list"),
    path("audits/<int:pk>/", views.audit_detail, name="audit_detail"),
    path("audits/<int:pk>/schedule/", views.audit_schedule, name="audit_schedule"),
    path("audits/<int:pk>/sites/", views.audit_sites, name="audit_sites"),
    path("audits/<int:pk>/team/", views.audit_team_add, name="audit_team_add"),
    path(
        "audits/<int:pk>/team/<int:user_id>/remove/",
        views.audit_team_remove,
        name="audit_team_remove",
    ),
    path("audits/<int:pk>/start/", views.audit_start, name="audit_start"),
    path("audits/<int:pk>/report/", views.audit_report, name="audit_report"),
    path("audits/<int:pk>/cancel/", views.audit_cancel, name="audit_cancel"),
    path("audits/<int:pk>/findings/", views.finding_raise, name="finding_raise"),
    path("findings/", views.finding_list, name="finding_list"),
    path("findings/<int:pk>/", views.finding_detail, name="finding_detail"),
    path("findings/<int:pk>/respond/", views.finding_respond, name="finding_respond"),
    path("findings/<int:pk>/accept/", views.finding_accept, name="finding_accept"),
    path("findings/<int:pk>/reject/", views.finding_reject, name="finding_reject"),
    path("findings/<int:pk>/verify/", views.finding_verify, name="finding_verify"),
]
