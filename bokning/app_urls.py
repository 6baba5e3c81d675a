"""The citizen app's API for bokning (mounted under /api/app/v1/bokning/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path  # noqa: F401

app_name = "app_bokning"
urlpatterns: list = []
