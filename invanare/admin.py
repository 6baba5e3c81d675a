"""Admin for citizens, care relations, guardianship and postal codes. Every page that shows or changes a
citizen writes access-log rows (vardportalen/accesslog/adminlog.py)."""
from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from invanare.identitet import OgiltigtIdentitetsnummer, parse_identitetsnummer
from invanare.models import (
    Anvandarvillkor,
    Invanare,
    KandHotbild,
    Kontohistorik,
    Kontosparr,
    Ombud,
    OmbudBlockering,
    Postnummer,
    Vardnadshavarskap,
    Vardrelation,
)
from invanare.samtycke import villkor_publicera
from invanare.selectors import postnummer_get
from invanare.services import adress_fran_postnummer
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin
from vardportalen.formfalt import begransad_formfalt


class IdentitetsnummerSokMixin:
    """Admin search: staff type an identity number as they write it (ten or twelve digits, dash or plus), it is
    parsed like everywhere else and matched exactly; anything else falls back to the admin's own search.
    `identitet_falt` is the path to the citizen ("" on the citizen herself, "invanare__" on her rows)."""

    identitet_falt = "invanare__"

    def get_search_results(self, request, queryset, search_term):
        try:
            ident = parse_identitetsnummer(search_term)
        except OgiltigtIdentitetsnummer:
            return super().get_search_results(request, queryset, search_term)
        falt = self.identitet_falt
        return queryset.filter(**{f"{falt}id_typ": ident.typ, f"{falt}id_nummer": ident.nummer}), False


class InvanareAdminForm(forms.ModelForm):
    """The identity number goes through the same parser as everywhere else; the type follows from it."""

    id_nummer = forms.CharField(
        label=_("Identitetsnummer"),
        max_length=20,
        help_text=_("Personnummer, samordningsnummer eller reservnummer; 10 eller 12 siffror. Sparas med tolv siffror."),
    )

    class Meta:
        formfield_callback = begransad_formfalt
        model = Invanare
        fields = "__all__"
        widgets = {"id_typ": forms.HiddenInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "id_typ" in self.fields:
            self.fields["id_typ"].required = False
        self._identitet = None

    def clean_id_nummer(self):
        try:
            self._identitet = parse_identitetsnummer(self.cleaned_data["id_nummer"])
        except OgiltigtIdentitetsnummer as exc:
            raise ValidationError(str(exc)) from None
        return self._identitet.nummer

    def clean(self):
        data = super().clean()
        ident = self._identitet
        if ident is not None:
            data["id_typ"] = ident.typ
            if "fodelsedatum" in self.fields and not data.get("fodelsedatum"):
                data["fodelsedatum"] = ident.fodelsedatum
            if "kon" in self.fields and not data.get("kon"):
                data["kon"] = ident.kon
        if "postnummer" in self.fields and "postnummer" in self.changed_data and not data.get("postnummer"):
            for falt in ("ort", "kommunkod", "kommun"):
                setattr(self.instance, falt, "")
            self.instance.lat = self.instance.lon = None
        elif "postnummer" in self.fields and "postnummer" in self.changed_data:
            try:
                post = postnummer_get(postnummer=data["postnummer"])
            except ValidationError as exc:
                self.add_error("postnummer", exc.message_dict["postnummer"])
            else:
                adress_fran_postnummer(self.instance, post)
                data["postnummer"] = post.postnummer
        return data


class VardrelationInline(admin.TabularInline):
    model = Vardrelation
    extra = 0
    fields = ("vardenhet", "fran", "till", "anledning", "skapad_av_hsa_id")
    autocomplete_fields = ("vardenhet",)


class VardnadshavareInline(admin.TabularInline):
    model = Vardnadshavarskap
    fk_name = "barn"
    extra = 0
    raw_id_fields = ("vardnadshavare",)
    verbose_name = _("vårdnadshavare")
    verbose_name_plural = _("vårdnadshavare")


@admin.register(Invanare)
class InvanareAdmin(IdentitetsnummerSokMixin, AtkomstloggAdminMixin, admin.ModelAdmin):
    identitet_falt = ""
    form = InvanareAdminForm
    atkomstlogg_vad = "admin: invånare"
    list_display = ("__str__", "identitet_formaterad", "id_typ", "skydd", "kand_hotbild", "konto", "listad_vardcentral")
    list_filter = ("id_typ", "skydd", "kand_hotbild", "konto", "digital_brevlada")
    list_select_related = ("listad_vardcentral",)
    search_fields = ("efternamn", "fornamn")
    autocomplete_fields = ("listad_vardcentral",)
    readonly_fields = ("identitetstyp", "ort", "kommunkod", "kommun", "lat", "lon", "skapad", "uppdaterad")
    inlines = (VardrelationInline, VardnadshavareInline)

    @admin.display(description=_("identitetstyp"))
    def identitetstyp(self, obj):
        return obj.get_id_typ_display() if obj and obj.id_typ else _("Bestäms av numret")

    def get_fieldsets(self, request, obj=None):
        skyddad = obj is not None and obj.skydd_eller_hotbild
        sets = [
            (_("Identitet"), {"fields": ("id_nummer", "id_typ", "identitetstyp", "fornamn", "efternamn", "fodelsedatum", "kon")}),
            (_("Skyddad identitet"), {"fields": ("skydd",)}),
        ]
        if skyddad:
            sets.append(
                (
                    _("Folkbokföring"),
                    {
                        "fields": (),
                        "description": _("Skyddade personuppgifter eller känd hotbild: adress och telefon visas inte."),
                    },
                )
            )
        else:
            sets.append(
                (
                    _("Folkbokföring"),
                    {
                        "fields": ("gatuadress", "postnummer", "ort", "kommunkod", "kommun", "lat", "lon", "mobilnummer"),
                        "description": _("Ort, kommun och koordinater hämtas från postnummerregistret."),
                    },
                )
            )
        sets += [
            (_("Alltid öppet"), {"fields": ("konto", "digital_brevlada", "listad_vardcentral")}),
            (_("Historik"), {"fields": ("skapad", "uppdaterad")}),
        ]
        return sets

    def get_inlines(self, request, obj):
        if obj is not None and obj.ar_skyddad:
            return (VardrelationInline,)
        return self.inlines


@admin.register(Vardrelation)
class VardrelationAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: vårdrelation"
    list_display = ("invanare", "vardenhet", "fran", "till", "anledning", "skapad_av_hsa_id")
    list_select_related = ("invanare", "vardenhet")
    list_filter = ("vardenhet",)
    raw_id_fields = ("invanare",)
    autocomplete_fields = ("vardenhet",)
    search_fields = ("=invanare__id_nummer", "vardenhet__namn", "vardenhet__hsa_id")

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]


@admin.register(Vardnadshavarskap)
class VardnadshavarskapAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: vårdnadshavarskap"
    list_display = ("barn", "vardnadshavare", "fran", "till")
    list_select_related = ("barn", "vardnadshavare")
    raw_id_fields = ("barn", "vardnadshavare")
    search_fields = ("=barn__id_nummer", "=vardnadshavare__id_nummer")

    def atkomstlogg_invanare(self, obj):
        return [obj.barn, obj.vardnadshavare]


@admin.register(Postnummer)
class PostnummerAdmin(admin.ModelAdmin):
    list_display = ("postnummer", "ort", "kommun", "lat", "lon", "precision")
    list_filter = ("kommun", "precision")
    search_fields = ("postnummer", "ort", "kommun")


# --- proxies, blocks, locks, history: read-mostly; every change goes through invanare.services ---


class LasbarAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    """Shown for review; changed only through the staff pages (services validate and write the history)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Ombud)
class OmbudAdmin(LasbarAdmin):
    atkomstlogg_vad = "admin: ombud"
    list_display = ("huvudman", "ombud", "typ", "giltig_fran", "giltig_till", "beslut_referens", "avslutad")
    list_filter = ("typ",)
    list_select_related = ("huvudman", "ombud")
    search_fields = ("=huvudman__id_nummer", "=ombud__id_nummer", "beslut_referens")

    def atkomstlogg_invanare(self, obj):
        return [obj.huvudman, obj.ombud]


@admin.register(OmbudBlockering)
class OmbudBlockeringAdmin(LasbarAdmin):
    atkomstlogg_vad = "admin: blockering av ombud"
    list_display = ("huvudman", "ombud", "blankett", "beslutsdatum", "beslutsfattare_namn", "vardenhet_hsa_id", "bekraftad",
                    "havd")
    list_filter = ("blankett", ("bekraftad", admin.EmptyFieldListFilter))
    list_select_related = ("huvudman", "ombud")
    search_fields = ("=huvudman__id_nummer", "=ombud__id_nummer", "beslutsfattare_hsa_id")

    def atkomstlogg_invanare(self, obj):
        return [obj.huvudman, obj.ombud]


@admin.register(Kontosparr)
class KontosparrAdmin(LasbarAdmin):
    atkomstlogg_vad = "admin: kontospärr"
    list_display = ("invanare", "orsak", "sparrad", "sparrad_av_invanaren", "vardenhet_namn", "havd")
    list_filter = ("orsak", "sparrad_av_invanaren")
    list_select_related = ("invanare",)
    search_fields = ("=invanare__id_nummer",)

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]


@admin.register(Kontohistorik)
class KontohistorikAdmin(LasbarAdmin):
    atkomstlogg_vad = "admin: kontohistorik"
    list_display = ("invanare", "handelse", "tidpunkt", "utford_av_namn", "vardenhet_namn", "av_invanaren")
    list_filter = ("handelse",)
    list_select_related = ("invanare",)
    search_fields = ("=invanare__id_nummer",)

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]


@admin.register(Anvandarvillkor)
class AnvandarvillkorAdmin(admin.ModelAdmin):
    """The region's terms of use. A new version gets the next number; a version in force is never edited
    (citizens accepted that text): publish a new one instead, and everyone is asked to accept it."""

    list_display = ("version", "publicerad", "skapad_av", "antal_godkannanden")
    fields = ("version", "publicerad", "text", "skapad_av")
    readonly_fields = ("version", "skapad_av")

    @admin.display(description=_("godkännanden"))
    def antal_godkannanden(self, obj):
        return obj.godkannanden.count()

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.publicerad <= timezone.now():
            return ("version", "publicerad", "text", "skapad_av")
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return obj is None or (obj.publicerad > timezone.now() and not obj.godkannanden.exists())

    def save_model(self, request, obj, form, change):
        if change:
            return super().save_model(request, obj, form, change)
        ny = villkor_publicera(text=obj.text, publicerad=obj.publicerad, skapad_av=str(request.user))
        obj.pk, obj.version = ny.pk, ny.version
@admin.register(KandHotbild)
class KandHotbildAdmin(LasbarAdmin):
    """Read-only: the marker is set and removed on the citizen's page (reason, history, access log)."""

    atkomstlogg_vad = "admin: känd hotbild"
    list_display = ("invanare", "satt", "satt_av_namn", "vardenhet_namn", "borttagen")
    list_select_related = ("invanare",)
    search_fields = ("=invanare__id_nummer",)

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]
