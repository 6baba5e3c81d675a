"""`make screenshots` installs what it needs before it takes the pictures (pngquant keeps docs/skarmbilder small)."""
from pathlib import Path

from devtools import system_check

MAKEFILE = Path(__file__).resolve().parents[2] / "Makefile"


def test_screenshots_target_checks_and_installs_pngquant():
    assert [r.package for r in system_check.REQUIREMENTS if "screenshots" in r.targets] == ["pngquant"]
    recept = MAKEFILE.read_text().split("\nscreenshots:", 1)[1].split("\n\n", 1)[0]
    assert "system_check.py screenshots" in recept
    assert recept.index("system_check.py screenshots") < recept.index("devtools.skarmbilder")
