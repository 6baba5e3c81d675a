from django.urls import path

from bokning import views

app_name = "bokning"
urlpatterns = [
    path("", views.tidbok, name="tidbok"),
    path("bokning/<int:bokning_id>/", views.bokning_detalj, name="bokning"),
    path("bokning/<int:bokning_id>/avboka/", views.avboka, name="avboka"),
    path("bokning/<int:bokning_id>/flytta/", views.flytta, name="flytta"),
    path("bokning/<int:bokning_id>/utfall/", views.utfall, name="utfall"),
    path("bokning/<int:bokning_id>/vaccination/", views.vaccination, name="vaccination"),
    path("invanare/<int:invanare_id>/boka/", views.boka_for_invanare, name="boka"),
    path("invanare/<int:invanare_id>/bokningar/", views.invanare_bokningar, name="invanare_bokningar"),
    path("schema/", views.schema, name="schema"),
    path("administration/", views.administration, name="administration"),
    path("administration/tidstyp/<int:tidstyp_id>/", views.tidstyp_andra, name="tidstyp"),
    path("administration/enhet/<int:vardenhet_id>/", views.enhet_andra, name="enhet"),
]
