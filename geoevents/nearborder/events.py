"""Near-border questions, answered honestly for events known only as an area.

For a point the answer to "within N km of the border?" is yes or no. For an area it is *certain* (all of it is
within N km), *possible* (part of it is) or *outside* (none of it is), with the fraction of the area that is within.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from geoevents import settings
from geoevents.errors import NotLocatedError
from geoevents.geometry.geodesy import LocalProjection, check_km
from geoevents.model import BorderAnswer, Event, NearBorderStatus
from geoevents.places.boundaries import Boundaries

__all__ = ["distance_range_km", "fraction_within", "measure", "near_border"]

CERTAIN, POSSIBLE, OUTSIDE = NearBorderStatus.CERTAIN, NearBorderStatus.POSSIBLE, NearBorderStatus.OUTSIDE
_SAMPLE_M = 100.0  # spacing of the points on an area's outline at which the largest distance is sought
_INTERIOR_SAMPLES = 400  # grid points inside an area, where the largest distance may also lie


def distance_range_km(area: shapely.Geometry, border: shapely.Geometry) -> tuple[float, float]:
    """Smallest and largest distance (km) from the points of ``area`` to ``border``; both lon/lat.

    Measured in an azimuthal equidistant projection centred in the area, so a point event's distance is exactly
    geodesic and an area's is within 0.02 % for areas up to a few hundred km across. The largest distance is
    sought on the outline every 100 m and on a grid inside, so it may be low by at most about 50 m.

    Examples
    --------
    >>> line = shapely.LineString([(34.0, 51.0), (34.0, 52.0)])
    >>> lo, hi = distance_range_km(shapely.Point(34.1, 51.5), line)
    >>> round(lo, 3), round(hi, 3)
    (6.944, 6.944)
    """
    proj = LocalProjection(*shapely.get_coordinates(shapely.point_on_surface(area))[0])
    return _metric_range_km(proj.to_metric(area), proj.to_metric(border), point=area.geom_type == "Point")


def _metric_range_km(a: shapely.Geometry, b: shapely.Geometry, *, point: bool) -> tuple[float, float]:
    """:func:`distance_range_km` for geometries already in one metric projection."""
    shapely.prepare(b)
    low = 0.0 if (not point and shapely.intersects(a, b)) else float(shapely.distance(a, b))
    samples = _samples(a)
    high = float(np.max(shapely.distance(samples, b))) if len(samples) else low
    return low / 1000, max(high, low) / 1000


def _samples(metric_area: shapely.Geometry) -> np.ndarray:
    """Points on the outline of a metric geometry every 100 m, plus a grid inside it."""
    outline = shapely.segmentize(metric_area.boundary if metric_area.geom_type != "Point" else metric_area, _SAMPLE_M)
    pts = list(shapely.points(shapely.get_coordinates(outline)))
    if metric_area.geom_type in ("Polygon", "MultiPolygon") and metric_area.area > 0:
        x0, y0, x1, y1 = metric_area.bounds
        n = max(2, int(math.sqrt(_INTERIOR_SAMPLES)))
        gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        grid = shapely.points(gx.ravel(), gy.ravel())
        pts.extend(grid[shapely.contains_xy(metric_area, gx.ravel(), gy.ravel())])
    return np.array(pts, dtype=object)


def near_border(events: list[Event], boundaries: Boundaries, *, km: float, border: str = settings.DEFAULT_BORDER
                ) -> list[BorderAnswer]:
    """Answer "within ``km`` of ``border``?" for each located event, sorted by smallest distance.

    Raises
    ------
    GeoEventsError
        If ``km`` is not a positive finite number or an event has no location.
    """
    km = check_km(km)
    line = boundaries.border(border)
    answers = []
    for event in events:
        if event.location is None:
            raise NotLocatedError(f"event {event.id!r} has no location; locate it first")
        low, high, status, fraction = measure(event.location.geometry, line, km=km)
        pt = event.location.point
        answers.append(BorderAnswer(event.id, border, km, round(low, 3), round(high, 3), status,
                                    round(fraction, 4), boundaries.country_at(pt.x, pt.y)))
    return sorted(answers, key=lambda a: (a.min_km, a.event_id))


def measure(area: shapely.Geometry, line: shapely.Geometry, *, km: float
            ) -> tuple[float, float, NearBorderStatus, float]:
    """Smallest and largest distance (km) from ``area`` to ``line``, the status for ``km`` and the fraction of the
    area within ``km`` (both lon/lat): the per-event answer, as :func:`near_border` gives it.

    Examples
    --------
    >>> line = shapely.LineString([(34.0, 51.0), (34.0, 52.0)])
    >>> low, high, status, fraction = measure(shapely.Point(34.1, 51.5), line, km=10)
    >>> round(low, 3), status, fraction
    (6.944, <NearBorderStatus.CERTAIN: 'certain'>, 1.0)
    """
    # one projection per area, centred in it, serves both the distances and the fraction
    proj = LocalProjection(*shapely.get_coordinates(shapely.point_on_surface(area))[0])
    a, b = proj.to_metric(area), proj.to_metric(line)
    low, high = _metric_range_km(a, b, point=area.geom_type == "Point")
    if high <= km:
        return low, high, CERTAIN, 1.0
    if low > km:
        return low, high, OUTSIDE, 0.0
    return low, high, POSSIBLE, _fraction_within(a, b, km)


def fraction_within(area: shapely.Geometry, line: shapely.Geometry, *, km: float) -> float:
    """Share of the lon/lat ``area`` within ``km`` of the lon/lat ``line``, computed in an azimuthal equidistant
    projection centred in the area (as :func:`near_border` does).

    Examples
    --------
    >>> line = shapely.LineString([(34.0, 50.0), (34.0, 52.0)])
    >>> round(fraction_within(shapely.box(34.0, 50.9, 34.2, 51.1), line, km=7), 2)
    0.5
    """
    proj = LocalProjection(*shapely.get_coordinates(shapely.point_on_surface(area))[0])
    return _fraction_within(proj.to_metric(area), proj.to_metric(line), km)


def _fraction_within(a: shapely.Geometry, b: shapely.Geometry, km: float) -> float:
    """Share of the metric area ``a`` within ``km`` of the metric line ``b`` (both in a projection centred in a)."""
    if a.geom_type not in ("Polygon", "MultiPolygon") or a.area == 0:
        return 1.0
    x0, y0, x1, y1 = a.bounds
    pad = km * 1000 + 1.0
    near = shapely.clip_by_rect(b, x0 - pad, y0 - pad, x1 + pad, y1 + pad)
    within = shapely.intersection(a, shapely.buffer(near, km * 1000, quad_segs=32))
    return float(min(1.0, within.area / a.area))
