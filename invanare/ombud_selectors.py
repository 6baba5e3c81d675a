"""Reads for the proxy/block/lock pages and the overview section. They write no access-log rows: the page's
view loads the citizen with ``invanare_get_for_uppdrag`` (one row) and then calls these. Constant queries.

Whether a person holds a proxy right is decided by the same rules as ``invanare.behorighet.far_agera``
(its helpers are reused here), so what staff see is what the app enforces.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, _ombudsrad_galler, arsdag, under_alder
from invanare.dolja import dolda_bokningar_antal
from invanare.models import Invanare, Kontohistorik, Kontosparr, Ombud, OmbudBlockering, Ombudstyp, Vardnadshavarskap
from vardportalen.models import Medarbetaruppdrag, Roll

VARDNADSHAVARE_EJ_OMBUD = "vardnadshavare_ej_ombud"
TIDIGARE_OMBUD = "tidigare_ombud"


@dataclass(frozen=True)
class OmbudPost:
    person: Invanare
    typ: str  # an Ombudstyp value, or VARDNADSHAVARE_EJ_OMBUD / TIDIGARE_OMBUD
    typ_text: str
    sedan: datetime.date | None
    till: datetime.date | None  # when the right ends by itself (13th/17th birthday, end date)
    ar_ombud: bool  # holds the proxy right by the rules today, before blocks and locks
    automatisk: bool = False
    blockering: OmbudBlockering | None = None  # in effect
    vantande_blockering: OmbudBlockering | None = None  # waiting for the verksamhetschef: the proxy still works
    ombudets_konto_sparrat: bool = False
    rad: Ombud | None = None
    etikett: str = ""  # the name, or a neutral label when names may not be shown

    @property
    def kan_agera(self) -> bool:
        return self.ar_ombud and self.blockering is None and not self.ombudets_konto_sparrat


@dataclass(frozen=True)
class Doljande:
    """Which of the seed's three ways of hiding information apply to the citizen."""

    dolda_bokningar: int | None  # None: no booking provider registered, not known
    blockerade_ombud: int
    konto_sparrat: bool

    @property
    def nagot(self) -> bool:
        return bool(self.dolda_bokningar) or bool(self.blockerade_ombud) or self.konto_sparrat


@dataclass(frozen=True)
class Ombudsoversikt:
    invanare: Invanare
    poster: list[OmbudPost]
    sparr: Kontosparr | None
    doljande: Doljande
    # Protected identity: the proxies are relatives, so they are listed without names.
    visa_namn: bool
    blockeringar: list[OmbudBlockering] = field(default_factory=list)

    @property
    def blockerbara(self) -> list[OmbudPost]:
        unika = {}
        for p in self.poster:
            if p.blockering is None and p.vantande_blockering is None and p.typ != TIDIGARE_OMBUD:
                unika.setdefault(p.person.pk, p)
        return list(unika.values())


def ombudsoversikt(*, invanare: Invanare, vardenhet_id: int, dag: datetime.date | None = None) -> Ombudsoversikt:
    dag = dag or timezone.localdate()
    fodd = invanare.fodelsedatum
    vardnad = list(
        Vardnadshavarskap.objects.aktiva(dag).filter(barn=invanare)
        .select_related("vardnadshavare")
        .order_by("vardnadshavare__efternamn", "vardnadshavare__fornamn")
    )
    rader = list(Ombud.objects.aktiva(dag).filter(huvudman=invanare).select_related("ombud").order_by("giltig_fran", "pk"))
    alla = list(
        OmbudBlockering.objects.ej_havda().filter(huvudman=invanare).select_related("ombud").order_by("blockerad")
    )
    blockeringar = [b for b in alla if b.bekraftad is not None]
    blockerad = {b.ombud_id: b for b in blockeringar}
    vantande = {b.ombud_id: b for b in alla if b.bekraftad is None}
    personer = {v.vardnadshavare_id for v in vardnad} | {r.ombud_id for r in rader} | set(blockerad)
    sparrar = {
        s.invanare_id: s
        for s in Kontosparr.objects.aktiva().filter(invanare_id__in=personer | {invanare.pk}).order_by("sparrad")
    }
    vardnadshavare_ids = {v.vardnadshavare_id for v in vardnad}
    sarskilt_behov = {r.ombud_id for r in rader if r.typ == Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV}
    under_13 = under_alder(fodd, AUTOMATISK_OMBUD_GRANS, dag)

    def post(person, **kwargs):
        return OmbudPost(
            person=person, blockering=blockerad.get(person.pk), vantande_blockering=vantande.get(person.pk),
            ombudets_konto_sparrat=person.pk in sparrar, **kwargs
        )

    poster = []
    for v in vardnad:
        if under_13:
            poster.append(
                post(
                    v.vardnadshavare,
                    typ=Ombudstyp.VARDNADSHAVARE.value,
                    typ_text=_("Vårdnadshavare, automatiskt ombud (barn under 13 år)"),
                    sedan=max(v.fran, fodd) if fodd else v.fran,
                    till=arsdag(fodd, AUTOMATISK_OMBUD_GRANS),
                    ar_ombud=True,
                    automatisk=True,
                )
            )
        elif v.vardnadshavare_id not in sarskilt_behov:
            poster.append(
                post(
                    v.vardnadshavare,
                    typ=VARDNADSHAVARE_EJ_OMBUD,
                    typ_text=_("Vårdnadshavare, inte ombud (barnet har fyllt 13 år)"),
                    sedan=v.fran,
                    till=None,
                    ar_ombud=False,
                )
            )
    for r in rader:
        galler = _ombudsrad_galler(r, fodd=fodd, dag=dag, vardnadshavare=lambda r=r: r.ombud_id in vardnadshavare_ids)
        poster.append(
            post(r.ombud, typ=r.typ, typ_text=str(r.get_typ_display()), sedan=r.giltig_fran, till=r.giltig_till, ar_ombud=galler, rad=r)
        )
    listade = {p.person.pk for p in poster}
    for b in alla:
        if b.ombud_id not in listade:
            poster.append(post(b.ombud, typ=TIDIGARE_OMBUD, typ_text=_("Inte längre vårdnadshavare eller ombud"), sedan=None, till=None, ar_ombud=False))
    visa_namn = not invanare.ar_skyddad
    poster = [
        replace(
            p,
            etikett=p.person.namn
            if visa_namn and not p.person.ar_skyddad
            else _("Person %(n)d (namn visas inte: skyddade personuppgifter)") % {"n": i},
        )
        for i, p in enumerate(poster, start=1)
    ]
    dolda = dolda_bokningar_antal(invanare_ids=[invanare.pk], vardenhet_id=vardenhet_id)
    sparr = sparrar.get(invanare.pk)
    return Ombudsoversikt(
        invanare=invanare,
        poster=poster,
        sparr=sparr,
        doljande=Doljande(
            dolda_bokningar=None if dolda is None else dolda.get(invanare.pk, 0),
            blockerade_ombud=len(blockeringar),
            konto_sparrat=sparr is not None,
        ),
        visa_namn=visa_namn,
        blockeringar=alla,
    )


def kontohistorik(*, invanare: Invanare) -> list[Kontohistorik]:
    return list(Kontohistorik.objects.filter(invanare=invanare).select_related("ombud").order_by("-tidpunkt", "-pk"))


def sparr_historik(*, invanare: Invanare) -> list[Kontosparr]:
    return list(Kontosparr.objects.filter(invanare=invanare).order_by("-sparrad"))


def blockering_historik(*, invanare: Invanare) -> list[OmbudBlockering]:
    return list(OmbudBlockering.objects.filter(huvudman=invanare).select_related("ombud").order_by("-blockerad"))


def verksamhetschefer(*, vardenhet_id: int) -> list[Medarbetaruppdrag]:
    """The unit's active verksamhetschefer: who may decide a block."""
    return list(
        Medarbetaruppdrag.objects.aktiva()
        .filter(vardenhet_id=vardenhet_id, roll=Roll.VERKSAMHETSCHEF)
        .select_related("medarbetare")
        .order_by("medarbetare__efternamn", "medarbetare__fornamn")
    )


def ombud_oversikt_sektion(*, aktor, invanare):
    """The "Ombud och spärr" section of the Invånarprofil (registered in InvanareConfig.ready()).

    Any unit that may open her overview sees the lock here (and only here: other units are not notified);
    the reason's free text only to the unit that locked the account.
    """
    from invanare.overview import OversiktSektion

    o = ombudsoversikt(invanare=invanare, vardenhet_id=aktor.vardenhet_id)
    egen = o.sparr is not None and o.sparr.vardenhet_hsa_id == aktor.vardenhet_hsa_id
    return OversiktSektion(
        nyckel="ombud",
        rubrik=_("Ombud och spärr"),
        template="invanare/ombud/sektion.html",
        context={"o": o, "egen_enhet": egen},
    )
