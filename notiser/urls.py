from django.urls import path

from notiser.push import views as push_views
from notiser.sms import views as sms_views

app_name = "notiser"
urlpatterns = [
    path("sms/", sms_views.utkorg, name="sms_utkorg"),
    path("push/", push_views.utkorg, name="push_utkorg"),
]
