from django.apps import AppConfig


class MeddelandenConfig(AppConfig):
    name = "meddelanden"
    verbose_name = "Meddelanden"

    def ready(self):
        from invanare.overview import oversikt_sektion_register
        from meddelanden.demo import meddelanden_demo
        from meddelanden.oversikt import meddelanden_sektion
        from meddelanden.selectors import bevakning_meddelanden
        from vardportalen.demo.steps import DEMO_STEPS
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        if bevakning_meddelanden not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(bevakning_meddelanden)
        oversikt_sektion_register(nyckel="meddelanden")(meddelanden_sektion)
        if not any(name == "meddelanden" for name, _fn in DEMO_STEPS):
            DEMO_STEPS.append(("meddelanden", meddelanden_demo))
