"""The citizen app's API for forlossning (mounted under /api/app/v1/forlossning/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path

from forlossning import app_views

app_name = "app_forlossning"
urlpatterns = [
    path("", app_views.forlossning, name="graviditet"),
    path("onskemal/", app_views.onskemal, name="onskemal"),
]
