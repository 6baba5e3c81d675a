"""Admin: capacity (editable, never below what is decided), pregnancies, runs. Pages that show a
citizen's pregnancy log like every other page (AtkomstloggAdminMixin)."""
from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forlossning.models import Beslut, Fordelningskorning, Graviditet, Kapacitet, Onskemal
from vardportalen.accesslog.adminlog import AtkomstloggAdminMixin
from vardportalen.formfalt import begransad_formfalt


class KapacitetForm(forms.ModelForm):
    class Meta:
        formfield_callback = begransad_formfalt
        model = Kapacitet
        fields = ["klinik", "vecka", "platser"]

    def clean(self):
        data = super().clean()
        klinik, vecka, platser = data.get("klinik"), data.get("vecka"), data.get("platser")
        if vecka and vecka.isoweekday() != 1:
            self.add_error("vecka", _("Veckan anges med sin måndag."))
        if klinik and vecka and platser is not None:
            beslutade = Beslut.objects.filter(klinik=klinik, vecka=vecka).count()
            if platser < beslutade:
                self.add_error("platser", _("%(n)s kvinnor har redan fått plats den veckan; kapaciteten kan inte "
                                            "vara lägre.") % {"n": beslutade})
        return data


@admin.register(Kapacitet)
class KapacitetAdmin(admin.ModelAdmin):
    form = KapacitetForm
    list_display = ("klinik", "vecka", "platser", "andrad", "andrad_av_namn")
    list_filter = ("klinik",)
    date_hierarchy = "vecka"


class OnskemalInline(admin.TabularInline):
    model = Onskemal
    extra = 0
    readonly_fields = ("klinik", "rang")
    can_delete = False


@admin.register(Graviditet)
class GraviditetAdmin(AtkomstloggAdminMixin, admin.ModelAdmin):
    atkomstlogg_vad = "admin: graviditet"
    list_display = ("pk", "bf", "mhv1_datum", "registrerad", "avslutad", "avslutad_orsak")
    list_select_related = ("invanare",)  # the change list logs every row's citizen
    raw_id_fields = ("invanare",)
    readonly_fields = ("onskemal_andrad", "onskemal_kalla", "onskemal_andrad_av")
    inlines = [OnskemalInline]

    def atkomstlogg_invanare(self, obj):
        return [obj.invanare]


@admin.register(Fordelningskorning)
class FordelningskorningAdmin(admin.ModelAdmin):
    list_display = ("datum", "typ", "status", "forsok", "antal", "antal_overfulla", "gap", "sekunder")
    list_filter = ("typ", "status")
    readonly_fields = [f.name for f in Fordelningskorning._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False  # the run log is the record of how every decision was made
