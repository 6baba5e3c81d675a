from django.urls import path

from hanvisning import views

app_name = "hanvisning"
urlpatterns = [
    path("", views.stod, name="stod"),
    path("registrera/", views.registrera, name="registrera"),
    path("invanare/<int:invanare_id>/", views.stod_invanare, name="stod_invanare"),
    path("invanare/<int:invanare_id>/registrera/", views.registrera_invanare, name="registrera_invanare"),
    path("uppfoljning/", views.uppfoljning, name="uppfoljning"),
    path("versioner/", views.versioner, name="versioner"),
]
