"""The steps of deregistering (and optionally locking) her own account, shared by the app API
(invanare.app_api.konto) and the citizen web (alltidoppet.installningar_views):

    steg 1: the consequences  ->  steg 2: the warning ("you cannot unlock it yourself")  ->  steg 3: done

Each confirmation is a signed, short-lived token bound to the session and the step, so a step can't be
skipped or replayed in another session. The last step calls konto_avregistrera."""
from __future__ import annotations

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

SALT = "invanare.konto.avregistrera"
GILTIG_SEKUNDER = 600
STEG_TOTALT = 3


def avregistrering_token(*, session_id: int, steg: int, sparra: bool) -> str:
    return signing.dumps({"s": session_id, "steg": steg, "sparra": sparra}, salt=SALT)


def avregistrering_las_token(token, *, session_id: int) -> dict:
    """The token's step and choice ({"steg": 1|2, "sparra": bool}); a ValidationError with a code if it has
    expired, was signed for another session or is not ours."""
    ogiltig = ValidationError(_("Bekräftelsen är inte giltig. Börja om."), code="bekraftelse_ogiltig")
    try:
        data = signing.loads(str(token), salt=SALT, max_age=GILTIG_SEKUNDER)
    except signing.SignatureExpired:
        raise ValidationError(_("Bekräftelsen har gått ut. Börja om."), code="bekraftelse_utgangen") from None
    except signing.BadSignature:
        raise ogiltig from None
    if data.get("s") != session_id:
        raise ogiltig
    return data


def avregistrering_text(*, steg: int, sparra: bool) -> str:
    """What she reads at each step."""
    if steg == 1:
        text = _("Om du avregistrerar ditt konto får du inte längre e-dokument i Alltid öppet, och du kan inte "
                 "chatta, boka eller se dina bokningar här. Dina ombud kan inte heller agera för dig här.")
        if sparra:
            text += " " + _("Du har valt att också spärra kontot: då kan varken du eller något ombud logga in på det.")
        return text
    if steg == 2:
        return (_("Du kan inte låsa upp kontot själv. För att låsa upp det måste du kontakta vården.") if sparra
                else _("Du kan registrera kontot igen genom att logga in på nytt."))
    return (_("Ditt konto är avregistrerat och spärrat. Kontakta vården om du vill låsa upp det.") if sparra
            else _("Ditt konto är avregistrerat."))
