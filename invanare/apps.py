from django.apps import AppConfig


class InvanareConfig(AppConfig):
    name = "invanare"
    verbose_name = "Invånare"

    def ready(self):
        from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer
        from invanare.models import Invanare
        from vardportalen.accesslog.identitet import identitetstolk_register
        from vardportalen.accesslog.nekad import ALLA_NAMNRYMDER, nekad_kalla_register

        identitetstolk_register(tolka=parse_identitetsnummer, fel=OgiltigtIdentitetsnummer)
        nekad_kalla_register(namnrymd=ALLA_NAMNRYMDER, kwarg="invanare_id",
                             invanare_for=lambda pk: Invanare.objects.filter(pk=pk))
        from invanare.ombud_selectors import ombud_oversikt_sektion
        from invanare.overview import oversikt_sektion_register
        from vardportalen.demo.steps import DEMO_STEPS

        oversikt_sektion_register(nyckel="ombud", ordning=5)(ombud_oversikt_sektion)
        from invanare.banner import patientbanner_markeringar
        from vardportalen.komponenter import PATIENTBANNER_MARKERINGAR

        if patientbanner_markeringar not in PATIENTBANNER_MARKERINGAR:
            PATIENTBANNER_MARKERINGAR.append(patientbanner_markeringar)
        from invanare.demo import ombud_demo

        if not any(name == "Ombud, blockeringar och spärrar" for name, _ in DEMO_STEPS):
            DEMO_STEPS.append(("Ombud, blockeringar och spärrar", ombud_demo))
