from django.urls import path

from notiser import app_views

app_name = "notiser_app"
urlpatterns = [
    path("enheter/", app_views.enheter, name="enheter"),
    path("enheter/avregistrera/", app_views.enhet_avregistrera, name="enhet_avregistrera"),
    path("val/", app_views.val, name="val"),
]
