"""Login, "who am I and whom may I act for", switching person, logout."""
from __future__ import annotations

from django.utils.translation import gettext as _
from ninja import Router, Schema
from pydantic import Field

from invanare.app_api.auth import AppAuth, AppSession, InloggningNekad, app_session_avsluta, medborgare_logga_in
from invanare.app_api.eid import EidFel, eid_backend
from invanare.app_api.fel import ApiFel, finns_inte
from invanare.app_api.schemas import FEL, Person, PersonMedRelation
from invanare.app_api.typer import Bool, Id, Text
from invanare.app_api.villkor import VillkorStatus, villkor_status
from invanare.behorighet import Syfte, far_agera, huvudman_for
from invanare.models import Invanare

router = Router(tags=["inloggning"], auth=AppAuth(None))


def person_json(invanare: Invanare) -> dict:
    return {"id": invanare.pk, "namn": invanare.namn, "fornamn": invanare.fornamn}


class InloggningIn(Schema):
    metod: Text(40, min_length=1, example="test") = Field(description="E-legitimationens metod (EID_BACKENDS).")
    personnummer: Text(20, example="199001012384") | None = Field(
        None, description="Bara testmetoden: identitetsnumret den litar på.")
    # OpenID Connect (metod "oidc"): the app made the authorization request (PKCE, state, nonce kept on the
    # phone) and sends back what the e-ID broker answered (docs/alltidoppet.md).
    code: Text(2000) | None = Field(None, description="oidc: auktoriseringskoden från e-legitimationstjänsten.")
    code_verifier: Text(200) | None = Field(None, description="oidc: PKCE-verifieraren (S256).")
    redirect_uri: Text(500) | None = Field(None, description="oidc: den redirect_uri som användes.")
    nonce: Text(200) | None = Field(None, description="oidc: nonce i auktoriseringsbegäran.")


class InloggningUt(Schema):
    token: str = Field(examples=["fQ3u…"])
    giltig_till: str = Field(examples=["2026-12-07T21:00:00+01:00"])
    invanare: Person
    villkor: VillkorStatus


@router.post("inloggning/", auth=None, response={200: InloggningUt, **FEL}, url_name="inloggning",
             summary="Logga in med e-legitimation")
def inloggning(request, inn: InloggningIn):
    try:
        nummer = eid_backend(inn.metod).autentisera(inn.model_dump())
    except EidFel as err:
        raise ApiFel(401, "eid_misslyckades", str(err)) from err
    try:
        session, token = medborgare_logga_in(nummer=nummer, eid_metod=inn.metod)
    except InloggningNekad as err:
        raise ApiFel(err.status, err.kod, err.meddelande) from err
    invanare = session.invanare
    return {"token": token, "giltig_till": session.giltig_till.isoformat(), "invanare": person_json(invanare),
            "villkor": villkor_status(invanare)}


class JagUt(Schema):
    inloggad: Person
    agerar_for: Person
    kan_agera_for: list[PersonMedRelation]


@router.get("jag/", response={200: JagUt, **FEL}, url_name="jag", summary="Vem är inloggad och för vem får hon agera")
def jag(request):
    return {
        "inloggad": person_json(request.app.aktor),
        "agerar_for": person_json(request.app.invanare),
        "kan_agera_for": [{**person_json(r.huvudman), "relation": r.typ} for r in huvudman_for(aktor=request.app.aktor)],
    }


class AgeraForIn(Schema):
    id: Id = Field(description="Personen att agera för: sig själv eller någon i kan_agera_for.")


class AgeraForUt(Schema):
    agerar_for: Person
    relation: str | None
    skal: str


@router.post("agera-for/", response={200: AgeraForUt, **FEL}, url_name="agera_for", summary="Byt person att agera för")
def agera_for(request, inn: AgeraForIn):
    mal = Invanare.objects.filter(pk=inn.id).first()
    if mal is None:
        raise finns_inte(_("Personen finns inte."))
    beslut = far_agera(aktor=request.app.aktor, for_invanare=mal, syfte=Syfte.OVERSIKT)
    if not beslut.tillaten:
        raise ApiFel(403, beslut.kod, beslut.skal)
    AppSession.objects.filter(pk=request.app.session.pk).update(agerar_for=mal)
    return {"agerar_for": person_json(mal), "relation": beslut.relation, "skal": beslut.skal}


class PersonUt(Person):
    som_ombud: bool
    relation: str | None


@router.get("person/", auth=AppAuth(Syfte.OVERSIKT), response={200: PersonUt, **FEL}, url_name="person",
            summary="Personen appen agerar för")
def person(request):
    """The person the app acts for, as her start page shows it; far_agera(OVERSIKT) is asked first, so a
    blocked proxy or a locked account gets 403 here like in every domain's API."""
    return {**person_json(request.app.invanare), "som_ombud": request.app.som_ombud,
            "relation": request.app.behorighet.relation}


class UtloggningUt(Schema):
    utloggad: Bool


@router.post("utloggning/", response={200: UtloggningUt, **FEL}, url_name="utloggning", summary="Logga ut")
def utloggning(request):
    app_session_avsluta(request.app.session)
    return {"utloggad": True}
