from django.urls import path

from notiser.sms import views as sms_views

app_name = "notiser"
urlpatterns = [
    path("sms/", sms_views.utkorg, name="sms_utkorg"),
]
