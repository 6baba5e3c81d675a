"""The floors (DESIGN.md, "Floors"; docs/design.md), read from every import in the apps' code:

- `vardportalen/` is the ground floor and imports no app. The domains reach it through registered hooks
  (panels, overview sections, the identity parser of the access log, DEMO_STEPS), never the other way round.
- `invanare/` stands on it and imports only the ground floor; `notiser/` imports only those two.
- The domain apps stand on those and may import each other, but never in a circle.
- `portal/` is the top floor (the root URLconf mounting every app, the bench URLconf); no app imports it.
- No app imports another app's private names (`_name`): what two apps share is a public service or selector.
- Within an app, `services` never imports `tasks`: a service publishes a task by its name after commit
  (vardportalen.ko.publicera_efter_commit)."""
import ast
from collections import defaultdict
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
GRUND = "vardportalen"
TOPP = "portal"
DOMANER = {"invanare", "notiser", "bokning", "edokument", "meddelanden", "forlossning", "video", "hanvisning",
           "erbjudanden", "alltidoppet"}
APPAR = {GRUND, TOPP, *DOMANER}
# What an app may import besides itself, where the floors say more than "no circle".
TILLATET = {
    GRUND: set(),
    "invanare": {GRUND},
    "notiser": {GRUND, "invanare"},
}


def importer(mapp: Path, *, privata: bool = False) -> list[tuple[str, str]]:
    """(where, imported module) for every absolute import of another app in mapp, migrations left out; with
    privata, only the imports of its private names (module.name)."""
    hittat = []
    for fil in sorted(mapp.rglob("*.py")):
        relativ = str(fil.relative_to(ROT))
        if "/migrations/" in relativ:
            continue
        for nod in ast.walk(ast.parse(fil.read_text())):
            if isinstance(nod, ast.Import) and not privata:
                namn = [a.name for a in nod.names]
            elif isinstance(nod, ast.ImportFrom) and nod.module and not nod.level and privata:
                namn = [f"{nod.module}.{a.name}" for a in nod.names if a.name.startswith("_")]
            elif isinstance(nod, ast.ImportFrom) and nod.module and not nod.level:
                namn = [nod.module]
            else:
                continue
            hittat += [(f"{relativ}:{nod.lineno}", n) for n in namn
                       if n.split(".")[0] in APPAR and n.split(".")[0] != mapp.name]
    return hittat


def graf() -> dict[str, dict[str, list[str]]]:
    """app -> imported app -> where."""
    kanter: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for app in sorted(APPAR):
        for var, modul in importer(ROT / app):
            kanter[app][modul.split(".")[0]].append(f"{var} importerar {modul}")
    return kanter


def fel_riktning(kanter) -> list[str]:
    fel = []
    for app, mal in sorted(kanter.items()):
        for annan, stallen in sorted(mal.items()):
            if annan == TOPP or (app in TILLATET and annan not in TILLATET[app]):
                fel += stallen
    return fel


def cirklar(kanter) -> list[list[str]]:
    """Every circle of apps, each once, as found by a depth-first walk (app, ..., app)."""
    funna, sett = [], set()

    def besok(app, vag):
        for annan in sorted(kanter.get(app, {})):
            if annan in vag:
                cirkel = vag[vag.index(annan):] + [annan]
                if frozenset(cirkel) not in sett:
                    sett.add(frozenset(cirkel))
                    funna.append(cirkel)
            else:
                besok(annan, vag + [annan])

    for app in sorted(kanter):
        besok(app, [app])
    return funna


def test_every_app_imports_only_its_own_floor_or_lower():
    """The ground floor among them: vardportalen/ imports no other app."""
    assert fel_riktning(graf()) == []


def test_no_circle_of_imports_between_apps():
    kanter = graf()
    assert [(cirkel, [kanter[a][b][0] for a, b in zip(cirkel, cirkel[1:])]) for cirkel in cirklar(kanter)] == []


def test_no_app_imports_another_apps_private_names():
    privata = [(var, namn) for app in sorted(APPAR) for var, namn in importer(ROT / app, privata=True)]
    assert privata == []


def tjanster_som_importerar_tasks(rot: Path) -> list[str]:
    hittat = []
    for app in sorted(APPAR):
        for fil in sorted((rot / app).rglob("*.py")):
            if fil.name != "services.py" and fil.parent.name != "services":
                continue
            for nod in ast.walk(ast.parse(fil.read_text())):
                if isinstance(nod, ast.Import):
                    namn = [a.name for a in nod.names]
                elif isinstance(nod, ast.ImportFrom) and nod.module:
                    namn = [f"{nod.module}.{a.name}" for a in nod.names]
                else:
                    continue
                hittat += [f"{fil.relative_to(rot)}:{nod.lineno} importerar {n}" for n in namn
                           if "tasks" in n.split(".")]
    return hittat


def test_no_service_imports_tasks():
    assert tjanster_som_importerar_tasks(ROT) == []


def test_the_check_finds_an_import(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_golv.ROT", tmp_path)
    (tmp_path / "vardportalen").mkdir()
    (tmp_path / "vardportalen" / "x.py").write_text("def f():\n    from invanare.models import Invanare\n")
    assert importer(tmp_path / "vardportalen") == [("vardportalen/x.py:2", "invanare.models")]
    (tmp_path / "alltidoppet").mkdir()
    (tmp_path / "alltidoppet" / "y.py").write_text("from invanare.konto import _token, steg\n")
    assert importer(tmp_path / "alltidoppet", privata=True) == [("alltidoppet/y.py:1", "invanare.konto._token")]


def test_the_checks_find_a_wrong_direction_and_a_circle():
    kanter = {"bokning": {"video": ["b"], "portal": ["p"]}, "video": {"bokning": ["v"]},
              "notiser": {"bokning": ["n"]}, "invanare": {"vardportalen": ["i"]}}
    assert fel_riktning(kanter) == ["p", "n"]
    assert cirklar(kanter) == [["bokning", "video", "bokning"]]


def test_the_check_finds_a_service_importing_tasks(tmp_path):
    (tmp_path / "edokument").mkdir()
    (tmp_path / "edokument" / "services.py").write_text("def f():\n    from edokument.tasks import skicka\n")
    assert tjanster_som_importerar_tasks(tmp_path) == ["edokument/services.py:2 importerar edokument.tasks.skicka"]
