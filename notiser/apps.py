from django.apps import AppConfig


class NotiserConfig(AppConfig):
    name = "notiser"
    verbose_name = "Notiser"

    def ready(self):
        from notiser.sms.bevakning import sms_panel
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        if sms_panel not in BEVAKNING_PROVIDERS:
            BEVAKNING_PROVIDERS.append(sms_panel)
