"""manage.py tacka_nej_importera FIL [FIL ...]: read the mailbox operators' "tacka nej" refusal files
(format in edokument/tacka_nej.py). Each file is all or nothing; exit code 1 when a file was refused."""
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from edokument.tacka_nej import OgiltigFil, tacka_nej_importera


class Command(BaseCommand):
    help = "Läser in tacka nej-filer från de digitala brevlådorna (avböjda avsändare)."

    def add_arguments(self, parser):
        parser.add_argument("filer", nargs="+", help="CSV-filer: personnummer;avsandare;handelse;tidpunkt")

    def handle(self, *args, filer, **options):
        nekade = 0
        for namn in filer:
            sokvag = Path(namn)
            try:
                text = sokvag.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as err:
                self.stderr.write(f"{namn}: kan inte läsas ({type(err).__name__}: {err}). Inget har ändrats.")
                nekade += 1
                continue
            try:
                r = tacka_nej_importera(text=text, filnamn=sokvag.name)
            except OgiltigFil as err:
                self.stderr.write(f"{namn}: filen lästes inte in, inget har ändrats:")
                for rad in err.fel:
                    self.stderr.write(f"  {rad}")
                nekade += 1
                continue
            self.stdout.write(
                f"{namn}: {r.avbojda} nya avböjanden, {r.aterkallade} återkallade, {r.redan_kanda} redan kända, "
                f"{r.okanda_invanare} okända invånare och {r.okanda_avsandare} okända avsändare hoppades över."
            )
        if nekade:
            raise CommandError(f"{nekade} av {len(filer)} filer lästes inte in.")
