from django.apps import AppConfig


class InvanarkriterierConfig(AppConfig):
    name = "invanare.kriterier"
    label = "invanarkriterier"
    verbose_name = "Invånarkriterier"
