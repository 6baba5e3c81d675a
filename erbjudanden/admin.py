from django.contrib import admin

from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin

from .models import Erbjudande, Mottagare
from .raknare import raknare_bygg


@admin.register(Erbjudande)
class ErbjudandeAdmin(admin.ModelAdmin):
    list_display = ("titel", "vardenhet", "atgard", "giltig_fran", "giltig_till", "status", "antal_behandlade", "antal_totalt")
    list_filter = ("status", "atgard")
    search_fields = ("titel",)
    readonly_fields = ("status", "antal_totalt", "antal_behandlade", "senaste_pk", "skickat_startat", "skickat_klart")
    actions = ["bygg_raknare"]

    @admin.action(description="Bygg om uppföljningens räknare från mottagarraderna")
    def bygg_raknare(self, request, queryset):
        for pk in queryset.values_list("pk", flat=True):
            raknare_bygg(pk)
        self.message_user(request, f"Räknarna är ombyggda för {queryset.count()} erbjudanden.")


@admin.register(Mottagare)
class MottagareAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    """A citizen's copy of an offer is her data: every page of one is logged (AtkomstloggAdminMixin)."""

    atkomstlogg_vad = "admin: erbjudande till invånare"
    list_display = ("erbjudande", "kanal", "status", "skickat")
    list_filter = ("status", "kanal")
    raw_id_fields = ("erbjudande", "invanare", "bokning")

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]
