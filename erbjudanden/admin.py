from django.contrib import admin

from .models import Erbjudande, Mottagare


@admin.register(Erbjudande)
class ErbjudandeAdmin(admin.ModelAdmin):
    list_display = ("titel", "vardenhet", "atgard", "giltig_fran", "giltig_till", "status", "antal_behandlade", "antal_totalt")
    list_filter = ("status", "atgard")
    search_fields = ("titel",)
    readonly_fields = ("status", "antal_totalt", "antal_behandlade", "senaste_pk", "skickat_startat", "skickat_klart")


@admin.register(Mottagare)
class MottagareAdmin(admin.ModelAdmin):
    # No citizen is shown in the list (no access-log row per list row): filter on the offer.
    list_display = ("erbjudande", "kanal", "status", "skickat")
    list_filter = ("status", "kanal")
    raw_id_fields = ("erbjudande", "invanare", "bokning")
