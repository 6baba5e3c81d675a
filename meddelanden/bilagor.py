"""Attachments: the type is decided from the file's first bytes, never from its name or the browser's word."""
from __future__ import annotations

import hashlib
import os
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from meddelanden.models import BILAGA_MAX_BYTE, BILAGOR_PER_MEDDELANDE, Bilaga

MAGI = (
    (b"%PDF-", Bilaga.Typ.PDF),
    (b"\x89PNG\r\n\x1a\n", Bilaga.Typ.PNG),
    (b"\xff\xd8\xff", Bilaga.Typ.JPEG),
)
FILANDELSE = {Bilaga.Typ.PDF: ".pdf", Bilaga.Typ.PNG: ".png", Bilaga.Typ.JPEG: ".jpg"}


@dataclass(frozen=True)
class InlastBilaga:
    filnamn: str
    typ: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def sniffa_typ(data: bytes) -> str | None:
    return next((typ for magi, typ in MAGI if data.startswith(magi)), None)


def _sakert_filnamn(namn: str, typ: str) -> str:
    namn = unicodedata.normalize("NFC", os.path.basename((namn or "").replace("\\", "/")))
    namn = re.sub(r"[\x00-\x1f\x7f\"<>|:*?/]", "", namn).strip(" .") or "bilaga"
    stam, _andelse = os.path.splitext(namn)
    return f"{stam[:100] or 'bilaga'}{FILANDELSE[typ]}"


def bilagor_las(filer) -> list[InlastBilaga]:
    """Read uploaded files (Django UploadedFile or objects with .name and .read()) or refuse all of them."""
    filer = list(filer or [])
    if len(filer) > BILAGOR_PER_MEDDELANDE:
        raise ValidationError({"bilagor": _("Högst %(n)d bilagor per meddelande.") % {"n": BILAGOR_PER_MEDDELANDE}})
    resultat = []
    for fil in filer:
        storlek = getattr(fil, "size", None)
        if storlek is not None and storlek > BILAGA_MAX_BYTE:
            raise ValidationError({"bilagor": _("%(namn)s är för stor: högst %(mb)d MB per bilaga.")
                                   % {"namn": fil.name, "mb": BILAGA_MAX_BYTE // (1024 * 1024)}})
        data = fil.read(BILAGA_MAX_BYTE + 1)
        if len(data) > BILAGA_MAX_BYTE:
            raise ValidationError({"bilagor": _("%(namn)s är för stor: högst %(mb)d MB per bilaga.")
                                   % {"namn": fil.name, "mb": BILAGA_MAX_BYTE // (1024 * 1024)}})
        if not data:
            raise ValidationError({"bilagor": _("%(namn)s är tom.") % {"namn": fil.name}})
        typ = sniffa_typ(data)
        if typ is None:
            raise ValidationError({"bilagor": _("%(namn)s är inte en PDF eller en bild (PNG, JPEG). Bara sådana filer kan bifogas.")
                                   % {"namn": fil.name}})
        resultat.append(InlastBilaga(_sakert_filnamn(fil.name, typ), typ, data))
    return resultat
