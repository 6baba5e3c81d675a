from django.apps import AppConfig


class EdokumentConfig(AppConfig):
    name = "edokument"
    verbose_name = "E-dokument"
