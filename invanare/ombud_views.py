"""Staff pages from the Invånarprofil: proxies, blocking a proxy, locking the account, and their history.

Every page loads the citizen with ``invanare_get_for_uppdrag`` (one access-log row, 404 for another unit's
citizen) before anything else, on GET and POST alike; each change is one service call, which writes its own
change row. Without JavaScript the forms post and redirect; with htmx the form region is swapped.
"""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_htmx.http import HttpResponseClientRedirect

from invanare import ombud_selectors as sel
from invanare.models import Invanare, Ombudstyp
from invanare.ombud_forms import (
    BlockeraForm,
    HavaBlockeringForm,
    LasUppForm,
    OmbudAvslutaForm,
    OmbudRegistreraForm,
    SparrForm,
)
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.services import (
    konto_lock,
    konto_lock_validera,
    konto_unlock,
    ombud_block,
    ombud_block_bekrafta,
    ombud_end,
    ombud_register,
    ombud_unblock,
    ombud_unblock_bekrafta,
)
from invanare.services.ombud import ar_beslutsfattaren
from invanare.views import ej_tillganglig
from vardportalen.accesslog.services import Aktor
from vardportalen.models import Roll
from vardportalen.granser import heltal_param
from vardportalen.komponenter import Bekraftelse, bekraftelse_kravs


def _fel_till_form(form, exc: ValidationError) -> None:
    for falt, meddelanden in getattr(exc, "message_dict", {None: exc.messages}).items():
        form.add_error(falt if falt in form.fields else None, meddelanden)


def _klart(request, meddelande: str):
    messages.success(request, meddelande)
    return HttpResponseClientRedirect(request.path) if request.htmx else redirect(request.path)


def _sida(request, template: str, context: dict):
    return render(request, f"{template}#formular" if request.htmx else template, context)


def _chefer(aktor: Aktor) -> list[tuple[str, str]]:
    return [(u.medarbetare.hsa_id, f"{u.medarbetare.namn} ({u.medarbetare.hsa_id})") for u in sel.verksamhetschefer(vardenhet_id=aktor.vardenhet_id)]


def _standard_chef(aktor: Aktor) -> str:
    return aktor.medarbetare_hsa_id if aktor.roll == Roll.VERKSAMHETSCHEF else ""


def _hamta(request, invanare_id, vad: str) -> tuple[Aktor, Invanare]:
    aktor = Aktor.from_request(request)
    return aktor, invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad=vad)


@never_cache
@require_http_methods(["GET", "POST"])
def ombud(request, invanare_id: int):
    try:
        aktor, invanare = _hamta(request, invanare_id, "ombud")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    form = OmbudRegistreraForm()
    avsluta_form = None
    if request.method == "POST" and request.POST.get("atgard") == "avsluta":
        avsluta_form = OmbudAvslutaForm(request.POST, auto_id=f"avsluta{request.POST.get('ombud_id', '')[:12]}_%s")
        if avsluta_form.is_valid():
            try:
                ombud_end(aktor=aktor, huvudman=invanare, ombud_id=avsluta_form.cleaned_data["ombud_id"],
                          anledning=avsluta_form.cleaned_data["anledning"])
            except ValidationError as exc:
                _fel_till_form(avsluta_form, exc)
            else:
                return _klart(request, _("Ombudet är avslutat."))
    elif request.method == "POST":
        form = OmbudRegistreraForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            person = Invanare.objects.filter(id_typ=d["identitetsnummer"].typ, id_nummer=d["identitetsnummer"].nummer).first()
            if person is None:
                form.add_error("identitetsnummer", _("Ingen person med det numret finns i folkbokföringen."))
            else:
                try:
                    ombud_register(
                        aktor=aktor, huvudman=invanare, ombud=person, typ=d["typ"], beslut_referens=d["beslut_referens"],
                        beslut_datum=d["beslut_datum"], beslut_sorja_for_person=d["beslut_sorja_for_person"],
                        motivering=d["motivering"], giltig_till=d["giltig_till"],
                    )
                except ValidationError as exc:
                    _fel_till_form(form, exc)
                else:
                    return _klart(request, _("Ombudet är registrerat."))
    o = sel.ombudsoversikt(invanare=invanare, vardenhet_id=aktor.vardenhet_id)
    avsluta_forms = []
    for p in o.poster:
        if p.rad is not None:
            bunden = avsluta_form is not None and avsluta_form.data.get("ombud_id") == str(p.rad.pk)
            af = avsluta_form if bunden else OmbudAvslutaForm(initial={"ombud_id": p.rad.pk}, auto_id=f"avsluta{p.rad.pk}_%s")
            avsluta_forms.append((p, af))
    return _sida(request, "invanare/ombud/ombud.html", {
        "invanare": invanare, "o": o, "form": form, "avsluta_forms": avsluta_forms, "flik": "ombud",
        "reservnummer": invanare.har_reservnummer, "Ombudstyp": Ombudstyp,
    })


@never_cache
@require_http_methods(["GET", "POST"])
def blockering(request, invanare_id: int):
    try:
        aktor, invanare = _hamta(request, invanare_id, "blockering av ombud")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    o = sel.ombudsoversikt(invanare=invanare, vardenhet_id=aktor.vardenhet_id)
    chefer = _chefer(aktor)
    personer = [(p.person.pk, f"{p.etikett} – {p.typ_text}") for p in o.blockerbara]
    form = BlockeraForm(personer=personer, chefer=chefer, initial={"beslutsfattare": _standard_chef(aktor)})
    hava_form = None
    if request.method == "POST" and request.POST.get("atgard") == "bekrafta":
        try:
            ombud_block_bekrafta(aktor=aktor, huvudman=invanare, blockering_id=heltal_param(request.POST.get("blockering"), minst=1) or 0)
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("Ogiltigt val.")])))
        else:
            return _klart(request, _("Blockeringen är bekräftad och gäller från nu."))
    elif request.method == "POST" and request.POST.get("atgard") == "bekrafta_havning":
        try:
            ombud_unblock_bekrafta(aktor=aktor, huvudman=invanare,
                                   blockering_id=heltal_param(request.POST.get("blockering"), minst=1) or 0)
        except (ValidationError, ValueError) as exc:
            messages.error(request, " ".join(getattr(exc, "messages", [_("Ogiltigt val.")])))
        else:
            return _klart(request, _("Hävningen är bekräftad: blockeringen gäller inte längre."))
    elif request.method == "POST" and request.POST.get("atgard") == "hava":
        hava_form = HavaBlockeringForm(request.POST, chefer=chefer, auto_id=f"hava{request.POST.get('blockering', '')[:12]}_%s")
        if hava_form.is_valid():
            d = hava_form.cleaned_data
            try:
                b = ombud_unblock(aktor=aktor, huvudman=invanare, blockering_id=d["blockering"],
                                  beslutsfattare_hsa_id=d["beslutsfattare"], anledning=d["anledning"],
                                  beslutsdatum=d["beslutsdatum"])
            except ValidationError as exc:
                _fel_till_form(hava_form, exc)
            else:
                if b.havd is None:
                    return _klart(request, _("Hävningen är registrerad och väntar på att verksamhetschefen bekräftar "
                                             "den. Till dess gäller blockeringen."))
                return _klart(request, _("Blockeringen är hävd.") if b.bekraftad else
                              _("Blockeringen är tillbakadragen."))
    elif request.method == "POST":
        form = BlockeraForm(request.POST, personer=personer, chefer=chefer)
        if form.is_valid():
            d = form.cleaned_data
            person = next(p.person for p in o.blockerbara if p.person.pk == d["ombud"])
            try:
                ombud_block(aktor=aktor, huvudman=invanare, ombud=person, beslutsfattare_hsa_id=d["beslutsfattare"],
                            blankett=d["blankett"], anledning=d["anledning"], beslutsdatum=d["beslutsdatum"])
            except ValidationError as exc:
                _fel_till_form(form, exc)
            else:
                if ar_beslutsfattaren(aktor=aktor, hsa_id=d["beslutsfattare"]):
                    return _klart(request, _("Ombudet är blockerat i Alltid öppet."))
                return _klart(request, _("Blockeringen är registrerad och väntar på att verksamhetschefen bekräftar "
                                         "den. Till dess kan ombudet fortfarande agera."))
    hava_forms = []
    for b in o.blockeringar:
        if hava_form is not None and hava_form.data.get("blockering") == str(b.pk):
            hf = hava_form
        else:
            initial = {"blockering": b.pk, "beslutsfattare": _standard_chef(aktor)}
            hf = HavaBlockeringForm(chefer=chefer, initial=initial, auto_id=f"hava{b.pk}_%s")
        kan_bekrafta = b.bekraftad is None and ar_beslutsfattaren(aktor=aktor, hsa_id=b.beslutsfattare_hsa_id)
        kan_bekrafta_havning = (b.havning_begard is not None
                                and ar_beslutsfattaren(aktor=aktor, hsa_id=b.havd_beslutsfattare_hsa_id))
        hava_forms.append((b, hf, kan_bekrafta, kan_bekrafta_havning))
    return _sida(request, "invanare/ombud/blockering.html", {
        "invanare": invanare, "o": o, "form": form, "hava_forms": hava_forms, "flik": "blockering",
        "har_chef": bool(chefer), "historik": sel.blockering_historik(invanare=invanare),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def sparr(request, invanare_id: int):
    try:
        aktor, invanare = _hamta(request, invanare_id, "spärr av konto")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    form, lasupp_form, bekraftelse = SparrForm(), LasUppForm(), None
    if request.method == "POST" and request.POST.get("atgard") == "lasupp":
        lasupp_form = LasUppForm(request.POST)
        if lasupp_form.is_valid():
            try:
                konto_unlock(aktor=aktor, invanare=invanare, anledning=lasupp_form.cleaned_data["anledning"])
            except ValidationError as exc:
                _fel_till_form(lasupp_form, exc)
            else:
                return _klart(request, _("Spärren är hävd."))
    elif request.method == "POST":
        form = SparrForm(request.POST)
        if form.is_valid():
            data = {"orsak": form.cleaned_data["orsak"], "orsak_text": form.cleaned_data["orsak_text"]}
            try:
                if bekraftelse_kravs(request):
                    konto_lock_validera(invanare=invanare, **data)
                    bekraftelse = Bekraftelse.fran_post(
                        request, rubrik=_("Spärra kontot i Alltid öppet?"), knapp=_("Ja, spärra kontot"),
                        text=_("Varken %(namn)s eller något ombud kan logga in förrän spärren hävs. Orsak: %(orsak)s.")
                        % {"namn": invanare.namn, "orsak": dict(form.fields["orsak"].choices)[data["orsak"]]},
                        avbryt_url=request.path)
                else:
                    konto_lock(aktor=aktor, invanare=invanare, **data)
                    return _klart(request, _("Kontot är spärrat."))
            except ValidationError as exc:
                _fel_till_form(form, exc)
    o = sel.ombudsoversikt(invanare=invanare, vardenhet_id=aktor.vardenhet_id)
    return _sida(request, "invanare/ombud/sparr.html", {
        "invanare": invanare, "o": o, "form": form, "lasupp_form": lasupp_form, "flik": "sparr",
        "historik": sel.sparr_historik(invanare=invanare), "bekraftelse": bekraftelse,
    })


@never_cache
@require_http_methods(["GET"])
def historik(request, invanare_id: int):
    try:
        aktor, invanare = _hamta(request, invanare_id, "historik ombud och spärr")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    return render(request, "invanare/ombud/historik.html", {
        "invanare": invanare, "flik": "historik", "rader": sel.kontohistorik(invanare=invanare),
        "visa_namn": not invanare.ar_skyddad,
    })
