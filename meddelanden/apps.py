from django.apps import AppConfig


class MeddelandenConfig(AppConfig):
    name = "meddelanden"
    verbose_name = "Meddelanden"
