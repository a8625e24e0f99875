from django.urls import path

from isocert.watchlists import views

app_name = "watchlists"

urlpatterns = [
    path("", views.watch_list, name="list"),
    path("signup/", views.signup, name="signup"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("add/", views.watch_add, name="add"),
    path("<int:pk>/remove/", views.watch_remove, name="remove"),
    path("alerts/", views.alert_list, name="alerts"),
    path("deliveries/", views.delivery_list, name="deliveries"),
    path("settings/", views.settings_page, name="settings"),
    path("settings/rotate/", views.secret_rotate, name="rotate"),
    path("settings/test/", views.webhook_test, name="test"),
]
