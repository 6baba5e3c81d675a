"""Postal-code coordinates. Data: invanare/data/stockholms_lan_postnummer.csv (sources and licences in
invanare/data/README.md: swedish-geodata by sjbrg, CC0 1.0; GeoNames, CC BY 4.0)."""
import csv
import math
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "stockholms_lan_postnummer.csv"


def normalise_postnummer(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def load_postnummer_csv(model, path: Path = DEFAULT_CSV) -> int:
    """Replace the postal-code table from any CSV with at least postnummer, lat, lon columns."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    missing = {"postnummer", "lat", "lon"} - set(rows[0].keys() if rows else ())
    if missing:
        raise ValueError(f"CSV-filen saknar kolumnerna: {', '.join(sorted(missing))}")
    objs = [
        model(
            postnummer=normalise_postnummer(r["postnummer"]),
            ort=r.get("ort", ""),
            kommunkod=r.get("kommunkod", ""),
            kommun=r.get("kommun", ""),
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            precision=r.get("precision", ""),
        )
        for r in rows
    ]
    model.objects.all().delete()
    model.objects.bulk_create(objs, batch_size=1000)
    return len(objs)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
