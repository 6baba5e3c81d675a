"""A large synthetic catalogue for the benchmark: 2,000+ symptoms and 20,000+ synonyms, built from the demo
catalogue's words with qualifiers (deterministic for a seed). Searchable like real content, meaningless
as medicine (and marked demo)."""
import random

from hanvisning.katalog.demo import PROFILER, SYMTOM, TEXTER, VARNING
from hanvisning.katalog.struktur import struktur

KVALIFIKATORER = ["akut", "långvarig", "återkommande", "lindrig", "svår", "plötslig", "efter olycka", "hos äldre",
                  "hos barn", "vid graviditet", "efter operation", "nattlig", "vänstersidig", "högersidig",
                  "med feber", "utan feber", "efter resa", "vid träning", "kronisk", "tilltagande"]
ORD = ["värk", "smärta", "ont", "besvär", "obehag", "känsla", "problem", "irritation", "ömhet", "svullnad",
       "stelhet", "klåda", "sveda", "tryck", "ryckningar"]


def generera(*, antal_symptom: int = 2000, antal_synonymer: int = 20000, seed: int = 19) -> dict:
    rnd = random.Random(seed)
    symptom = []
    per_symptom, rest = divmod(antal_synonymer, antal_symptom)
    for nr in range(antal_symptom):
        namn, omrade, profil, syn, vard, varning, fran, till = SYMTOM[nr % len(SYMTOM)]
        kval = KVALIFIKATORER[(nr // len(SYMTOM)) % len(KVALIFIKATORER)]
        varv = nr // (len(SYMTOM) * len(KVALIFIKATORER))
        fullt = f"{namn} {kval}" + (f" typ {varv + 1}" if varv else "")
        ord_ = syn + vard
        texter = set()
        while len(texter) < per_symptom + (1 if nr < rest else 0):
            bas = rnd.choice(ord_)
            texter.add(f"{bas} {rnd.choice(KVALIFIKATORER)} {rnd.choice(ORD)} {len(texter)}")
        symptom.append({
            "kod": f"GEN-{nr:05d}", "namn": fullt, "kroppsomrade": omrade, "alder_fran": fran, "alder_till": till,
            "beskrivning": f"Genererat testsymtom. {VARNING}",
            "synonymer": sorted(texter)[: len(texter) // 2], "vardagliga": sorted(texter)[len(texter) // 2:],
            "nivaer": [{"bradskegrad": g, "vardupdrag": [u],
                        "text": TEXTER[g].format(namn=fullt, lc=fullt.lower(), varning=varning or "medvetslöshet")}
                       for g, u in PROFILER[profil]],
        })
    return {"format": "hanvisning/1", "beteckning": f"Genererad testkatalog ({antal_symptom} symtom)", "demo": True,
            "kalla": "hanvisning.katalog.generator", "symptom": symptom, **struktur()}
