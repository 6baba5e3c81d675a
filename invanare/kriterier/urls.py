from django.urls import path

from invanare.kriterier import views

app_name = "kriterier"
urlpatterns = [
    path("", views.index, name="index"),
    path("uppsattning/", views.uppsattning_ny, name="uppsattning_ny"),
    path("uppsattning/<int:uppsattning_id>/", views.uppsattning_andra, name="uppsattning_andra"),
    path("uppsattning/<int:uppsattning_id>/kriterium/", views.kriterium_ny, name="kriterium_ny"),
    path("kriterium/<int:kriterium_id>/ta-bort/", views.kriterium_ta_bort, name="kriterium_ta_bort"),
]
