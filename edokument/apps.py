from django.apps import AppConfig


class EdokumentConfig(AppConfig):
    name = "edokument"
    verbose_name = "E-dokument"

    def ready(self):
        from bokning.kallelse import kallelse_backend_register
        from edokument.brev import EdokumentBrev
        from forlossning.brev import brev_backend_register
        from edokument.demo import edokument_demo
        from edokument.hooks import edokument_sektion, utskriftslista_panel
        from edokument.kallelse import EdokumentKallelse
        from invanare.overview import oversikt_sektion_register
        from vardportalen.demo.steps import DEMO_STEPS
        from invanare.models import Invanare
        from vardportalen.accesslog.nekad import nekad_kalla_register
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        nekad_kalla_register(namnrymd="edokument", kwarg="dokument_id",
                             invanare_for=lambda pk: Invanare.objects.filter(edokument__pk=pk))
        nekad_kalla_register(namnrymd="edokument", kwarg="bilaga_id",
                             invanare_for=lambda pk: Invanare.objects.filter(edokument__bilagor__pk=pk))
        nekad_kalla_register(namnrymd="edokument", kwarg="omgang_id",
                             invanare_for=lambda pk: Invanare.objects.filter(
                                 edokument__utskriftslistepost__omgang_id=pk).distinct())

        kallelse_backend_register(EdokumentKallelse())
        brev_backend_register(EdokumentBrev())
        oversikt_sektion_register(nyckel="edokument")(edokument_sektion)
        if utskriftslista_panel not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(utskriftslista_panel)
        if not any(name == "e-dokument" for name, _ in DEMO_STEPS):
            DEMO_STEPS.append(("e-dokument", edokument_demo))
