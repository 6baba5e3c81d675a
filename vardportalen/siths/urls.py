from django.urls import path

from vardportalen.siths import views

app_name = "siths"
urlpatterns = [
    path("", views.login_page, name="login"),
    path("proxy/", views.proxy_login, name="proxy"),
    path("valj-uppdrag/", views.valj_uppdrag, name="valj_uppdrag"),
    path("logga-ut/", views.logout_view, name="logout"),
]
