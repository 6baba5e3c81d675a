from django.contrib import admin
from django.urls import include, path

from vardportalen import views

APP_API_PREFIX = "api/app/v1/"

admin.site.site_header = "Vårdportalen – administration"
admin.site.site_title = "Vårdportalen"
admin.site.login = views.admin_login  # admins log in with their card like everyone else

urlpatterns = [
    path("", views.bevakning, name="bevakning"),
    path("halsa/", views.health, name="health"),
    path("inloggning/", include("vardportalen.siths.urls")),
    path("atkomstlogg/", include("vardportalen.accesslog.urls")),
    path("invanare/", include("invanare.urls")),
    path("forlossning/", include("forlossning.urls")),
    path("edokument/", include("edokument.urls")),
    path("meddelanden/", include("meddelanden.urls")),
    path("bokning/", include("bokning.urls")),
    path("notiser/", include("notiser.urls")),
    path("hanvisning/", include("hanvisning.urls")),
    # The citizen app's JSON API (token auth, invanare.app_api.auth.app_api on every view).
    path(f"{APP_API_PREFIX}", include("invanare.app_api.urls")),
    path(f"{APP_API_PREFIX}forlossning/", include("forlossning.app_urls")),
    path(f"{APP_API_PREFIX}dokument/", include("edokument.app_urls")),
    path(f"{APP_API_PREFIX}meddelanden/", include("meddelanden.app_urls")),
    path(f"{APP_API_PREFIX}bokning/", include("bokning.app_urls")),
    path(f"{APP_API_PREFIX}notiser/", include("notiser.app_urls")),
    # The citizen web (Alltid öppet in a browser): citizen sessions, alltidoppet.session.medborgarsida on every view.
    path("alltidoppet/", include("alltidoppet.urls")),
    path("admin/", admin.site.urls),
]
