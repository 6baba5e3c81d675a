"""Access logging for Django admin pages that show or change citizens' data.

The admin is a tool for system administration, but what it shows is patient data all the same, so it
logs like every other page (under the admin user's active commission):
- a change form, delete confirmation or history page that is shown (whatever the method): one ``lasning``
  row per citizen;
- such a page refused (no permission for the object): one ``nekad`` row per citizen;
- a change list: one ``lasning`` row per citizen on the page, in one INSERT;
- a save (including inlines) or a delete: one ``andring`` row per citizen, naming the changed fields
  (never their values).

Every ModelAdmin of a model that refers to a citizen uses this mixin (tests/accesslog/test_admin_log.py
walks the admin and fails on one that does not).
"""
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from vardportalen.accesslog.services import Handelse, Utfall, atkomst_logga, atkomst_logga_flera


class AtkomstloggAdminMixin:
    atkomstlogg_vad = "admin"

    def atkomstlogg_invanare(self, obj) -> list:
        """The citizens an object's page shows. Override for objects that concern several citizens."""
        return [obj]

    def _logga(self, request, obj, handelse, detalj="", utfall=Utfall.TILLATEN):
        for invanare in self.atkomstlogg_invanare(obj):
            if invanare is not None:
                atkomst_logga(
                    aktor=request,
                    invanare=invanare,
                    handelse=handelse,
                    utfall=utfall,
                    vad=self.atkomstlogg_vad,
                    detalj=detalj,
                )

    def _objektsida(self, view, request, object_id, *args, **kwargs):
        """Run an object page's view; log what it showed, or that it refused."""
        try:
            response = view(request, object_id, *args, **kwargs)
        except PermissionDenied:
            obj = super().get_object(request, object_id)
            if obj is not None:
                handelse = Handelse.LASNING if request.method in ("GET", "HEAD") else Handelse.ANDRING
                self._logga(request, obj, handelse, _("Saknar behörighet i administrationen."), Utfall.NEKAD)
            raise
        if response.status_code == 200 and hasattr(response, "context_data"):
            obj = response.context_data.get("original") or response.context_data.get("object")
            if obj is not None:
                self._logga(request, obj, Handelse.LASNING)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        return self._objektsida(super().change_view, request, object_id, form_url, extra_context)

    def history_view(self, request, object_id, extra_context=None):
        return self._objektsida(super().history_view, request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        return self._objektsida(super().delete_view, request, object_id, extra_context)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        cl = getattr(response, "context_data", {}).get("cl") if hasattr(response, "context_data") else None
        if cl is not None:
            invanare = [inv for obj in cl.result_list for inv in self.atkomstlogg_invanare(obj) if inv is not None]
            atkomst_logga_flera(
                aktor=request, invanare_lista=invanare, handelse=Handelse.LASNING, utfall=Utfall.TILLATEN,
                vad=f"{self.atkomstlogg_vad} (lista)",
            )
        return response

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        falt = list(form.changed_data)
        falt += [str(fs.model._meta.verbose_name_plural) for fs in formsets if fs.has_changed()]
        if change:
            detalj = "Ändrade: " + (", ".join(falt) if falt else "inget")
        else:
            detalj = "Skapade posten."
        self._logga(request, form.instance, Handelse.ANDRING, detalj)

    def delete_model(self, request, obj):
        self._logga(request, obj, Handelse.ANDRING, "Raderade posten.")
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self._logga(request, obj, Handelse.ANDRING, "Raderade posten.")
        super().delete_queryset(request, queryset)
