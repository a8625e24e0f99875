from django.urls import path

from isocert.clients import views

app_name = "clients"

urlpatterns = [
    path("", views.client_list, name="list"),
    path("new/", views.client_create, name="create"),
    path("<int:pk>/", views.client_detail, name="detail"),
    path("<int:pk>/edit/", views.client_edit, name="edit"),
    path("<int:pk>/sites/new/", views.site_add, name="site_add"),
    path("sites/<int:pk>/edit/", views.site_edit, name="site_edit"),
    path("sites/<int:pk>/remove/", views.site_remove, name="site_remove"),
    path("<int:pk>/identifiers/new/", views.identifier_add, name="identifier_add"),
    path("identifiers/<int:pk>/remove/", views.identifier_remove, name="identifier_remove"),
    path("<int:pk>/contacts/new/", views.contact_add, name="contact_add"),
    path("contacts/<int:pk>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<int:pk>/remove/", views.contact_remove, name="contact_remove"),
    path("<int:pk>/users/new/", views.client_user_add, name="user_add"),
    path("users/<int:pk>/remove/", views.client_user_remove, name="user_remove"),
]
