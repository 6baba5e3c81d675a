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
        from invanare.models import Invanare
        from vardportalen.accesslog.nekad import nekad_kalla_register
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        nekad_kalla_register(namnrymd="meddelanden", kwarg="konversation_id",
                             invanare_for=lambda pk: Invanare.objects.filter(konversationer__pk=pk))
        nekad_kalla_register(namnrymd="meddelanden", kwarg="bilaga_id",
                             invanare_for=lambda pk: Invanare.objects.filter(konversationer__meddelanden__bilagor__pk=pk))

        if bevakning_meddelanden not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(bevakning_meddelanden)
        oversikt_sektion_register(nyckel="meddelanden")(meddelanden_sektion)
        if not any(name == "meddelanden" for name, _fn in DEMO_STEPS):
            DEMO_STEPS.append(("meddelanden", meddelanden_demo))
