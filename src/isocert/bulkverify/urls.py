from django.urls import path

from isocert.bulkverify import views

app_name = "bulkverify"

urlpatterns = [
    path("", views.index, name="index"),
    path("sample-suppliers.csv", views.sample_csv, name="sample_csv"),
    path("sample-suppliers.xlsx", views.sample_xlsx, name="sample_xlsx"),
    path("<str:token>.csv", views.download_csv, name="csv"),
    path("<str:token>.xlsx", views.download_xlsx, name="xlsx"),
    path("<str:token>/", views.result, name="result"),
]
