from django.contrib import admin

from invanare.kriterier.models import Diagnos, Kriterieuppsattning, Kriterium


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
class DiagnosAdmin(admin.ModelAdmin):
    """Diagnoses normally come from the record system; the admin is for corrections (region-wide, logged by Django)."""

    list_display = ("kod", "vardenhet", "datum")
    list_filter = ("vardenhet",)
    raw_id_fields = ("invanare",)
