"""The citizen app's API for edokument (mounted under /api/app/v1/dokument/; every view uses app_api)."""
from django.urls import path

from edokument import app_views

app_name = "app_edokument"
urlpatterns = [
    path("", app_views.dokument_lista, name="lista"),
    path("<int:dokument_id>/", app_views.dokument_oppna, name="oppna"),
    path("<int:dokument_id>/bilagor/<int:bilaga_id>/", app_views.bilaga_hamta, name="bilaga"),
]
