# Placeholder until the card login lands.
from django.contrib.auth import logout
from django.http import HttpResponse
from django.shortcuts import redirect

from vardportalen.middleware import public, without_commission


@public
def login_page(request):
    return HttpResponse("Inloggning")


@without_commission
def valj_uppdrag(request):
    return HttpResponse("Välj uppdrag")


@public
def logout_view(request):
    logout(request)
    return redirect("siths:login")
