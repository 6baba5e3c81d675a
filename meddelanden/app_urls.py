"""The citizen app's API for meddelanden (mounted under /api/app/v1/meddelanden/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path  # noqa: F401

app_name = "app_meddelanden"
urlpatterns: list = []
