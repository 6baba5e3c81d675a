from django.contrib import admin

from notiser.models import SmsUtgaende
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin


@admin.register(SmsUtgaende)
class SmsUtgaendeAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: utgående SMS"
    list_display = ("skapad", "syfte", "status", "forsok", "nasta_forsok", "skickad")
    list_filter = ("status", "syfte")
    list_select_related = ("invanare",)  # the change list logs every row's citizen
    search_fields = ("idempotensnyckel",)
    raw_id_fields = ("invanare",)
    readonly_fields = [f.name for f in SmsUtgaende._meta.fields if f.name != "status"]

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]

    def has_add_permission(self, request):
        return False
