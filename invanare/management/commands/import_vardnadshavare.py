"""manage.py import_vardnadshavare PATH: upsert guardian relations from a population-register CSV extract."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from invanare.vardnadsimport import ImportFel, vardnadshavare_import


class Command(BaseCommand):
    help = (
        "Läser in vårdnadshavarskap från en CSV-fil (utdrag ur folkbokföringen) med kolumnerna barn, "
        "vardnadshavare och valfritt fran, till. Befintliga rader uppdateras; samma fil två gånger ändrar inget."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="CSV-fil, UTF-8, komma-, semikolon- eller tabbseparerad.")
        parser.add_argument("--allt-eller-inget", action="store_true", help="Spara ingenting om någon rad är felaktig.")
        parser.add_argument("--kontrollera", action="store_true", help="Kontrollera filen utan att spara.")

    def handle(self, *args, path: Path, allt_eller_inget: bool, kontrollera: bool, **options):
        if not path.is_file():
            raise CommandError(f"Filen {path} finns inte.")
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError:
            raise CommandError("Filen är inte UTF-8. Inget importerades.") from None
        try:
            res = vardnadshavare_import(text=text, allt_eller_inget=allt_eller_inget, kontrollera=kontrollera)
        except ImportFel as exc:
            raise CommandError(f"Inget importerades: {exc}") from None
        for rad in res.fel:
            self.stderr.write(rad)
        if kontrollera:
            self.stdout.write(f"Kontrollerade {res.lasta_rader} rader: {len(res.fel)} fel. Inget sparades.")
        elif allt_eller_inget and res.fel:
            raise CommandError(f"{len(res.fel)} fel i filen. Inget importerades.")
        else:
            self.stdout.write(self.style.SUCCESS(
                f"Läste {res.lasta_rader} rader: {res.sparade} vårdnadshavarskap sparade, {len(res.fel)} rader med fel."
            ))
