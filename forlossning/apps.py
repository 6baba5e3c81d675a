from django.apps import AppConfig


class ForlossningConfig(AppConfig):
    name = "forlossning"
    verbose_name = "Förlossning"
