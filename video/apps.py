from django.apps import AppConfig


class VideoConfig(AppConfig):
    name = "video"
    verbose_name = "Videomöten"

    def ready(self):
        from invanare.overview import oversikt_sektion_register
        from video import hooks

        oversikt_sektion_register(nyckel="video", ordning=25)(hooks.oversikt_video)
