"""The citizen app's API for bokning (mounted under /api/app/v1/bokning/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path

from bokning import app_views

app_name = "app_bokning"
urlpatterns = [
    path("", app_views.bokningar, name="bokningar"),
    path("tidstyper/", app_views.tidstyper, name="tidstyper"),
    path("lediga-tider/", app_views.lediga_tider, name="lediga_tider"),
    path("<int:bokning_id>/avboka/", app_views.avboka, name="avboka"),
    path("<int:bokning_id>/halsodeklaration/", app_views.halsodeklaration, name="halsodeklaration"),
]
