from django.http import HttpResponse


def loggkontroll(request):  # placeholder until the log review page lands
    return HttpResponse("Loggkontroll")
