from django.apps import AppConfig


class BokningConfig(AppConfig):
    name = "bokning"
    verbose_name = "Bokning"
