from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from notiser.models import PushUtgaende, SmsUtgaende
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin


@admin.register(SmsUtgaende)
class SmsUtgaendeAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: utgående SMS"
    list_display = ("skapad", "syfte", "status", "forsok", "nasta_forsok", "skickad")
    list_filter = ("status", "syfte")
    list_select_related = ("invanare",)  # the change list logs every row's citizen
    search_fields = ("idempotensnyckel",)
    raw_id_fields = ("invanare",)
    readonly_fields = [f.name for f in SmsUtgaende._meta.fields if f.name not in ("status", "mobilnummer")] + [
        "mottagarnummer"]

    def get_fields(self, request, obj=None):
        """The number is stored for sending, but shown through ``mottagarnummer``, which masks a protected
        citizen's (issue 13, finding 3): protected phone numbers are shown on no admin page."""
        return [("mottagarnummer" if f == "mobilnummer" else f) for f in super().get_fields(request, obj)
                if f != "mottagarnummer"]

    @admin.display(description=_("mobilnummer"))
    def mottagarnummer(self, obj):
        if obj is None:
            return ""
        if obj.skyddad_bekraftad or (obj.invanare is not None and obj.invanare.skydd_eller_hotbild):
            return _("Skyddade personuppgifter: visas inte.")
        return obj.mobilnummer

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]

    def has_add_permission(self, request):
        return False


@admin.register(PushUtgaende)
class PushUtgaendeAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: utgående pushnotiser"
    list_display = ("skapad", "syfte", "status", "forsok", "nasta_forsok", "skickad")
    list_filter = ("status", "syfte")
    list_select_related = ("invanare",)
    search_fields = ("idempotensnyckel",)
    raw_id_fields = ("invanare", "enhet")
    readonly_fields = [f.name for f in PushUtgaende._meta.fields if f.name != "status"]

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]

    def has_add_permission(self, request):
        return False
