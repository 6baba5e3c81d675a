"""Postal-code coordinates. Data: invanare/data/stockholms_lan_postnummer.csv (sources and licences in
invanare/data/README.md: swedish-geodata by sjbrg, CC0 1.0; GeoNames, CC BY 4.0)."""
import csv
import math
from pathlib import Path

DEFAULT_CSV = Path(__file__).resolve().parent / "data" / "stockholms_lan_postnummer.csv"


def normalise_postnummer(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def read_postnummer_csv(path: Path) -> list[dict]:
    """Rows of any CSV with at least postnummer, lat, lon columns (comma, semicolon or tab separated,
    optional ort, kommunkod, kommun, precision). Raises ValueError in Swedish naming the line at fault."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        header = f.readline()
        f.seek(0)
        # The delimiter is the one that splits the header into the most columns (decimal commas in the
        # values of a semicolon file would fool a sniffer that looks at the data).
        delimiter = max((";", "\t", ","), key=lambda d: len(header.split(d)))
        reader = csv.DictReader(f, delimiter=delimiter)
        columns = {(c or "").strip().lower() for c in (reader.fieldnames or [])}
        missing = {"postnummer", "lat", "lon"} - columns
        if missing:
            raise ValueError(f"CSV-filen saknar kolumnerna: {', '.join(sorted(missing))}")
        rows, seen = [], {}
        for line, raw in enumerate(reader, start=2):
            r = {(k or "").strip().lower(): (v or "").strip() for k, v in raw.items() if k}
            pn = normalise_postnummer(r["postnummer"])
            if len(pn) != 5:
                raise ValueError(f"Rad {line}: postnumret {r['postnummer']!r} har inte fem siffror.")
            if pn in seen:
                raise ValueError(f"Rad {line}: postnumret {pn} finns redan på rad {seen[pn]}.")
            seen[pn] = line
            try:
                lat, lon = float(r["lat"].replace(",", ".")), float(r["lon"].replace(",", "."))
            except ValueError:
                raise ValueError(f"Rad {line}: lat och lon måste vara decimaltal, fick {r['lat']!r} och {r['lon']!r}.") from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValueError(f"Rad {line}: koordinaterna {lat}, {lon} ligger utanför jorden.")
            rows.append(
                {
                    "postnummer": pn,
                    "ort": r.get("ort", ""),
                    "kommunkod": r.get("kommunkod", ""),
                    "kommun": r.get("kommun", ""),
                    "lat": lat,
                    "lon": lon,
                    "precision": r.get("precision", ""),
                }
            )
    if not rows:
        raise ValueError("CSV-filen innehåller inga postnummer.")
    return rows


def load_postnummer_csv(model, path: Path = DEFAULT_CSV) -> int:
    """Replace the postal-code table from any CSV with at least postnummer, lat, lon columns.

    Reads and validates the whole file before touching the table; run it inside a transaction (the
    import_postnummer command does) so that a failure leaves the old table in place.
    """
    rows = read_postnummer_csv(Path(path))
    model.objects.all().delete()
    model.objects.bulk_create([model(**r) for r in rows], batch_size=1000)
    return len(rows)


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    r = 6371.0088
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * r * math.asin(math.sqrt(a))
