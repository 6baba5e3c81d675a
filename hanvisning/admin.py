"""Admin of hanvisning: the region's care missions, care forms, units' hours; content versions with the
review and publish actions (by permission). Content rows of a version are read-only here: content changes
only by importing a new version."""
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from hanvisning import services
from hanvisning.models import (
    Enhetsuppdrag,
    Hanvisning,
    Hanvisningsregel,
    Innehallsversion,
    Oppettid,
    OppettidUndantag,
    Symptom,
    Vardform,
    Vardupdrag,
)
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin


@admin.register(Vardupdrag)
class VardupdragAdmin(admin.ModelAdmin):
    list_display = ("kod", "namn")
    search_fields = ("kod", "namn")


@admin.register(Vardform)
class VardformAdmin(admin.ModelAdmin):
    list_display = ("kod", "namn", "ar_radgivning")
    search_fields = ("kod", "namn")


class OppettidInline(admin.TabularInline):
    model = Oppettid
    extra = 0


class UndantagInline(admin.TabularInline):
    model = OppettidUndantag
    extra = 0


@admin.register(Enhetsuppdrag)
class EnhetsuppdragAdmin(admin.ModelAdmin):
    list_display = ("vardenhet", "tidstyp_kod")
    list_select_related = ("vardenhet",)
    search_fields = ("vardenhet__namn", "vardenhet__hsa_id")
    autocomplete_fields = ("vardenhet",)
    filter_horizontal = ("vardformer",)
    inlines = [OppettidInline, UndantagInline]


class LasbarAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Symptom)
class SymptomAdmin(LasbarAdmin):
    list_display = ("namn", "kod", "kroppsomrade", "version")
    list_filter = ("version", "kroppsomrade")
    list_select_related = ("version",)
    search_fields = ("namn", "kod", "synonymer__text")


@admin.register(Hanvisningsregel)
class HanvisningsregelAdmin(LasbarAdmin):
    list_display = ("kod", "vardupdrag", "alder_fran", "alder_till", "fran_minut", "till_minut", "vardform", "prioritet", "version")
    list_filter = ("version", "vardupdrag")
    list_select_related = ("version", "vardform")


@admin.register(Hanvisning)
class HanvisningAdmin(AtkomstloggAdminMixin, LasbarAdmin):
    atkomstlogg_vad = "admin: hänvisning"
    list_display = ("tidpunkt", "symptom", "bradskegrad", "foreslagen_vardform", "vald_vardform", "vardenhet", "version")
    list_select_related = ("symptom", "foreslagen_vardform", "vald_vardform", "vardenhet", "version")
    list_filter = ("bradskegrad", "version")
    raw_id_fields = ("invanare",)

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare] if obj.invanare_id else []


@admin.register(Innehallsversion)
class InnehallsversionAdmin(admin.ModelAdmin):
    list_display = ("nummer", "beteckning", "status", "demo", "importerad", "granskad_av", "publicerad")
    list_filter = ("status", "demo")
    readonly_fields = [f.name for f in Innehallsversion._meta.fields]
    actions = ["godkann", "publicera"]

    def has_add_permission(self, request):
        return False  # content arrives by import (manage.py hanvisning_import)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Godkänn medicinskt (medicinskt ansvarig)"), permissions=["granska"])
    def godkann(self, request, queryset):
        self._kor(request, queryset, lambda v: services.version_granska(
            version=v, granskare_hsa_id=request.user.hsa_id, godkand=True, kommentar="Godkänd i administrationen"))

    @admin.action(description=_("Publicera granskad version"), permissions=["publicera"])
    def publicera(self, request, queryset):
        self._kor(request, queryset, lambda v: services.version_publicera(version=v, hsa_id=request.user.hsa_id))

    def _kor(self, request, queryset, gor):
        for v in queryset:
            try:
                gor(v)
            except ValidationError as e:
                self.message_user(request, f"{v}: {' '.join(e.messages)}", messages.ERROR)
            else:
                self.message_user(request, _("%(v)s är klar.") % {"v": v}, messages.SUCCESS)

    def has_granska_permission(self, request):
        return request.user.has_perm("hanvisning.granska_innehallsversion")

    def has_publicera_permission(self, request):
        return request.user.has_perm("hanvisning.publicera_innehallsversion")
