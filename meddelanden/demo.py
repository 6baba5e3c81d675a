"""Demo data for meddelanden: unit templates, criteria, a few diagnoses and conversations for named citizens,
and (bulk, idempotent) one conversation per 200 demo citizens at their care units."""
from __future__ import annotations

import datetime

from django.db import connection, transaction
from django.utils import timezone

from invanare.kriterier.models import Diagnos, Kriterieuppsattning, Kriterium
from meddelanden.models import Konversation, Svarsmall
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

