"""User gazetteers: places read from a GeoNames country dump (``RU.txt``) or a CSV with ``name, lat, lon`` columns,
to extend the embedded gazetteer (:func:`geoevents.places.gazetteer.load_gazetteer`). Every bad row is reported with its
file and line as a :class:`~geoevents.errors.GazetteerError`.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable
from pathlib import Path

from geoevents._files import reading
from geoevents.errors import GazetteerError
from geoevents.model import Place

__all__ = ["read_user_gazetteer"]


def read_user_gazetteer(path: str | Path, *, region_of: Callable[[float, float, str], str] | None = None
                        ) -> list[Place]:
    """Places from a GeoNames country dump (``RU.txt``: 19 tab-separated columns, no header) or a CSV with a
    header holding ``name, lat, lon`` and optionally ``country, admin1, population, alternatenames``.

    ``region_of(lon, lat, admin1)`` gives the ISO 3166-2 region of a place (from the loaded boundaries).

    Raises
    ------
    GazetteerError
        Naming the file and line of the first bad row.
    """
    path = Path(path)
    with reading(path, error=GazetteerError):  # no such file, not UTF-8, malformed CSV (a field over 128 KiB)
        text = path.read_text(encoding="utf-8-sig")
        first = text.split("\n", 1)[0]
        if first.count("\t") >= 18 and not first.lower().startswith("geonameid"):
            return list(_read_geonames_dump(text, path, region_of))
        return list(_read_csv(text, path, region_of))


def _coordinate(value: str, low: float, high: float, what: str, where: str) -> float:
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise GazetteerError(f"{where}: {what} {value!r} is not a number") from None
    if not (low <= number <= high) or math.isnan(number):
        raise GazetteerError(f"{where}: {what} {number} is out of range [{low:g}, {high:g}]")
    return number


def _population(value: str, where: str) -> int:
    """A population column: empty is 0 (unknown); anything but ASCII digits is an error, since a population read
    wrongly would silently change which of two same-named places is taken."""
    value = value.strip()
    if not value:
        return 0
    if not (value.isascii() and value.isdigit()) or len(value) > 12:
        raise GazetteerError(f"{where}: population {value[:40]!r} is not a whole number")
    return int(value)


def _read_geonames_dump(text: str, path: Path, region_of) -> Iterable[Place]:
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        cols = line.split("\t")
        where = f"{path}:{n}"
        if len(cols) < 19:
            raise GazetteerError(f"{where}: expected 19 tab-separated GeoNames columns, found {len(cols)}")
        if cols[6] not in _FEATURE_CLASSES:  # rivers, hills, forests: not places events are reported at
            continue
        lat = _coordinate(cols[4], -90, 90, "latitude", where)
        lon = _coordinate(cols[5], -180, 180, "longitude", where)
        country = cols[8].strip().upper()
        names = tuple(sorted({a.strip() for a in cols[3].split(",") if a.strip()} - {cols[1]}))
        population = _population(cols[14], where)
        region = region_of(lon, lat, "") if region_of else ""
        yield Place(cols[0].strip(), cols[1].strip(), lon, lat, country, region, population, names, path.name)


_FEATURE_CLASSES = ("P", "S")
"""GeoNames feature classes read from a dump: populated places (P) and spots such as airfields and plants (S)."""


def _read_csv(text: str, path: Path, region_of) -> Iterable[Place]:
    reader = csv.DictReader(io.StringIO(text), strict=True)
    fields = {(f or "").strip().lower(): f for f in reader.fieldnames or []}
    missing = [f for f in ("name", "lat", "lon") if f not in fields]
    if missing:
        raise GazetteerError(f"{path}:1: gazetteer CSV lacks column(s) {', '.join(missing)} "
                             f"(expected name, lat, lon, country, admin1)")
    for row in reader:
        n = reader.line_num  # the line the record ends on (blank lines and multi-line fields counted)
        get = {k: (row.get(v) or "").strip() for k, v in fields.items()}
        where = f"{path}:{n}"
        if not get["name"]:
            raise GazetteerError(f"{where}: empty name")
        lat = _coordinate(get["lat"], -90, 90, "latitude", where)
        lon = _coordinate(get["lon"], -180, 180, "longitude", where)
        region = region_of(lon, lat, get.get("admin1", "")) if region_of else get.get("admin1", "")
        names = tuple(a.strip() for a in get.get("alternatenames", "").split("|") if a.strip())
        population = _population(get.get("population", ""), where)
        yield Place(f"user:{path.name}:{n}", get["name"], lon, lat, get.get("country", "").upper(), region,
                    population, names, path.name)

