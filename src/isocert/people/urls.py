from django.urls import path

from isocert.people import views

app_name = "people"

urlpatterns = [
    path("", views.staff_list, name="list"),
    path("new/", views.person_add, name="add"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/roles/grant/", views.role_grant, name="role_grant"),
    path("<int:pk>/roles/revoke/", views.role_revoke, name="role_revoke"),
    path("<int:pk>/qualifications/new/", views.qualification_add, name="qualification_add"),
    path("<int:pk>/conflicts/new/", views.conflict_declare, name="conflict_declare"),
    path("qualifications/", views.qualification_list, name="qualifications"),
    path("qualifications/<int:pk>/end/", views.qualification_end, name="qualification_end"),
    path("conflicts/", views.conflict_list, name="conflicts"),
    path("conflicts/<int:pk>/end/", views.conflict_end, name="conflict_end"),
    path("tokens/", views.tokens, name="tokens"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
