"""manage.py import_postnummer PATH: any CSV with postnummer, lat, lon; all or nothing."""
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from invanare.geo import DEFAULT_CSV
from invanare.models import Postnummer


def run(path) -> str:
    out = StringIO()
    call_command("import_postnummer", str(path), stdout=out)
    return out.getvalue()


def write(tmp_path, text, name="pn.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_minimal_columns_replace_the_table(tmp_path):
    assert Postnummer.objects.count() == 3306  # loaded by migration 0003
    out = run(write(tmp_path, "postnummer,lat,lon\n11520,59.33,18.07\n18130,59.37,18.13\n"))
    assert "Läste in 2 postnummer" in out
    assert sorted(Postnummer.objects.values_list("postnummer", flat=True)) == ["11520", "18130"]
    assert Postnummer.objects.get(pk="11520").ort == ""


def test_semicolons_spaces_bom_and_decimal_commas(tmp_path):
    path = tmp_path / "excel.csv"
    path.write_bytes("\ufeffPostnummer;Ort;Kommun;Lat;Lon\n115 20;Stockholm;Stockholms kommun;59,33;18,07\n".encode())
    run(path)
    pn = Postnummer.objects.get()
    assert (pn.postnummer, pn.ort, pn.kommun, pn.lat, pn.lon) == ("11520", "Stockholm", "Stockholms kommun", 59.33, 18.07)


@pytest.mark.parametrize(
    "content,message",
    [
        ("postnummer,lat\n11520,59.3\n", "saknar kolumnerna: lon"),
        ("postnummer,lat,lon\n1152,59.3,18.0\n", "Rad 2: postnumret '1152' har inte fem siffror"),
        ("postnummer,lat,lon\n11520,59.3,18.0\n115 20,59.3,18.0\n", "Rad 3: postnumret 11520 finns redan på rad 2"),
        ("postnummer,lat,lon\n11520,norr,18.0\n", "Rad 2: lat och lon måste vara decimaltal"),
        ("postnummer,lat,lon\n11520,95,18.0\n", "utanför jorden"),
        ("postnummer,lat,lon\n", "inga postnummer"),
    ],
)
def test_bad_files_import_nothing(tmp_path, content, message):
    with pytest.raises(CommandError, match=message):
        run(write(tmp_path, content))
    assert Postnummer.objects.count() == 3306


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="finns inte"):
        run(tmp_path / "saknas.csv")


def test_bundled_file_round_trip():
    run(DEFAULT_CSV)
    assert Postnummer.objects.count() == 3306
    assert Postnummer.objects.get(pk="18130").kommun == "Lidingö kommun"
