from django.apps import AppConfig


class BokningConfig(AppConfig):
    name = "bokning"
    verbose_name = "Bokning"

    def ready(self):
        from bokning import hooks, selectors
        from invanare.besok import besok_provider_register
        from invanare.overview import oversikt_sektion_register
        from invanare.models import Invanare
        from vardportalen.accesslog.nekad import nekad_kalla_register
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        nekad_kalla_register(namnrymd="bokning", kwarg="bokning_id",
                             invanare_for=lambda pk: Invanare.objects.filter(bokningar__pk=pk))

        besok_provider_register(selectors.bokningar_som_besok)
        try:
            from invanare.dolja import dolda_bokningar_provider_register
        except ImportError:
            pass
        else:
            dolda_bokningar_provider_register(selectors.dolda_bokningar)
        oversikt_sektion_register(nyckel="bokningar")(hooks.oversikt_bokningar)
        if hooks.bevakning_dagens_bokningar not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(hooks.bevakning_dagens_bokningar)
        self._register_demo()

    def _register_demo(self):
        try:
            from bokning.demo import demo_bokning
        except ImportError:
            return
        from vardportalen.demo.steps import DEMO_STEPS

        if not any(name == "bokning" for name, _ in DEMO_STEPS):
            DEMO_STEPS.append(("bokning", demo_bokning))
