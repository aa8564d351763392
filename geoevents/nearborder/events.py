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
from geoevents.geometry.convexclip import segments
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
    return _metric_range_km(proj.to_metric(area), proj.to_metric(_nearby(area, border)),
                            point=area.geom_type == "Point")


def _nearby(area: shapely.Geometry, line: shapely.Geometry) -> shapely.Geometry:
    """The part of the lon/lat ``line`` that can hold the nearest point to any point of ``area``: the line cut to a
    box around the area, so that each event measures against a few hundred vertices instead of thousands.

    From a point ``p`` of the area, the nearest vertex of the line is at most ``d`` away, so the line's nearest
    point to any point of the area is within ``d`` plus the area's reach from ``p`` (``r``). The box holds
    everything within that distance, with a margin for the spherical estimate (1 %, then 2 km); near a pole or
    across 180 degrees the line is left whole. The answers are those of the whole line.
    """
    x, y = shapely.get_coordinates(shapely.point_on_surface(area))[0]
    vertices = shapely.get_coordinates(line)
    if not len(vertices):
        return line
    outline = shapely.get_coordinates(area)
    d = float(_haversine_km(x, y, vertices[:, 0], vertices[:, 1]).min())
    r = float(_haversine_km(x, y, outline[:, 0], outline[:, 1]).max())
    reach = (d + r) * 1.01 + 2.0
    dy = reach / 110.0  # a degree of latitude is at least 110.5 km
    top = min(abs(y) + dy, 90.0)
    if top >= 89.0:
        return line
    dx = reach / (111.0 * math.cos(math.radians(top)))
    x0, y0, x1, y1 = shapely.bounds(area)
    if x0 - dx < -180 or x1 + dx > 180:
        return line
    return shapely.clip_by_rect(line, x0 - dx, y0 - dy, x1 + dx, y1 + dy)


def _haversine_km(lon: float, lat: float, lons: np.ndarray, lats: np.ndarray) -> np.ndarray:
    """Great-circle distances (km, on a sphere of 6371 km) from one point to many."""
    p1, p2 = math.radians(lat), np.radians(lats)
    a = np.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * np.cos(p2) * np.sin(np.radians(lons - lon) / 2) ** 2
    return 2 * 6371.0 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def _metric_range_km(a: shapely.Geometry, b: shapely.Geometry, *, point: bool) -> tuple[float, float]:
    """:func:`distance_range_km` for geometries already in one metric projection."""
    shapely.prepare(b)
    low = 0.0 if (not point and shapely.intersects(a, b)) else float(shapely.distance(a, b))
    samples = _samples(a)
    high = _largest_distance(samples, b) if len(samples) else low
    return low / 1000, max(high, low) / 1000


def _largest_distance(xy: np.ndarray, line: shapely.Geometry) -> float:
    """The largest planar distance from the sample points (coordinates) to the line, measuring only the samples
    that can hold it: distance to a line changes by at most the distance moved, so after measuring every n-th
    sample, a sample whose bound (a measured distance plus the way to it) stays below the largest found cannot
    hold the largest. The answer is the largest over all samples, exactly."""
    step = max(1, len(xy) // 48)
    first = np.arange(0, len(xy), step)
    measured = _distances(shapely.points(xy[first]), line)
    best = float(measured.max())
    rest = np.setdiff1d(np.arange(len(xy)), first)
    if not len(rest):
        return best
    gap = np.hypot(xy[rest, None, 0] - xy[None, first, 0], xy[rest, None, 1] - xy[None, first, 1])
    bound = np.min(measured[None, :] + gap, axis=1)
    maybe = rest[bound >= best]
    return max(best, float(_distances(shapely.points(xy[maybe]), line).max())) if len(maybe) else best


def _distances(points: np.ndarray, line: shapely.Geometry) -> np.ndarray:
    """Planar distances from points to a line; through an STRtree of its segments when it has many vertices
    (GEOS measures a point against every segment otherwise)."""
    if shapely.get_num_coordinates(line) < 200 or len(points) < 20:
        return shapely.distance(points, line)
    edges = segments(line)
    if not len(edges):
        return shapely.distance(points, line)
    tree = shapely.STRtree(shapely.linestrings(edges.reshape(-1, 2, 2)))
    (at, _), distance = tree.query_nearest(points, return_distance=True, all_matches=False)
    out = np.full(len(points), np.inf)
    out[at] = distance
    return out


def _samples(metric_area: shapely.Geometry) -> np.ndarray:
    """Coordinates (n x 2) of points on the outline of a metric geometry every 100 m, plus a grid inside it."""
    outline = shapely.segmentize(metric_area.boundary if metric_area.geom_type != "Point" else metric_area, _SAMPLE_M)
    xy = [shapely.get_coordinates(outline)]
    if metric_area.geom_type in ("Polygon", "MultiPolygon") and metric_area.area > 0:
        x0, y0, x1, y1 = metric_area.bounds
        n = max(2, int(math.sqrt(_INTERIOR_SAMPLES)))
        gx, gy = np.meshgrid(np.linspace(x0, x1, n), np.linspace(y0, y1, n))
        inside = shapely.contains_xy(metric_area, gx.ravel(), gy.ravel())
        xy.append(np.column_stack([gx.ravel()[inside], gy.ravel()[inside]]))
    return np.concatenate(xy)


def near_border(events: list[Event], boundaries: Boundaries, *, km: float, border: str = settings.DEFAULT_BORDER
                ) -> list[BorderAnswer]:
    """Answer "within ``km`` of ``border``?" for each located event, sorted by smallest distance. Events with the
    same area (a dataset's rows coded to one oblast) are measured once.

    Raises
    ------
    GeoEventsError
        If ``km`` is not a positive finite number or an event has no location.
    """
    km = check_km(km)
    line = boundaries.border(border)
    answers = []
    measured: dict[bytes, tuple[float, float, NearBorderStatus, float]] = {}  # by area: rows coded to one oblast
    for event in events:
        if event.location is None:
            raise NotLocatedError(f"event {event.id!r} has no location; locate it first")
        key = shapely.to_wkb(event.location.geometry)
        if key not in measured:
            measured[key] = measure(event.location.geometry, line, km=km)
        low, high, status, fraction = measured[key]
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
    a, b = proj.to_metric(area), proj.to_metric(_nearby(area, line))
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
