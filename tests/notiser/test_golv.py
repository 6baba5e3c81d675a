"""The floors (DESIGN.md): notiser calls no domain app but invanare; the ground floor does not import notiser
(nor, for SMS, invanare: the outbox moved out of vardportalen)."""
import ast
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

ROT = Path(__file__).resolve().parents[2]
DOMANER = {"bokning", "edokument", "meddelanden", "forlossning", "video", "hanvisning", "erbjudanden", "alltidoppet"}


def _importerade_paket(mapp: Path) -> dict[str, set[str]]:
    hittat: dict[str, set[str]] = {}
    for fil in mapp.rglob("*.py"):
        for nod in ast.walk(ast.parse(fil.read_text())):
            namn = []
            if isinstance(nod, ast.Import):
                namn = [a.name for a in nod.names]
            elif isinstance(nod, ast.ImportFrom) and nod.module and not nod.level:
                namn = [nod.module]
            for n in namn:
                hittat.setdefault(n.split(".")[0], set()).add(str(fil.relative_to(ROT)))
    return hittat


def test_notiser_imports_no_domain_app_but_invanare():
    paket = _importerade_paket(ROT / "notiser")
    assert "invanare" in paket
    assert not DOMANER & set(paket), {p: paket[p] for p in DOMANER & set(paket)}


def test_the_ground_floor_does_not_import_notiser():
    assert "notiser" not in _importerade_paket(ROT / "vardportalen")


def test_an_unknown_backend_name_says_which_exist(settings):
    from notiser.push.backends import push_backend

    settings.PUSH_BACKEND = "brevduva"
    with pytest.raises(ImproperlyConfigured, match="console, file, http"):
        push_backend()
