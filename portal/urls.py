from django.contrib import admin
from django.urls import include, path

from invanare.app_api.api import api_urls, bygg_api, okand_adress
from vardportalen import views

APP_API_PREFIX = "api/app/v1/"

APP_API = bygg_api({
    "forlossning/": "forlossning.app_views.router",
    "dokument/": "edokument.app_views.router",
    "meddelanden/": "meddelanden.app_views.router",
    "bokning/": "bokning.app_views.router",
    "notiser/": "notiser.app_views.router",
    "video/": "video.app_views.router",
    "erbjudanden/": "erbjudanden.app_views.router",
})

admin.site.site_header = "Vårdportalen – administration"
admin.site.site_title = "Vårdportalen"
admin.site.login = views.admin_login  # admins log in with their card like everyone else

handler400 = "vardportalen.felsidor.handler400"
handler403 = "vardportalen.felsidor.handler403"
handler404 = "vardportalen.felsidor.handler404"
handler500 = "vardportalen.felsidor.handler500"  # the database away: a 503 "försök igen", wherever raised

urlpatterns = [
    path("", views.bevakning, name="bevakning"),
    path("favicon.ico", views.favicon, name="favicon"),
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
    path("video/", include("video.urls")),
    # The citizen app's JSON API: django-ninja on declared schemas, AppAuth (token + far_agera) on every
    # operation but the login; each domain's router is named here, the composition root (docs/api.md).
    path(APP_API_PREFIX, api_urls(APP_API)),
    path(f"{APP_API_PREFIX}<path:rest>", okand_adress, name="app_api_okand_adress"),
    path("erbjudanden/", include("erbjudanden.urls")),
    # The citizen web (Alltid öppet in a browser): citizen sessions, alltidoppet.session.medborgarsida on every view.
    path("alltidoppet/", include("alltidoppet.urls")),
    path("admin/", admin.site.urls),
]
