from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"
    verbose_name = "Videomöten"

    def ready(self):
        from bokning.efter_bokning import efter_bokning_register
        from invanare.models import Invanare
        from invanare.overview import oversikt_sektion_register
        from vardportalen.accesslog.nekad import nekad_kalla_register
        from vardportalen.demo.steps import DEMO_STEPS
        from video import hooks, services
        from video.demo import STEG, video_demo
        from video.models import Deltagare

        efter_bokning_register(services.mote_for_bokning)
        if not any(namn == STEG for namn, _f in DEMO_STEPS):
            DEMO_STEPS.append((STEG, video_demo))
        oversikt_sektion_register(nyckel="video", ordning=25)(hooks.oversikt_video)
        nekad_kalla_register(namnrymd="video", kwarg="bokning_id",
                             invanare_for=lambda pk: Invanare.objects.filter(bokningar__pk=pk))
        nekad_kalla_register(namnrymd="video", kwarg="mote_id",
                             invanare_for=lambda pk: Invanare.objects.filter(pk__in=Deltagare.objects.filter(
                                 mote_id=pk, invanare__isnull=False).values("invanare_id")))
