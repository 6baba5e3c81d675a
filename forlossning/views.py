"""Staff pages of forlossning. Thin: parse, call one service/selector, render."""
import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from forlossning import diagram, klocka, selectors, services
from forlossning import graviditetsvecka as gv
from forlossning.fordelning import prognos
from forlossning.forms import AvslutaForm, BfForm, FlyttForm, OnskemalForm, RegistreraForm
from forlossning.models import Fordelningskorning
from invanare.selectors import InvanareEjTillganglig, invanare_get_for_uppdrag
from invanare.views import ej_tillganglig
from vardportalen.granser import PG_SMALLINT_MAX, heltal_param
from vardportalen.accesslog.services import Aktor
from vardportalen.models import Vardenhet

ANTAL_VECKOR = 16


def _fel(form, err: ValidationError):
    if hasattr(err, "error_dict"):
        for falt, fel in err.message_dict.items():
            form.add_error(falt if falt in form.fields else None, fel)
    else:
        form.add_error(None, err.messages)


def _kvinna_sida(request, *, invanare, aktor, status=200, **forms):
    graviditet = selectors.graviditet_for_invanare(invanare=invanare)
    beslut = selectors.beslut_for(graviditet) if graviditet else None
    idag = klocka.idag()
    barnmorska = services.far_registrera(roll=aktor.roll, enhetstyp=request.uppdrag.vardenhet.typ)
    context = {
        "invanare": invanare,
        "graviditet": graviditet,
        "senast_avslutad": None if graviditet else selectors.senast_avslutad(invanare=invanare),
        "beslut": beslut,
        "ga": graviditet.gestationsalder(idag) if graviditet else None,
        "far_valja": graviditet is not None and beslut is None and idag <= graviditet.sista_valdag,
        "barnmorska": barnmorska,
        "registrera_form": forms.get("registrera_form") or (RegistreraForm() if barnmorska and not graviditet else None),
        "bf_form": forms.get("bf_form") or (BfForm() if barnmorska and graviditet and not beslut else None),
        "onskemal_form": forms.get("onskemal_form") or (
            _onskemal_initial(graviditet) if graviditet and not beslut and invanare.har_reservnummer
            and services.far_skriva_onskemal(aktor=aktor, enhetstyp=request.uppdrag.vardenhet.typ, invanare=invanare)
            else None),
        "flytt_form": forms.get("flytt_form") or (FlyttForm() if services.far_flytta(aktor=aktor, beslut=beslut) else None),
        "avsluta_form": forms.get("avsluta_form") or (
            AvslutaForm() if graviditet and services.far_avsluta(
                aktor=aktor, enhetstyp=request.uppdrag.vardenhet.typ, beslut=beslut) else None),
    }
    return render(request, "forlossning/kvinna.html", context, status=status)


def _onskemal_initial(graviditet):
    initial = {f"val{o.rang}": o.klinik_id for o in graviditet.onskemal.all()}
    initial["patientnotering"] = graviditet.patientnotering
    return OnskemalForm(initial=initial)


def _ladda(request, invanare_id, vad):
    aktor = Aktor.from_request(request)
    return aktor, invanare_get_for_uppdrag(aktor=aktor, invanare_id=invanare_id, vad=vad)


@never_cache
@require_GET
def kvinna(request, invanare_id: int):
    try:
        aktor, invanare = _ladda(request, invanare_id, "förlossning: graviditet och önskemål")
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    return _kvinna_sida(request, invanare=invanare, aktor=aktor)


def _atgard(request, invanare_id, *, vad, form_klass, form_namn, utfor):
    """GET shows the woman's page; POST validates the form and calls the service; errors re-render, nothing saved."""
    try:
        aktor, invanare = _ladda(request, invanare_id, vad)
    except InvanareEjTillganglig:
        return ej_tillganglig(request)
    if request.method != "POST":
        return _kvinna_sida(request, invanare=invanare, aktor=aktor)
    form = form_klass(request.POST)
    if form.is_valid():
        try:
            meddelande = utfor(aktor=aktor, invanare=invanare, form=form)
        except ValidationError as err:
            _fel(form, err)
        except PermissionDenied as err:
            form.add_error(None, str(err) or _("Du har inte behörighet att göra detta."))
        else:
            messages.success(request, meddelande)
            return redirect("forlossning:kvinna", invanare_id=invanare.pk)
    return _kvinna_sida(request, invanare=invanare, aktor=aktor, status=400, **{form_namn: form})


def _graviditet(invanare):
    g = selectors.graviditet_for_invanare(invanare=invanare)
    if g is None:
        raise ValidationError(_("Invånaren har ingen registrerad graviditet."))
    return g


@never_cache
@require_http_methods(["GET", "POST"])
def registrera(request, invanare_id: int):
    def utfor(*, aktor, invanare, form):
        data = dict(form.cleaned_data)
        services.graviditet_registrera(aktor=aktor, invanare=invanare, idempotensnyckel=data.pop("token"), **data)
        return _("Graviditeten är registrerad.")

    return _atgard(request, invanare_id, vad="förlossning: registrera graviditet", form_klass=RegistreraForm,
                   form_namn="registrera_form", utfor=utfor)


@never_cache
@require_http_methods(["GET", "POST"])
def bf_andra(request, invanare_id: int):
    def utfor(*, aktor, invanare, form):
        services.graviditet_bf_andra(aktor=aktor, graviditet=_graviditet(invanare), bf=form.cleaned_data["bf"])
        return _("BF är ändrat.")

    return _atgard(request, invanare_id, vad="förlossning: ändra BF", form_klass=BfForm, form_namn="bf_form",
                   utfor=utfor)


@never_cache
@require_http_methods(["GET", "POST"])
def onskemal(request, invanare_id: int):
    def utfor(*, aktor, invanare, form):
        services.onskemal_fran_personal(aktor=aktor, graviditet=_graviditet(invanare), kliniker=form.kliniker(),
                                        patientnotering=form.cleaned_data["patientnotering"])
        return _("Önskemålen är sparade.")

    return _atgard(request, invanare_id, vad="förlossning: önskemål i patientnotering", form_klass=OnskemalForm,
                   form_namn="onskemal_form", utfor=utfor)


@never_cache
@require_http_methods(["GET", "POST"])
def flytta(request, invanare_id: int):
    def utfor(*, aktor, invanare, form):
        flytt = services.beslut_flytta(aktor=aktor, graviditet=_graviditet(invanare),
                                       till_klinik_id=form.cleaned_data["till_klinik"],
                                       medicinsk_orsak=form.cleaned_data["medicinsk_orsak"])
        return _("Kvinnan är flyttad till %(k)s.") % {"k": flytt.till_klinik.namn}

    return _atgard(request, invanare_id, vad="förlossning: flytta förlossningsplats", form_klass=FlyttForm,
                   form_namn="flytt_form", utfor=utfor)


def _beslutsvecka(idag) -> datetime.date:
    """The delivery week being decided now (women reaching 22+0 today)."""
    return gv.vecka_start(gv.bf_for_beslutsdag(idag))


@never_cache
@require_GET
def oversikt(request):
    aktor = Aktor.from_request(request)
    vecka = _beslutsvecka(klocka.idag())
    rader = [(k, selectors.klinik_veckor(klinik=k, fran=vecka, antal=1)[0]) for k in selectors.kliniker()]
    return render(request, "forlossning/oversikt.html", {
        "vecka": vecka, "vecka_text": gv.vecka_text(vecka), "rader": rader,
        "senaste": selectors.korningar(antal=1), "planerare": selectors.ser_planering(aktor.roll),
        "overfulla": selectors.overfulla_framat(idag=klocka.idag()),
    })


@never_cache
@require_GET
def klinik(request, klinik_id: int, vecka: str | None = None):
    aktor = Aktor.from_request(request)
    enhet = get_object_or_404(Vardenhet, pk=klinik_id, typ=Vardenhet.Typ.FORLOSSNINGSKLINIK)
    vald = gv.vecka_fran_slug(vecka) if vecka else _beslutsvecka(klocka.idag())
    if vald is None:
        raise Http404
    fran = vald - datetime.timedelta(weeks=ANTAL_VECKOR // 2)
    veckor = selectors.klinik_veckor(klinik=enhet, fran=fran, antal=ANTAL_VECKOR)
    staplar, skala = diagram.staplar(veckor, vald=vald)
    valt_lage = next(v for v in veckor if v.vecka == vald)
    return render(request, "forlossning/klinik.html", {
        "klinik": enhet, "vald": vald, "vald_text": gv.vecka_text(vald), "lage": valt_lage,
        "staplar": staplar, "skala": skala, "d": diagram,
        "far_se_lista": selectors.far_se_klinikens_lista(aktor=aktor, klinik=enhet),
        "kvinnor": selectors.klinikens_kvinnor(aktor=aktor, klinik=enhet, vecka=vald),
        "foregaende": gv.vecka_slug(vald - datetime.timedelta(weeks=1)),
        "nasta": gv.vecka_slug(vald + datetime.timedelta(weeks=1)),
        "kliniker": selectors.kliniker(),
    })


@never_cache
@require_http_methods(["GET", "POST"])
def kapacitet(request):
    aktor = Aktor.from_request(request)
    if not selectors.ser_planering(aktor.roll):
        raise PermissionDenied
    fran = gv.vecka_fran_slug(request.GET.get("fran", "")) or _beslutsvecka(klocka.idag())
    kliniker = selectors.kliniker()
    veckor = [fran + datetime.timedelta(weeks=i) for i in range(12)]
    fel = []
    if request.method == "POST":
        andringar, nuvarande = [], {(k.pk, v.vecka): v.platser for k in kliniker
                                    for v in selectors.klinik_veckor(klinik=k, fran=fran, antal=12)}
        for k in kliniker:
            for v in veckor:
                text = request.POST.get(f"p_{k.pk}_{gv.vecka_slug(v)}", "").strip()
                if text == "":
                    continue
                if heltal_param(text, hogst=PG_SMALLINT_MAX) is None:
                    fel.append(_("%(k)s %(v)s: ange antalet platser som ett heltal 0–32767.") % {"k": k.namn, "v": gv.vecka_text(v)})
                    continue
                if int(text) != nuvarande.get((k.pk, v)):
                    andringar.append((k.pk, v, int(text)))
        if not fel:
            try:
                services.kapacitet_satt(aktor=aktor, andringar=andringar)
            except ValidationError as err:
                fel = err.messages
            else:
                messages.success(request, _("Kapaciteten är sparad (%(n)s ändringar).") % {"n": len(andringar)})
                return redirect(f"{reverse('forlossning:kapacitet')}?fran={gv.vecka_slug(fran)}")
    tabell = [(k, selectors.klinik_veckor(klinik=k, fran=fran, antal=12)) for k in kliniker]
    summor = selectors.veckosummor(tabell, fran=fran, antal=12)
    namn = {k.pk: k.namn for k in kliniker}
    korta = [(p, [(namn.get(k, k), n) for k, n in p.overfulla.items()])
             for p in prognos.prognos(idag=klocka.idag(), veckor=veckor) if p.antal_overfulla]
    return render(request, "forlossning/kapacitet.html", {
        "korta": korta,
        "tabell": tabell, "summor": summor, "veckor": veckor, "fel": fel, "post": request.POST if fel else None,
        "fran": gv.vecka_slug(fran), "foregaende": gv.vecka_slug(fran - datetime.timedelta(weeks=12)),
        "nasta": gv.vecka_slug(fran + datetime.timedelta(weeks=12)),
    }, status=400 if fel else 200)


@never_cache
@require_GET
def korningar(request):
    return render(request, "forlossning/korningar.html", {"korningar": selectors.korningar()})


@never_cache
@require_GET
def korning(request, korning_id: int):
    k = get_object_or_404(Fordelningskorning, pk=korning_id)
    metoder = [(_("Uppskjuten acceptans (beslutat)"), "da"), (_("Exakt optimum"), "optimum"),
               (_("Girig, först till kvarn"), "girig")]
    rader = []
    for namn, nyckel in metoder:
        r = k.resultat.get(nyckel)
        if r:
            rader.append({"namn": namn, "forsta": k.andel(nyckel, "forsta"), "topp3": k.andel(nyckel, "topp3"),
                          "avstand": k.medelavstand_km(nyckel), "objektiv": r["objektiv"],
                          "overfulla": r["overfulla"]})
    return render(request, "forlossning/korning.html", {"k": k, "rader": rader,
                                                        "veckor": selectors.korningens_veckor(k)})


@never_cache
@require_http_methods(["GET", "POST"])
def avsluta(request, invanare_id: int):
    def utfor(*, aktor, invanare, form):
        services.graviditet_avsluta(aktor=aktor, graviditet=_graviditet(invanare), orsak=form.cleaned_data["orsak"])
        return _("Graviditeten är avslutad.")

    return _atgard(request, invanare_id, vad="förlossning: avsluta graviditet", form_klass=AvslutaForm,
                   form_namn="avsluta_form", utfor=utfor)
