"""What the `make demo` banner prints from the database: every demo card with its staff member's roles and units,
every named demo citizen with what she demonstrates, and which card and citizen to use for each job.

    DJANGO_SETTINGS_MODULE=vardportalen.settings.dev python -m devtools.demo_info [--kort var/demo_cards.json]
"""
from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _setup() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")
    django.setup()


def _tabell(rubriker: list[str], rader: list[list[str]]) -> list[str]:
    bredd = [max([len(r)] + [len(rad[i]) for rad in rader]) for i, r in enumerate(rubriker)]
    return ["  ".join(t.ljust(bredd[i]) for i, t in enumerate(rad)).rstrip() for rad in [rubriker, *rader]]


def cards_table(cards: list[dict]) -> str:
    """One line per card: the card, PIN, name, and each commission as "roll, enhet" (expired ones marked)."""
    from django.utils import timezone

    from vardportalen.models import Medarbetare, Roll

    idag = timezone.localdate()
    personal = {m.hsa_id: m for m in Medarbetare.objects.filter(hsa_id__in=[c.get("hsa_id") for c in cards])
                .prefetch_related("uppdrag__vardenhet")}
    rader = []
    for card in cards:
        m = personal.get(card.get("hsa_id"))
        uppdrag = []
        for u in sorted(m.uppdrag.all(), key=lambda u: u.pk) if m else []:
            text = f"{Roll(u.roll).label}, {u.vardenhet.namn}"
            if u.giltig_till is not None and u.giltig_till < idag:
                text += " (utgånget)"
            uppdrag.append(text)
        if m is not None and not m.is_active:
            uppdrag.append("kontot inaktiverat")
        if m is not None and m.is_superuser:
            uppdrag.append("admin (superuser)")
        elif m is not None and m.is_staff:
            uppdrag.append("admin")
        rader.append([str(card.get("label", "")), str(card.get("pin", "")), str(card.get("name", "")),
                      "; ".join(uppdrag) or "–"])
    return "\n".join(_tabell(["Kort", "PIN", "Namn", "Roll och enhet"], rader))


def citizens_table() -> str:
    """Every named demo citizen demo_load creates, with what each one shows."""
    from django.utils import timezone

    from invanare.demodata import report
    from invanare.demodata.named import NAMED, identity_number
    from invanare.models import Invanare

    by_number = {identity_number(n): n.key for n in NAMED}
    rows = Invanare.objects.filter(id_nummer__in=by_number).values_list("id_nummer", "pk")
    named_pks = {by_number[nummer]: pk for nummer, pk in rows}
    return report.format_named(named_pks, idag=timezone.localdate()) if named_pks else ""


def what_to_try() -> str:
    from invanare.demodata.report import prova_rader

    return "\n".join(_tabell(["Uppgift", "Kort (roll, enhet)", "Invånare"], [list(rad) for rad in prova_rader()]))


def main(argv: list[str]) -> int:
    _setup()
    if "--kort" in argv:
        fil = Path(argv[argv.index("--kort") + 1])
        cards = json.loads(fil.read_text()) if fil.exists() else []
        print("Log in: open the URL, choose a card, type its PIN.")
        print(cards_table(cards) if cards else f"(no demo cards: {fil} missing, manage.py siths_demo_setup has not run)")
        print()
    tabell = citizens_table()
    print("Demo citizens (search by identity number):")
    print(tabell if tabell else "(no named demo citizens in the database)")
    print("\nWhat to try:")
    print(what_to_try())
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
