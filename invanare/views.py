from django.http import HttpResponse


def sok(request):  # placeholder until citizen search lands
    return HttpResponse("Sök invånare")
