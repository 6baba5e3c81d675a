from django.urls import path

from vardportalen.accesslog import views

app_name = "atkomstlogg"
urlpatterns = [path("", views.loggkontroll, name="loggkontroll")]
