"""Tags of the shared components (templates/komponenter/; logic in vardportalen/komponenter.py). A builtin
library like ``svenska``.

    {% sidhuvud rubrik ingress %}                       page header
    {% patientbanner invanare %}                        identity, age, protection, lock (base.html draws it)
    <th>…: {% sorterbar lista "tid" _("Tid") %}         a sortable column header (a <th> with aria-sort)
    {% sidnavigering lista.sida %}                      paging links (keep the other query parameters)
    {% bekrafta bekraftelse %}                          the confirmation step of a destructive action
    {% falt form.namn %}                                label, field, help text and error beside it
                                                        (a checkbox before its label; radios in a fieldset)
    {% formular form %}                                 every field of a form through ``falt`` (never as_p)
    {% formular form "kolumner" %}                      the same, the fields side by side in columns
    {% status "Bokad" "ok" %}                           a status badge (ok, varning, fel, neutral)
"""
from django import template
from django.utils.http import urlencode

from vardportalen.komponenter import patientbanner_markeringar

register = template.Library()


def _fraga(request, **andra) -> str:
    """This page's query string with ``andra`` set (None removes a key): sorting and paging keep the filter."""
    data = {k: request.GET.getlist(k) for k in request.GET} if request is not None else {}
    for k, v in andra.items():
        if v is None:
            data.pop(k, None)
        else:
            data[k] = [str(v)]
    return "?" + urlencode(sorted(data.items()), doseq=True)


@register.inclusion_tag("komponenter/sidhuvud.html")
def sidhuvud(rubrik, ingress=""):
    return {"rubrik": rubrik, "ingress": ingress}


@register.inclusion_tag("komponenter/patientbanner.html")
def patientbanner(invanare, alder_dag=None):
    """``alder_dag``: the day the age is for, when the page works on its own app's clock (the rules on the page
    and the banner must give the same age); otherwise today."""
    alder = invanare.alder(alder_dag) if callable(getattr(invanare, "alder", None)) else None
    return {"invanare": invanare, "alder": alder, "markeringar": patientbanner_markeringar(invanare)}


@register.inclusion_tag("komponenter/sorterbar.html", takes_context=True)
def sorterbar(context, lista, nyckel, rubrik):
    aktiv = lista.ordning == nyckel
    nasta = f"-{nyckel}" if aktiv and not lista.fallande else nyckel
    return {
        "rubrik": rubrik, "aktiv": aktiv, "fallande": lista.fallande,
        "url": _fraga(context.get("request"), ordning=nasta, sida=None),
    }


@register.inclusion_tag("komponenter/sidnavigering.html", takes_context=True)
def sidnavigering(context, sida):
    request = context.get("request")
    return {
        "sida": sida,
        "foregaende": _fraga(request, sida=sida.previous_page_number()) if sida.has_previous() else "",
        "nasta": _fraga(request, sida=sida.next_page_number()) if sida.has_next() else "",
        "forsta": _fraga(request, sida=1) if sida.number > 2 else "",
        "sista": _fraga(request, sida=sida.paginator.num_pages) if sida.number < sida.paginator.num_pages - 1 else "",
    }


@register.inclusion_tag("komponenter/bekrafta.html", takes_context=True)
def bekrafta(context, bekraftelse):
    return {"b": bekraftelse, "csrf_token": context.get("csrf_token")}


@register.inclusion_tag("komponenter/falt.html")
def falt(bf):
    attrs = {}
    if bf.errors:  # the error is read with the field, not only seen beside it
        beskriven_av = [f"{bf.auto_id}_helptext"] if bf.help_text else []
        attrs = {"aria-invalid": "true", "aria-describedby": " ".join(beskriven_av + [f"{bf.auto_id}_error"])}
    return {"f": bf, "widget": bf.as_widget(attrs=attrs), "kryss": bf.widget_type == "checkbox"}


@register.inclusion_tag("komponenter/formular.html")
def formular(form, layout=""):
    return {"form": form, "kolumner": layout == "kolumner"}


@register.inclusion_tag("komponenter/status.html")
def status(text, slag="neutral"):
    return {"text": text, "slag": slag}
