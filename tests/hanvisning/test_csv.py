"""The content file as CSV: the demo catalogue written as CSV imports to the same content as its JSON; a file with
broken references or CSV errors imports nothing and says what is wrong, in Swedish, with row numbers."""
from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from hanvisning import services
from hanvisning.innehall_csv import KOLUMNER
from hanvisning.katalog.demo import demokatalog
from hanvisning.models import Hanvisningsregel, Innehallsversion, Symptom, Symptomniva, Synonym, Vardupdrag


def _ja(b) -> str:
    return "ja" if b else "nej"


def till_csv(data: dict, ska: str = ";") -> str:
    ut = io.StringIO()
    w = csv.DictWriter(ut, fieldnames=KOLUMNER, delimiter=ska)
    w.writeheader()
    w.writerow({"typ": "version", "namn": data["beteckning"], "text": data.get("kalla", ""), "demo": _ja(data.get("demo"))})
    for u in data["vardupdrag"]:
        w.writerow({"typ": "vardupdrag", "kod": u["kod"], "namn": u["namn"], "text": u.get("beskrivning", "")})
    for f in data["vardformer"]:
        w.writerow({"typ": "vardform", "kod": f["kod"], "namn": f["namn"], "text": f.get("beskrivning", ""),
                    "radgivning": _ja(f.get("radgivning"))})
    for s in data["symptom"]:
        w.writerow({"typ": "symptom", "kod": s["kod"], "namn": s["namn"], "text": s.get("beskrivning", ""),
                    "kroppsomrade": s["kroppsomrade"], "alder_fran": s.get("alder_fran", 0),
                    "alder_till": "" if s.get("alder_till") is None else s["alder_till"],
                    "synonymer": "|".join(s.get("synonymer", [])), "vardagliga": "|".join(s.get("vardagliga", []))})
        for n in s["nivaer"]:
            w.writerow({"typ": "niva", "kod": s["kod"], "bradskegrad": n["bradskegrad"], "text": n["text"],
                        "vardupdrag": "|".join(n["vardupdrag"])})
    for r in data["regler"]:
        fran, till = r.get("alder", [0, None])
        tid = r.get("tid", ["00:00", "24:00"])
        w.writerow({"typ": "regel", "kod": r["kod"], "vardupdrag": r["vardupdrag"], "vardform": r["vardform"],
                    "alder_fran": fran, "alder_till": "" if till is None else till,
                    "dagar": "|".join(r.get("dagar", ["alla"])), "tid_fran": tid[0], "tid_till": tid[1],
                    "prioritet": r.get("prioritet", 100), "text": r.get("motivering", "")})
    return ut.getvalue()


def _innehall(version):
    symptom = {s.kod: (s.namn, s.beskrivning, s.kroppsomrade, s.alder_fran, s.alder_till,
                       sorted(s.synonymer.values_list("text", "typ")),
                       sorted(s.nivaer.values_list("bradskegrad", "text", "vardupdrag")))
               for s in Symptom.objects.filter(version=version)}
    regler = sorted(Hanvisningsregel.objects.filter(version=version).values_list(
        "kod", "vardupdrag", "alder_fran", "alder_till", "dagtyper", "fran_minut", "till_minut", "vardform__kod",
        "prioritet", "motivering"))
    return symptom, regler, (version.beteckning, version.demo, version.kalla)


def test_demo_catalogue_as_csv_imports_the_same_content_as_json(db, tmp_path):
    data = demokatalog()
    fran_json = services.innehall_importera(data=data, importerad_av="test")
    fil = tmp_path / "katalog.csv"
    fil.write_text("\ufeff" + till_csv(data, ska=";"), encoding="utf-8")  # Excel's BOM
    call_command("hanvisning_import", str(fil), stdout=io.StringIO())
    fran_csv = Innehallsversion.objects.exclude(pk=fran_json.pk).get()
    assert fran_csv.symptom.count() == len(data["symptom"]) > 90
    assert _innehall(fran_csv) == _innehall(fran_json)
    # A comma-separated file reads the same.
    tredje = services.innehall_importera_csv(text=till_csv(data, ska=","), importerad_av="test")
    assert _innehall(tredje) == _innehall(fran_json)


def test_broken_csv_imports_nothing_and_names_each_error(db, tmp_path):
    data = demokatalog()
    rader = till_csv(data).splitlines()
    trasig = rader + [
        "niva;FINNS-INTE;;Text;;;;;;inom_nagra_timmar;akut_somatik;;;;;;;",     # level of a symptom not in the file
        "symptom;S-X;Nytt symtom;;buk;tre;;;;;;;;;;;;",                         # age not a number
        "niva;S-X;;Text;;;;;;inom_en_dag;okant_uppdrag;;;;;;;",                 # unknown care mission
        "regel;R-X;;Varför;;0;;;;;akut_somatik;okand_form;;;;;;",               # unknown care form
        "vardupdrag;nytt_uppdrag;Nytt uppdrag från filen;;;;;;;;;;;;;;;",       # would be upserted: must not be
        "okand;x;y;;;;;;;;;;;;;;;",
    ]
    with pytest.raises(ValidationError) as info:
        services.innehall_importera_csv(text="\n".join(trasig), importerad_av="test")
    text = "\n".join(info.value.messages)
    n = len(rader)
    for bit in (f"Rad {n + 1}: nivån hör till symtomet 'FINNS-INTE', som inte finns i filen.",
                f"Rad {n + 2}: alder_fran 'tre' är inte ett heltal.", f"Rad {n + 6}: okänd radtyp 'okand'"):
        assert bit in text, text
    # The CSV errors come first; with them fixed, the shared validation names the broken references.
    utan_csv_fel = rader + [trasig[n + 2], "niva;S-X;;Text;;;;;;inom_en_dag;okant_uppdrag;;;;;;;", trasig[n + 3],
                            trasig[n + 4]]
    utan_csv_fel[n] = "symptom;S-X;Nytt symtom;;buk;3;;;;;;;;;;;;"
    with pytest.raises(ValidationError) as info:
        services.innehall_importera_csv(text="\n".join(utan_csv_fel), importerad_av="test")
    text = "\n".join(info.value.messages)
    assert "vårduppdraget 'okant_uppdrag' finns inte" in text and "vårdformen 'okand_form' finns inte" in text, text
    assert not Innehallsversion.objects.exists() and not Symptom.objects.exists()
    assert not Synonym.objects.exists() and not Symptomniva.objects.exists()
    assert not Vardupdrag.objects.filter(kod="nytt_uppdrag").exists()

    fil = tmp_path / "trasig.csv"
    fil.write_text("\n".join(utan_csv_fel), encoding="utf-8")
    with pytest.raises(CommandError, match="Inget importerades"):
        call_command("hanvisning_import", str(fil), stdout=io.StringIO())
    assert not Innehallsversion.objects.exists()


@pytest.mark.parametrize("text, bit", [
    ("", "Filen är tom."),
    ("typ;kod;namn;farg\nversion;;V;;", "Okända kolumner i rubrikraden: farg"),
    ("kod;namn\nx;y", "Rubrikraden saknar kolumnerna typ"),
    ("typ;kod;namn\nvardupdrag;a;A", "exakt en rad av typen version (den har 0)"),
    ("typ;kod;namn;demo\nversion;;V;kanske", "demo ska vara ja eller nej"),
])
def test_csv_form_errors(db, text, bit):
    with pytest.raises(ValidationError) as info:
        services.innehall_importera_csv(text=text, importerad_av="test")
    assert any(bit in m for m in info.value.messages), info.value.messages
    assert not Innehallsversion.objects.exists()
