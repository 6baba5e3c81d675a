"""Admin for units, staff and commissions; the access log and login events are read-only."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from vardportalen.accesslog.identitet import OgiltigIdentitet, tolka
from vardportalen.accesslog.services import Handelse, Utfall, atkomst_logga
from vardportalen.models import Atkomstlogg, Inloggningshandelse, Medarbetare, Medarbetaruppdrag, Roll, Vardenhet, roll_namn
from vardportalen.formfalt import begransad_formfalt

KONTAKTKORT_GRANSER = {"yttre_fardvag": 1024, "inre_fardvag": 1024, "om_oss": 2048}


class VardenhetAdminForm(forms.ModelForm):
    class Meta:
        formfield_callback = begransad_formfalt
        model = Vardenhet
        fields = "__all__"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, limit in KONTAKTKORT_GRANSER.items():
            field = self.fields[name]
            field.widget.attrs.update({"maxlength": limit, "rows": 5})
            field.help_text = _("Visas på enhetens kontaktkort. Högst %(n)d tecken.") % {"n": limit}


class MedarbetaruppdragInline(admin.TabularInline):
    model = Medarbetaruppdrag
    extra = 0
    fields = ("vardenhet", "roll", "giltig_fran", "giltig_till")
    autocomplete_fields = ("vardenhet",)


@admin.register(Vardenhet)
class VardenhetAdmin(admin.ModelAdmin):
    form = VardenhetAdminForm
    list_display = ("namn", "hsa_id", "typ", "ort", "aktiv")
    list_filter = ("typ", "aktiv")
    search_fields = ("namn", "hsa_id", "ort")
    fieldsets = (
        (None, {"fields": ("hsa_id", "namn", "typ", "aktiv")}),
        (_("Besöksadress"), {"fields": ("gatuadress", "postnummer", "ort", "telefon", "lat", "lon")}),
        (_("Kontaktkort"), {"fields": ("yttre_fardvag", "inre_fardvag", "om_oss")}),
    )


@admin.register(Medarbetare)
class MedarbetareAdmin(admin.ModelAdmin):
    """Staff log in with their SITHS card only: no password fields, and new staff get an unusable password."""

    list_display = ("hsa_id", "efternamn", "fornamn", "yrke", "is_active", "is_staff")
    list_filter = ("is_active", "is_staff", "is_superuser")
    search_fields = ("hsa_id", "efternamn", "fornamn", "epost")
    ordering = ("efternamn", "fornamn")
    fieldsets = (
        (None, {"fields": ("hsa_id", "fornamn", "efternamn", "epost", "yrke", "is_active")}),
        (_("Administration"), {"fields": ("is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Historik"), {"fields": ("skapad", "last_login")}),
    )
    readonly_fields = ("skapad", "last_login")
    filter_horizontal = ("groups", "user_permissions")
    inlines = (MedarbetaruppdragInline,)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()
        super().save_model(request, obj, form, change)


@admin.register(Medarbetaruppdrag)
class MedarbetaruppdragAdmin(admin.ModelAdmin):
    list_display = ("medarbetare", "vardenhet", "roll", "giltig_fran", "giltig_till")
    list_filter = ("roll", "vardenhet__typ")
    list_select_related = ("medarbetare", "vardenhet")
    search_fields = ("medarbetare__hsa_id", "medarbetare__efternamn", "vardenhet__namn", "vardenhet__hsa_id")
    autocomplete_fields = ("medarbetare", "vardenhet")


class ReadOnlyAdmin(admin.ModelAdmin):
    """Rows that are evidence: viewable, never added, changed or deleted through the admin."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class RollFilter(admin.SimpleListFilter):
    """The log keeps the role's code; the filter shows its name."""

    title = _("roll")
    parameter_name = "roll"

    def lookups(self, request, model_admin):
        return Roll.choices

    def queryset(self, request, queryset):
        return queryset.filter(roll=self.value()) if self.value() else queryset


@admin.register(Atkomstlogg)
class AtkomstloggAdmin(ReadOnlyAdmin):
    list_display = (
        "tidpunkt", "medarbetare_hsa_id", "medarbetare_namn", "vardenhet_namn", "roll_visning",
        "invanare_identitet", "handelse", "utfall", "vad",
    )
    list_filter = ("handelse", "utfall", RollFilter)
    date_hierarchy = "tidpunkt"
    search_fields = ("=medarbetare_hsa_id", "=vardenhet_hsa_id", "=invanare_identitet", "=request_id")
    show_full_result_count = False

    @admin.display(description=_("roll"), ordering="roll")
    def roll_visning(self, obj):
        return roll_namn(obj.roll)

    def get_search_results(self, request, queryset, search_term):
        """Searching for a citizen's identity number parses it like everywhere else, and is logged:
        looking at who read a citizen's data is itself a read of that citizen's data."""
        try:
            ident = tolka(search_term)
        except OgiltigIdentitet:
            return super().get_search_results(request, queryset, search_term)
        atkomst_logga(
            aktor=request,
            identitet=ident,
            handelse=Handelse.LASNING,
            utfall=Utfall.TILLATEN,
            vad="admin: åtkomstlogg",
            detalj="Sökte i åtkomstloggen på invånarens identitetsnummer.",
        )
        return queryset.filter(invanare_id_typ=ident.typ, invanare_identitet=ident.nummer), False


@admin.register(Inloggningshandelse)
class InloggningshandelseAdmin(ReadOnlyAdmin):
    list_display = ("tidpunkt", "utfall", "orsak", "metod", "hsa_id", "ip", "certifikat_serienummer")
    list_filter = ("utfall", "metod", "orsak")
    date_hierarchy = "tidpunkt"
    search_fields = ("=hsa_id", "=certifikat_serienummer", "=request_id")

