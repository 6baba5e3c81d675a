"""manage.py erbjudande_raknare_bygg [id …]: rebuild the follow-up counters (erbjudanden.raknare) from the recipient
rows, for the given offers or every offer that has recipients; reports the offers whose counters differed."""
from django.core.management.base import BaseCommand

from erbjudanden.models import Erbjudande
from erbjudanden.raknare import aggregat, raknare_bygg, raknare_las


class Command(BaseCommand):
    help = "Bygg om räknarna för riktade erbjudanden (skickat, öppnat, bokat, avböjt per dag) från mottagarraderna."

    def add_arguments(self, parser):
        parser.add_argument("erbjudande_id", nargs="*", type=int)

    def handle(self, *args, erbjudande_id, **options):
        ids = erbjudande_id or list(Erbjudande.objects.filter(mottagare__isnull=False).distinct().values_list("pk", flat=True))
        for pk in ids:
            skilde = raknare_las(pk) != aggregat(pk)
            raknare_bygg(pk)
            self.stdout.write(f"Erbjudande {pk}: {'räknarna skilde sig, ombyggda' if skilde else 'räknarna stämde'}.")
