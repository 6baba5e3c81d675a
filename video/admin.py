"""Read-only admin for operators: meetings, their audit and guest links. Meetings hold citizens' data: no citizen,
no token and no Janus credential is shown here; everything changes through the services and the staff pages."""
from django.contrib import admin

from video.models import Gastlank, Motehandelse, Videomote


class LasbarMixin:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class HandelseInline(LasbarMixin, admin.TabularInline):
    model = Motehandelse
    fields = ["tidpunkt", "typ", "roll", "utford_av_hsa_id", "detalj"]
    readonly_fields = fields
    extra = 0


class GastlankInline(LasbarMixin, admin.TabularInline):
    model = Gastlank
    fields = ["beskrivning", "skapad", "giltig_till", "anvand", "aterkallad"]
    readonly_fields = fields
    extra = 0


@admin.register(Videomote)
class VideomoteAdmin(LasbarMixin, admin.ModelAdmin):
    list_display = ["pk", "typ", "rubrik", "vardenhet", "start", "status"]
    list_filter = ["typ", "status"]
    list_select_related = ["vardenhet"]
    fields = ["typ", "rubrik", "vardenhet", "start", "slut", "status", "skapad", "avslutad", "janus_rum"]
    readonly_fields = fields
    inlines = [HandelseInline, GastlankInline]
    date_hierarchy = "start"
