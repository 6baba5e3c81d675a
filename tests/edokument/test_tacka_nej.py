"""The "tacka nej" refusal file (seed 001: the citizen can decline documents in her digital mailbox via the
tacka nej-webben): imported all or nothing, idempotent, withdrawals honoured, and the routing then skips the
mailbox for that sender. Admin: the unit's systemförvaltare, access-logged."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from edokument.models import BrevladaAvbojd
from edokument.services import routning_for
from edokument.tacka_nej import OgiltigFil, tacka_nej_importera
from tests.fixtures.staff import (
    InvanareFactory,
    MedarbetareFactory,
    MedarbetaruppdragFactory,
    VardenhetFactory,
    logged_in_client,
)
from vardportalen.models import Atkomstlogg, Roll

RUBRIK = "personnummer;avsandare;handelse;tidpunkt\n"


def _pnr(inv):
    return f"{inv.id_nummer[:8]}-{inv.id_nummer[8:]}"


def _fil(*rader):
    return RUBRIK + "".join(";".join(r) + "\n" for r in rader)


@pytest.fixture
def vuxen():
    return InvanareFactory(fodelsedatum=datetime.date(1980, 5, 5), digital_brevlada="kivra")


def test_a_refusal_makes_the_routing_skip_the_mailbox_for_that_sender_only(vuxen, vardenhet):
    annan = VardenhetFactory()
    assert routning_for(invanare=vuxen, vardenhet_id=vardenhet.pk, typ="ekallelse", brevmall=None).har_brevlada
    r = tacka_nej_importera(text=_fil((_pnr(vuxen), vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00")),
                            filnamn="kivra-1.csv")
    assert r.avbojda == 1
    rad = BrevladaAvbojd.objects.get()
    assert (rad.invanare_id, rad.vardenhet_id, rad.kalla) == (vuxen.pk, vardenhet.pk, "kivra-1.csv rad 2")
    assert not routning_for(invanare=vuxen, vardenhet_id=vardenhet.pk, typ="ekallelse", brevmall=None).har_brevlada
    assert routning_for(invanare=vuxen, vardenhet_id=annan.pk, typ="ekallelse", brevmall=None).har_brevlada


def test_import_is_idempotent_and_applies_withdrawals_in_time_order(vuxen, vardenhet):
    fil = _fil((_pnr(vuxen), vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00"))
    tacka_nej_importera(text=fil, filnamn="a.csv")
    assert tacka_nej_importera(text=fil, filnamn="a.csv").redan_kanda == 1 and BrevladaAvbojd.objects.count() == 1
    # withdrawn later (the later line first in the file: time decides, not order)
    r = tacka_nej_importera(text=_fil((_pnr(vuxen), vardenhet.hsa_id, "aterkallad", "2026-12-02T08:00:00+01:00"),
                                      (_pnr(vuxen), vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00")),
                            filnamn="b.csv")
    assert r.aterkallade == 1 and not BrevladaAvbojd.objects.exists()


def test_unknown_people_and_senders_are_skipped_and_counted(vuxen, vardenhet):
    okand = "19121212-1212"
    r = tacka_nej_importera(text=_fil((okand, vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00"),
                                      (_pnr(vuxen), "SE2321000016-OKAND", "avbojd", "2026-11-30T10:15:00+01:00")),
                            filnamn="c.csv")
    assert (r.okanda_invanare, r.okanda_avsandare, r.avbojda) == (1, 1, 0) and not BrevladaAvbojd.objects.exists()


def test_one_bad_line_changes_nothing_and_every_problem_is_named_in_swedish(vuxen, vardenhet):
    fil = _fil((_pnr(vuxen), vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00"),
               ("19800101-123", vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00"),
               (_pnr(vuxen), vardenhet.hsa_id, "kanske", "2026-11-30T10:15:00+01:00"),
               (_pnr(vuxen), vardenhet.hsa_id, "avbojd", "30/11 2026"))
    with pytest.raises(OgiltigFil) as fel:
        tacka_nej_importera(text=fil, filnamn="d.csv")
    assert [f.split(":")[0] for f in fel.value.fel] == ["Rad 3", "Rad 4", "Rad 5"]
    assert "avbojd eller aterkallad" in fel.value.fel[1] and "tidszon" in fel.value.fel[2]
    assert not BrevladaAvbojd.objects.exists()
    with pytest.raises(OgiltigFil, match="rubrikerna"):
        tacka_nej_importera(text="pnr,avsandare\n", filnamn="e.csv")


def test_the_command_reads_files_and_refuses_a_bad_one(vuxen, vardenhet, tmp_path, capsys):
    bra = tmp_path / "bra.csv"
    bra.write_text(_fil((_pnr(vuxen), vardenhet.hsa_id, "avbojd", "2026-11-30T10:15:00+01:00")), encoding="utf-8")
    dalig = tmp_path / "dalig.csv"
    dalig.write_text(_fil((_pnr(vuxen), vardenhet.hsa_id, "avbojd", "igår")), encoding="utf-8")
    with pytest.raises(CommandError, match="1 av 2 filer"):
        call_command("tacka_nej_importera", str(bra), str(dalig))
    ut = capsys.readouterr()
    assert "1 nya avböjanden" in ut.out and "Rad 2" in ut.err and BrevladaAvbojd.objects.count() == 1


def test_admin_shows_the_units_refusals_to_its_systemforvaltare_and_logs_the_read(vuxen, vardenhet):
    BrevladaAvbojd.objects.create(invanare=vuxen, vardenhet=vardenhet, skapad=timezone.now(), kalla="f.csv rad 2")
    annans = BrevladaAvbojd.objects.create(invanare=InvanareFactory(), vardenhet=VardenhetFactory(), kalla="g.csv rad 2")
    uppdrag = MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(is_staff=True), vardenhet=vardenhet,
                                       roll=Roll.SYSTEMFORVALTARE)
    client = logged_in_client(uppdrag)
    html = client.get("/admin/edokument/brevladaavbojd/").content.decode()
    assert "f.csv rad 2" in html and "g.csv rad 2" not in html
    sok = client.get("/admin/edokument/brevladaavbojd/", {"q": _pnr(vuxen)[2:]}).content.decode()  # 10 digits, dash
    assert "f.csv rad 2" in sok
    assert Atkomstlogg.objects.filter(invanare_identitet=vuxen.id_nummer, handelse="lasning").exists()
    assert client.get(f"/admin/edokument/brevladaavbojd/{annans.pk}/change/").status_code in (302, 403, 404)
    sjukskoterska = logged_in_client(MedarbetaruppdragFactory(medarbetare=MedarbetareFactory(is_staff=True),
                                                              vardenhet=vardenhet, roll=Roll.SJUKSKOTERSKA))
    assert sjukskoterska.get("/admin/edokument/brevladaavbojd/").status_code == 403
