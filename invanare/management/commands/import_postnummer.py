"""manage.py import_postnummer PATH: replace the postal-code table from a CSV (postnummer, lat, lon, ...)."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from invanare.geo import load_postnummer_csv
from invanare.models import Postnummer


class Command(BaseCommand):
    help = (
        "Ersätter postnummertabellen med innehållet i en CSV-fil med minst kolumnerna postnummer, lat, lon "
        "(valfritt ort, kommunkod, kommun, precision). Befintliga invånares adresser ändras inte."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV-fil, UTF-8, komma-, semikolon- eller tabbseparerad.")

    def handle(self, *args, path: Path, **options):
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        try:
            with transaction.atomic():
                antal = load_postnummer_csv(Postnummer, path)
        except (ValueError, UnicodeDecodeError) as exc:
            raise CommandError(f"Inget importerades: {exc}") from None
        self.stdout.write(self.style.SUCCESS(f"Läste in {antal} postnummer från {path}."))
