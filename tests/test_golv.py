"""The ground floor (DESIGN.md, "Floors"): vardportalen/ imports no domain app. The domains reach it through
registered hooks (panels, overview sections, the identity parser of the access log, DEMO_STEPS), never the other
way round. The one exception is the root URLconf, vardportalen/urls.py, whose job is to mount every app."""
import ast
from pathlib import Path

ROT = Path(__file__).resolve().parents[1]
DOMANER = {"invanare", "notiser", "bokning", "edokument", "meddelanden", "forlossning", "video", "hanvisning",
           "erbjudanden", "alltidoppet"}
UNDANTAG = {"vardportalen/urls.py"}


def importer_av_domaner(mapp: Path) -> list[str]:
    hittat = []
    for fil in sorted(mapp.rglob("*.py")):
        relativ = str(fil.relative_to(ROT))
        if relativ in UNDANTAG or "/migrations/" in relativ:
            continue
        for nod in ast.walk(ast.parse(fil.read_text())):
            if isinstance(nod, ast.Import):
                namn = [a.name for a in nod.names]
            elif isinstance(nod, ast.ImportFrom) and nod.module and not nod.level:
                namn = [nod.module]
            else:
                continue
            hittat += [f"{relativ}:{nod.lineno} importerar {n}" for n in namn if n.split(".")[0] in DOMANER]
    return hittat


def test_the_ground_floor_imports_no_domain_app():
    assert importer_av_domaner(ROT / "vardportalen") == []


def test_the_check_finds_an_import(tmp_path, monkeypatch):
    monkeypatch.setattr("tests.test_golv.ROT", tmp_path)
    (tmp_path / "vardportalen").mkdir()
    (tmp_path / "vardportalen" / "x.py").write_text("def f():\n    from invanare.models import Invanare\n")
    assert importer_av_domaner(tmp_path / "vardportalen") == ["vardportalen/x.py:2 importerar invanare.models"]
