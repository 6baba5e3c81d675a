"""Read-mostly admin for system administration. Bookings hold citizens' data: read only here, changed through services."""
from django.contrib import admin

from bokning.models import Bokning, Resurs, Schemarad, Tid, Tidbok, Tidstyp, Vaccination
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin


@admin.register(Tidstyp)
class TidstypAdmin(admin.ModelAdmin):
    list_display = ["namn", "kod", "langd_minuter", "bokningsbar_i_app", "dold", "video", "kraver_halsodeklaration", "aktiv"]
    list_filter = ["dold", "vaccination", "aktiv"]


@admin.register(Tidbok)
class TidbokAdmin(admin.ModelAdmin):
    list_display = ["namn", "vardenhet", "gemensam"]
    filter_horizontal = ["deltagande_enheter"]


@admin.register(Resurs)
class ResursAdmin(admin.ModelAdmin):
    list_display = ["namn", "typ", "vardenhet"]
    list_select_related = ["vardenhet"]


@admin.register(Schemarad)
class SchemaradAdmin(admin.ModelAdmin):
    list_display = ["tidbok", "vardenhet", "veckodag", "fran_klockan", "till_klockan", "tidstyp", "resurs"]


@admin.register(Tid)
class TidAdmin(admin.ModelAdmin):
    list_display = ["start", "tidstyp", "vardenhet", "resurs", "bokade", "kapacitet"]
    list_select_related = ["tidstyp", "vardenhet", "resurs"]
    readonly_fields = ["bokade"]
    raw_id_fields = ["tidbok", "vardenhet", "resurs"]
    date_hierarchy = "start"


class LasbarAdmin(admin.ModelAdmin):
    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class LoggadLasbarAdmin(AtkomstloggAdminMixin, LasbarAdmin):
    """A booking's pages show the citizen (by its name): each read is logged like the portal's."""

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]


@admin.register(Bokning)
class BokningAdmin(LoggadLasbarAdmin):
    atkomstlogg_vad = "admin: bokning"
    list_display = ["pk", "status", "bokad_av", "vardenhet", "bokad_tidpunkt"]
    list_filter = ["status", "bokad_av"]
    list_select_related = ["vardenhet", "invanare"]  # the change list logs every row's citizen
    exclude = ["invanare", "bokad_av_invanare"]


@admin.register(Vaccination)
class VaccinationAdmin(LoggadLasbarAdmin):
    atkomstlogg_vad = "admin: vaccination"
    list_display = ["pk", "produkt", "batchnummer", "dos", "stalle", "vardenhet", "given_tidpunkt"]
    list_select_related = ["vardenhet", "invanare"]
    exclude = ["invanare"]
