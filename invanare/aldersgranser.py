"""The daily end of proxy relations that stop by age (run by invanare.tasks.ombud_13_ar_avsluta).

Nothing depends on this job having run: far_agera computes every right from the birth date on every
request. The job tidies up and tells: it switches app sessions that still act for a child who turned 13
(or for a 17-year-old with a special-need proxy) back to the guardian herself, closes special-need Ombud
rows past the 17th birthday, and writes one history row per ended relation.

Idempotent (history rows carry unique keys; a closed row is not closed again) and catches up: it looks
back ``EFTERSLAP_DAGAR`` days, so a job that did not run for a while still writes the history.
A transaction-level advisory lock keeps two runs from overlapping.
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.behorighet import AUTOMATISK_OMBUD_GRANS, SARSKILT_BEHOV_GRANS, Syfte, arsdag, far_agera
from invanare.models import AppSession, Invanare, Kontohistorik, Ombud, Ombudstyp, Vardnadshavarskap

EFTERSLAP_DAGAR = 31
LAS_NYCKEL = 0x4F4D_4255  # "OMBU"


@dataclass
class Resultat:
    korde: bool = True
    upphorda_vardnadshavare: int = 0
    avslutade_sarskilt_behov: int = 0
    bytta_sessioner: int = 0


def _foddintervall(dag: datetime.date, ar: int) -> tuple[datetime.date, datetime.date]:
    """Birth dates whose ``ar``-th birthday may fall in the window (widened; filtered exactly later)."""
    hi = dag - datetime.timedelta(days=365 * ar + ar // 4 - 2)
    lo = hi - datetime.timedelta(days=EFTERSLAP_DAGAR + 6)
    return lo, hi + datetime.timedelta(days=6)


def ombud_alder_avsluta(*, dag: datetime.date | None = None) -> Resultat:
    dag = dag or timezone.localdate()
    nu = timezone.now()
    fonster_start = dag - datetime.timedelta(days=EFTERSLAP_DAGAR)
    with transaction.atomic():
        with connection.cursor() as cur:
            cur.execute("SELECT pg_try_advisory_xact_lock(%s)", [LAS_NYCKEL])
            if not cur.fetchone()[0]:
                return Resultat(korde=False)
        res = Resultat()
        lo, hi = _foddintervall(dag, AUTOMATISK_OMBUD_GRANS)
        barn = {
            b.pk: b
            for b in Invanare.objects.filter(fodelsedatum__range=(lo, hi)).only("pk", "fodelsedatum")
            if fonster_start < arsdag(b.fodelsedatum, AUTOMATISK_OMBUD_GRANS) <= dag
        }
        vardnad = list(
            Vardnadshavarskap.objects.aktiva(dag).filter(barn_id__in=barn)
        )
        nycklar = {f"13ar:{v.barn_id}:{v.vardnadshavare_id}": v for v in vardnad}
        redan = set(Kontohistorik.objects.filter(nyckel__in=nycklar).values_list("nyckel", flat=True))
        rader = [
            Kontohistorik(
                invanare_id=v.barn_id,
                ombud_id=v.vardnadshavare_id,
                handelse=Kontohistorik.Handelse.OMBUD_UPPHORT,
                beskrivning=_("Vårdnadshavaren är inte längre automatiskt ombud: barnet fyllde 13 år %(dag)s.")
                % {"dag": arsdag(barn[v.barn_id].fodelsedatum, AUTOMATISK_OMBUD_GRANS).isoformat()},
                nyckel=nyckel,
            )
            for nyckel, v in nycklar.items()
            if nyckel not in redan
        ]
        Kontohistorik.objects.bulk_create(rader, ignore_conflicts=True)
        res.upphorda_vardnadshavare = len(rader)

        # Special-need proxies past the 17th birthday (or their end date): close the rows.
        lo17, hi17 = _foddintervall(dag, SARSKILT_BEHOV_GRANS)
        utgangna = [
            r
            for r in Ombud.objects.select_for_update(of=("self",))
            .filter(typ=Ombudstyp.VARDNADSHAVARE_SARSKILT_BEHOV, avslutad__isnull=True)
            .filter(Q(giltig_till__lte=dag) | Q(huvudman__fodelsedatum__lte=hi17))
            .select_related("huvudman")
            if (r.giltig_till and r.giltig_till <= dag)
            or (r.huvudman.fodelsedatum and arsdag(r.huvudman.fodelsedatum, SARSKILT_BEHOV_GRANS) <= dag)
        ]
        for r in utgangna:
            r.avslutad = nu
            r.avslutad_anledning = _("Upphörde automatiskt: barnet fyllde 17 år eller beslutet gick ut.")
        Ombud.objects.bulk_update(utgangna, ["avslutad", "avslutad_anledning"])
        Kontohistorik.objects.bulk_create(
            [
                Kontohistorik(
                    invanare_id=r.huvudman_id,
                    ombud_id=r.ombud_id,
                    handelse=Kontohistorik.Handelse.OMBUD_UPPHORT,
                    beskrivning=r.avslutad_anledning,
                    nyckel=f"17ar:{r.pk}",
                )
                for r in utgangna
            ],
            ignore_conflicts=True,
        )
        res.avslutade_sarskilt_behov = len(utgangna)

        # App sessions still acting for one of them: back to the guardian herself.
        berorda = set(barn) | {r.huvudman_id for r in utgangna}
        sessioner = list(
            AppSession.objects.select_for_update()
            .filter(avslutad__isnull=True, giltig_till__gt=nu, agerar_for_id__in=berorda)
            .exclude(agerar_for_id=F("invanare_id"))
            .select_related("invanare", "agerar_for")
        )
        for s in sessioner:
            if far_agera(aktor=s.invanare, for_invanare=s.agerar_for, syfte=Syfte.OVERSIKT, nu=nu).tillaten:
                continue
            AppSession.objects.filter(pk=s.pk).update(agerar_for=s.invanare)
            Kontohistorik.objects.bulk_create(
                [
                    Kontohistorik(
                        invanare_id=s.agerar_for_id,
                        ombud_id=s.invanare_id,
                        handelse=Kontohistorik.Handelse.SESSION_AVSLUTAD,
                        beskrivning=_("Appsessionen som ombud avslutades; vårdnadshavaren agerar åter för sig själv."),
                        nyckel=f"session:{s.pk}:{s.agerar_for_id}",
                    )
                ],
                ignore_conflicts=True,
            )
            res.bytta_sessioner += 1
    return res
