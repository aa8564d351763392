"""From location constraints to an uncertainty geometry: intersect what each constraint allows.

Every constraint becomes a lon/lat polygon: a union of regions, a band between two distances from a border, a
buffer around a boundary. Distances are applied with :func:`geoevents.geodesy.geodesic_buffer`, so they are
geodesic to well within 0.1 %. The result keeps a trace of every step and the area it left.
"""

from __future__ import annotations

import dataclasses
import math

import shapely
import shapely.ops

from .boundaries import Boundaries
from .errors import EmptyGeometryError
from .geodesy import LocalProjection, area_km2, geodesic_buffer
from .model import (COMPASS, Between, BorderDistance, Constraint, Event, InRegions, Location, NearBoundary, NearPlace,
                    RegionPart, TraceStep)
from .precision import precision_codes
from .shapes import between_ellipse, region_part, ring_sector

__all__ = ["constraint_geometry", "locate", "representative_point"]

_KM_PER_DEG_LAT = 110.5


def locate(event: Event, boundaries: Boundaries) -> Event:
    """Return ``event`` with its :class:`~geoevents.model.Location` computed from its constraints.

    Raises
    ------
    EmptyGeometryError
        If the event has no constraints or they leave no place, naming the constraint that emptied it.
    """
    if not event.constraints:
        raise EmptyGeometryError(f"event {event.id!r} has no location constraints")
    # regions first: they bound the area in which distances need to be computed
    ordered = sorted(event.constraints, key=lambda c: not isinstance(c, InRegions))
    area: shapely.Geometry | None = None
    trace = []
    for constraint in ordered:
        allowed = constraint_geometry(constraint, boundaries, within=area)
        area = allowed if area is None else shapely.intersection(area, allowed)
        area = _polygonal(area)
        trace.append(TraceStep(constraint.describe(), constraint.reason, round(area_km2(area), 3)))
        if area.is_empty:
            raise EmptyGeometryError(f"event {event.id!r}: " + _contradiction(ordered[:len(trace)], boundaries))
    assert area is not None
    point, radius_km = representative_point(area)
    location = Location(area, point, round(area_km2(area), 3), round(radius_km, 3), tuple(trace))
    location = dataclasses.replace(location, precision=precision_codes(location, event.constraints, boundaries))
    return dataclasses.replace(event, location=location)


def constraint_geometry(constraint: Constraint, boundaries: Boundaries, *,
                        within: shapely.Geometry | None = None) -> shapely.Geometry:
    """The lon/lat area a constraint allows. ``within`` limits the work to where the event can still be."""
    if isinstance(constraint, InRegions):
        return shapely.union_all([boundaries.area(name) for name in constraint.regions])
    if isinstance(constraint, BorderDistance):
        reach = constraint.min_km if math.isinf(constraint.max_km) else constraint.max_km
        line = _clip(boundaries.border(constraint.border), within, reach)
        if math.isinf(constraint.max_km):
            outer = within if within is not None else shapely.box(*boundaries.bounds)
        else:
            outer = geodesic_buffer(line, constraint.max_km * 1000)
        if constraint.min_km > 0:
            return shapely.difference(outer, geodesic_buffer(line, constraint.min_km * 1000))
        return outer
    if isinstance(constraint, NearBoundary):
        a, b = constraint.between
        line = boundaries.border(f"{a}/{b}")
        return geodesic_buffer(_clip(line, within, constraint.within_km), constraint.within_km * 1000)
    if isinstance(constraint, NearPlace):
        outer = within if within is not None else shapely.box(*boundaries.bounds)
        return ring_sector(constraint.lon, constraint.lat, constraint.min_km, constraint.max_km,
                           bearing_deg=constraint.bearing_deg, spread_deg=constraint.spread_deg, outer=outer)
    if isinstance(constraint, Between):
        return between_ellipse(*constraint.points, constraint.factor)
    if isinstance(constraint, RegionPart):
        return region_part(boundaries.area(constraint.region), constraint.part, COMPASS)
    raise TypeError(f"unknown constraint {constraint!r}")


def _contradiction(applied: list[Constraint], boundaries: Boundaries) -> str:
    """Say which constraints contradict: the first pair with no common place, else the last one and the rest."""
    last = applied[-1]
    mine = constraint_geometry(last, boundaries)
    for other in applied[:-1]:
        if shapely.intersection(mine, constraint_geometry(other, boundaries)).area == 0:
            return f"'{last.describe()}' contradicts '{other.describe()}': they share no place"
    rest = "; ".join(c.describe() for c in applied[:-1])
    return f"'{last.describe()}' leaves no place after: {rest}"


def _clip(line: shapely.Geometry, within: shapely.Geometry | None, distance_km: float) -> shapely.Geometry:
    """The part of ``line`` that can be within ``distance_km`` of ``within`` (all of it when unbounded)."""
    if within is None or within.is_empty:
        return line
    x0, y0, x1, y1 = shapely.bounds(within)
    dlat = (distance_km + 1) / _KM_PER_DEG_LAT
    coslat = max(math.cos(math.radians(max(abs(y0), abs(y1)) + dlat)), 0.01)
    dlon = (distance_km + 1) / (_KM_PER_DEG_LAT * coslat)
    return shapely.clip_by_rect(line, x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat)


def _polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()


def representative_point(area: shapely.Geometry, *, tolerance_m: float = 10.0) -> tuple[shapely.Point, float]:
    """A central point well inside ``area``, and the distance in km from it to the farthest point of ``area``.

    The point is the centroid if that lies at least half the largest inscribed circle's radius from every edge,
    else the nearest such point to the centroid (of the largest part). It always lies inside ``area``; for a band
    along a border it sits mid-band, not on a centroid that falls outside.

    Examples
    --------
    >>> from geoevents.geodesy import geodesic_buffer
    >>> disc = geodesic_buffer(shapely.Point(34.0, 51.5), 5000)
    >>> pt, r = representative_point(disc)
    >>> round(pt.x, 3), round(pt.y, 3), round(r, 1)
    (34.0, 51.5, 5.0)
    """
    proj = LocalProjection.around(area)
    metric = proj.to_metric(area)
    largest = max(shapely.get_parts(metric), key=lambda p: p.area)
    circle = shapely.maximum_inscribed_circle(largest, tolerance_m)
    # the core: points at least half the largest inscribed radius from every edge; of it, the point nearest the
    # centroid. A band's point then sits mid-band and mid-length, not at whichever end happens to be widest.
    core = shapely.buffer(largest, -0.5 * circle.length)
    centroid = shapely.centroid(largest)
    if core.is_empty:
        centre = shapely.get_point(circle, 0)
    elif shapely.contains(core, centroid):
        centre = centroid
    else:
        centre = shapely.ops.nearest_points(core, centroid)[0]
    point = proj.to_lonlat(centre, densify_m=0)
    # distances from the centre of an AEQD projection are geodesic: re-centre on the point to measure the radius
    around = LocalProjection(point.x, point.y)
    coords = shapely.get_coordinates(around.to_metric(shapely.segmentize(area, 0.005)))
    radius_m = float(max(math.hypot(x, y) for x, y in coords)) if len(coords) else 0.0
    return point, radius_m / 1000
