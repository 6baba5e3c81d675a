"""manage.py siths_issue_card: a test SITHS card (SoftHSM2 token) with keys made on the card."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vardportalen.models.personal import hsa_id_validator
from vardportalen.siths.testpki import kort_issue, testca_ensure


class Command(BaseCommand):
    help = "Skapar ett testkort (SoftHSM2-token) med legitimerings- och underskriftscertifikat från test-CA:t."

    def add_arguments(self, parser):
        parser.add_argument("--hsa-id", required=True, help="HSA-id, t.ex. SE2321000016-ABCD.")
        parser.add_argument("--name", required=True, help="Namn på kortinnehavaren (eller funktionen).")
        parser.add_argument("--pin", default="123456", help="PIN-kod (minst sex siffror, standard 123456).")
        parser.add_argument("--label", help="Kortets etikett (högst 32 tecken, standard ”SITHS <namn>”).")
        parser.add_argument("--expired", action="store_true", help="Certifikaten har gått ut.")
        parser.add_argument("--revoked", action="store_true", help="Certifikaten står på spärrlistan.")
        parser.add_argument("--untrusted", action="store_true", help="Utfärdat av en obetrodd CA med samma namn.")
        parser.add_argument("--only-signing", action="store_true", help="Bara underskriftscertifikat (nonRepudiation).")
        parser.add_argument("--function", action="store_true", help="Funktionscertifikat i stället för person.")
        parser.add_argument("--pki-dir", default=str(Path(settings.VAR_DIR) / "pki"))

    def handle(self, *args, hsa_id, name, pin, label, expired, revoked, untrusted, only_signing, function, pki_dir, **o):
        try:
            hsa_id_validator(hsa_id)
        except Exception as exc:
            raise CommandError(f"Ogiltigt HSA-id {hsa_id!r}.") from exc
        if not pin.isdigit() or len(pin) < 6:
            raise CommandError("PIN-koden ska vara minst sex siffror.")
        pki, _created = testca_ensure(directory=Path(pki_dir))
        card = kort_issue(pki=pki, hsa_id=hsa_id, name=name, pin=pin, label=label, expired=expired, revoked=revoked,
                          untrusted=untrusted, only_signing=only_signing, function=function)
        self.stdout.write(f"Kort {card.label!r} (token-serienummer {card.id}) för {card.name}, {card.hsa_id}, PIN {card.pin}")
