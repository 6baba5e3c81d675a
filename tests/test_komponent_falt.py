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


HANDBYGGD = re.compile(r"<label\s+for=")

# Fields still built by hand on purpose, each with why. Anything else goes through {% falt %}/{% formular %}.
TILLATNA_HANDBYGGDA: dict[str, str] = {
    # The PIN and card fields have no name on purpose: the PIN goes only to the card agent on this computer (JS).
    "templates/vardportalen/siths/login.html": "kort och PIN till kortagenten, aldrig till servern",
    # A lone search box searched as you type (htmx, its error in the swapped result), in the component's markup.
    "templates/invanare/sok.html": "sökrutan för identitetsnummer",
    "meddelanden/templates/meddelanden/svarsmallar.html": "sökrutan bland svarsmallarna",
    # A filter of the template list on the page itself (JS only, no name, nothing is sent), component markup.
    "meddelanden/templates/meddelanden/konversation.html": "filtret för svarsmallar",
    # A label for the <progress> of a send-out, not a form field.
    "erbjudanden/templates/erbjudanden/detalj.html": "förloppsmätaren",
    # Radios whose labels are the chosen symptom's content (urgency levels) and the offered slots.
    "hanvisning/templates/hanvisning/stod.html": "brådskegrad och tid att boka",
    # The stand-in OpenID provider the tests log in against: not a page of the portal.
    "tests/oidc_op/templates/registration/login.html": "testernas OpenID-leverantör",
}


def _handbyggda() -> dict[str, int]:
    return {str(p.relative_to(ROT)): n for p in _mallar()
            if "komponenter" not in p.parts and (n := len(HANDBYGGD.findall(p.read_text())))}


def test_no_field_is_built_by_hand_outside_the_component():
    assert sorted(set(_handbyggda()) - set(TILLATNA_HANDBYGGDA)) == []


def test_the_allow_list_names_only_templates_that_still_need_it():
    assert sorted(set(TILLATNA_HANDBYGGDA) - set(_handbyggda())) == []


OMSLUTANDE = re.compile(r"<label(?![^>]*\bfor=)[^>]*>")


def test_no_template_wraps_a_field_in_its_label():
    """A label without ``for=`` (the field inside it, as avregistrera.html and the free slots had) gives the field no
    id of its own: every label names its field by id, through the component."""
    fynd = [f"{p.relative_to(ROT)}: {m.group(0)}" for p in _mallar() for m in OMSLUTANDE.finditer(p.read_text())]
    assert fynd == []


def test_the_check_finds_a_hand_built_label():
    assert OMSLUTANDE.search('<label class="val"><input type="radio" name="sparra" value="ja"> Spärra</label>')
    assert not OMSLUTANDE.search('<label for="id_sparra_1">Spärra</label>')
    assert HANDBYGGD.search('<label  for="x">X</label><input id="x">')
    assert not HANDBYGGD.search('{% falt form.x %}')


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
