from django.urls import path

from invanare import hotbild_views, ombud_views, views

app_name = "invanare"
urlpatterns = [
    path("", views.sok, name="sok"),
    path("vardrelation/", views.vardrelation_ny, name="vardrelation_ny"),
    path("<int:invanare_id>/", views.profil, name="profil"),
    path("<int:invanare_id>/ombud/", ombud_views.ombud, name="ombud"),
    path("<int:invanare_id>/ombud/blockering/", ombud_views.blockering, name="ombud_blockering"),
    path("<int:invanare_id>/ombud/historik/", ombud_views.historik, name="ombud_historik"),
    path("<int:invanare_id>/sparr/", ombud_views.sparr, name="konto_sparr"),
    path("<int:invanare_id>/hotbild/", hotbild_views.hotbild, name="hotbild"),
]
