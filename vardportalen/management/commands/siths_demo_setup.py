"""manage.py siths_demo_setup: test PKI, card simulator and one test SITHS card per active staff member.

Idempotent: staff who already have a card (a token whose authentication certificate carries their HSA-ID)
keep it. Writes VAR_DIR/demo_cards.json: [{label, id, hsa_id, name, pin}].
"""
import json
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from vardportalen.cardagent.module import ModuleError, cardsim_build, softhsm_environ_setup
from vardportalen.cardagent.tokens import cards_list
from vardportalen.models import Medarbetare
from vardportalen.siths.testpki import kort_issue, testca_ensure


class Command(BaseCommand):
    help = "Förbereder demoinloggning: test-PKI, kortsimulator och ett SITHS-testkort per aktiv medarbetare."

    def add_arguments(self, parser):
        parser.add_argument("--pin", default="123456", help="PIN-kod för nya kort (standard 123456).")

    def handle(self, *args, pin, verbosity, **options):
        if settings.PKCS11_MODULE:
            raise CommandError("PKCS11_MODULE är satt: demokort skapas bara i kortsimulatorn (lämna PKCS11_MODULE tom).")
        if not pin.isdigit() or len(pin) < 6:
            raise CommandError("PIN-koden ska vara minst sex siffror.")
        var = Path(settings.VAR_DIR)
        pki, created = testca_ensure(directory=var / "pki")
        try:
            module = cardsim_build()
        except ModuleError as exc:
            raise CommandError(str(exc)) from exc
        env = softhsm_environ_setup()

        list_file = var / "demo_cards.json"
        known_pins = {}
        if list_file.exists():
            known_pins = {c["hsa_id"]: c["pin"] for c in json.loads(list_file.read_text())}
        existing = {c["hsa_id"]: c for c in cards_list(module=str(module)) if c["has_authentication_certificate"]}

        rows, new = [], 0
        for medarbetare in Medarbetare.objects.filter(is_active=True).order_by("efternamn", "fornamn", "hsa_id"):
            card = existing.get(medarbetare.hsa_id)
            if card is None:
                issued = kort_issue(pki=pki, hsa_id=medarbetare.hsa_id, name=medarbetare.namn, pin=pin, module=str(module))
                card = {"id": issued.id, "label": issued.label}
                known_pins[medarbetare.hsa_id] = pin
                new += 1
            rows.append({
                "label": card["label"], "id": card["id"], "hsa_id": medarbetare.hsa_id, "name": medarbetare.namn,
                "pin": known_pins.get(medarbetare.hsa_id, pin),
            })
        list_file.write_text(json.dumps(rows, ensure_ascii=False, indent=2) + "\n")
        if verbosity < 1:
            return
        say = self.stdout.write
        say(f"Test-PKI: {pki.directory} ({'skapad' if created else 'fanns'}); kortsimulator: {module}")
        say(f"SOFTHSM2_CONF={env['SOFTHSM2_CONF']}  CARDSIM_STATE_DIR={env['CARDSIM_STATE_DIR']}")
        say(f"{new} nya kort, {len(rows) - new} fanns redan. Lista: {list_file}\n")
        if not rows:
            say(self.style.WARNING("Inga aktiva medarbetare i databasen: kör manage.py demo_load först."))
            return
        widths = [max(len(r[k]) for r in rows + [{"label": "Kort", "hsa_id": "HSA-id", "name": "Namn", "pin": "PIN"}])
                  for k in ("name", "hsa_id", "label", "pin")]
        header = ("Namn", "HSA-id", "Kort", "PIN")
        say("  ".join(h.ljust(w) for h, w in zip(header, widths)))
        for r in rows:
            say("  ".join(str(r[k]).ljust(w) for k, w in zip(("name", "hsa_id", "label", "pin"), widths)))
