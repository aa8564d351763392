"""Areas around places: rings and compass sectors, the "between" ellipse, and the part of a region.

Each shape is drawn in an azimuthal equidistant projection centred where it matters (the place, the midpoint of
two places, the region's centre), where distances and bearings from the centre are exact geodesic ones, then
projected back to lon/lat with densified edges.
"""

from __future__ import annotations

import math

import shapely
import shapely.affinity

from geoevents.geometry.geodesy import GEOD, LocalProjection

__all__ = ["between_ellipse", "polygonal", "region_part", "ring_sector"]

_QUAD_SEGS = 64


def ring_sector(lon: float, lat: float, min_km: float, max_km: float, *, bearing_deg: float | None = None,
                spread_deg: float = 30.0, outer: shapely.Geometry | None = None) -> shapely.Geometry:
    """The points between ``min_km`` and ``max_km`` from (lon, lat), within ``spread_deg`` of ``bearing_deg``.

    An infinite ``max_km`` needs ``outer`` (lon/lat), the area the result is cut from.

    Examples
    --------
    >>> from geoevents.geometry.geodesy import area_km2
    >>> half = ring_sector(34.0, 51.0, 0, 10, bearing_deg=0.0, spread_deg=90.0)
    >>> round(area_km2(half) / (math.pi * 100 / 2), 3)
    1.0
    """
    proj = LocalProjection(lon, lat)
    centre = shapely.Point(0, 0)
    if math.isinf(max_km):
        if outer is None:
            raise ValueError("an unbounded distance needs an outer area")
        inner = proj.to_lonlat(shapely.buffer(centre, min_km * 1000, quad_segs=_QUAD_SEGS))
        area = shapely.difference(outer, inner)
        if bearing_deg is not None:
            reach = 1000 * max(GEOD.inv(lon, lat, x, y)[2] for x, y in shapely.get_coordinates(shapely.envelope(outer)))
            area = shapely.intersection(area, proj.to_lonlat(_wedge(bearing_deg, spread_deg, 2 * reach / 1000)))
        return area
    shape = shapely.buffer(centre, max_km * 1000, quad_segs=_QUAD_SEGS)
    if min_km > 0:
        shape = shapely.difference(shape, shapely.buffer(centre, min_km * 1000, quad_segs=_QUAD_SEGS))
    if bearing_deg is not None and spread_deg < 180:
        shape = shapely.intersection(shape, _wedge(bearing_deg, spread_deg, max_km * 1.5))
    return proj.to_lonlat(shape)


def _wedge(bearing_deg: float, spread_deg: float, radius_km: float) -> shapely.Polygon:
    """A metric wedge from the origin, ``spread_deg`` either side of ``bearing_deg`` (clockwise from north)."""
    r = radius_km * 1000
    steps = max(2, int(spread_deg))
    angles = [math.radians(bearing_deg - spread_deg + 2 * spread_deg * k / steps) for k in range(steps + 1)]
    return shapely.Polygon([(0, 0), *((r * math.sin(a), r * math.cos(a)) for a in angles)])


def between_ellipse(a: tuple[float, float], b: tuple[float, float], factor: float) -> shapely.Geometry:
    """The points whose distances to ``a`` and ``b`` (lon, lat) sum to at most ``factor`` times the distance
    ``a``-``b``: an ellipse with foci at the two places, drawn around their geodesic midpoint.

    Examples
    --------
    >>> e = between_ellipse((34.0, 51.0), (35.0, 51.0), 1.25)
    >>> e.contains(shapely.Point(34.5, 51.0)), e.contains(shapely.Point(34.5, 51.3))
    (True, False)
    """
    azimuth, _, dist = GEOD.inv(a[0], a[1], b[0], b[1])
    mid_lon, mid_lat, _ = GEOD.fwd(a[0], a[1], azimuth, dist / 2)
    proj = LocalProjection(mid_lon, mid_lat)
    pa, pb = proj.to_metric(shapely.Point(a)), proj.to_metric(shapely.Point(b))
    c = math.hypot(pb.x - pa.x, pb.y - pa.y) / 2
    semi_major = factor * dist / 2
    semi_minor = math.sqrt(max(semi_major ** 2 - c ** 2, 1.0))
    circle = shapely.buffer(shapely.Point(0, 0), 1.0, quad_segs=_QUAD_SEGS)
    ellipse = shapely.affinity.scale(circle, semi_major, semi_minor, origin=(0, 0))
    angle = math.degrees(math.atan2(pb.y - pa.y, pb.x - pa.x))
    ellipse = shapely.affinity.rotate(ellipse, angle, origin=(0, 0))
    ellipse = shapely.affinity.translate(ellipse, (pa.x + pb.x) / 2, (pa.y + pb.y) / 2)
    return proj.to_lonlat(ellipse)


def region_part(region: shapely.Geometry, part: str, bearings: dict[str, float]) -> shapely.Geometry:
    """The ``part`` of a lon/lat region: the half of its extent farthest toward a compass direction (measured
    along that direction from the region's centre), or its middle half in both axes for ``"centre"``.

    Examples
    --------
    >>> box = shapely.box(34.0, 50.0, 36.0, 52.0)
    >>> north = region_part(box, "north", {"north": 0.0})
    >>> round(north.bounds[1], 1), round(north.bounds[3], 1)
    (51.0, 52.0)
    """
    proj = LocalProjection.around(region)
    metric = proj.to_metric(region)
    x0, y0, x1, y1 = metric.bounds
    if part == "centre":
        w, h = (x1 - x0) / 4, (y1 - y0) / 4
        keep = shapely.box(x0 + w, y0 + h, x1 - w, y1 - h)
    else:
        a = math.radians(bearings[part])
        ux, uy = math.sin(a), math.cos(a)
        along = [x * ux + y * uy for x, y in shapely.get_coordinates(metric)]
        cut = (min(along) + max(along)) / 2
        span = max(x1 - x0, y1 - y0) * 4 + 1.0
        # a half-plane {p : p.u >= cut}, as a large square beyond the cut line
        px, py = cut * ux, cut * uy
        vx, vy = -uy, ux
        keep = shapely.Polygon([(px + vx * span, py + vy * span), (px - vx * span, py - vy * span),
                                (px - vx * span + ux * span, py - vy * span + uy * span),
                                (px + vx * span + ux * span, py + vy * span + uy * span)])
    # cut the region in lon/lat with the projected cutter, so the part keeps the region's own edges exactly
    frame = shapely.box(x0, y0, x1, y1).buffer(1000.0, join_style="mitre")
    return shapely.intersection(region, proj.to_lonlat(shapely.intersection(frame, keep)))


def polygonal(geom: shapely.Geometry) -> shapely.Geometry:
    """The polygons of ``geom`` as one geometry (an intersection of areas may also hold the lines and points where
    they only touch); an empty Polygon if there are none.

    Examples
    --------
    >>> polygonal(shapely.intersection(shapely.box(0, 0, 1, 1), shapely.box(1, 0, 2, 1)))
    <POLYGON EMPTY>
    """
    if geom.geom_type in ("Polygon", "MultiPolygon"):  # already: a country has thousands of parts to union
        return geom
    parts = [p for p in shapely.get_parts(geom) if p.geom_type == "Polygon" and not p.is_empty]
    return shapely.union_all(parts) if parts else shapely.Polygon()
