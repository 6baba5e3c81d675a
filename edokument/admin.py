"""Letter templates, local exceptions and mailbox refusals (tacka nej), managed by the unit's system administrator (systemförvaltare).

A systemförvaltare sees and changes only her active commission's unit; other roles see nothing here.
Documents themselves are citizen data and are not in the admin (read them through the logged pages).
"""
from django.contrib import admin

from edokument.models import BrevladaAvbojd, Brevmall, LokaltUndantag
from invanare.admin import IdentitetsnummerSokMixin
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin
from vardportalen.models import Roll


def _uppdrag(request):
    return getattr(request, "uppdrag", None)


class EnhetensSystemforvaltareAdmin(admin.ModelAdmin):
    def _far(self, request) -> bool:
        if request.user.is_superuser:
            return True
        uppdrag = _uppdrag(request)
        return bool(request.user.is_staff and uppdrag is not None and uppdrag.roll == Roll.SYSTEMFORVALTARE)

    def has_module_permission(self, request):
        return self._far(request)

    def has_view_permission(self, request, obj=None):
        return self._far(request) and self._egen(request, obj)

    def has_add_permission(self, request):
        return self._far(request)

    def has_change_permission(self, request, obj=None):
        return self._far(request) and self._egen(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._far(request) and self._egen(request, obj)

    def _egen(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        uppdrag = _uppdrag(request)
        return uppdrag is not None and obj.vardenhet_id == uppdrag.vardenhet_id

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        uppdrag = _uppdrag(request)
        return qs.filter(vardenhet_id=uppdrag.vardenhet_id) if uppdrag else qs.none()

    def get_exclude(self, request, obj=None):
        return () if request.user.is_superuser else ("vardenhet",)

    def save_model(self, request, obj, form, change):
        if not request.user.is_superuser:
            obj.vardenhet_id = _uppdrag(request).vardenhet_id
        super().save_model(request, obj, form, change)


@admin.register(Brevmall)
class BrevmallAdmin(EnhetensSystemforvaltareAdmin):
    list_display = ("namn", "typ", "styrkod", "aktiv", "vardenhet")
    list_filter = ("typ", "aktiv")
    search_fields = ("namn", "styrkod")


@admin.register(LokaltUndantag)
class LokaltUndantagAdmin(EnhetensSystemforvaltareAdmin):
    list_display = ("__str__", "dokumenttyp", "brevmall", "anledning", "vardenhet")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "brevmall" and not request.user.is_superuser:
            uppdrag = _uppdrag(request)
            kwargs["queryset"] = Brevmall.objects.filter(vardenhet_id=uppdrag.vardenhet_id if uppdrag else None)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(BrevladaAvbojd)
class BrevladaAvbojdAdmin(IdentitetsnummerSokMixin, AtkomstloggAdminMixin, EnhetensSystemforvaltareAdmin):
    """Refusals from the tacka nej-webben (imported by ``manage.py tacka_nej_importera``): the unit's
    systemförvaltare sees her unit's, can register one the operator sent another way, or remove one the
    citizen withdrew. Every row names a citizen, so every page is access-logged."""

    atkomstlogg_vad = "admin: avböjd avsändare i digital brevlåda"
    list_display = ("invanare", "vardenhet", "skapad", "kalla", "importerad")
    list_select_related = ("invanare", "vardenhet")
    search_fields = ("=invanare__id_nummer",)
    raw_id_fields = ("invanare",)
    readonly_fields = ("importerad",)
    date_hierarchy = "skapad"

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]

    def save_model(self, request, obj, form, change):
        if not change and not obj.kalla:
            obj.kalla = f"Registrerad för hand av {request.user}"[:200]
        super().save_model(request, obj, form, change)
