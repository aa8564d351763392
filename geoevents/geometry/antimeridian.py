"""Geometries that cross the antimeridian (180 degrees), cut there as RFC 7946 section 3.1.9 asks.

A lon/lat geometry that crosses 180 degrees comes in one of two shapes: *wrapped*, its longitudes kept in
[-180, 180] so that an edge jumps across the whole map (what a projection back to lon/lat gives, e.g. a buffer
around a point in Chukotka), or *unwrapped*, its longitudes running past 180 (or below -180). Either way
:func:`split_antimeridian` returns it as a (Multi)Polygon or (Multi)LineString whose parts lie within
[-180, 180] and meet the antimeridian at exactly +180 or -180, as the embedded boundaries of Chukotka already do.
Geometries that do not cross it come back unchanged.

A ring that winds around a pole cannot be unwrapped into a closed ring; such geometries are returned unchanged.
"""

from __future__ import annotations

import numpy as np
import shapely

__all__ = ["crosses_antimeridian", "split_antimeridian"]


def _jumps(coords: np.ndarray) -> bool:
    return bool(len(coords) > 1 and np.any(np.abs(np.diff(coords[:, 0])) > 180))


def _unwrap(coords: np.ndarray) -> np.ndarray:
    """Longitudes made continuous: each step is taken the short way round."""
    out = coords.copy()
    steps = (np.diff(coords[:, 0]) + 180) % 360 - 180
    out[1:, 0] = coords[0, 0] + np.cumsum(steps)
    return out


def crosses_antimeridian(geom: shapely.Geometry) -> bool:
    """Whether ``geom`` (lon/lat) crosses 180 degrees: an edge jumps by more than 180 degrees of longitude, or
    its longitudes run outside [-180, 180].

    Examples
    --------
    >>> crosses_antimeridian(shapely.box(179, 60, 181, 61)), crosses_antimeridian(shapely.box(170, 60, 171, 61))
    (True, False)
    """
    if geom is None or geom.is_empty or geom.geom_type == "Point":
        return False
    x0, _, x1, _ = geom.bounds
    if x0 < -180 or x1 > 180:
        return True
    return x1 - x0 > 180 and any(_jumps(np.asarray(r.coords)) for r in _lines(geom))


def _lines(geom: shapely.Geometry) -> list[shapely.Geometry]:
    lines = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            lines.extend([part.exterior, *part.interiors])
        elif part.geom_type == "LineString":
            lines.append(part)
    return lines


def split_antimeridian(geom: shapely.Geometry) -> shapely.Geometry:
    """``geom`` cut at the antimeridian into parts within [-180, 180] (see the module docstring).

    Examples
    --------
    >>> wrapped = shapely.Polygon([(179, 60), (-179, 60), (-179, 61), (179, 61)])  # 2 degrees wide, not 358
    >>> [part.bounds for part in split_antimeridian(wrapped).geoms]
    [(179.0, 60.0, 180.0, 61.0), (-180.0, 60.0, -179.0, 61.0)]
    """
    if not crosses_antimeridian(geom):
        return geom
    polygons, lines = [], []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            unwrapped = _unwrap_polygon(part)
            if unwrapped is None:  # winds around a pole
                return geom
            polygons.append(unwrapped)
        elif part.geom_type == "LineString":
            lines.append(shapely.LineString(_unwrap(np.asarray(part.coords))))
        else:
            return geom
    pieces: list[shapely.Geometry] = []
    for piece in polygons + lines:
        for turn in (-1, 0, 1):
            window = shapely.box(-180 + 360 * turn, -90, 180 + 360 * turn, 90)
            cut = shapely.intersection(piece, window)
            if not cut.is_empty:
                cut = shapely.transform(cut, lambda c, t=turn: c - [360 * t, 0])
                pieces.extend(p for p in shapely.get_parts(cut) if p.geom_type in ("Polygon", "LineString")
                              and not p.is_empty and (p.area > 0 or p.geom_type == "LineString"))
    if polygons:
        return shapely.multipolygons([p for p in pieces if p.geom_type == "Polygon"])
    return shapely.multilinestrings([p for p in pieces if p.geom_type == "LineString"])


def _unwrap_polygon(poly: shapely.Polygon) -> shapely.Polygon | None:
    shell = _unwrap(np.asarray(poly.exterior.coords))
    if abs(shell[-1, 0] - shell[0, 0]) > 1e-9:
        return None
    if shell[:, 0].mean() > 180:  # keep the bulk of it on the map, so that only the overhang is moved
        shell[:, 0] -= 360
    elif shell[:, 0].mean() < -180:
        shell[:, 0] += 360
    centre = shell[:, 0].mean()
    holes = []
    for ring in poly.interiors:
        hole = _unwrap(np.asarray(ring.coords))
        hole[:, 0] += 360 * np.round((centre - hole[:, 0].mean()) / 360)
        holes.append(hole)
    return shapely.make_valid(shapely.Polygon(shell, holes)) if holes else shapely.make_valid(shapely.Polygon(shell))
