"""Template filters for Swedish formats (the rules are in vardportalen/format.py). A builtin library: every
template has them without ``{% load %}``.

    {{ tid.start|datum_tid }}        mån 7 dec 2026 09:00
    {{ tid.start|datum_tid:"kort" }} mån 7 dec 09:00 (no year)
    {{ dag|datum }}                  mån 7 dec 2026
    {{ dag|datum:"langt" }}          måndag 7 december 2026
    {{ dag|datum:"manad" }}          7 december 2026
    {{ tid|klockslag }}              09:00
    {{ x|tal:2 }}                    1 234,50
    {{ x|maskintal }}                1234.5   (inside SVG/CSS/JS attributes)
    {{ enhet.postnummer|postnummer }}  122 45
"""
from django import template

from vardportalen import format as f

register = template.Library()


def _stil(stil: str) -> dict:
    """Words, combinable: "kort": no year; "langt": full weekday and month; "manad": full month, no weekday
    ("7 december 2026")."""
    ord_ = set(str(stil).split())
    return {"ar": "kort" not in ord_, "langt": bool(ord_ & {"langt", "manad"}), "veckodag": "manad" not in ord_}


@register.filter
def datum(varde, stil: str = ""):
    return f.datum(varde, **_stil(stil))


@register.filter
def datum_tid(varde, stil: str = ""):
    return f.datum_tid(varde, **_stil(stil))


@register.filter
def klockslag(varde):
    return f.klockslag(varde)


@register.filter
def iso_datum(varde):
    return f.iso_datum(varde)


@register.filter
def iso_datum_tid(varde):
    return f.iso_datum_tid(varde)


@register.filter
def varaktighet(varde):
    return f.varaktighet(varde)


@register.filter
def tal(varde, decimaler=1):
    return f.tal(varde, int(decimaler))


@register.filter
def maskintal(varde):
    return f.maskintal(varde)


@register.filter
def postnummer(varde):
    return f.postnummer(varde)


@register.filter
def identitet(varde, id_typ: str = ""):
    return f.identitet(varde, id_typ)
