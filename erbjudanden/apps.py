from django.apps import AppConfig


class ErbjudandenConfig(AppConfig):
    name = "erbjudanden"
    verbose_name = "Riktade erbjudanden"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from vardportalen.demo.steps import DEMO_STEPS

        from .demo import erbjudanden_demo

        if not any(name == "erbjudanden" for name, _ in DEMO_STEPS):
            DEMO_STEPS.append(("erbjudanden", erbjudanden_demo))
