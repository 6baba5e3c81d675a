"""The citizen app's side: see the pregnancy, the clinics (with distance) and rank one to seven of them."""
from django.core.exceptions import ValidationError
from ninja import Router, Schema
from pydantic import Field

from forlossning import klocka
from forlossning.fordelning.korning import avstand_m, kliniker_aktiva
from forlossning.selectors import avstand_att_visa, beslut_for, far_andra_onskemal, graviditet_for_invanare
from forlossning.services import onskemal_fran_app
from invanare.app_api.auth import AppAuth
from invanare.app_api.fel import OgiltigBegaran
from invanare.app_api.schemas import FEL
from invanare.app_api.typer import Id
from invanare.behorighet import Syfte

router = Router(tags=["forlossning"], auth=AppAuth(Syfte.FORLOSSNING))


class Klinik(Schema):
    id: int = Field(examples=[2])
    namn: str = Field(examples=["Karolinska Solna"])
    avstand_km: int | None = Field(examples=[4], description=(
        "Fågelvägen från hennes adress i hela kilometer (minst 1), om den är känd; för en skyddad kvinna bara "
        "till henne själv."))


class Onskemal(Schema):
    rang: int = Field(examples=[1])
    klinik_id: int
    namn: str


class Beslut(Schema):
    klinik_id: int
    namn: str
    beslutad: str


class Graviditet(Schema):
    bf: str = Field(examples=["2027-05-14"], description="Beräknad förlossning.")
    graviditetsvecka: str = Field(examples=["22+3"])
    sista_dag_for_onskemal: str
    far_andra_onskemal: bool
    onskemal: list[Onskemal]
    onskemal_andrade: str | None
    beslut: Beslut | None


class ForlossningUt(Schema):
    graviditet: Graviditet | None
    kliniker: list[Klinik]


class OnskemalIn(Schema):
    kliniker: list[Id] = Field(min_length=1, max_length=7, examples=[[2, 5, 1]],
                               description="En till sju klinik-id i önskad ordning.")


def _svar(invanare, *, som_ombud: bool) -> dict:
    idag = klocka.idag()
    g = graviditet_for_invanare(invanare=invanare)
    har_position = invanare.lat is not None and invanare.lon is not None
    kliniker = [
        {"id": k.pk, "namn": k.namn,
         "avstand_km": avstand_att_visa(
             invanare=invanare, for_henne_sjalv=not som_ombud,
             meter=avstand_m(invanare.lat, invanare.lon, k.lat, k.lon) if har_position else None)}
        for k in kliniker_aktiva()
    ]
    if g is None:
        return {"graviditet": None, "kliniker": kliniker}
    beslut = beslut_for(g)
    return {
        "graviditet": {
            "bf": g.bf.isoformat(),
            "graviditetsvecka": str(g.gestationsalder(idag)),
            "sista_dag_for_onskemal": g.sista_valdag.isoformat(),
            "far_andra_onskemal": far_andra_onskemal(g, beslut=beslut, idag=idag),
            "onskemal": [{"rang": o.rang, "klinik_id": o.klinik_id, "namn": o.klinik.namn} for o in g.onskemal.all()],
            "onskemal_andrade": g.onskemal_andrad.isoformat() if g.onskemal_andrad else None,
            "beslut": {"klinik_id": beslut.klinik_id, "namn": beslut.klinik.namn,
                       "beslutad": beslut.beslutad.isoformat()} if beslut else None,
        },
        "kliniker": kliniker,
    }


@router.get("", response={200: ForlossningUt, **FEL}, url_name="forlossning_graviditet",
            summary="Graviditeten, klinikerna och hennes önskemål")
def forlossning(request):
    return _svar(request.app.invanare, som_ombud=request.app.som_ombud)


@router.post("onskemal/", response={200: ForlossningUt, **FEL}, url_name="forlossning_onskemal",
             summary="Rangordna en till sju förlossningskliniker")
def onskemal(request, inn: OnskemalIn):
    try:
        onskemal_fran_app(aktor=request.app.aktor, invanare=request.app.invanare, kliniker=inn.kliniker)
    except ValidationError as err:
        raise OgiltigBegaran(" ".join(err.messages), kod="ogiltiga_onskemal") from err
    return _svar(request.app.invanare, som_ombud=request.app.som_ombud)
