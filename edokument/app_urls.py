"""The citizen app's API for edokument (mounted under /api/app/v1/edokument/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path  # noqa: F401

app_name = "app_edokument"
urlpatterns: list = []
