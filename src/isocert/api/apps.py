from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "isocert.api"
    label = "api"
    verbose_name = "API"
