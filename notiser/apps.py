from django.apps import AppConfig


class NotiserConfig(AppConfig):
    name = "notiser"
    verbose_name = "Notiser"

    def ready(self):
        from notiser.sms.bevakning import sms_panel
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        if sms_panel not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(sms_panel)
        from notiser import demo
        from vardportalen.demo.steps import DEMO_STEPS

        if not any(namn == demo.STEG for namn, _f in DEMO_STEPS):
            DEMO_STEPS.append((demo.STEG, demo.notiser_demo))
