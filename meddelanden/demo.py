"""Demo data for meddelanden: unit templates, criteria, a few diagnoses and conversations for named citizens,
and (bulk, idempotent) one conversation per 200 demo citizens at their care units."""
from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from invanare.kriterier.models import Diagnos, Kriterieuppsattning, Kriterium
from meddelanden.models import Inkorgsversion, Konversation, Meddelande, Svarsmall
from vardportalen.models import Medarbetaruppdrag, Vardenhet

DEMO_AMNE = "Demo: "
VAR_N_TE = 200  # one demo conversation per this many citizens (by id)
MALLAR = [
    ("Provsvar normala", "Hej {fornamn}! Dina provsvar är normala. Hälsningar {medarbetare}, {enhet}"),
    ("Ring oss", "Hej {fornamn}, vi har sökt dig per telefon. Ring oss gärna på mottagningens nummer. /{enhet}"),
    ("Tid bokad", "Hej {fornamn}! Vi har bokat en tid åt dig, kallelsen kommer i Alltid öppet. /{medarbetare}"),
]


def meddelanden_demo(result) -> None:
    with transaction.atomic():
        enheter = list(Vardenhet.objects.filter(aktiv=True))
        for enhet in enheter:
            for titel, text in MALLAR:
                Svarsmall.objects.get_or_create(vardenhet=enhet, titel=titel, defaults={"text": text})
            if enhet.typ == Vardenhet.Typ.VARDCENTRAL:
                u, _ = Kriterieuppsattning.objects.get_or_create(vardenhet=enhet, namn="Listade diabetespatienter")
                if not u.kriterier.exists():
                    Kriterium.objects.create(uppsattning=u, typ=Kriterium.Typ.LISTNING)
                    Kriterium.objects.create(uppsattning=u, typ=Kriterium.Typ.DIAGNOS, icd10_koder="E10, E11")
        _demo_konversationer(result)
        _enhetens_inkorg(result)


def _demo_konversationer(result) -> None:
    """One conversation per 200 citizens at one of their care units, written with INSERT … SELECT."""
    if Konversation.objects.filter(amne__startswith=DEMO_AMNE).exists():
        return
    personal = {u.vardenhet_id: u.medarbetare_id for u in Medarbetaruppdrag.objects.aktiva()}
    if not personal:
        return
    nu = timezone.now()
    with connection.cursor() as cur:
        # ON COMMIT DROP alone is not enough: demo_load may run twice in one transaction (the tests do).
        cur.execute("DROP TABLE IF EXISTS pg_temp.demo_personal")
        cur.execute("CREATE TEMP TABLE demo_personal (vardenhet_id bigint, medarbetare_id bigint) ON COMMIT DROP")
        cur.executemany("INSERT INTO demo_personal VALUES (%s, %s)", list(personal.items()))
        cur.execute(
            """
            WITH valda AS (
                SELECT DISTINCT ON (r.invanare_id) r.invanare_id, r.vardenhet_id, p.medarbetare_id
                FROM invanare_vardrelation r JOIN demo_personal p ON p.vardenhet_id = r.vardenhet_id
                WHERE r.till IS NULL AND r.invanare_id %% %s = 0
                ORDER BY r.invanare_id, r.vardenhet_id
            ), konv AS (
                INSERT INTO meddelanden_konversation (vardenhet_id, invanare_id, amne, startad_av_personal,
                    startad_av_id, skapad, senaste_meddelande, olasta_inkommande, forsta_olasta)
                SELECT vardenhet_id, invanare_id, %s || 'Fråga om provsvar', true, medarbetare_id,
                       %s - interval '2 days', %s - interval '3 hours', 1, %s - interval '3 hours'
                FROM valda
                RETURNING id, startad_av_id, skapad, senaste_meddelande
            )
            INSERT INTO meddelanden_meddelande (konversation_id, forfattare, medarbetare_id, text, skickad)
            SELECT id, 'personal', startad_av_id, 'Hej! Vi har fått dina provsvar. Hör av dig om du har frågor.', skapad FROM konv
            UNION ALL
            SELECT id, 'invanare', NULL, 'Tack! Betyder det att jag ska ändra medicinen?', senaste_meddelande FROM konv
            """,
            [VAR_N_TE, DEMO_AMNE, nu, nu, nu],
        )
        cur.execute(
            "INSERT INTO meddelanden_inkorgsversion (vardenhet_id, version) SELECT DISTINCT vardenhet_id, 1 FROM demo_personal "
            "ON CONFLICT (vardenhet_id) DO UPDATE SET version = meddelanden_inkorgsversion.version + 1"
        )
    if result.named_pks:
        for pk in list(result.named_pks.values())[:3]:
            enhet_id = next(iter(personal))
            Diagnos.objects.get_or_create(invanare_id=pk, vardenhet_id=enhet_id, kod="E11.9",
                                          defaults={"datum": timezone.localdate(nu) - datetime.timedelta(days=400)})


INKORG_ANTAL = 40  # the main demo unit's inbox: dozens of conversations, so its tabs, paging and sorting show
INKORG_AMNEN = [
    ("Förnya recept", "Hej, mitt recept på blodtrycksmedicin tar slut nästa vecka. Kan ni förnya det?"),
    ("Fråga om provsvar", "Hej! Jag har sett att provsvaren har kommit. Vad betyder de?"),
    ("Ombokning", "Jag kan inte komma på torsdag, finns det en annan tid?"),
    ("Intyg till arbetsgivaren", "Jag behöver ett intyg om att jag var sjuk förra veckan."),
    ("Biverkningar", "Sedan jag började med den nya medicinen har jag ont i magen. Ska jag sluta?"),
]


def _enhetens_inkorg(result) -> None:
    """Vårdcentral Gubbängen's inbox with INKORG_ANTAL conversations started by citizens, over the last two weeks:
    most unread, some answered, a few handled or closed. Idempotent: tops up to INKORG_ANTAL."""
    enhet = result.units.get("VC_GUB") if getattr(result, "units", None) else None
    if enhet is None:
        return
    from invanare.models import Vardrelation

    amnen = [f"{DEMO_AMNE}{a}" for a, _t in INKORG_AMNEN]
    finns = Konversation.objects.filter(vardenhet=enhet, amne__in=amnen)
    saknas = INKORG_ANTAL - finns.count()
    if saknas <= 0:
        return
    personal = Medarbetaruppdrag.objects.aktiva().filter(vardenhet=enhet).values_list("medarbetare_id", flat=True).first()
    invanare = list(Vardrelation.objects.aktiva().filter(vardenhet=enhet, invanare__skydd="")
                    .exclude(invanare_id__in=finns.values("invanare_id")).order_by("invanare_id")
                    .values_list("invanare_id", flat=True).distinct()[:saknas])
    nu = timezone.now()
    konversationer, meddelanden = [], []
    for i, pk in enumerate(invanare):
        amne, text = INKORG_AMNEN[i % len(INKORG_AMNEN)]
        skickad = nu - datetime.timedelta(hours=3 + 8 * i)
        besvarad = i % 4 == 3
        k = Konversation(vardenhet=enhet, invanare_id=pk, amne=f"{DEMO_AMNE}{amne}", startad_av_personal=False,
                         skapad=skickad, senaste_meddelande=skickad, olasta_inkommande=0 if besvarad else 1,
                         forsta_olasta=None if besvarad else skickad,
                         hanterad=skickad + datetime.timedelta(hours=1) if i % 8 == 7 else None,
                         stangd=skickad + datetime.timedelta(hours=2) if i % 10 == 9 else None)
        konversationer.append(k)
        meddelanden.append((k, Meddelande(forfattare=Meddelande.Forfattare.INVANARE, text=text, skickad=skickad,
                                          last=skickad + datetime.timedelta(minutes=30) if besvarad else None)))
        if besvarad and personal:
            meddelanden.append((k, Meddelande(forfattare=Meddelande.Forfattare.PERSONAL, medarbetare_id=personal,
                                              text="Tack för ditt meddelande, vi återkommer i dag.",
                                              skickad=skickad + datetime.timedelta(minutes=30))))
    Konversation.objects.bulk_create(konversationer)
    for k, m in meddelanden:
        m.konversation = k
    Meddelande.objects.bulk_create([m for _k, m in meddelanden])
    Inkorgsversion.objects.filter(vardenhet=enhet).update(version=F("version") + 1)
