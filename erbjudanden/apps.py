from django.apps import AppConfig


class ErbjudandenConfig(AppConfig):
    name = "erbjudanden"
    verbose_name = "Riktade erbjudanden"
    default_auto_field = "django.db.models.BigAutoField"
