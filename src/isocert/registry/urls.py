from django.urls import path

from isocert.registry import views

app_name = "registry"

urlpatterns = [
    path("", views.index, name="index"),
    path("verify/", views.verify, name="verify"),
    path("search/", views.search, name="search"),
    path("organisations/<int:pk>/", views.organisation, name="organisation"),
    path("bodies/<int:pk>/", views.body, name="body"),
]
