from django.urls import path

from isocert.office import views

app_name = "office"

urlpatterns = [path("", views.dashboard, name="dashboard")]
