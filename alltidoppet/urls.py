from django.urls import path

from alltidoppet import meddelanden_views, views

app_name = "alltidoppet"
urlpatterns = [
    path("", views.start, name="start"),
    path("inloggning/", views.inloggning, name="inloggning"),
    path("inloggning/e-legitimation/", views.eid_start, name="eid_start"),
    path("inloggning/retur/", views.eid_retur, name="eid_retur"),
    path("inloggning/demo/", views.demo_inloggning, name="demo_inloggning"),
    path("utloggning/", views.utloggning, name="utloggning"),
    path("villkor/", views.villkor, name="villkor"),
    path("dokument/", views.dokument_lista, name="dokument_lista"),
    path("dokument/<int:dokument_id>/", views.dokument_oppna, name="dokument"),
    path("dokument/<int:dokument_id>/bilagor/<int:bilaga_id>/", views.bilaga_hamta, name="bilaga"),
    path("meddelanden/", meddelanden_views.lista, name="meddelanden"),
    path("meddelanden/<int:konversation_id>/", meddelanden_views.konversation, name="konversation"),
    path("agera-for/", views.agera_for, name="agera_for"),
]
