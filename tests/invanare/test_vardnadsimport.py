"""manage.py import_vardnadshavare: guardian relations from a population-register CSV extract."""
import datetime

import pytest
from django.core.management import CommandError, call_command

from invanare.models import Vardnadshavarskap
from invanare.vardnadsimport import vardnadshavare_import
from tests.fixtures.staff import InvanareFactory


@pytest.fixture
def personer():
    barn = InvanareFactory(fodelsedatum=datetime.date(2019, 4, 2))
    mamma = InvanareFactory(fodelsedatum=datetime.date(1988, 1, 5))
    pappa = InvanareFactory(fodelsedatum=datetime.date(1987, 7, 9))
    return barn, mamma, pappa


def _tio(p):  # the ten-digit form staff and extracts use
    return f"{p.id_nummer[2:8]}-{p.id_nummer[8:]}"


def test_import_is_idempotent_upsert(personer, tmp_path, capsys):
    barn, mamma, pappa = personer
    fil = tmp_path / "vardnad.csv"
    fil.write_text(f"barn;vardnadshavare;fran\n{barn.id_nummer};{_tio(mamma)};\n{_tio(barn)};{pappa.id_nummer};2020-01-01\n",
                   encoding="utf-8")
    call_command("import_vardnadshavare", str(fil))
    assert "2 vårdnadshavarskap sparade" in capsys.readouterr().out
    rader = {v.vardnadshavare_id: v for v in Vardnadshavarskap.objects.all()}
    assert rader[mamma.pk].fran == barn.fodelsedatum and rader[pappa.pk].fran == datetime.date(2020, 1, 1)
    call_command("import_vardnadshavare", str(fil))
    assert Vardnadshavarskap.objects.count() == 2
    fil.write_text(f"barn,vardnadshavare,fran,till\n{barn.id_nummer},{pappa.id_nummer},2020-01-01,2026-01-01\n")
    call_command("import_vardnadshavare", str(fil))
    assert Vardnadshavarskap.objects.get(vardnadshavare=pappa).till == datetime.date(2026, 1, 1)
    assert Vardnadshavarskap.objects.count() == 2


def test_bad_rows_are_reported_in_swedish_and_skipped(personer):
    barn, mamma, pappa = personer
    text = (
        "barn,vardnadshavare,fran\n"
        f"{barn.id_nummer},{mamma.id_nummer},\n"
        f"{barn.id_nummer},12345,\n"
        f"{barn.id_nummer},191212121213,\n"
        f"{barn.id_nummer},{barn.id_nummer},\n"
        f"{barn.id_nummer},191212121212,\n"
        f"{barn.id_nummer},{pappa.id_nummer},igår\n"
    )
    res = vardnadshavare_import(text=text)
    assert res.sparade == 1 and res.lasta_rader == 6
    fel = "\n".join(res.fel)
    assert "Rad 3: vårdnadshavarens nummer:" in fel
    assert "Rad 4: vårdnadshavarens nummer:" in fel and "kontrollsiffra" in fel.lower()
    assert "Rad 5: barnet och vårdnadshavaren är samma person." in fel
    assert "Rad 6: ingen invånare med vårdnadshavarens nummer 19121212-1212." in fel
    assert 'Rad 7: fran "igår" är inget datum' in fel
    assert list(Vardnadshavarskap.objects.values_list("vardnadshavare_id", flat=True)) == [mamma.pk]


def test_all_or_nothing_and_check_only_store_nothing(personer, tmp_path):
    barn, mamma, _ = personer
    fil = tmp_path / "v.csv"
    fil.write_text(f"barn,vardnadshavare\n{barn.id_nummer},{mamma.id_nummer}\n{barn.id_nummer},1\n")
    with pytest.raises(CommandError, match="1 fel i filen. Inget importerades."):
        call_command("import_vardnadshavare", str(fil), "--allt-eller-inget")
    call_command("import_vardnadshavare", str(fil), "--kontrollera")
    assert not Vardnadshavarskap.objects.exists()


def test_missing_columns_or_file(tmp_path):
    fil = tmp_path / "v.csv"
    fil.write_text("barn,mor\n1,2\n")
    with pytest.raises(CommandError, match="saknar kolumnerna vardnadshavare"):
        call_command("import_vardnadshavare", str(fil))
    with pytest.raises(CommandError, match="finns inte"):
        call_command("import_vardnadshavare", str(tmp_path / "saknas.csv"))


def test_without_a_start_date_or_a_birth_date_the_relation_starts_today_on_the_portals_clock(personer, klocka):
    """A child with a reservnummer has no birth date: the relation starts on the portal's today (the injected
    clock), not the machine's calendar."""
    _barn, mamma, _pappa = personer
    barn = InvanareFactory(reservnummer=True)
    klocka.stall(datetime.datetime(2031, 12, 31, 23, 30))
    res = vardnadshavare_import(text=f"barn,vardnadshavare,fran\n{barn.id_nummer},{mamma.id_nummer},\n")
    assert not res.fel
    assert Vardnadshavarskap.objects.get(barn=barn).fran == datetime.date(2031, 12, 31)
