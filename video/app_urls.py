from django.urls import path

from video import app_api

app_name = "video_app"
urlpatterns = [
    path("", app_api.moten, name="moten"),
    path("<int:mote_id>/anslut/", app_api.anslut, name="anslut"),
]
