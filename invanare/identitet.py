"""Swedish patient identity numbers: parse what staff type, explain what is wrong, store twelve digits.

- personnummer (OID 1.2.752.129.2.1.3.1): YYYYMMDDNNNC, Luhn over the last ten digits. The ten-digit form
  writes '+' instead of '-' from the beginning of the year in which the person turns 100
  (Folkbokföringslagen 18 §): '-' (or nothing) means born in one of the last 100 calendar years, '+' in
  the hundred before. A twelve-digit number never carries '+'.
- samordningsnummer (1.2.752.129.2.1.3.3): as personnummer with the day + 60.
- Region Stockholm reservnummer (1.2.752.97.3.1.3): 12 digits, '99', century (19/20), two-digit year of
  issue, six digits whose second to last is odd for men and even for women. No check digit is documented,
  so none is checked.

Only the ASCII digits 0-9 are digits: any other (fullwidth, Arabic-Indic, superscript, ...) is refused with
a message, in every form, API and import, because they all call parse_identitetsnummer.
"""
import datetime
import re
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from invanare.models import IdTyp

_ALLOWED = re.compile(r"^[0-9]{6}([0-9]{2})?[-+]?[0-9]{4}$")
_ASCII_DIGITS = frozenset("0123456789")


class OgiltigtIdentitetsnummer(ValueError):
    """The message says exactly what is wrong, in Swedish, ready to show to staff."""


@dataclass(frozen=True)
class Identitet:
    typ: str
    nummer: str  # twelve digits

    @property
    def fodelsedatum(self) -> datetime.date | None:
        if self.typ == IdTyp.RESERVNUMMER:
            return None
        day = int(self.nummer[6:8])
        if self.typ == IdTyp.SAMORDNINGSNUMMER:
            day -= 60
        return datetime.date(int(self.nummer[:4]), int(self.nummer[4:6]), day)

    @property
    def kon(self) -> str:
        """'K' or 'M' from the second to last digit (odd for men)."""
        return "M" if int(self.nummer[10]) % 2 else "K"

    @property
    def formaterad(self) -> str:
        if self.typ == IdTyp.RESERVNUMMER:
            return self.nummer
        return f"{self.nummer[:8]}-{self.nummer[8:]}"


def luhn_checkdigit(nine_digits: str) -> int:
    total = 0
    for i, ch in enumerate(nine_digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return (10 - total % 10) % 10


def parse_identitetsnummer(text: str, *, idag: datetime.date | None = None) -> Identitet:
    """Accept 10 or 12 digits, with or without '-'/'+', and return the canonical identity."""
    idag = idag or timezone.localdate()
    raw = (text or "").strip().replace(" ", "")
    if not raw:
        raise OgiltigtIdentitetsnummer(_("Skriv ett personnummer, samordningsnummer eller reservnummer."))
    if any(ch.isdigit() and ch not in _ASCII_DIGITS for ch in raw):
        raise OgiltigtIdentitetsnummer(
            _("Identitetsnumret innehåller tecken som ser ut som siffror men inte är det. "
              "Skriv numret med siffrorna 0–9.")
        )
    if not re.fullmatch(r"[0-9+-]+", raw):
        raise OgiltigtIdentitetsnummer(
            _("Identitetsnumret får bara innehålla siffror och ett bindestreck eller plustecken.")
        )
    digits = raw.replace("-", "").replace("+", "")
    if len(digits) not in (10, 12):
        raise OgiltigtIdentitetsnummer(
            _("Ett identitetsnummer har 10 eller 12 siffror, du skrev %(antal)d.") % {"antal": len(digits)}
        )
    if not _ALLOWED.match(raw):
        raise OgiltigtIdentitetsnummer(
            _("Bindestreck eller plustecken ska stå före de fyra sista siffrorna, t.ex. 19850412-1234.")
        )
    if len(digits) == 12 and "+" in raw:
        raise OgiltigtIdentitetsnummer(
            _("Plustecken används bara i den tiosiffriga formen. Skriv de tolv siffrorna med bindestreck "
              "eller utan tecken, t.ex. 19250412-1234.")
        )
    if len(digits) == 12 and digits.startswith("99"):
        return _parse_reservnummer(digits, idag)

    ten_digit_dash_form = len(digits) == 10 and "+" not in raw
    if len(digits) == 10:
        digits = _add_century(digits, plus="+" in raw, idag=idag)

    year, month, day = int(digits[:4]), int(digits[4:6]), int(digits[6:8])
    typ = IdTyp.PERSONNUMMER
    if day > 60:
        typ, day = IdTyp.SAMORDNINGSNUMMER, day - 60
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        raise OgiltigtIdentitetsnummer(_invalid_date_message(digits[:8], year, month, day)) from None
    if born > idag:
        if ten_digit_dash_form:
            raise OgiltigtIdentitetsnummer(
                _("Födelsedatumet %(datum)s ligger i framtiden. Fyller personen 100 år i år eller är äldre "
                  "skrivs numret med plustecken (t.ex. %(plus)s) eller med tolv siffror.")
                % {"datum": born.isoformat(), "plus": f"{digits[2:8]}+{digits[8:]}"}
            )
        raise OgiltigtIdentitetsnummer(_("Födelsedatumet %(datum)s ligger i framtiden.") % {"datum": born.isoformat()})
    if born.year < idag.year - 130:
        raise OgiltigtIdentitetsnummer(
            _("Födelseåret %(ar)d är inte rimligt. Skriv numret med århundrade, t.ex. 19850412-1234.")
            % {"ar": born.year}
        )
    expected = luhn_checkdigit(digits[2:11])
    if int(digits[11]) != expected:
        raise OgiltigtIdentitetsnummer(
            _("Kontrollsiffran stämmer inte: sista siffran ska vara %(ratt)d, inte %(fel)s. Kontrollera numret.")
            % {"ratt": expected, "fel": digits[11]}
        )
    return Identitet(typ=typ, nummer=digits)


def _invalid_date_message(datumdel: str, year: int, month: int, day: int) -> str:
    if not 1 <= month <= 12:
        return _("Datumdelen %(datum)s är inget giltigt datum: månad %(manad)02d finns inte.") % {
            "datum": datumdel,
            "manad": month,
        }
    if month == 2 and day == 29:
        return _("Datumdelen %(datum)s är inget giltigt datum: %(ar)d var inget skottår.") % {
            "datum": datumdel,
            "ar": year,
        }
    return _("Datumdelen %(datum)s är inget giltigt datum.") % {"datum": datumdel}


def _add_century(ten: str, *, plus: bool, idag: datetime.date) -> str:
    """The birth year from the calendar year alone (Folkbokföringslagen 18 §: '+' from the beginning of the
    year the person turns 100). '-' or no sign: the year within the last 100 calendar years, this one
    included (idag.year - 99 .. idag.year); '+': the hundred years before (idag.year - 199 .. idag.year - 100).

    So on 2025-06-15, 251201+1236 is born 1925-12-01 (turns 100 this year), and 251201-1236 would be born
    2025-12-01, in the future, which the caller refuses with a hint to write '+'."""
    yy = int(ten[:2])
    newest = idag.year - 100 if plus else idag.year
    year = newest - (newest - yy) % 100
    return f"{year:04d}{ten[2:]}"


def _parse_reservnummer(digits: str, idag: datetime.date) -> Identitet:
    century, issue_year = digits[2:4], int(digits[2:6])
    if century not in ("19", "20"):
        raise OgiltigtIdentitetsnummer(
            _("Ett reservnummer börjar med 99 följt av århundradet 19 eller 20, inte %(s)s.") % {"s": century}
        )
    if issue_year > idag.year:
        raise OgiltigtIdentitetsnummer(
            _("Reservnumrets utfärdandeår %(ar)d ligger i framtiden.") % {"ar": issue_year}
        )
    return Identitet(typ=IdTyp.RESERVNUMMER, nummer=digits)


# --- generators for demo data and tests (synthetic, valid numbers) ---

def personnummer_for(fodelsedatum: datetime.date, lopnummer: int, *, samordning: bool = False) -> str:
    """Twelve digits; lopnummer is the three-digit serial (its last digit decides sex: odd = man)."""
    day = fodelsedatum.day + (60 if samordning else 0)
    nine = f"{fodelsedatum:%y%m}{day:02d}{lopnummer:03d}"
    return f"{fodelsedatum.year // 100:02d}{nine}{luhn_checkdigit(nine)}"


def reservnummer_for(utfardandear: int, lopnummer: int) -> str:
    """Twelve digits: 99, century, two-digit year of issue, six digits."""
    return f"99{utfardandear:04d}{lopnummer:06d}"
