from django.urls import path

from video import deltagare_views, views

app_name = "video"
urlpatterns = [
    path("", views.lista, name="lista"),
    path("nytt/", views.nytt, name="nytt"),
    path("bokning/<int:bokning_id>/", views.fran_bokning, name="fran_bokning"),
    path("<int:mote_id>/", views.rum, name="rum"),
    path("<int:mote_id>/panel/", views.panel, name="panel"),
    path("<int:mote_id>/anslut/", views.anslut, name="anslut"),
    path("<int:mote_id>/deltagare/<int:deltagare_id>/slapp-in/", views.slapp_in, name="slapp_in"),
    path("<int:mote_id>/deltagare/<int:deltagare_id>/ta-bort/", views.ta_bort, name="ta_bort"),
    path("<int:mote_id>/deltagare/<int:deltagare_id>/stang-av-ljud/", views.tysta, name="tysta"),
    path("<int:mote_id>/gastlank/", views.gastlank, name="gastlank"),
    path("<int:mote_id>/gastlank/<int:gastlank_id>/aterkalla/", views.gastlank_aterkalla, name="gastlank_aterkalla"),
    path("<int:mote_id>/avsluta/", views.avsluta, name="avsluta"),
    # the participant's side (citizen, proxy, guest): no staff login, a join token or a guest link instead
    path("delta/<int:mote_id>/", deltagare_views.sida, name="delta"),
    path("delta/<int:mote_id>/in/", deltagare_views.in_, name="delta_in"),
    path("delta/<int:mote_id>/status/", deltagare_views.status, name="delta_status"),
    path("delta/<int:mote_id>/lamna/", deltagare_views.lamna, name="delta_lamna"),
    path("gast/<str:token>/", deltagare_views.gast, name="gast"),
]
