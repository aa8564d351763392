"""The administrative areas that coarse ACLED and UCDP GED precision codes stand for.

A table row coded "somewhere in a larger region" carries only a centroid or a provincial capital; the honest
uncertainty geometry is the whole area, not that point. :func:`admin_areas` finds it in the boundary data:

================  ======================================  ===============================================
code              what the code means                     area used
================  ======================================  ===============================================
ACLED 3           a larger region, coded to its capital   the first-level unit (``admin1``)
UCDP 3            a second-level unit (ADM2)              its first-level unit: the boundary data have no
                                                          ADM2, so the ADM1 that holds it (a superset)
UCDP 4            a first-level unit (ADM1)               the first-level unit (``adm_1``)
UCDP 5            a larger part of the country            the country (a superset)
UCDP 6            the country                             the country
UCDP 7            water or air                            none: the point is kept, flagged
================  ======================================  ===============================================

A first-level unit is taken by its name (``admin1``/``adm_1``) when the boundary data know it, else as the unit
that holds the coded point; a country, as the one that holds the point, else by its name (``country``). Where the
data have a neighbour only as a whole country, the country stands in for its first-level unit, and says so.
Rows outside the data get no area (``None``), as do rows whose codes need none.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely

from geoevents.datasets.codebook import AREA_LEVELS
from geoevents.errors import UnknownRegionError
from geoevents.geometry.geodesy import area_km2, farthest_km, representative_point
from geoevents.places.boundaries import Boundaries
from geoevents.places.names import country_code

__all__ = ["AREA_TEXT_COLUMNS", "AdminArea", "admin_areas", "place_in_areas"]


_ADM1_COLUMNS = ("admin1", "adm_1")
AREA_TEXT_COLUMNS = ("country", *_ADM1_COLUMNS)
"""The descriptive columns (lower-cased names) that :func:`admin_areas` reads: a row's country and province."""


@dataclass(frozen=True, slots=True)
class AdminArea:
    """An administrative area standing for a coarse precision code: its geometry (lon/lat), geodesic area, the
    unit's readable name, and what it is and why it was chosen, for the derivation trace ("Kursk (RU-KRS), the
    first-level unit named 'Kursk'")."""

    geometry: shapely.Geometry
    area_km2: float
    label: str
    reason: str


def admin_areas(lon: np.ndarray, lat: np.ndarray, precision: Sequence[str], texts: Sequence[dict[str, str]],
                boundaries: Boundaries) -> list[AdminArea | None]:
    """The area each row's precision code stands for (see the module docstring), or None.

    Examples
    --------
    >>> from geoevents.places.boundaries import load_boundaries
    >>> b = load_boundaries()
    >>> kursk, none = admin_areas([36.19, 34.3], [51.73, 51.5], ["acled:3", "acled:2"], [{"admin1": "Kursk"}, {}], b)
    >>> kursk.label, round(kursk.area_km2, -3), none
    ('Kursk (RU-KRS)', 30000.0, None)
    """
    lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
    rows = [i for i, p in enumerate(precision) if p in AREA_LEVELS]
    found: list[AdminArea | None] = [None] * len(lon)
    if not rows:
        return found
    at = boundaries.units_at(lon[rows], lat[rows])
    cache: dict[int | str, AdminArea] = {}  # by unit index or country code
    for row, unit in zip(rows, at, strict=True):
        level = AREA_LEVELS[precision[row]]
        text = texts[row] if row < len(texts) else {}
        if level in ("ADM1", "ADM2"):
            found[row] = _first_level(boundaries, int(unit), text, level, cache)
        else:
            code = boundaries.units[unit]["country"] if unit >= 0 else country_code(text.get("country", ""))
            if code in boundaries.countries():
                found[row] = _country(boundaries, code, level, cache)
    return found


def place_in_areas(lon: np.ndarray, lat: np.ndarray, areas: Sequence[AdminArea | None]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each row's representative point and radius in its area: the coded point where the area holds it, else a
    point inside the area (a named region that does not hold the coded point); the radius is the geodesic
    distance to the area's farthest point, in km (rounded to metres; NaN for rows without an area). Computed once
    per area for all its rows.

    Examples
    --------
    >>> square = AdminArea(shapely.box(0, 0, 1, 1), 12_300.0, "square", "")
    >>> lon, lat, radius = place_in_areas([0.5, 5.0], [0.5, 5.0], [square, square])
    >>> lon.round(3).tolist(), lat.round(3).tolist(), radius.round(1).tolist()  # the second point moved inside
    ([0.5, 0.5], [0.5, 0.5], [78.5, 78.5])
    """

    lon, lat = np.array(lon, dtype=float), np.array(lat, dtype=float)
    radius = np.full(len(lon), np.nan)
    by_area: dict[str, list[int]] = {}
    for row, area in enumerate(areas):
        if area is not None:
            by_area.setdefault(area.label, []).append(row)
    for rows in by_area.values():
        first = areas[rows[0]]
        assert first is not None  # by_area holds only rows with an area
        members, geometry = np.array(rows), first.geometry
        outside = members[~shapely.intersects_xy(geometry, lon[members], lat[members])]
        if len(outside):
            point, _ = representative_point(geometry)
            lon[outside], lat[outside] = point.x, point.y
        # rows coded to one area share a few points (a capital, a centroid): measure each distinct point once
        xy, back = np.unique(np.column_stack([lon[members], lat[members]]), axis=0, return_inverse=True)
        radius[members] = np.round(farthest_km(xy[:, 0], xy[:, 1], geometry), 3)[back.ravel()]
    return lon, lat, radius


def _first_level(boundaries: Boundaries, unit: int, text: dict[str, str], level: str,
                 cache: dict) -> AdminArea | None:
    named = next((text[c] for c in _ADM1_COLUMNS if text.get(c)), "")
    index, how = unit, "that holds the coded point"
    if named:
        try:
            candidate = boundaries.find(named)
        except UnknownRegionError:
            candidate = -1
        if candidate >= 0 and boundaries.units[candidate]["kind"] == "region":
            index = candidate
            how = f"named {named!r}" + ("" if candidate == unit else " (the coded point lies outside it)")
    if index < 0:
        return None
    if boundaries.units[index]["kind"] == "country":  # a neighbour without regions in the data
        code = boundaries.units[index]["country"]
        return _country(boundaries, code, f"{level}; the boundary data have no regions of {code}", cache)
    if index not in cache:
        geometry = boundaries.geometries[index]
        cache[index] = AdminArea(geometry, round(area_km2(geometry), 3), boundaries.label(index), "")
    area = cache[index]
    superset = " (a superset: the boundary data have no ADM2 units)" if level == "ADM2" else ""
    return AdminArea(area.geometry, area.area_km2, area.label,
                     f"{area.label}, the first-level unit {how}{superset}")


def _country(boundaries: Boundaries, code: str, level: str, cache: dict) -> AdminArea:
    if code not in cache:
        geometry = boundaries.country(code)
        cache[code] = AdminArea(geometry, round(area_km2(geometry), 3), code, "")
    area = cache[code]
    superset = "" if level == "country" else f" (a superset of the {level})"
    return AdminArea(area.geometry, area.area_km2, code, f"{code}, the whole country{superset}")
