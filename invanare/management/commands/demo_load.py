"""manage.py demo_load: a realistic, deterministic demo region (units, staff, citizens). See invanare/demodata/."""
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from invanare.demodata import report
from invanare.demodata.loader import demo_load
from invanare.demodata.staff import format_staff_table
from invanare.demodata.writer import WRITERS


class Command(BaseCommand):
    help = "Skapar demoregionen: vårdenheter, medarbetare med uppdrag och syntetiska invånare."

    def add_arguments(self, parser):
        parser.add_argument("--invanare", type=int, default=2000, help="Antal invånare (standard 2000).")
        parser.add_argument("--seed", type=int, default=1, help="Slumpfrö för invånarna (standard 1).")
        parser.add_argument("--reset", action="store_true",
                            help="Ta bort demoinvånarna (och medarbetare som inte längre finns i listan) och skapa om.")
        parser.add_argument("--writer", choices=WRITERS, default="copy",
                            help="Skrivsätt: copy (PostgreSQL COPY, snabbast) eller bulk_create (för jämförelse).")

    def handle(self, *args, invanare, seed, reset, writer, verbosity, **options):
        if invanare < 0:
            raise CommandError("--invanare kan inte vara negativt.")
        say = self.stdout.write if verbosity > 0 else (lambda _line: None)
        say(f"Demoregion: {invanare} invånare, seed {seed}{', --reset' if reset else ''}, skrivsätt {writer}")
        result = demo_load(invanare=invanare, seed=seed, reset=reset, writer_name=writer, report=say)
        say(f"  {'Totalt':<28} {result.timings[-1][1]:7.2f} s")
        if result.citizens_skipped:
            say(self.style.WARNING(
                f"{result.citizens_skipped} demoinvånare fanns redan och lämnades orörda. "
                "Kör med --reset för att skapa om dem (t.ex. med ett annat antal eller seed)."))
        if verbosity < 1:
            return
        idag = timezone.localdate()
        say("\nMedarbetare (SITHS-kort skapas med: manage.py siths_demo_setup)")
        say(format_staff_table(result.staff, idag=idag))
        if result.named_pks:
            say("\nNamngivna demoinvånare")
            say(report.format_named(result.named_pks, idag=idag))
        say("\nFördelning")
        say(report.population_summary(result.unit_ids, idag=idag))
