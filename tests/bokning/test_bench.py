"""bench_bokning at toy scale: the command runs, and its own checks (double bookings, lost requests) come out clean."""
import io

from django.core.management import call_command

from bokning.models import Tid
from tests.fixtures.bokning import transaktionell_markering, vaccinationstyp
from vardportalen.models import Vardenhet

pytestmark = transaktionell_markering()


def test_bench_command_small(transactional_db):
    vaccinationstyp()
    ut = io.StringIO()
    call_command("bench_bokning", enheter=3, tider=600, veckor=1, sokningar=5, klienter=4, heta=6, forfragningar=12, stdout=ut)
    text = ut.getvalue()
    assert "600 tider" in text.replace("\u00a0", " ")
    assert "6 bokade (201), 6 fullbokade (400), förlorade/övriga svar: 0" in text, text
    assert "dubbelbokningar: 0; bokningsrader på de heta tiderna: 6 (ska vara 6)" in text, text
    assert not Tid.objects.exists() and not Vardenhet.objects.filter(hsa_id__startswith="SE2321000016-BENCH").exists()
