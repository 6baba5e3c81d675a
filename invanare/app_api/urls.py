from django.urls import path

from invanare.app_api import konto, views, villkor

app_name = "app_api"
urlpatterns = [
    path("inloggning/", views.inloggning, name="inloggning"),
    path("jag/", views.jag, name="jag"),
    path("agera-for/", views.agera_for, name="agera_for"),
    path("person/", views.person, name="person"),
    path("utloggning/", views.utloggning, name="utloggning"),
    path("konto/avregistrera/", konto.avregistrera, name="konto_avregistrera"),
    path("villkor/", villkor.villkor, name="villkor"),
    path("villkor/godkann/", villkor.godkann, name="villkor_godkann"),
]
