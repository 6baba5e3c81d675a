"""The world of tests/infra/test_postgres_omstart.py, written into its own embedded PostgreSQL.

Run as ``python -m tests.infra.pg_omstart_varld`` with DATABASE_URL pointing at that server (the test's
Django talks to the session's test database, so the rows are made here, in a process of their own). Prints
one JSON line: the staff session cookie, the conversation and the SMS outbox rows.
"""
from __future__ import annotations

import json
import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.test")


def main() -> None:
    import django

    django.setup()
    from django.test import Client

    from invanare.models import Invanare
    from meddelanden import services
    from notiser.sms.services import sms_enqueue_till_nummer
    from tests.fixtures.staff import MedarbetaruppdragFactory, VardrelationFactory, aktor_for, login_session

    uppdrag = MedarbetaruppdragFactory()
    invanare = VardrelationFactory(vardenhet=uppdrag.vardenhet, invanare__konto=Invanare.Konto.REGISTRERAT).invanare
    aktor = aktor_for(uppdrag)
    konversation = services.konversation_start(aktor=aktor, invanare=invanare, amne="Fråga", text="Hej")
    klient = login_session(Client(), uppdrag)
    sms = [sms_enqueue_till_nummer(mobilnummer=f"070-123 45 6{i}", text=f"Kallelse {i}", idempotensnyckel=f"omstart:{i}",
                                   syfte="test", aktor=aktor).pk for i in range(3)]
    print(json.dumps({"sessionid": klient.cookies["sessionid"].value, "konversation": konversation.pk, "sms": sms}))


if __name__ == "__main__":
    main()
