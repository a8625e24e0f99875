from django.urls import path

from isocert.registry import pages, views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/", views.verify, name="verify"),
    path("search/", views.search, name="search"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("bodies/<int:pk>/", views.body, name="body"),
    path("statistics/", pages.statistics, name="statistics"),
    path(
        "explain/registration-vs-certification/",
        pages.explain_registration,
        name="explain_registration",
    ),
    path("explain/statuses/", pages.explain_statuses, name="explain_statuses"),
    path("explain/how-to-check/", pages.explain_check, name="explain_check"),
]
