"""Print a few demo citizens for the `make demo` banner. Run with the demo's environment:

    DJANGO_SETTINGS_MODULE=vardportalen.settings.dev python -m devtools.demo_info [--max N]
"""
from __future__ import annotations

import os
import sys


def citizens_table(limit: int = 8) -> str:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vardportalen.settings.dev")
    django.setup()
    from django.utils import timezone

    idag = timezone.localdate()
    try:  # the named citizens demo_load always creates, with what each one shows
        from vardportalen.demo import report
        from vardportalen.demo.named import NAMED, identity_number
        from invanare.models import Invanare

        by_number = {identity_number(n): n.key for n in NAMED}
        rows = Invanare.objects.filter(id_nummer__in=by_number).values_list("id_nummer", "pk")
        named_pks = {by_number[nummer]: pk for nummer, pk in rows}
        if named_pks:
            lines = report.format_named(named_pks, idag=idag).splitlines()
            return "\n".join(lines[: limit + 1])
    except ImportError:
        pass
    from invanare.models import Invanare

    lines = []
    for inv in Invanare.objects.order_by("efternamn", "fornamn")[:limit]:
        nummer = inv.id_nummer
        lines.append(f"{nummer[:8]}-{nummer[8:]}  {inv.fornamn} {inv.efternamn}")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    limit = int(argv[argv.index("--max") + 1]) if "--max" in argv else 8
    table = citizens_table(limit)
    print(table if table else "(no citizens in the database)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
