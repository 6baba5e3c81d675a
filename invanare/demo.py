"""Demo data for proxies, blocks and locks (a DEMO_STEPS entry; see vardportalen/demo/steps.py).

- Liam Berg (14): his mother Anna is proxy on special need, with a decision.
- Gunnel Ekström (over 100): Piotr Nowak is her legal representative (district-court decision).
- Bengt Sjöberg: Sara Lindqvist is his fullmaktstagare; Bengt himself deregistered and locked his account.
- A generated child under 13 listed at Vårdcentral Gubbängen with two guardians: one guardian is blocked,
  decided by the unit's verksamhetschef (BLA-46557).
- A generated child at Vårdcentral Gubbängen: account locked by staff (LVU).

Idempotent: every row is looked up first (and every history row has a key), so a second run adds nothing.
A handful of queries whatever the population size.
"""
from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, SARSKILT_BEHOV_GRANS, arsdag, senaste_fodelsedag
from invanare.models import Invanare, KandHotbild, Kontohistorik, Kontosparr, Ombud, OmbudBlockering, Ombudstyp, Vardnadshavarskap, Vardrelation
from vardportalen.models import Medarbetaruppdrag, Roll

ENHET = "VC_GUB"


def _chef(result):
    enhet = result.units.get(ENHET)
    if enhet is None:
        return None, None
    uppdrag = (
        Medarbetaruppdrag.objects.aktiva().filter(vardenhet=enhet, roll=Roll.VERKSAMHETSCHEF).select_related("medarbetare").first()
    )
    return enhet, uppdrag


def _historik(invanare_id, nyckel, **kwargs):
    Kontohistorik.objects.get_or_create(nyckel=f"demo:{nyckel}", defaults={"invanare_id": invanare_id, **kwargs})


def _ombud(huvudman_id, ombud_id, typ, nyckel, **kwargs):
    if huvudman_id is None or ombud_id is None:
        return
    if not Ombud.objects.filter(huvudman_id=huvudman_id, ombud_id=ombud_id, typ=typ, avslutad__isnull=True).exists():
        Ombud.objects.create(huvudman_id=huvudman_id, ombud_id=ombud_id, typ=typ, **kwargs)
    _historik(huvudman_id, nyckel, ombud_id=ombud_id, handelse=Kontohistorik.Handelse.OMBUD_REGISTRERAT,
              beskrivning=f"{Ombudstyp(typ).label}. Beslut {kwargs.get('beslut_referens', '')}.",
              utford_av_namn="Demodata")


def ombud_demo(result) -> None:
    pks = result.named_pks
    idag = timezone.localdate()
    enhet, chef = _chef(result)
    with transaction.atomic():
        liam = Invanare.objects.filter(pk=pks.get("tonaring")).first()
        if liam and liam.fodelsedatum and idag < arsdag(liam.fodelsedatum, SARSKILT_BEHOV_GRANS):
            _ombud(liam.pk, pks.get("vardnadshavare1"), Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV, "liam-sarskilt-behov",
                   giltig_fran=idag - datetime.timedelta(days=30), giltig_till=arsdag(liam.fodelsedatum, SARSKILT_BEHOV_GRANS),
                   beslut_referens="VC-HOR 2026-0412", beslut_datum=idag - datetime.timedelta(days=31),
                   beslut_motivering="Långvarig sjukdom; vårdnadshavaren behöver sköta bokningar och meddelanden.")
        _ombud(pks.get("hundraar"), pks.get("samordning"), Ombudstyp.LEGAL_STALLFORETRADARE, "gunnel-legal",
               giltig_fran=idag - datetime.timedelta(days=200), beslut_referens="Ä 1234-25 Solna tingsrätt",
               beslut_datum=idag - datetime.timedelta(days=210), beslut_sorja_for_person=True)
        _ombud(pks.get("avregistrerad"), pks.get("gravid"), Ombudstyp.FULLMAKTSTAGARE, "bengt-fullmakt",
               giltig_fran=idag - datetime.timedelta(days=90), beslut_referens="Fullmakt STY-42669 2026-118",
               beslut_datum=idag - datetime.timedelta(days=90))
        bengt = pks.get("avregistrerad")
        if bengt and not Kontosparr.objects.filter(invanare_id=bengt).exists():
            Kontosparr.objects.create(invanare_id=bengt, orsak=Kontosparr.Orsak.EGEN_BEGARAN, sparrad_av_invanaren=True)
            _historik(bengt, "bengt-sparr", handelse=Kontohistorik.Handelse.KONTO_SPARRAT, av_invanaren=True,
                      beskrivning="Invånaren avregistrerade och spärrade sitt konto i appen.")
        if enhet is None or chef is None:
            return
        _generated_block_and_lock(result, enhet, chef, idag)
        _kand_hotbild(result, enhet, chef)


def _kand_hotbild(result, enhet, chef) -> None:
    """A generated adult of the unit marked with a known threat (issue 15): address and phone hidden, and every
    kallelse or letter to her asks for the agreement first."""
    if KandHotbild.objects.exists():
        return
    vuxen = (
        Invanare.objects.filter(skydd="", id_typ="personnummer", fodelsedatum__lte=timezone.localdate().replace(year=1990))
        .filter(pk__in=Vardrelation.objects.aktiva().filter(vardenhet=enhet).values("invanare_id"))
        .exclude(pk__in=set(result.named_pks.values())).order_by("-pk").first()
    )
    if vuxen is None:
        return
    m = chef.medarbetare
    KandHotbild.objects.create(invanare=vuxen, anledning="Tidigare partner har hotat henne; hon vill bli kallad per "
                               "telefon och inte få brev hem.", satt_av_hsa_id=m.hsa_id, satt_av_namn=m.namn,
                               vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn)
    Invanare.objects.filter(pk=vuxen.pk).update(kand_hotbild=True)
    _historik(vuxen.pk, "kand-hotbild", handelse=Kontohistorik.Handelse.HOTBILD_SATT, beskrivning="Känd hotbild.",
              utford_av_hsa_id=m.hsa_id, utford_av_namn=m.namn, vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn)


def _generated_block_and_lock(result, enhet, chef, idag) -> None:
    named = set(result.named_pks.values())
    under_13 = senaste_fodelsedag(idag, AUTOMATISK_OMBUD_GRANS) + datetime.timedelta(days=1)
    barn = list(
        Invanare.objects.filter(fodelsedatum__gte=under_13, skydd="")
        .filter(pk__in=Vardrelation.objects.aktiva().filter(vardenhet=enhet).values("invanare_id"))
        .exclude(pk__in=named)
        .annotate(n=Count("vardnadshavarskap", filter=Q(vardnadshavarskap__till__isnull=True)))
        .filter(n__gte=2)
        .order_by("pk")[:3]
    )
    m = chef.medarbetare
    if barn and not OmbudBlockering.objects.filter(huvudman=barn[0]).exists():
        vh = Vardnadshavarskap.objects.filter(barn=barn[0]).order_by("vardnadshavare_id").first()
        OmbudBlockering.objects.create(
            huvudman=barn[0], ombud_id=vh.vardnadshavare_id, blankett="BLA-46557",
            anledning="Risk för barnet enligt orosanmälan; vårdnadshavaren ska inte få information via Alltid öppet.",
            beslutsdatum=idag - datetime.timedelta(days=14), beslutsfattare_hsa_id=m.hsa_id, beslutsfattare_namn=m.namn,
            registrerad_av_hsa_id=m.hsa_id, vardenhet_hsa_id=enhet.hsa_id,
        )
        _historik(barn[0].pk, "blockering", ombud_id=vh.vardnadshavare_id, handelse=Kontohistorik.Handelse.BLOCKERAD,
                  beskrivning="BLA-46557, beslut av verksamhetschefen.", utford_av_hsa_id=m.hsa_id,
                  utford_av_namn=m.namn, vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn)
    if len(barn) > 2 and not OmbudBlockering.objects.filter(huvudman=barn[2]).exists():
        # A block a nurse recorded, waiting for the verksamhetschef to confirm it with her own card (issue 15).
        vh = Vardnadshavarskap.objects.filter(barn=barn[2]).order_by("vardnadshavare_id").first()
        syster = (Medarbetaruppdrag.objects.aktiva().filter(vardenhet=enhet).exclude(roll=Roll.VERKSAMHETSCHEF)
                  .select_related("medarbetare").order_by("pk").first())
        av = syster.medarbetare if syster else m
        OmbudBlockering.objects.create(
            huvudman=barn[2], ombud_id=vh.vardnadshavare_id, blankett="BLA-46557", bekraftad=None,
            anledning="Hot mot personal vid besök; verksamhetschefen har ännu inte bekräftat.",
            beslutsdatum=idag, beslutsfattare_hsa_id=m.hsa_id, beslutsfattare_namn=m.namn,
            registrerad_av_hsa_id=av.hsa_id, vardenhet_hsa_id=enhet.hsa_id,
        )
        _historik(barn[2].pk, "blockering-vantar", ombud_id=vh.vardnadshavare_id,
                  handelse=Kontohistorik.Handelse.BLOCKERING_VANTAR,
                  beskrivning="BLA-46557, väntar på verksamhetschefens beslut.", utford_av_hsa_id=av.hsa_id,
                  utford_av_namn=av.namn, vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn)
    if len(barn) > 1 and not Kontosparr.objects.filter(invanare=barn[1]).exists():
        Kontosparr.objects.create(
            invanare=barn[1], orsak=Kontosparr.Orsak.LVU, sparrad_av_hsa_id=m.hsa_id, sparrad_av_namn=m.namn,
            vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn,
        )
        _historik(barn[1].pk, "lvu-sparr", handelse=Kontohistorik.Handelse.KONTO_SPARRAT,
                  beskrivning=str(Kontosparr.Orsak.LVU.label), utford_av_hsa_id=m.hsa_id, utford_av_namn=m.namn,
                  vardenhet_hsa_id=enhet.hsa_id, vardenhet_namn=enhet.namn)
