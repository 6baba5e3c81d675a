from django.urls import path

from forlossning import views

app_name = "forlossning"
urlpatterns = [
    path("", views.oversikt, name="oversikt"),
    path("invanare/<int:invanare_id>/", views.kvinna, name="kvinna"),
    path("invanare/<int:invanare_id>/registrera/", views.registrera, name="registrera"),
    path("invanare/<int:invanare_id>/bf/", views.bf_andra, name="bf"),
    path("invanare/<int:invanare_id>/onskemal/", views.onskemal, name="onskemal"),
    path("invanare/<int:invanare_id>/flytta/", views.flytta, name="flytta"),
    path("invanare/<int:invanare_id>/avsluta/", views.avsluta, name="avsluta"),
    path("klinik/<int:klinik_id>/", views.klinik, name="klinik"),
    path("klinik/<int:klinik_id>/<str:vecka>/", views.klinik, name="klinik_vecka"),
    path("kapacitet/", views.kapacitet, name="kapacitet"),
    path("korningar/", views.korningar, name="korningar"),
    path("korningar/<int:korning_id>/", views.korning, name="korning"),
]
