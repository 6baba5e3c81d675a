"""The citizen app's API for targeted offers (mounted under /api/app/v1/erbjudanden/)."""
from django.urls import path

from erbjudanden import app_views

app_name = "app_erbjudanden"
urlpatterns = [
    path("", app_views.lista, name="lista"),
    path("<int:mottagare_id>/oppna/", app_views.oppna, name="oppna"),
    path("<int:mottagare_id>/boka/", app_views.boka, name="boka"),
    path("<int:mottagare_id>/avboj/", app_views.avboj, name="avboj"),
]
