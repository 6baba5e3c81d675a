from django.urls import include, path

from meddelanden import views

app_name = "meddelanden"
urlpatterns = [
    path("", views.inkorg, name="inkorg"),
    path("nytt/", views.nytt, name="nytt"),
    path("<int:konversation_id>/", views.konversation, name="konversation"),
    path("<int:konversation_id>/svara/", views.svara, name="svara"),
    path("<int:konversation_id>/tilldela/", views.tilldela, name="tilldela"),
    path("<int:konversation_id>/hanterad/", views.hanterad, name="hanterad"),
    path("<int:konversation_id>/avsluta/", views.stang, name="stang"),
    path("<int:konversation_id>/mall/<int:mall_id>/", views.mall_infoga, name="mall_infoga"),
    path("bilaga/<int:bilaga_id>/", views.bilaga, name="bilaga"),
    path("ny/<int:invanare_id>/", views.ny, name="ny"),
    path("svarsmallar/", views.svarsmallar, name="svarsmallar"),
    path("svarsmallar/<int:mall_id>/ta-bort/", views.svarsmall_ta_bort, name="svarsmall_ta_bort"),
    path("kriterier/", include("invanare.kriterier.urls")),
]
