from django.apps import AppConfig


class AlltidoppetConfig(AppConfig):
    name = "alltidoppet"
    verbose_name = "Alltid öppet (invånarwebben)"
