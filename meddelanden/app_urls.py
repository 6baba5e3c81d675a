"""The citizen app's API for meddelanden (mounted under /api/app/v1/meddelanden/; every view uses invanare.app_api.auth.app_api)."""
from django.urls import path

from meddelanden import app_views

app_name = "app_meddelanden"
urlpatterns = [
    path("", app_views.konversationer, name="konversationer"),
    path("<int:konversation_id>/", app_views.konversation, name="konversation"),
    path("<int:konversation_id>/meddelanden/", app_views.skriv, name="skriv"),
    path("enheter/<int:vardenhet_id>/", app_views.far_starta_med, name="far_starta"),
    path("bilagor/<int:bilaga_id>/", app_views.bilaga, name="bilaga"),
]
