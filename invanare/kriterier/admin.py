from django.contrib import admin

from invanare.kriterier.models import Diagnos, Kriterieuppsattning, Kriterium
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin


class KriteriumInline(admin.TabularInline):
    model = Kriterium
    extra = 0


@admin.register(Kriterieuppsattning)
class KriterieuppsattningAdmin(admin.ModelAdmin):
    """Region-wide administration; a unit's system administrator uses the staff page scoped to the unit."""

    list_display = ("namn", "vardenhet", "syfte", "aktiv")
    list_filter = ("syfte", "aktiv")
    inlines = [KriteriumInline]


@admin.register(Diagnos)
class DiagnosAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    """Diagnoses normally come from the record system; the admin is for corrections (region-wide). A diagnosis
    is a citizen's data: every page of one is logged (AtkomstloggAdminMixin)."""

    atkomstlogg_vad = "admin: diagnos"
    list_display = ("kod", "vardenhet", "datum")
    list_select_related = ("vardenhet", "invanare")
    list_filter = ("vardenhet",)
    raw_id_fields = ("invanare",)

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]
