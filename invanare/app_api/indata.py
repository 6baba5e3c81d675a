"""Operations that take JSON *or* multipart form data (a message with attached files).

ninja binds one body type per operation, so these read the body here, through the same strict JSON parser
and the same schema, and declare both content types in the OpenAPI document with ``json_eller_formular``.
"""
from __future__ import annotations

import pydantic
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.utils.translation import gettext as _
from ninja import Schema

from invanare.app_api.fel import ApiFel, OgiltigBegaran, for_stor, fran_valideringsfel
from invanare.app_api.parser import ar_json, las_body, las_json
from vardportalen.granser import ascii_heltal

MULTIPART = "multipart/form-data"


def las_indata(request, schema: type[Schema], *, filfalt: str = "bilagor"):
    """(validated schema instance, uploaded files)."""
    if request.content_type == MULTIPART:
        try:
            data, filer = request.POST.dict(), request.FILES.getlist(filfalt)
        except Exception as err:
            raise _las_fel(err) from err
        for namn, falt in schema.model_fields.items():
            if falt.annotation is int and isinstance(data.get(namn), str) and ascii_heltal(data[namn]) is not None:
                data[namn] = ascii_heltal(data[namn])
    elif ar_json(request):
        raw = las_body(request)
        data, filer = (las_json(raw) if raw else {}), []
    else:
        raise ApiFel(415, "fel_innehallstyp", _("Skicka begäran som JSON eller multipart/form-data."))
    try:
        return schema.model_validate(data), filer
    except pydantic.ValidationError as err:
        raise fran_valideringsfel([{**e, "loc": ("body", *e["loc"])} for e in err.errors()]) from err


def _las_fel(err: Exception) -> ApiFel:
    if isinstance(err, (RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent)):
        return for_stor()
    return OgiltigBegaran(_("Formulärdata kunde inte läsas."))


def json_eller_formular(schema: type[Schema], *, filfalt: str = "bilagor") -> dict:
    """openapi_extra for an operation read with las_indata."""
    json_schema = schema.model_json_schema()
    formular = {
        **json_schema,
        "properties": {**json_schema.get("properties", {}),
                       filfalt: {"type": "array", "items": {"type": "string", "format": "binary"}, "maxItems": 5}},
    }
    return {"requestBody": {"required": True, "content": {
        "application/json": {"schema": json_schema},
        MULTIPART: {"schema": formular},
    }}}
