from django.urls import path

from edokument import views

app_name = "edokument"
urlpatterns = [
    path("utskriftslista/", views.utskriftslista, name="utskriftslista"),
    path("utskriftslista/<int:post_id>/beslut/", views.hallen_beslut, name="hallen_beslut"),
    path("utskrift/<int:omgang_id>/", views.omgang, name="omgang"),
    path("utskrift/<int:omgang_id>/pdf/", views.omgang_pdf, name="omgang_pdf"),
    path("utskrift/<int:omgang_id>/omtryck/", views.omtryck, name="omtryck"),
    path("invanare/<int:invanare_id>/", views.invanare_dokument, name="invanare_dokument"),
    path("invanare/<int:invanare_id>/skicka/", views.skicka, name="skicka"),
    path("dokument/<int:dokument_id>/", views.dokument, name="dokument"),
    path("dokument/<int:dokument_id>/bilagor/<int:bilaga_id>/", views.bilaga, name="bilaga"),
]
