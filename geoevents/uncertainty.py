"""From location constraints to an uncertainty geometry: intersect what each constraint allows.

Every constraint becomes a lon/lat polygon: a union of regions, a band between two distances from a border, a
buffer around a boundary. Distances are applied with :func:`geoevents.geometry.geodesy.geodesic_buffer`, so they are
geodesic to well within 0.1 %. The result keeps a trace of every step and the area it left.
"""

from __future__ import annotations

import dataclasses
import math

import shapely

from geoevents.datasets.precision import precision_codes
from geoevents.errors import EmptyGeometryError
from geoevents.geometry.geodesy import area_km2, geodesic_buffer, representative_point
from geoevents.geometry.shapes import between_ellipse, polygonal, region_part, ring_sector
from geoevents.model import (
    COMPASS,
    AnyOfPlaces,
    Between,
    BorderDistance,
    Constraint,
    Event,
    InRegions,
    Location,
    NearBoundary,
    NearPlace,
    RegionPart,
    TraceStep,
)
from geoevents.places.boundaries import Boundaries

__all__ = ["constraint_geometry", "contradiction", "locate"]

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
        area = polygonal(area)
        size = _region_area_km2(area) if area is allowed and isinstance(constraint, InRegions) else area_km2(area)
        trace.append(TraceStep(constraint.describe(), constraint.reason, round(size, 3)))
        if area.is_empty:
            raise EmptyGeometryError(f"event {event.id!r}: " + contradiction(ordered[:len(trace)], boundaries))
    assert area is not None
    point, radius_km = representative_point(area)
    location = Location(area, point, round(area_km2(area), 3), round(radius_km, 3), tuple(trace))
    location = dataclasses.replace(location, precision=precision_codes(location, event.constraints, boundaries))
    return dataclasses.replace(event, location=location)


_REGION_AREAS: dict[int, tuple[shapely.Geometry, float]] = {}


def _region_area_km2(geom: shapely.Geometry) -> float:
    """The geodesic area of a region's geometry, as the boundaries hold it (:meth:`Boundaries.union` returns the same
    object each time), measured once per process: Russia's outline takes a third of a second to measure."""
    found = _REGION_AREAS.get(id(geom))
    if found is None or found[0] is not geom:
        found = _REGION_AREAS[id(geom)] = (geom, area_km2(geom))
    return found[1]


def constraint_geometry(constraint: Constraint, boundaries: Boundaries, *,
                        within: shapely.Geometry | None = None) -> shapely.Geometry:
    """The lon/lat area a constraint allows. ``within`` limits the work to where the event can still be."""
    if isinstance(constraint, InRegions):
        return boundaries.union(constraint.regions)
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
    if isinstance(constraint, AnyOfPlaces):
        outer = within if within is not None else shapely.box(*boundaries.bounds)
        return shapely.union_all([ring_sector(lon, lat, 0.0, km, outer=outer)
                                  for (lon, lat), km in zip(constraint.points, constraint.max_km, strict=True)])
    if isinstance(constraint, RegionPart):
        return region_part(boundaries.area(constraint.region), constraint.part, COMPASS)
    raise TypeError(f"unknown constraint {constraint!r}")


def contradiction(applied: list[Constraint], boundaries: Boundaries) -> str:
    """Say which constraints contradict: a pair with no common place, the last one's first, else the last one and
    the rest.

    Examples
    --------
    >>> from geoevents.places.boundaries import embedded_boundaries
    >>> contradiction([InRegions(("RU-KRS",)), InRegions(("UA-59",))], embedded_boundaries())
    "'inside UA-59' contradicts 'inside RU-KRS': they share no place"
    """
    geoms = [constraint_geometry(c, boundaries) for c in applied]
    last = len(applied) - 1
    pairs = [(last, other) for other in range(last)] + [(a, b) for a in range(last) for b in range(a)]
    for a, b in pairs:
        if shapely.intersection(geoms[a], geoms[b]).area == 0:
            return f"'{applied[a].describe()}' contradicts '{applied[b].describe()}': they share no place"
    rest = "; ".join(c.describe() for c in applied[:-1])
    return f"'{applied[-1].describe()}' leaves no place after: {rest}"


def _clip(line: shapely.Geometry, within: shapely.Geometry | None, distance_km: float) -> shapely.Geometry:
    """The part of ``line`` that can be within ``distance_km`` of ``within`` (all of it when unbounded)."""
    if within is None or within.is_empty:
        return line
    x0, y0, x1, y1 = shapely.bounds(within)
    dlat = (distance_km + 1) / _KM_PER_DEG_LAT
    coslat = max(math.cos(math.radians(max(abs(y0), abs(y1)) + dlat)), 0.01)
    dlon = (distance_km + 1) / (_KM_PER_DEG_LAT * coslat)
    return shapely.clip_by_rect(line, x0 - dlon, y0 - dlat, x1 + dlon, y1 + dlat)
