from django.contrib import admin
from django.urls import include, path

from vardportalen import views

admin.site.site_header = "Vårdportalen – administration"
admin.site.site_title = "Vårdportalen"
admin.site.login = views.admin_login  # admins log in with their card like everyone else

urlpatterns = [
    path("", views.bevakning, name="bevakning"),
    path("halsa/", views.health, name="health"),
    path("inloggning/", include("vardportalen.siths.urls")),
    path("atkomstlogg/", include("vardportalen.accesslog.urls")),
    path("invanare/", include("invanare.urls")),
    path("admin/", admin.site.urls),
]
