from django.urls import path

from invanare.app_api import views

app_name = "app_api"
urlpatterns = [
    path("inloggning/", views.inloggning, name="inloggning"),
    path("jag/", views.jag, name="jag"),
    path("agera-for/", views.agera_for, name="agera_for"),
    path("utloggning/", views.utloggning, name="utloggning"),
]
