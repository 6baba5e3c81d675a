"""WCAG 2.2 AA contrast of the shell's colour pairs, read from the CSS variables in portal.css."""
import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR, "static", "vardportalen", "portal.css").read_text(encoding="utf-8")
VARS = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", CSS))

# (foreground, background, minimum): text 4.5:1, focus indicators and field borders 3:1.
PAIRS = [
    ("ink", "bg", 4.5), ("ink", "card", 4.5), ("muted", "bg", 4.5), ("muted", "card", 4.5),
    ("brand", "card", 4.5), ("brand", "bg", 4.5), ("brand-dark", "card", 4.5), ("brand", "info-bg", 4.5),
    ("on-brand", "brand", 4.5), ("on-brand-muted", "brand", 4.5), ("on-brand", "brand-dark", 4.5),
    ("warn", "card", 4.5), ("warn", "warn-bg", 4.5), ("ink", "warn-bg", 4.5), ("ink", "info-bg", 4.5),
    ("skyddad-ink", "skyddad-bg", 4.5), ("ink", "badge-bg", 4.5), ("focus-ink", "focus", 4.5),
    ("ok-ink", "ok-bg", 4.5), ("varning-ink", "varning-bg", 4.5),
    ("focus", "brand", 3.0), ("focus-ink", "card", 3.0), ("field-border", "card", 3.0),
]


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


@pytest.mark.parametrize(("fg", "bg", "minimum"), PAIRS)
def test_colour_pair_contrast(fg, bg, minimum):
    assert contrast(VARS[fg], VARS[bg]) >= minimum, f"--{fg} on --{bg}: {contrast(VARS[fg], VARS[bg]):.2f}"


def test_focus_is_visible_everywhere():
    assert ":focus-visible" in CSS and "outline: 3px solid" in CSS
    assert "outline: none" not in CSS.replace("main:focus { outline: none; box-shadow: none; }", "")
