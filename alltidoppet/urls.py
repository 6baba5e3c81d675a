from django.urls import path

from alltidoppet import (
    bokning_views,
    erbjudanden_video_views,
    forlossning_views,
    installningar_views,
    meddelanden_views,
    views,
)

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
    path("meddelanden/nytt/", meddelanden_views.ny, name="meddelande_ny"),
    path("meddelanden/<int:konversation_id>/", meddelanden_views.konversation, name="konversation"),
    path("bokningar/", bokning_views.lista, name="bokningar"),
    path("bokningar/sok/", bokning_views.sok, name="bokning_sok"),
    path("bokningar/boka/<int:tid_id>/", bokning_views.boka, name="bokning_boka"),
    path("bokningar/<int:bokning_id>/avboka/", bokning_views.avboka, name="bokning_avboka"),
    path("bokningar/<int:bokning_id>/halsodeklaration/", bokning_views.halsodeklaration,
         name="bokning_halsodeklaration"),
    path("forlossning/", forlossning_views.forlossning, name="forlossning"),
    path("erbjudanden/", erbjudanden_video_views.erbjudanden, name="erbjudanden"),
    path("erbjudanden/<int:mottagare_id>/", erbjudanden_video_views.erbjudande, name="erbjudande"),
    path("video/", erbjudanden_video_views.video, name="video"),
    path("video/<int:mote_id>/anslut/", erbjudanden_video_views.video_anslut, name="video_anslut"),
    path("installningar/", installningar_views.installningar, name="installningar"),
    path("installningar/avregistrera/", installningar_views.avregistrera, name="avregistrera"),
    path("agera-for/", views.agera_for, name="agera_for"),
]
