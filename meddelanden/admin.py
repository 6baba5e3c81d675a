from django.contrib import admin

from meddelanden.models import Svarsmall


@admin.register(Svarsmall)
class SvarsmallAdmin(admin.ModelAdmin):
    """Region-wide administration of templates (staff use the Svarsmallar page, scoped to their unit)."""

    list_display = ("titel", "vardenhet", "agare", "andrad")
    search_fields = ("titel", "text")
    list_filter = ("vardenhet",)
