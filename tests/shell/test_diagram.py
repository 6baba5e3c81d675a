"""Issue 18: every server-drawn chart is rendered by a test that checks its SVG (tests/fixtures/svg.py)."""
from pathlib import Path

import pytest
from django.conf import settings

from tests.fixtures.svg import DIAGRAM, svg_giltiga


def test_every_template_with_an_svg_chart_has_a_test_that_checks_it():
    bas = Path(settings.BASE_DIR)
    med_svg = sorted(str(p.relative_to(bas)) for p in bas.glob("*/templates/**/*.html")
                     if ".venv" not in p.parts and "<svg" in p.read_text(encoding="utf-8"))
    med_svg += sorted(str(p.relative_to(bas)) for p in (bas / "templates").glob("**/*.html")
                      if "<svg" in p.read_text(encoding="utf-8"))
    assert med_svg, "hittade inga diagram"
    assert sorted(set(med_svg) - set(DIAGRAM)) == []
    for test in DIAGRAM.values():
        fil, namn = test.split("::")
        assert f"def {namn}(" in (bas / fil).read_text(encoding="utf-8") and "svg_giltiga(" in (bas / fil).read_text(encoding="utf-8"), test


@pytest.mark.parametrize("html", [
    '<svg viewBox="0 0 720 240"><rect x="46,2" y="10" width="30" height="5"/></svg>',
    '<svg viewBox="0 0 720 240"><rect x="46.2" y="10" width="30" height="5"></svg>',
    '<svg viewBox="0 0 720,5 240"><rect x="46.2" y="10" width="30" height="5"/></svg>',
    '<svg viewBox="0 0 720 240" style="max-width:1\u00a0234,5px"><text x="1" y="2">a</text></svg>',
])
def test_the_check_fails_on_a_decimal_comma_or_broken_xml(html):
    with pytest.raises((AssertionError, Exception)):
        svg_giltiga(html)


def test_the_check_passes_a_valid_chart():
    [rot] = svg_giltiga('<svg viewBox="0 0 720 240" width="100%"><a href="/x"><rect x="46.2" y="-1" width="30" '
                        'height="5"/></a><text x=".5" y="2" font-size="11">v. 49</text></svg>')
    assert rot.tag.endswith("svg")
