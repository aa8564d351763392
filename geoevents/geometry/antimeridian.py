"""Geometries that cross the antimeridian (180 degrees), cut there as RFC 7946 section 3.1.9 asks.

A lon/lat geometry that crosses 180 degrees comes in one of two shapes: *wrapped*, its longitudes kept in
[-180, 180] so that an edge jumps across the whole map (what a projection back to lon/lat gives, e.g. a buffer
around a point in Chukotka), or *unwrapped*, its longitudes running past 180 (or below -180). Either way
:func:`split_antimeridian` returns it as a (Multi)Polygon or (Multi)LineString whose parts lie within
[-180, 180] and meet the antimeridian at exactly +180 or -180, as the embedded boundaries of Chukotka already do.
Geometries that do not cross it come back unchanged.

A ring that winds around a pole (a circle drawn around the North Pole, say) cannot be unwrapped into a closed ring;
it becomes a polar cap instead: the ring, unwrapped over 360 degrees of longitude, closed along the pole's latitude
(+90 or -90, the pole on the side of the ring's mean latitude), then cut like any other polygon.
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
    polygons: list[shapely.Geometry] = []
    lines: list[shapely.Geometry] = []
    for part in shapely.get_parts(geom):
        if part.geom_type == "Polygon":
            polygons.extend(p for p in shapely.get_parts(_unwrap_polygon(part)) if p.geom_type == "Polygon")
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


def _unwrap_polygon(poly: shapely.Polygon) -> shapely.Polygon | shapely.MultiPolygon:
    shell = _unwrap(np.asarray(poly.exterior.coords))
    shell_area = _cap(shell) if _winds(shell) else shapely.Polygon(_centred(shell))
    centre = (shell_area.bounds[0] + shell_area.bounds[2]) / 2
    holes = []
    for ring in poly.interiors:
        hole = _unwrap(np.asarray(ring.coords))
        if _winds(hole):
            holes.append(_cap(hole))
        else:
            hole[:, 0] += 360 * np.round((centre - hole[:, 0].mean()) / 360)
            holes.append(shapely.Polygon(hole))
    area = shapely.make_valid(shell_area)
    if holes:
        area = shapely.difference(area, shapely.make_valid(shapely.union_all(holes)))
    return area


def _winds(ring: np.ndarray) -> bool:
    """Whether an unwrapped ring ends a whole turn of longitude from where it started (it goes round a pole)."""
    return bool(abs(ring[-1, 0] - ring[0, 0]) > 1e-9)


def _centred(shell: np.ndarray) -> np.ndarray:
    if shell[:, 0].mean() > 180:  # keep the bulk of it on the map, so that only the overhang is moved
        shell[:, 0] -= 360
    elif shell[:, 0].mean() < -180:
        shell[:, 0] += 360
    return shell


def _cap(ring: np.ndarray) -> shapely.Geometry:
    """The polar cap a ring winding round a pole encloses, within [-180, 180] and in one piece."""
    ring = ring.copy()
    ring[:, 0] -= 360 * np.floor((ring[0, 0] + 180) / 360)  # starts in [-180, 180), so runs no further than 540
    pole = 90.0 if ring[:, 1].mean() >= 0 else -90.0
    closed = shapely.make_valid(shapely.Polygon(np.vstack([ring, [[ring[-1, 0], pole], [ring[0, 0], pole]],
                                                            ring[:1]])))
    parts = [shapely.transform(shapely.intersection(closed, shapely.box(-180 + 360 * turn, -90, 180 + 360 * turn, 90)),
                               lambda c, t=turn: c - np.array([360.0 * t, 0.0])) for turn in (-1, 0, 1)]
    return shapely.union_all(parts, grid_size=1e-9)  # the shifted piece's edge meets the other within rounding
