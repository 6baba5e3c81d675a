from django.urls import path

from invanare import views

app_name = "invanare"
urlpatterns = [
    path("", views.sok, name="sok"),
    path("vardrelation/", views.vardrelation_ny, name="vardrelation_ny"),
    path("<int:invanare_id>/", views.profil, name="profil"),
]
