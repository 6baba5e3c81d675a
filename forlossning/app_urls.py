"""The citizen app's API for forlossning (mounted under /api/app/v1/forlossning/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path  # noqa: F401

app_name = "app_forlossning"
urlpatterns: list = []
