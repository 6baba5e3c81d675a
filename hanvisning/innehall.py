"""The content file (format ``hanvisning/1``, documented in docs/hanvisning.md): validate all of it, then
write it as one new draft version in one transaction. A file with any error writes nothing."""
from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Max

from hanvisning.models import (
    MAX_ALDER,
    Bradskegrad,
    Dagtyp,
    Hanvisningsregel,
    Innehallsversion,
    Kroppsomrade,
    Symptom,
    Symptomniva,
    Synonym,
    Vardform,
    Vardupdrag,
)
from hanvisning.oppettider import minuter

FORMAT = "hanvisning/1"
LAS_NYCKEL = 0x48_414E_56  # "HANV"
MAX_FEL = 50
# Shorthands for day types in the file.
DAGAR = {
    "alla": [d.value for d in Dagtyp],
    "helg": [Dagtyp.LORDAG, Dagtyp.SONDAG, Dagtyp.HELGDAG, Dagtyp.AFTON],
    **{d.value: [d.value] for d in Dagtyp},
}


class Fel:
    def __init__(self):
        self.lista: list[str] = []

    def __call__(self, text: str):
        if len(self.lista) < MAX_FEL:
            self.lista.append(text)

    def __bool__(self):
        return bool(self.lista)


def _text(obj: dict, nyckel: str, var: str, fel: Fel, *, max_langd: int, kravs: bool = True) -> str:
    varde = obj.get(nyckel, "")
    if not isinstance(varde, str) or (kravs and not varde.strip()):
        fel(f"{var}: '{nyckel}' saknas eller är inte en text.")
        return ""
    if len(varde) > max_langd:
        fel(f"{var}: '{nyckel}' är längre än {max_langd} tecken.")
    return varde.strip()


def _alder(varde, var: str, fel: Fel, *, tillat_none: bool) -> int | None:
    if varde is None and tillat_none:
        return None
    if not isinstance(varde, int) or isinstance(varde, bool) or not 0 <= varde <= MAX_ALDER:
        fel(f"{var}: åldern {varde!r} är inte ett heltal 0–{MAX_ALDER}.")
        return None
    return varde


def _poster(data: dict, nyckel: str, ental: str, fel: Fel, *, tom: str = ""):
    """The objects of the list ``data[nyckel]``, each checked to be an object with a code that occurs once:
    yields (how to name it in a message, the object, its code). ``tom``: the message when the list is empty
    (then it must not be)."""
    rader = data.get(nyckel, [])
    if not isinstance(rader, list) or (tom and not rader):
        fel(tom or f"'{nyckel}' ska vara en lista.")
        return
    koder = set()
    for i, r in enumerate(rader, 1):
        if not isinstance(r, dict):
            fel(f"{ental} nr {i}: ska vara ett objekt.")
            continue
        kod = _text(r, "kod", f"{ental} nr {i}", fel, max_langd=40)
        var = f"{ental} {kod or i}"
        if kod in koder:
            fel(f"{var}: koden finns två gånger.")
        koder.add(kod)
        yield var, r, kod


def _kodlista(data: dict, nyckel: str, fel: Fel) -> dict[str, dict]:
    ut = {}
    for var, r, kod in _poster(data, nyckel, nyckel, fel):
        _text(r, "namn", var, fel, max_langd=120)
        ut[kod] = r
    return ut


def validera(data) -> tuple[list[str], dict]:
    """All errors of the file (in Swedish, at most MAX_FEL) and the parsed parts for ``importera``."""
    fel = Fel()
    if not isinstance(data, dict):
        return ["Filen ska innehålla ett JSON-objekt."], {}
    if data.get("format") != FORMAT:
        fel(f"'format' ska vara {FORMAT!r}, filen säger {data.get('format')!r}.")
    beteckning = _text(data, "beteckning", "Filen", fel, max_langd=120)
    uppdrag = _kodlista(data, "vardupdrag", fel)
    former = _kodlista(data, "vardformer", fel)
    kanda_uppdrag = set(uppdrag) | set(Vardupdrag.objects.values_list("kod", flat=True))
    kanda_former = set(former) | set(Vardform.objects.values_list("kod", flat=True))

    symptom, anvanda_uppdrag = [], set()
    for var, s, kod in _poster(data, "symptom", "symtom", fel, tom="'symptom' ska vara en lista med minst ett symtom."):
        namn = _text(s, "namn", var, fel, max_langd=200)
        omrade = s.get("kroppsomrade")
        if omrade not in Kroppsomrade.values:
            fel(f"{var}: okänt kroppsområde {omrade!r} (ett av {', '.join(Kroppsomrade.values)}).")
        fran = _alder(s.get("alder_fran", 0), var, fel, tillat_none=False)
        till = _alder(s.get("alder_till"), var, fel, tillat_none=True)
        if fran is not None and till is not None and till <= fran:
            fel(f"{var}: alder_till måste vara större än alder_fran.")
        synonymer = []
        for typ, nyckel in ((Synonym.Typ.SYNONYM, "synonymer"), (Synonym.Typ.VARDAGLIGT, "vardagliga")):
            lista = s.get(nyckel, [])
            if not isinstance(lista, list) or not all(isinstance(t, str) and t.strip() and len(t) <= 200 for t in lista):
                fel(f"{var}: '{nyckel}' ska vara en lista med texter (högst 200 tecken).")
                continue
            synonymer += [(t.strip(), typ) for t in lista]
        nivaer = []
        grader = set()
        for j, n in enumerate(s.get("nivaer") or [], 1):
            nvar = f"{var}, nivå {j}"
            if not isinstance(n, dict):
                fel(f"{nvar}: ska vara ett objekt.")
                continue
            grad = n.get("bradskegrad")
            if grad not in Bradskegrad.values:
                fel(f"{nvar}: okänd brådskegrad {grad!r}.")
            elif grad in grader:
                fel(f"{nvar}: brådskegraden {grad} finns två gånger.")
            grader.add(grad)
            text = _text(n, "text", nvar, fel, max_langd=4000)
            ul = n.get("vardupdrag")
            if not isinstance(ul, list) or not ul or not all(isinstance(u, str) for u in ul):
                fel(f"{nvar}: 'vardupdrag' ska vara en lista med minst en kod.")
                ul = []
            for u in ul:
                if u not in kanda_uppdrag:
                    fel(f"{nvar}: vårduppdraget {u!r} finns inte (varken i filen eller i regionen).")
                anvanda_uppdrag.add(u)
            nivaer.append((grad, text, ul))
        if not nivaer:
            fel(f"{var}: har ingen brådskegrad ('nivaer').")
        symptom.append(dict(kod=kod, namn=namn, beskrivning=s.get("beskrivning", "") if isinstance(s.get("beskrivning", ""), str) else "",
                            kroppsomrade=omrade, alder_fran=fran or 0, alder_till=till, synonymer=synonymer, nivaer=nivaer))

    regler, uppdrag_med_regel = [], set()
    for var, r, kod in _poster(data, "regler", "regel", fel, tom="'regler' ska vara en lista med minst en regel."):
        u = r.get("vardupdrag")
        if u not in kanda_uppdrag:
            fel(f"{var}: vårduppdraget {u!r} finns inte.")
        uppdrag_med_regel.add(u)
        form = r.get("vardform")
        if form not in kanda_former:
            fel(f"{var}: vårdformen {form!r} finns inte.")
        alder = r.get("alder", [0, None])
        if not isinstance(alder, list) or len(alder) != 2:
            fel(f"{var}: 'alder' ska vara [från, till] i år, till ej inkluderad (null = ingen övre gräns).")
            alder = [0, None]
        afran = _alder(alder[0], var, fel, tillat_none=False)
        atill = _alder(alder[1], var, fel, tillat_none=True)
        if afran is not None and atill is not None and atill <= afran:
            fel(f"{var}: åldersbandet {alder} är tomt.")
        dagar = r.get("dagar", ["alla"])
        dagtyper: list[str] = []
        if not isinstance(dagar, list) or not dagar or any(d not in DAGAR for d in dagar):
            fel(f"{var}: 'dagar' ska vara en lista av {', '.join(DAGAR)}.")
        else:
            for d in dagar:
                dagtyper += [x for x in DAGAR[d] if x not in dagtyper]
        tid = r.get("tid", ["00:00", "24:00"])
        try:
            if not isinstance(tid, list) or len(tid) != 2:
                raise ValueError("'tid' ska vara [\"tt:mm\", \"tt:mm\"].")
            tfran, ttill = minuter(tid[0]), minuter(tid[1])
            if ttill <= tfran:
                raise ValueError("sluttiden måste vara efter starttiden (dela en natt i två regler).")
        except ValueError as e:
            fel(f"{var}: {e}")
            tfran, ttill = 0, 1440
        prio = r.get("prioritet", 100)
        if not isinstance(prio, int) or isinstance(prio, bool) or not 0 <= prio <= 32767:
            fel(f"{var}: prioritet ska vara ett heltal 0–32767.")
            prio = 100
        regler.append(dict(kod=kod, vardupdrag=u, alder_fran=afran or 0, alder_till=atill, dagtyper=dagtyper,
                           fran_minut=tfran, till_minut=ttill, vardform=form, prioritet=prio,
                           motivering=str(r.get("motivering", ""))[:300]))
    for u in sorted(anvanda_uppdrag - uppdrag_med_regel):
        fel(f"Vårduppdraget {u!r} används av symtom men har ingen hänvisningsregel.")
    return fel.lista, dict(beteckning=beteckning, demo=bool(data.get("demo")), kalla=str(data.get("kalla", ""))[:300],
                           uppdrag=uppdrag, former=former, symptom=symptom, regler=regler)


def importera(data, *, importerad_av: str) -> Innehallsversion:
    """Validate, then write one new draft version (and upsert the care missions and forms it names)."""
    fel, p = validera(data)
    if fel:
        raise ValidationError(fel)
    with transaction.atomic():
        for kod, r in p["uppdrag"].items():
            Vardupdrag.objects.update_or_create(kod=kod, defaults={"namn": r["namn"], "beskrivning": r.get("beskrivning", "")})
        for kod, r in p["former"].items():
            Vardform.objects.update_or_create(kod=kod, defaults={
                "namn": r["namn"], "beskrivning": r.get("beskrivning", ""), "ar_radgivning": bool(r.get("radgivning"))})
        with connection.cursor() as cursor:  # two imports at once must not take the same number
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [LAS_NYCKEL])
        nummer = (Innehallsversion.objects.aggregate(m=Max("nummer"))["m"] or 0) + 1
        version = Innehallsversion.objects.create(nummer=nummer, beteckning=p["beteckning"], demo=p["demo"],
                                                  kalla=p["kalla"], importerad_av=importerad_av[:200])
        former = dict(Vardform.objects.values_list("kod", "pk"))
        skapade = Symptom.objects.bulk_create([
            Symptom(version=version, kod=s["kod"], namn=s["namn"], beskrivning=s["beskrivning"],
                    kroppsomrade=s["kroppsomrade"], alder_fran=s["alder_fran"], alder_till=s["alder_till"])
            for s in p["symptom"]], batch_size=2000)
        Synonym.objects.bulk_create([Synonym(symptom=obj, text=t, typ=typ)
                                     for obj, s in zip(skapade, p["symptom"])
                                     for t, typ in dict(s["synonymer"]).items()], batch_size=5000)
        Symptomniva.objects.bulk_create([Symptomniva(symptom=obj, bradskegrad=g, text=t, vardupdrag=ul)
                                         for obj, s in zip(skapade, p["symptom"]) for g, t, ul in s["nivaer"]],
                                        batch_size=5000)
        Hanvisningsregel.objects.bulk_create([
            Hanvisningsregel(version=version, vardform_id=former[r["vardform"]],
                             **{k: v for k, v in r.items() if k != "vardform"}) for r in p["regler"]], batch_size=2000)
    return version
