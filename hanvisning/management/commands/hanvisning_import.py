"""Import a content file (format hanvisning/1, see docs/hanvisning.md) as a new draft version.

    manage.py hanvisning_import FIL.json            # a file
    manage.py hanvisning_import FIL.csv             # the same content as CSV (docs/hanvisning.md)
    manage.py hanvisning_import --demo              # the demo catalogue (not medically reviewed)
    manage.py hanvisning_import --generera 2000     # a generated catalogue for the benchmark
    … --publicera                                    # demo/test only: review and publish at once

A file with any error imports nothing and lists what is wrong.
"""
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from hanvisning import services
from hanvisning.katalog.demo import demokatalog


class Command(BaseCommand):
    help = "Importerar innehåll till Hänvisningsstödet som en ny, ogranskad version."

    def add_arguments(self, parser):
        parser.add_argument("fil", nargs="?")
        parser.add_argument("--demo", action="store_true")
        parser.add_argument("--generera", type=int, metavar="ANTAL_SYMTOM")
        parser.add_argument("--synonymer", type=int, default=None)
        parser.add_argument("--publicera", action="store_true",
                            help="Granska och publicera direkt (bara för demo- och testinnehåll).")

    def handle(self, *args, fil=None, demo=False, generera=None, synonymer=None, publicera=False, **options):
        if sum(bool(x) for x in (fil, demo, generera)) != 1:
            raise CommandError("Ange en fil, --demo eller --generera ANTAL.")
        if fil and fil.lower().endswith(".csv"):
            try:
                with open(fil, encoding="utf-8-sig") as f:
                    text = f.read()
            except (OSError, ValueError) as e:
                raise CommandError(f"Kunde inte läsa {fil}: {e}") from None
            try:
                version = services.innehall_importera_csv(text=text, importerad_av="manage.py hanvisning_import")
            except ValidationError as e:
                raise CommandError("Inget importerades:\n  " + "\n  ".join(e.messages)) from None
            return self._klar(version, publicera)
        if fil:
            try:
                with open(fil, encoding="utf-8") as f:
                    data = json.load(f)
            except (OSError, ValueError) as e:
                raise CommandError(f"Kunde inte läsa {fil}: {e}") from None
        elif demo:
            data = demokatalog()
        else:
            data = globals()["generera"](antal_symptom=generera, antal_synonymer=synonymer or generera * 10)
        try:
            version = services.innehall_importera(data=data, importerad_av="manage.py hanvisning_import")
        except ValidationError as e:
            raise CommandError("Inget importerades:\n  " + "\n  ".join(e.messages)) from None
        self._klar(version, publicera)

    def _klar(self, version, publicera):
        if publicera:
            if not version.demo:
                raise CommandError("--publicera gäller bara demoinnehåll; riktigt innehåll granskas av medicinskt ansvarig.")
            services.version_granska(version=version, granskare_hsa_id="demo", godkand=True, kommentar="Demo")
            version = services.version_publicera(version=version, hsa_id="demo")
        self.stdout.write(f"Importerade {version} ({version.symptom.count()} symtom), status: {version.get_status_display()}.")
