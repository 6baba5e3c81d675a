from django.urls import path

from erbjudanden import views

app_name = "erbjudanden"
urlpatterns = [
    path("", views.index, name="index"),
    path("ny/", views.ny, name="ny"),
    path("<int:erbjudande_id>/", views.detalj, name="detalj"),
    path("<int:erbjudande_id>/skicka/", views.skicka, name="skicka"),
]
