from django.apps import AppConfig


class HanvisningConfig(AppConfig):
    name = "hanvisning"
    verbose_name = "Hänvisningsstöd"

    def ready(self):
        from hanvisning.demo import hanvisning_demo
        from hanvisning.hooks import hanvisning_sektion
        from invanare.overview import oversikt_sektion_register
        from vardportalen.demo.steps import DEMO_STEPS

        oversikt_sektion_register(nyckel="hanvisning", ordning=60)(hanvisning_sektion)
        if not any(name == "hänvisningsstöd" for name, _ in DEMO_STEPS):
            DEMO_STEPS.append(("hänvisningsstöd", hanvisning_demo))
