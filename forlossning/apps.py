from django.apps import AppConfig


class ForlossningConfig(AppConfig):
    name = "forlossning"
    verbose_name = "Förlossning"

    def ready(self):
        from forlossning import bevakning, demo, oversikt  # noqa: F401 - registers the overview section
        from vardportalen.demo.steps import DEMO_STEPS
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        for provider in (bevakning.overbelaggning_panel, bevakning.prognos_panel):
            if provider not in BEVAKNING_PROVIDERS:
                BEVAKNING_PROVIDERS.append(provider)
        if not any(namn == demo.STEG for namn, _f in DEMO_STEPS):
            DEMO_STEPS.append((demo.STEG, demo.forlossning_demo))
