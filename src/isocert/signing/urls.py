from django.urls import path

from isocert.signing import views

app_name = "signing"

urlpatterns = [
    path("v/<str:token>", views.verify_token_page, name="verify_token"),
    path("check/", views.check_pdf, name="check"),
    path(".well-known/jwks.json", views.jwks, name="jwks"),
    path(".well-known/jwks/<str:acronym>.json", views.jwks_body, name="jwks_body"),
    path("certificates/<str:lookup_key>/pdf", views.certificate_pdf, name="certificate_pdf"),
]
