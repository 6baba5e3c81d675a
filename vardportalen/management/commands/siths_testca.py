"""manage.py siths_testca: the test SITHS PKI under VAR_DIR/pki (idempotent). Never trust it in production."""
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from vardportalen.siths.testpki import testca_ensure


class Command(BaseCommand):
    help = "Skapar (om den saknas) en test-PKI för SITHS: rot-CA, ”SITHS e-id Person … TEST”-CA och spärrlistor."

    def add_arguments(self, parser):
        parser.add_argument("--dir", default=str(Path(settings.VAR_DIR) / "pki"), help="Katalog (standard VAR_DIR/pki).")

    def handle(self, *args, dir, verbosity, **options):
        pki, created = testca_ensure(directory=Path(dir))
        if verbosity < 1:
            return
        self.stdout.write(("Skapade" if created else "Fanns redan:") + f" test-PKI i {pki.directory}")
        for name, value in pki.environment().items():
            self.stdout.write(f"  {name}={value}")
