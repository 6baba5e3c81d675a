from django.urls import path

from invanare import views

app_name = "invanare"
urlpatterns = [path("", views.sok, name="sok")]
