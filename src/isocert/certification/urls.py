from django.urls import path

from isocert.certification import views

app_name = "certification"

urlpatterns = [
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/queue/", views.decision_queue, name="decision_queue"),
    path("decisions/new/<int:audit_pk>/", views.decision_new, name="decision_new"),
    path("decisions/<int:pk>/", views.decision_detail, name="decision_detail"),
    path(
        "decisions/<int:pk>/transfer-in/",
        views.decision_transfer_in,
        name="decision_transfer_in",
    ),
    path("reviews/", views.review_list, name="review_list"),
    path("reviews/new/<int:audit_pk>/", views.review_new, name="review_new"),
    path("certificates/", views.certificate_list, name="certificate_list"),
    path("certificates/<int:pk>/", views.certificate_detail, name="certificate_detail"),
    path("certificates/<int:pk>/suspend/", views.certificate_suspend, name="certificate_suspend"),
    path("certificates/<int:pk>/restore/", views.certificate_restore, name="certificate_restore"),
    path(
        "certificates/<int:pk>/withdraw/", views.certificate_withdraw, name="certificate_withdraw"
    ),
    path(
        "certificates/<int:pk>/reduce-scope/",
        views.certificate_reduce_scope,
        name="certificate_reduce_scope",
    ),
    path(
        "certificates/<int:pk>/extend-scope/",
        views.certificate_extend_scope,
        name="certificate_extend_scope",
    ),
]
