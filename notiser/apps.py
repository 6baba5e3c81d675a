from django.apps import AppConfig


class NotiserConfig(AppConfig):
    name = "notiser"
    verbose_name = "Notiser"

    def ready(self):
        from django.db.models.signals import pre_delete

        from notiser.models import PushEnhet
        from notiser.push.services import push_enhet_borttagen

        pre_delete.connect(push_enhet_borttagen, sender=PushEnhet, dispatch_uid="notiser.push_enhet_borttagen")
        from notiser.push.bevakning import push_panel
        from notiser.sms.bevakning import sms_panel
        from vardportalen.selectors import BEVAKNING_PROVIDERS

        for panel in (sms_panel, push_panel):
            if panel not in BEVAKNING_PROVIDERS:
                BEVAKNING_PROVIDERS.append(panel)
        from notiser import demo
        from vardportalen.demo.steps import DEMO_STEPS

        if not any(namn == demo.STEG for namn, _f in DEMO_STEPS):
            DEMO_STEPS.append((demo.STEG, demo.notiser_demo))
