"""The compact binary form of a boundary coverage, which the embedded data ship in besides GeoJSON.

Parsing the 13 MB GeoJSON of the embedded coverage takes about a second; this form loads in a few hundredths.
It holds the same units: their properties as JSON and their polygons as shapely's ragged arrays (coordinates,
ring, polygon and part offsets), the coordinates as integer micro-degrees, each stored as its difference from the
one before (neighbouring vertices differ little, so the file is a third smaller). The embedded GeoJSON has 6 decimals,
so the integers are exact, and ``integer / 1e6`` is the same float the GeoJSON parser makes (IEEE division rounds
correctly): the geometries are identical, vertex for vertex. ``boundaries/build.py`` writes both forms, and its
``--check`` fails when they differ.

Layout (all gzip-compressed, with mtime 0 so that a rebuild gives the same bytes): one line of JSON, the header
(format name, version, the units' properties, whether each unit is a Polygon, and each array's dtype and length),
then the arrays' little-endian bytes in the header's order.
"""

from __future__ import annotations

import gzip
import json
from typing import Any

import numpy as np
import shapely

__all__ = ["pack_units", "unpack_units"]

_FORMAT, _VERSION = "geoevents-packed-coverage", 1
_SCALE = 1_000_000  # micro-degrees
_ARRAYS = ("coords", "rings", "polygons", "parts")


def pack_units(units: list[dict[str, Any]]) -> bytes:
    """Units (property dicts, each with a Polygon or MultiPolygon ``geometry`` whose coordinates have at most 6
    decimals) to the packed bytes.

    Examples
    --------
    >>> square = shapely.box(34.0, 51.0, 34.5, 51.5)
    >>> units = unpack_units(pack_units([{"name": "A", "geometry": square}]))
    >>> units[0]["name"], units[0]["geometry"].equals_exact(square, 0)
    ('A', True)
    """
    geometries = np.array([u["geometry"] for u in units], dtype=object)
    kinds = shapely.get_type_id(geometries)
    if not np.isin(kinds, (3, 6)).all():
        raise ValueError("a packed coverage holds only Polygons and MultiPolygons")
    multis = np.array([shapely.MultiPolygon([g]) if k == 3 else g for g, k in zip(geometries, kinds, strict=True)],
                      dtype=object)
    _, coords, (rings, polygons, parts) = shapely.to_ragged_array(multis)
    scaled = np.rint(coords * _SCALE)
    if not np.array_equal(scaled / _SCALE, coords) or np.abs(scaled).max(initial=0) >= 2**31:
        raise ValueError("coordinates must be lon/lat with at most 6 decimals")
    deltas = np.diff(scaled.astype(np.int64), axis=0, prepend=0)  # neighbours differ little: deltas pack to 2/3
    arrays = {"coords": deltas.astype("<i4"), "rings": rings.astype("<i4"), "polygons": polygons.astype("<i4"),
              "parts": parts.astype("<i4")}
    header = {"format": _FORMAT, "version": _VERSION,
              "properties": [{k: v for k, v in u.items() if k != "geometry"} for u in units],
              "polygon": [bool(k == 3) for k in kinds],
              "arrays": {name: [a.dtype.str, a.shape[0]] for name, a in arrays.items()}}
    body = json.dumps(header, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode() + b"\n"
    body += b"".join(arrays[name].tobytes() for name in _ARRAYS)
    return gzip.compress(body, compresslevel=9, mtime=0)


def unpack_units(data: bytes) -> list[dict[str, Any]]:
    """The packed bytes back to units (property dicts with their ``geometry``); ``ValueError`` if malformed."""
    raw = gzip.decompress(data)
    end = raw.index(b"\n")
    header = json.loads(raw[:end])
    if header.get("format") != _FORMAT or header.get("version") != _VERSION:
        raise ValueError(f"not a packed coverage of version {_VERSION}")
    arrays, offset = {}, end + 1
    for name in _ARRAYS:
        dtype, length = header["arrays"][name]
        width = 2 if name == "coords" else 1
        count = length * width
        arrays[name] = np.frombuffer(raw, dtype=dtype, count=count, offset=offset)
        offset += count * np.dtype(dtype).itemsize
    coords = arrays["coords"].reshape(-1, 2).cumsum(axis=0, dtype=np.int64) / _SCALE
    offsets = tuple(arrays[name].astype(np.int64) for name in ("rings", "polygons", "parts"))
    multis = shapely.from_ragged_array(shapely.GeometryType.MULTIPOLYGON, coords, offsets)
    units = []
    for props, multi, single in zip(header["properties"], multis, header["polygon"], strict=True):
        unit = dict(props)
        unit["geometry"] = shapely.get_geometry(multi, 0) if single else multi
        units.append(unit)
    return units
