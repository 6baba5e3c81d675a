"""Forms through the form-field component (templates/komponenter/falt.html): help text and errors beside the field
and tied to it, never Django's ``as_p`` or a bare ``{{ form }}`` (issue 18)."""
from __future__ import annotations

import re
from pathlib import Path

from django import forms
from django.template import Context, Template

ROT = Path(__file__).resolve().parent.parent
OTILLATET = re.compile(r"\{\{\s*\w*form\s*\}\}|\.as_(p|div|table|ul)\b|\.label_tag\b")


def _mallar():
    for topp in ROT.iterdir():
        if topp.is_dir() and not topp.name.startswith(".") and topp.name not in {"var", "node_modules", "static"}:
            for mapp in [topp] if topp.name == "templates" else topp.rglob("templates"):
                yield from mapp.rglob("*.html")


def test_no_template_renders_a_form_or_a_label_of_its_own():
    fynd = [f"{p.relative_to(ROT)}: {m.group(0)}" for p in _mallar() for m in OTILLATET.finditer(p.read_text())]
    assert fynd == []


class _Form(forms.Form):
    namn = forms.CharField(label="Namn", help_text="Som i folkbokföringen.")
    samtycke = forms.BooleanField(label="Jag samtycker")
    val = forms.ChoiceField(label="Val", choices=[("a", "A"), ("b", "B")], widget=forms.RadioSelect)
    dold = forms.CharField(widget=forms.HiddenInput, required=False)


def _rendera(form) -> str:
    return Template("{% load komponenter %}{% formular form %}").render(Context({"form": form}))


def test_an_error_sits_beside_its_field_and_is_read_with_it():
    html = _rendera(_Form(data={"namn": "", "val": "x"}))
    assert re.search(r'<label for="id_namn">Namn.*?<input[^>]*id="id_namn"[^>]*>.*?id_namn_helptext.*?'
                     r'id="id_namn_error"[^>]*>\s*<p>Detta fält är obligatoriskt|id="id_namn_error"', html, re.S)
    falt = re.search(r'<input[^>]*name="namn"[^>]*>', html).group(0)
    assert 'aria-invalid="true"' in falt
    assert 'aria-describedby="id_namn_helptext id_namn_error"' in falt
    assert html.count('id="id_namn_error"') == 1


def test_a_checkbox_precedes_its_label_radios_get_a_fieldset_and_hidden_fields_come_along():
    html = _rendera(_Form())
    assert re.search(r'<input type="checkbox"[^>]*id="id_samtycke"[^>]*>\s*<label for="id_samtycke">', html)
    assert re.search(r"<fieldset[^>]*>\s*<legend>Val", html)
    assert 'type="hidden" name="dold"' in html
    assert 'aria-invalid' not in html
