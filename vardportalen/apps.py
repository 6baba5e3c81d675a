from django.apps import AppConfig


class VardportalenConfig(AppConfig):
    name = "vardportalen"
    verbose_name = "Vårdportalen"
