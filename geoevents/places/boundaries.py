"""Administrative boundaries: the embedded coverage of countries and regions, borders between them.

The embedded data (``boundaries/`` in the source tree, ``geoevents._data`` once installed) is one polygonal
coverage: the admin-1 regions of Russia, Ukraine and Belarus and the neighbouring countries as single units. Units
never overlap and their shared edges have identical vertices, so a border is exactly the set of edges two units
share. Countries are unions of their units, so they tile as the regions do.
"""

from __future__ import annotations

import gzip
import itertools
import json
import re
import unicodedata
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

import numpy as np
import shapely

from geoevents._files import check_input, load_json
from geoevents.errors import BoundaryDataError, UnknownBorderError, UnknownRegionError
from geoevents.places.morphology import adjective_nominatives, is_cyrillic, nominative_forms, region_adjectives
from geoevents.places.names import skeleton
from geoevents.places.packed import unpack_units

__all__ = ["Boundaries", "boundaries_from_geojson", "embedded_boundaries", "load_boundaries"]

_PACKED_FILE = "theatre.units.gz"  # the embedded coverage (theatre.geojson.gz) in the form of geoevents.places.packed
_NAME_FIELDS = ("name", "name_en", "name_ru", "name_uk", "name_local")
_REGION_WORDS = re.compile(
    r"\b(oblast|oblast'|region|province|respublika|republic|of|the|krai|kray|okrug|autonomous|"
    r"область|обл|республика|край|регион|областi|області|области|областью|областю|краю|республики)\b\.?"
)


def _fold(name: str) -> str:
    """Lower-case, strip accents (ё -> е, й kept), apostrophes and administrative words."""
    name = name.lower().replace("ё", "е").replace("ї", "і")
    name = "".join(c for c in unicodedata.normalize("NFKD", name) if not unicodedata.combining(c) or c == "\u0306")
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[’'`ʼ]", "", name)
    name = _REGION_WORDS.sub(" ", name)
    name = re.sub(r"(skaya|ska|skiy|sky|ская|ська|ский)\b", "", name)
    return re.sub(r"[\s\-]+", " ", name).strip()


_FEW_POINTS = 64  # up to this many points, units_at queries the STRtree instead of going through grid cells
_CELL_DEG = (1.0, 0.1)  # units_at: points in a grid cell inside one unit get that unit without a test


class Boundaries:
    """Countries, regions and borders of one polygonal coverage.

    Parameters
    ----------
    units
        Records, each with ``geometry`` (shapely, lon/lat), ``kind`` ("region" or "country"), ``country``
        (ISO 3166-1 alpha-2), ``claimed_by`` (a second claimant, or "") and name fields.
    point_of_view
        Whose claims decide disputed units: ``None`` for internationally recognised borders, or the ISO alpha-2
        code of a claimant (``"RU"`` puts Crimea and Sevastopol in Russia).
    """

    def __init__(self, units: list[dict], *, point_of_view: str | None = None) -> None:
        if not units:
            raise BoundaryDataError("boundary data contain no units")
        given, point_of_view = point_of_view, point_of_view.strip().upper() if point_of_view else None  # ua is UA
        sides = {u.get("country") for u in units} | {u.get("claimed_by") for u in units}
        if point_of_view and point_of_view not in sides:
            claimants = ", ".join(sorted(c for c in {u.get("claimed_by") for u in units} if c)) or "none"
            raise BoundaryDataError(f"point of view {given!r}: not a country of the boundary data "
                                    f"(claimants of disputed areas: {claimants})")
        self.point_of_view = point_of_view
        self.units = []
        for unit in units:
            unit = dict(unit)
            if point_of_view and unit.get("claimed_by") == point_of_view:
                unit["claimed_by"], unit["country"] = unit["country"], point_of_view
            self.units.append(unit)
        self.geometries = np.array([u["geometry"] for u in self.units], dtype=object)
        self._tree = shapely.STRtree(self.geometries)
        shapely.prepare(self.geometries)
        self._bounds = shapely.bounds(self.geometries)
        self._borders: dict[tuple[frozenset, frozenset], shapely.Geometry] = {}
        self._countries: dict[str, shapely.Geometry] = {}
        self._unions: dict[tuple[str, ...], shapely.Geometry] = {}
        self._grids: tuple[_UnitGrid, ...] | None = None  # for units_at, made on first use

    # --- lookup -------------------------------------------------------------------------------------------
    @cached_property
    def _index(self) -> dict[str, list[int]]:
        index: dict[str, list[int]] = {}
        for i, unit in enumerate(self.units):
            keys = {unit.get("iso_3166_2", "").lower()} if unit.get("iso_3166_2") else set()
            for field in _NAME_FIELDS:
                if unit.get(field):
                    keys.add(_fold(unit[field]))
            for alt in (unit.get("name_alt") or "").split("|"):
                if alt:
                    keys.add(_fold(alt))
            if unit["kind"] == "country":
                keys.add(unit["country"].lower())
            for key in keys - {""}:
                index.setdefault(key, []).append(i)
        return index

    def find(self, name: str, *, suggest: bool = True) -> int:
        """Index of the unit (region, or neighbour country) named ``name``: an ISO 3166-2 code or a name in
        English, Russian or Ukrainian, with or without "oblast"/"region"/"область". ``suggest=False``: the error
        of an unknown name says no "did you mean" (for a caller that only asks whether a name is a region's).

        Raises
        ------
        UnknownRegionError
            If no unit, or more than one, has that name.
        """
        hits = self._lookup(name)
        if not hits and is_cyrillic(name):  # "Курской области", "Сумської", "на Сумщині": the dictionary forms
            words = _REGION_WORDS.sub(" ", name).split()
            stem = " ".join(words) if words else name
            # the rules first; the dictionaries (loaded on first use) only if they find nothing
            forms = itertools.chain(region_adjectives(stem), adjective_nominatives(stem),
                                    (form for gender in ("femn", "") for form in nominative_forms(stem, gender=gender)))
            for form in forms:
                hits = self._lookup(form)
                if hits:
                    break
        if not hits:
            raise UnknownRegionError(f"unknown region {name!r}{self._did_you_mean(name) if suggest else ''}")
        if len(set(hits)) > 1:
            names = ", ".join(sorted(self.label(i) for i in set(hits)))
            raise UnknownRegionError(f"ambiguous region {name!r}: {names}")
        return hits[0]

    def _did_you_mean(self, name: str) -> str:
        """``"; did you mean Kursk (RU-KRS)?"`` for the unit whose name is closest to a misspelt ``name``, or
        ``""`` when none is close (rapidfuzz ratio at least 75). Names are compared folded, and as skeletons
        (:func:`geoevents.places.names.skeleton`: Cyrillic and Latin alike) with and without an adjective ending,
        so that "Курксая" finds Kursk as "Kurks" does."""
        from rapidfuzz import fuzz, process

        key = skeleton(_REGION_WORDS.sub(" ", name.lower()))
        queries = [(_fold(name), self._index), (key, self._stems)]
        queries += [(key[: -len(end)], self._stems) for end in ("skaia", "ska", "aia", "ia", "a")
                    if key.endswith(end) and len(key) - len(end) >= 3]
        best: tuple[float, list[int]] | None = None
        for query, index in queries:
            found = process.extractOne(query, list(index), scorer=fuzz.ratio, score_cutoff=75)
            if found is not None and (best is None or found[1] > best[0]):
                best = (found[1], index[found[0]])
        if best is None:
            return ""
        labels = sorted({self.label(i) for i in best[1]})
        return f"; did you mean {' or '.join(labels)}?"

    def _lookup(self, name: str) -> list[int]:
        return self._index.get(name.strip().lower()) or self._index.get(_fold(name)) or self._by_adjective(name)

    @cached_property
    def _stems(self) -> dict[str, list[int]]:
        """Region units by the skeleton of their names, with and without a final vowel ("sumi", "sum")."""
        stems: dict[str, list[int]] = {}
        for i, unit in enumerate(self.units):
            if unit["kind"] != "region":
                continue
            for field in _NAME_FIELDS:
                key = skeleton(_REGION_WORDS.sub(" ", (unit.get(field) or "").lower()))
                for stem in {key, key[:-1] if key[-1:] in "aeiou" else key} - {""}:
                    stems.setdefault(stem, []).append(i)
        return stems

    def _by_adjective(self, name: str) -> list[int]:
        """Units named by an adjective: "Kurskaya", "Sumska", "Kharkivska", "Курская" (oblast)."""
        key = skeleton(_REGION_WORDS.sub(" ", name.lower()))
        hits: set[int] = set()
        for suffix in ("skaia", "ska", "aia", "ia", "a"):
            if key.endswith(suffix) and len(key) - len(suffix) >= 3:
                hits.update(self._stems.get(key[: -len(suffix)], ()))
        return sorted(hits)

    def label(self, i: int) -> str:
        """A readable name of unit ``i``: "Kursk (RU-KRS)"."""
        unit = self.units[i]
        code = unit.get("iso_3166_2") or unit["country"]
        return f"{unit['name']} ({code})"

    def region(self, name: str) -> shapely.Geometry:
        """The geometry of the unit called ``name``."""
        return self.geometries[self.find(name)]

    def area(self, name: str) -> shapely.Geometry:
        """The geometry of a country (ISO alpha-2 code, e.g. ``"RU"``) or of the unit called ``name``."""
        code = name.strip().upper()
        if len(code) == 2 and code in self.countries():
            return self.country(code)
        return self.region(name)

    @cached_property
    def bounds(self) -> tuple[float, float, float, float]:
        """(west, south, east, north) of all units, in degrees."""
        west, south, east, north = (float(v) for v in shapely.total_bounds(self.geometries))
        return west, south, east, north

    def countries(self) -> list[str]:
        """ISO alpha-2 codes of the countries in the data, sorted."""
        return sorted({u["country"] for u in self.units})

    def country_units(self, code: str) -> list[int]:
        """Indices of the units of country ``code``."""
        code = code.upper()
        found = [i for i, u in enumerate(self.units) if u["country"] == code]
        if not found:
            raise UnknownRegionError(f"unknown country {code!r}; known: {', '.join(self.countries())}")
        return found

    def country(self, code: str) -> shapely.Geometry:
        """The outline of country ``code`` (the union of its units)."""
        code = code.upper()
        if code not in self._countries:
            self._countries[code] = shapely.coverage_union_all(self.geometries[self.country_units(code)])
        return self._countries[code]

    def union(self, names: tuple[str, ...] | list[str]) -> shapely.Geometry:
        """The area of the units or countries ``names`` together, computed once per set of names (the outline of
        Russia is costly to union, and every phrase naming a place in Russia needs it)."""
        key = tuple(sorted(set(names)))
        if key not in self._unions:
            areas = [self.area(name) for name in key]
            self._unions[key] = areas[0] if len(areas) == 1 else shapely.union_all(areas)
        return self._unions[key]

    def units_in(self, area: shapely.Geometry) -> list[int]:
        """Indices of the units that intersect ``area``, ascending."""
        return sorted(int(i) for i in self._tree.query(area, predicate="intersects"))

    def inside(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Boolean array: does each (lon, lat) fall inside some unit of the data?"""
        return self.units_at(lon, lat) >= 0

    def units_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Index of the unit at each (lon, lat) (the first, on a shared edge), or -1 outside the data.

        Points are grouped by cells of a 1-degree grid, then those of mixed cells by cells of a 0.1-degree grid
        (:class:`_UnitGrid`). A cell that lies inside one unit and meets no other gives its points that unit; a
        cell that meets none gives -1; only the points of fine cells along the edges are tested, against the
        prepared units their cell meets. What a cell is is remembered, so 10^6 points take a fraction of a
        second.
        """
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if len(lon) <= _FEW_POINTS:  # a few points (one event's): the tree finds their units faster
            at, unit = self._tree.query(shapely.points(lon, lat), predicate="intersects")
            first = np.full(len(lon), len(self.units))
            np.minimum.at(first, at, unit)
            return np.where(first < len(self.units), first, -1)
        if self._grids is None:
            shapely.prepare(self.geometries)
            self._grids = tuple(_UnitGrid(self.geometries, self._tree, self.bounds, step) for step in _CELL_DEG)
        west, south, east, north = self.bounds
        found = np.full(len(lon), -1)
        rows = np.nonzero((lon >= west) & (lon <= east) & (lat >= south) & (lat <= north))[0]
        for grid in self._grids:  # coarse cells first; the points of mixed ones go to the finer grid
            key = grid.keys(lon[rows], lat[rows])
            unit = grid.lookup(key)
            found[rows] = np.where(unit >= 0, unit, -1)
            rows, key = rows[unit == -2], key[unit == -2]
        if len(rows):
            found[rows] = grid.test(key, lon[rows], lat[rows])
        return found

    def swapped(self, lon: np.ndarray, lat: np.ndarray, units: np.ndarray | None = None) -> np.ndarray:
        """Boolean array: is each (lon, lat) outside the data but inside with the two swapped? Such points probably
        come from a file in (lat, lon) order; callers flag them, never fix them. ``units``: the points'
        :meth:`units_at`, if the caller has them."""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        maybe = np.nonzero(np.abs(lon) <= 90)[0]
        maybe = maybe[~self.inside(lon[maybe], lat[maybe])] if units is None else maybe[units[maybe] < 0]
        out = np.zeros(len(lon), dtype=bool)
        out[maybe] = self.inside(lat[maybe], lon[maybe])
        return out

    def country_at(self, lon: float, lat: float) -> str | None:
        """ISO alpha-2 code of the country at a point, or None outside the data."""
        hits = self._tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.units[int(hits[0])]["country"] if len(hits) else None

    def countries_at(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """:meth:`country_at` for many points at once: ISO alpha-2 codes, "" outside the data."""
        codes = np.array([u["country"] for u in self.units] + [""], dtype=object)
        return codes[self.units_at(lon, lat)]

    def country_codes_at(self, lon: np.ndarray, lat: np.ndarray,
                         units: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
        """:meth:`countries_at` as codes: an index into the sorted country codes of the data for each point, and
        those codes followed by "" (the index of a point outside the data). ``units``: the points'
        :meth:`units_at` where the caller has them, -2 where not."""
        names = [*self.countries(), ""]
        of_unit = np.array([names.index(u["country"]) for u in self.units] + [len(names) - 1], dtype=np.int32)
        if units is None:
            units = self.units_at(lon, lat)
        else:
            units = np.array(units)
            unknown = np.nonzero(units == -2)[0]
            units[unknown] = self.units_at(np.asarray(lon)[unknown], np.asarray(lat)[unknown])
        return of_unit[units], names

    # --- borders ------------------------------------------------------------------------------------------
    def border(self, spec: str) -> shapely.Geometry:
        """The border named by ``spec`` as a (Multi)LineString in lon/lat.

        ``"RU-UA"``: the land border of two countries. ``"UA"``: all of a country's land borders in the data.
        ``"Kursk/Bryansk"`` (or ``"RU-KRS/RU-BRY"``): the
        boundary between two units. Countries' borders run along the edges their units share.

        Raises
        ------
        UnknownBorderError
            If the two sides share no border, or the spec is malformed.
        """
        a_units, b_units, label = self._parse_border(spec)
        key = (frozenset(a_units), frozenset(b_units))
        if key not in self._borders:
            self._borders[key] = self._shared_edges(a_units, b_units)
        line = self._borders[key]
        if line.is_empty:
            raise UnknownBorderError(f"{label} share no border in the boundary data")
        return line

    def _parse_border(self, spec: str) -> tuple[list[int], list[int], str]:
        text = spec.strip()
        if "/" in text:  # two units, or a country and a unit: "Kursk/Bryansk", "UA/Kursk Oblast"
            sides = []
            for side in (s.strip() for s in text.split("/", 1)):
                try:
                    if re.fullmatch(r"[A-Za-z]{2}", side) and side.upper() in self.countries():
                        sides.append((self.country_units(side), side.upper()))
                    else:
                        i = self.find(side)
                        sides.append(([i], self.label(i)))
                except UnknownRegionError as exc:
                    raise UnknownBorderError(f"border {spec!r}: {exc}") from None
            (ia, la), (ib, lb) = sides
            if set(ia) & set(ib):
                raise UnknownBorderError(f"border {spec!r}: a border lies between two different units, and "
                                         f"{la} and {lb} overlap")
            return ia, ib, f"{la} and {lb}"
        if re.fullmatch(r"[A-Za-z]{2}", text):  # all of one country's land borders
            try:
                own = self.country_units(text)
            except UnknownRegionError as exc:
                raise UnknownBorderError(f"border {spec!r}: {exc}") from None
            others = [i for i, u in enumerate(self.units) if u["country"] != text.upper()]
            return own, others, f"{text.upper()} and its neighbours"
        m = re.fullmatch(r"([A-Za-z]{2})\s*[-|]\s*([A-Za-z]{2})", text)
        if not m:
            raise UnknownBorderError(f"border {spec!r}: expected a country code like 'UA', two like 'RU-UA' or "
                                     f"two regions like 'Kursk/Bryansk'")
        if m[1].upper() == m[2].upper():
            raise UnknownBorderError(f"border {spec!r}: a border lies between two different countries")
        try:
            a_units, b_units = self.country_units(m[1]), self.country_units(m[2])
        except UnknownRegionError as exc:
            raise UnknownBorderError(f"border {spec!r}: {exc}") from None
        return a_units, b_units, f"{m[1].upper()} and {m[2].upper()}"

    def _shared_edges(self, a_units: list[int], b_units: list[int]) -> shapely.Geometry:
        # only units near the other side can share an edge with it: union those alone (RU-UA: 9 regions of Russia,
        # not 83), which leaves the shared edges as they are and takes a fraction of the time. "Near" is a bounding
        # box overlap: a few units more than those that touch, but an exact intersects test of whole regions
        # costs more (0.1 s for RU-UA) than uniting them
        _, hits = self._tree.query(self.geometries[b_units])
        a_units = sorted(set(a_units) & {int(i) for i in hits})
        _, hits = self._tree.query(self.geometries[a_units])
        b_units = sorted(set(b_units) & {int(i) for i in hits})
        if not a_units or not b_units:
            return shapely.MultiLineString()
        a = shapely.coverage_union_all(self.geometries[a_units])
        b = shapely.coverage_union_all(self.geometries[b_units])
        window = shapely.intersection(shapely.envelope(a), shapely.envelope(b))
        if window.is_empty and not shapely.touches(shapely.envelope(a), shapely.envelope(b)):
            return shapely.MultiLineString()
        x0, y0, x1, y1 = shapely.bounds(window)
        pad = 1e-6
        edges_a = shapely.clip_by_rect(a.boundary, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        edges_b = shapely.clip_by_rect(b.boundary, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
        shared = shapely.intersection(edges_a, edges_b)
        lines = [p for p in shapely.get_parts(shapely.line_merge(shapely.union_all(
            [p for p in shapely.get_parts(shared) if p.geom_type in ("LineString", "MultiLineString")])))
            if p.geom_type == "LineString"]
        return shapely.line_merge(shapely.multilinestrings(lines)) if lines else shapely.MultiLineString()


def boundaries_from_geojson(collection: Any, *, name: str = "<GeoJSON>", point_of_view: str | None = None,
                            name_field: str = "name") -> Boundaries:
    """A boundary coverage from a GeoJSON FeatureCollection already in memory: the pure twin of
    :func:`load_boundaries`, with the same rules (``name`` is what error messages call the data)."""
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection" or not isinstance(
            collection.get("features"), list):
        raise BoundaryDataError(f"boundary data {name}: expected a GeoJSON FeatureCollection")
    if not collection["features"]:
        raise BoundaryDataError(f"boundary data {name}: the FeatureCollection has no features (no units)")
    records = [_boundary_feature(feature, f"boundary data {name}: feature {i}")
               for i, feature in enumerate(collection["features"])]
    return Boundaries(_units(records, name, name_field), point_of_view=point_of_view)


def _boundary_feature(feature: Any, where: str) -> tuple[dict, shapely.Geometry]:
    """The properties and the (Multi)Polygon of one unit of a boundary file; anything else is an error naming the
    feature (a self-intersecting ring is refused, not repaired: the repaired unit may not be the one meant)."""
    if not isinstance(feature, dict):
        raise BoundaryDataError(f"{where}: expected a GeoJSON Feature")
    properties = feature.get("properties")
    if properties is not None and not isinstance(properties, dict):
        raise BoundaryDataError(f"{where}: properties: expected a mapping")
    if feature.get("geometry") is None:
        raise BoundaryDataError(f"{where}: no geometry")
    try:
        geometry = shapely.from_geojson(json.dumps(feature["geometry"]))
    except RecursionError:
        raise BoundaryDataError(f"{where}: geometry nested too deeply") from None
    except (ValueError, TypeError, shapely.errors.GEOSException) as exc:
        raise BoundaryDataError(f"{where}: geometry: not a GeoJSON geometry ({exc})") from None
    if geometry is None or geometry.is_empty or geometry.geom_type not in ("Polygon", "MultiPolygon"):
        kind = "empty" if geometry is None or geometry.is_empty else geometry.geom_type
        raise BoundaryDataError(f"{where}: geometry: expected a Polygon or MultiPolygon, got {kind}")
    if not shapely.is_valid(geometry):
        raise BoundaryDataError(f"{where}: invalid geometry: {shapely.is_valid_reason(geometry)} (repair it first, "
                                f"e.g. with ogr2ogr -makevalid)")
    return properties or {}, geometry


def embedded_boundaries(point_of_view: str | None = None) -> Boundaries:
    """The embedded coverage, read once per process (and point of view) from its packed form.

    The same object is returned on every call, so its derived data (borders, country outlines) are computed once
    too; treat it as read-only.
    """
    return _embedded(point_of_view)  # one cache key however it is called (f() and f(None) differ to a cache)


@cache
def _embedded(point_of_view: str | None) -> Boundaries:
    return Boundaries(_embedded_units("name"), point_of_view=point_of_view)


def _embedded_units(name_field: str) -> list[dict]:
    name = f"embedded {_PACKED_FILE}"
    try:
        units = unpack_units(resources.files("geoevents._data").joinpath(_PACKED_FILE).read_bytes())
    except (OSError, ValueError, KeyError, TypeError, EOFError) as exc:
        raise BoundaryDataError(f"cannot read boundary data {name}: {exc}") from None
    return _units([({k: v for k, v in u.items() if k != "geometry"}, u["geometry"]) for u in units], name,
                  name_field)


def _units(records: list[tuple[Any, shapely.Geometry]], name: str, name_field: str) -> list[dict]:
    units = []
    for i, (properties, geometry) in enumerate(records):
        unit = dict(properties or {})
        label = unit.get(name_field)
        if not isinstance(label, str) or not label.strip():
            raise BoundaryDataError(f"boundary data {name}: feature {i} has no {name_field!r} property")
        unit["name"] = label.strip()
        unit.setdefault("country", str(unit.get("iso_a2") or unit["name"]).upper())
        unit.setdefault("kind", "region")
        unit.setdefault("claimed_by", "")
        unit["geometry"] = geometry
        units.append(unit)
    return units


def load_boundaries(path: str | Path | None = None, *, point_of_view: str | None = None,
                    name_field: str = "name") -> Boundaries:
    """Load a boundary coverage from a GeoJSON or gzipped GeoJSON file, or the embedded one (``path=None``).

    A user's file needs only polygons with a name in ``name_field`` (e.g. ``"NAME_1"`` of a GADM layer): each
    feature becomes a region, named borders are the edges two named units share (``--border "A/B"``), and a
    feature's ``country`` (or ``iso_a2``) property, when present, groups units into countries for ``"XX-YY"``.
    The embedded coverage is :func:`embedded_boundaries`, read once per process.
    """
    if path is None:
        if name_field == "name":
            return embedded_boundaries(point_of_view)
        return Boundaries(_embedded_units(name_field), point_of_view=point_of_view)
    check_input(path, error=BoundaryDataError)  # a FIFO would block for ever, /dev/zero never end
    try:
        raw = Path(path).read_bytes()
        if raw[:2] == b"\x1f\x8b":
            raw = gzip.decompress(raw)
    except (OSError, EOFError, gzip.BadGzipFile) as exc:  # a truncated gzip file is an EOFError
        raise BoundaryDataError(f"cannot read boundary data {path}: {exc}") from None
    collection = load_json(raw, f"cannot read boundary data {path}", error=BoundaryDataError)
    return boundaries_from_geojson(collection, name=str(path), point_of_view=point_of_view, name_field=name_field)


class _UnitGrid:
    """Grid cells of ``step`` degrees over the boundary data, each known, once first asked about, as the one
    unit it lies in (meeting no other), -1 (it meets no unit) or -2 (mixed: its points must be tested, against
    the units it meets)."""

    def __init__(self, geometries: np.ndarray, tree: shapely.STRtree, bounds: tuple[float, float, float, float],
                 step: float) -> None:
        self.geometries, self.tree, self.step = geometries, tree, step
        self.west, self.south, east, north = bounds
        self.rows = int(np.ceil((north - self.south) / step)) + 1
        self.cells = np.full(self.rows * (int(np.ceil((east - self.west) / step)) + 1), -3, dtype=np.int16)
        self.candidates: dict[int, np.ndarray] = {}  # a mixed cell: the units it meets, ascending

    def keys(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The cell of each point (inside the data's bounds)."""
        return (np.floor((lon - self.west) / self.step).astype(np.int64) * self.rows
                + np.floor((lat - self.south) / self.step).astype(np.int64))

    def lookup(self, key: np.ndarray) -> np.ndarray:
        """What each cell is (see the class docstring), classifying the cells not seen before."""
        unknown = self.cells[key] == -3
        if unknown.any():
            self._classify(np.unique(key[unknown]))
        return self.cells[key]

    def test(self, key: np.ndarray, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """The first unit holding each point of mixed cells, or -1, testing each against its cell's units."""
        cells, at = np.unique(key, return_inverse=True)
        candidates = [self.candidates[c] for c in cells.tolist()]
        counts = np.array([len(c) for c in candidates])
        starts = np.cumsum(counts) - counts
        per_point = counts[at]
        point = np.repeat(np.arange(len(key)), per_point)
        offset = np.arange(len(point)) - np.repeat(np.cumsum(per_point) - per_point, per_point)
        units = np.concatenate(candidates)[np.repeat(starts[at], per_point) + offset]
        hit = shapely.intersects_xy(self.geometries[units], lon[point], lat[point])
        first = np.full(len(key), len(self.geometries))
        np.minimum.at(first, point[hit], units[hit])
        return np.where(first < len(self.geometries), first, -1)

    def _classify(self, cells: np.ndarray) -> None:
        x0, y0 = self.west + (cells // self.rows) * self.step, self.south + (cells % self.rows) * self.step
        boxes = shapely.box(x0, y0, x0 + self.step, y0 + self.step)
        box, unit = self.tree.query(boxes)  # by bounding box; then against the prepared units (much faster)
        meets = shapely.intersects(self.geometries[unit], boxes[box])
        box, unit = box[meets], unit[meets]
        order = np.lexsort((unit, box))
        box, unit = box[order], unit[order]
        count = np.bincount(box, minlength=len(cells))
        only = np.full(len(cells), -1)
        one = count[box] == 1
        covered = shapely.covers(self.geometries[unit[one]], boxes[box[one]])
        only[box[one][covered]] = unit[one][covered]
        value = np.where(only >= 0, only, np.where(count == 0, -1, -2))
        self.cells[cells] = value
        units = np.split(unit, np.cumsum(count)[:-1])
        self.candidates.update((int(cells[i]), units[i]) for i in np.nonzero(value == -2)[0])
