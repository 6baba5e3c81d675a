from django.apps import AppConfig


class InvanareConfig(AppConfig):
    name = "invanare"
    verbose_name = "Invånare"
