"""Near-border questions for many events at once (ACLED/UCDP/GDELT scale).

The border is buffered once, geodesically (:func:`geoevents.geometry.geodesy.geodesic_buffer`), and the band is
prepared: a point-in-polygon test on raw lon/lat, vectorised in GEOS, tells whether a point is within (the band's
edge is within about 0.02 % of N km of the true N km line). The statuses of :meth:`NearBorderIndex.answer_points`
come from the points' geodesic distances instead, as the per-event engine's do; the band only spares measuring
the points far outside when they are not wanted.

Areas get the three-valued answer: *certain* when the band contains them, *possible* when it only intersects them
(with the fraction of the area inside), *outside* otherwise. For a convex area (the circles of precision codes)
the fraction is the exact area of the band inside it by Green's theorem over the band's edges cut to the area
(:mod:`geoevents.geometry.convexclip`, no overlay); for other areas the band is cut into small tiles indexed in an
STRtree, so each area is intersected only with the few tiles it touches. The fraction is a ratio of
areas in lon/lat; over an area up to ~100 km across the cos(latitude) factor varies by well under 1 %, so it is
within 0.01 of the geodesic ratio.

:meth:`NearBorderIndex.answer` adds the smallest and largest distance (km) to the border. A point's is its
geodesic distance (:class:`geoevents.geometry.linedistance.LineDistanceIndex`, within about a metre). An area's are the
smallest and largest distances at 16 points evenly spaced along its outline and at 4 more either side of the
nearest and the farthest of them (the smallest is 0 when the area touches the border), then brought into line
with the status, which is exact to about a metre. Along a wiggly border the sampled extremes can miss the true
ones by a few per cent of the area's radius (at most 0.16 km on 5 km circles in ``benchmarks/near_border_areas.py``,
against the per-event engine's outline sampled every 100 m); an area's largest distance can lie inside it only
where the border curls around it. Distances cost about 4 microseconds a point and 0.1 ms an area. Areas more than
100 km across (the provinces and countries that coarse precision codes stand for) are measured once per distinct
area, as the per-event engine samples them: at points every ~100 m along the outline and on a grid inside; their
fraction is the geodesic area of their intersection with the band over their own (within 10^-4 of the per-event
engine's, which buffers the border in a projection centred on the area, and 20-40 times faster).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from geoevents import settings
from geoevents.errors import InvalidValueError
from geoevents.geometry.geodesy import area_km2, check_km, geodesic_buffer
from geoevents.geometry.linedistance import LineDistanceIndex
from geoevents.model import NearBorderStatus

__all__ = ["CERTAIN", "OUTSIDE", "POSSIBLE", "NearBorderIndex"]

OUTSIDE, POSSIBLE, CERTAIN = (status.code for status in NearBorderStatus)
"""Status codes of :meth:`NearBorderIndex.classify` (:meth:`NearBorderStatus.from_code` gives the status)."""
_TILE_DEG = 0.25
_OUTER_KM, _OUTER_SHARE = 0.01, 0.001  # answer_points(outside=False): the band widened by 10 m or 0.1 % of N
_OUTLINE_SAMPLES = 16  # points along an area's outline at which its distance range is measured
_LARGE_KM = 100.0  # areas wider or taller are measured apart, once per distinct geometry (_measure_large)
_SAMPLE_DEG = 0.001  # ~100 m: the spacing of the points at which a large area's outline is measured


def _large(geoms: np.ndarray) -> np.ndarray:
    """Boolean array: is each lon/lat geometry more than :data:`_LARGE_KM` wide or tall?"""
    x0, y0, x1, y1 = shapely.bounds(geoms).T
    coslat = np.cos(np.radians(np.clip(np.minimum(np.abs(y0), np.abs(y1)), 0, 89.9)))
    return np.maximum((x1 - x0) * coslat, y1 - y0) * 111.2 > _LARGE_KM


class NearBorderIndex:
    """A border buffered by ``km``, ready to classify points.

    Examples
    --------
    >>> line = shapely.LineString([(34.0, 51.0), (34.0, 52.0)])
    >>> index = NearBorderIndex(line, km=10)
    >>> index.within(np.array([34.1, 34.2]), np.array([51.5, 51.5])).tolist()
    [True, False]
    """

    def __init__(self, border: shapely.Geometry, *, km: float) -> None:
        self.km = check_km(km)
        self.border = border
        self._band: shapely.Geometry | None = None
        self._tiles: shapely.STRtree | None = None
        self._edges: Any = None  # the band's oriented edges (convexclip.BandEdges), for convex areas
        self._distances: LineDistanceIndex | None = None
        self._outer: shapely.Geometry | None = None  # the band 10 m wider, for answer_points(outside=False)

    def __getstate__(self) -> dict:  # for dask: the band travels (made once, here), the indexes are rebuilt
        return {"km": self.km, "border": self.border, "band": self.band}

    def __setstate__(self, state: dict) -> None:
        self.km, self.border, self._band = state["km"], state["border"], state["band"]
        shapely.prepare(self._band)
        self._tiles, self._edges, self._distances, self._outer = None, None, None, None

    @property
    def band(self) -> shapely.Geometry:
        """The border buffered by ``km``, geodesically, prepared; made when first needed (areas and
        :meth:`within` need it, the distances of points do not)."""
        if self._band is None:
            self._band = geodesic_buffer(self.border, self.km * 1000)
            shapely.prepare(self._band)
        return self._band

    def within(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Boolean array: is each (lon, lat) within ``km`` of the border?"""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if lon.shape != lat.shape:
            raise InvalidValueError(f"lon and lat differ in shape: {lon.shape} vs {lat.shape}")
        return shapely.contains_xy(self.band, lon, lat)

    def classify(self, areas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Status codes (OUTSIDE, POSSIBLE, CERTAIN) and the fraction within ``km`` for lon/lat geometries.

        Points are CERTAIN or OUTSIDE with fraction 1 or 0; polygons may be POSSIBLE with a fraction in (0, 1].
        """
        areas = np.asarray(areas, dtype=object)
        status = self._statuses(areas)
        fraction = (status == CERTAIN).astype(float)
        partial = np.nonzero(status == POSSIBLE)[0]
        if len(partial):
            fraction[partial] = self._fractions(areas[partial])
        return status, fraction

    def _statuses(self, areas: np.ndarray) -> np.ndarray:
        """The status codes of :meth:`classify`, without the fractions: from the band's predicates."""
        status = np.full(len(areas), OUTSIDE, dtype=np.int8)
        hit = shapely.intersects(self.band, areas)
        inside = hit & shapely.contains(self.band, areas)
        status[hit] = POSSIBLE
        status[inside] = CERTAIN
        return status

    def distance_range_km(self, geoms: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Smallest and largest distance (km) to the border of each lon/lat geometry (see the module docstring).

        Examples
        --------
        >>> index = NearBorderIndex(shapely.LineString([(34.0, 51.0), (34.0, 52.0)]), km=10)
        >>> low, high = index.distance_range_km(np.array([shapely.Point(34.1, 51.5)]))
        >>> round(float(low[0]), 3), round(float(high[0]), 3)
        (6.944, 6.944)
        """
        geoms = np.asarray(geoms, dtype=object)
        if self._distances is None:
            self._distances = LineDistanceIndex(self.border)
            shapely.prepare(self.border)
        low, high = np.zeros(len(geoms)), np.zeros(len(geoms))
        points = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
        if points.any():
            xy = shapely.get_coordinates(geoms[points])
            low[points] = high[points] = self._distances.distance_m(xy[:, 0], xy[:, 1]) / 1000
        areas = np.nonzero(~points)[0]
        if len(areas):
            polygonal = np.isin(shapely.get_type_id(geoms[areas]),
                                [shapely.GeometryType.POLYGON, shapely.GeometryType.MULTIPOLYGON])
            outline = np.where(polygonal, shapely.boundary(geoms[areas]), geoms[areas])
            at = np.tile((np.arange(_OUTLINE_SAMPLES) + 0.5) / _OUTLINE_SAMPLES, (len(areas), 1))
            d = self._outline_km(outline, at)
            # then look closer either side of the nearest and the farthest sample
            rows = np.arange(len(areas))
            best = at[rows, [np.argmin(d, axis=1), np.argmax(d, axis=1)]].T  # (areas, 2)
            step = 0.4 / _OUTLINE_SAMPLES
            near = np.column_stack([best[:, 0] - step, best[:, 0] + step, best[:, 1] - step, best[:, 1] + step]) % 1
            d = np.hstack([d, self._outline_km(outline, near)])
            touches = shapely.intersects(self.border, geoms[areas])
            low[areas] = np.where(touches, 0.0, d.min(axis=1))
            high[areas] = d.max(axis=1)
        return low, high

    def _outline_km(self, outline: np.ndarray, at: np.ndarray) -> np.ndarray:
        """Distances (km) at the points of each outline at the fractions ``at`` (one row per outline)."""
        samples = shapely.line_interpolate_point(np.repeat(outline, at.shape[1]), at.ravel(), normalized=True)
        xy = shapely.get_coordinates(samples)
        assert self._distances is not None  # made by distance_range_km, the caller
        return (self._distances.distance_m(xy[:, 0], xy[:, 1]) / 1000).reshape(at.shape)

    def answer(self, geoms: np.ndarray) -> dict[str, np.ndarray]:
        """Status codes, fraction within ``km`` and distance range (km) of each lon/lat geometry.

        The distances are made to agree with the status: a CERTAIN geometry's largest distance is at most ``km``,
        a POSSIBLE one's smallest at most ``km`` and largest above it, an OUTSIDE one's smallest above it. Points
        are answered by :meth:`answer_points`.
        """
        geoms = np.asarray(geoms, dtype=object)
        n = len(geoms)
        status, fraction = np.full(n, OUTSIDE, dtype=np.int8), np.zeros(n)
        low, high = np.zeros(n), np.zeros(n)
        points = shapely.get_type_id(geoms) == shapely.GeometryType.POINT
        if points.any():
            xy = shapely.get_coordinates(geoms[points])
            got = self.answer_points(xy[:, 0], xy[:, 1])
            status[points], fraction[points] = got["status"], got["fraction_within"]
            low[points], high[points] = got["min_km"], got["max_km"]
        large = ~points & _large(geoms)
        small = np.nonzero(~points & ~large)[0]
        if len(small):
            status[small], fraction[small] = self.classify(geoms[small])
            low[small], high[small] = self.distance_range_km(geoms[small])
        if large.any():
            self._measure_large(geoms, np.nonzero(large)[0], status, fraction, low, high)
        low, high = self._agree(status, low, high)
        return {"status": status, "fraction_within": fraction, "min_km": low, "max_km": high}

    def answer_points(self, lon: np.ndarray, lat: np.ndarray, *, outside: bool = True) -> dict[str, np.ndarray]:
        """:meth:`answer` for points given as coordinate arrays, without making geometries: the geodesic distance
        (within a metre of GeographicLib's up to 500 km, :class:`~geoevents.geometry.linedistance.LineDistanceIndex`)
        as both the smallest and the largest, and the status from it, as the per-event engine decides a point's
        (the band's edge is only within about 0.02 % of N km, 2 m at 10 km). ``outside=False`` (for a caller that
        keeps only the points within): points beyond a second band 10 m or 0.1 % of N wider (whichever is more),
        outside whatever their distance, are not measured; their distances are NaN.

        Examples
        --------
        >>> index = NearBorderIndex(shapely.LineString([(34.0, 51.0), (34.0, 52.0)]), km=10)
        >>> got = index.answer_points(np.array([34.1, 34.2]), np.array([51.5, 51.5]))
        >>> got["status"].tolist(), got["min_km"].round(3).tolist()
        ([2, 0], [6.944, 13.888])
        """
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if self._distances is None:
            self._distances = LineDistanceIndex(self.border)
        wider = self.km + max(_OUTER_KM, _OUTER_SHARE * self.km)
        if outside or wider > settings.MAX_BUFFER_KM:  # every point measured (no band is buffered that far)
            km = self._distances.distance_m(lon, lat) / 1000
        else:  # the wider band first: only the few points in it are measured
            if self._outer is None:
                self._outer = geodesic_buffer(self.border, wider * 1000)
                shapely.prepare(self._outer)
            near = shapely.contains_xy(self._outer, lon, lat)
            km = np.full(len(lon), np.nan)
            km[near] = self._distances.distance_m(lon[near], lat[near]) / 1000
        status = np.where(km <= self.km, CERTAIN, OUTSIDE).astype(np.int8)  # NaN (not measured): outside
        low, high = self._agree(status, km, km)
        return {"status": status, "fraction_within": (status != OUTSIDE).astype(float), "min_km": low,
                "max_km": high}

    def _agree(self, status: np.ndarray, low: np.ndarray, high: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Distances brought into line with the status (see :meth:`answer`)."""
        km = self.km
        within = status != OUTSIDE
        low = np.where(within, np.minimum(low, km), np.maximum(low, np.nextafter(km, np.inf)))
        high = np.where(status == CERTAIN, np.minimum(high, km), np.maximum(high, np.nextafter(km, np.inf)))
        return low, np.maximum(high, low)

    def _measure_large(self, geoms: np.ndarray, rows: np.ndarray, status: np.ndarray, fraction: np.ndarray,
                       low: np.ndarray, high: np.ndarray) -> None:
        """Areas more than :data:`_LARGE_KM` across (such as the provinces that coarse precision codes stand
        for), once per distinct geometry: the status from the band; the distances at points every ~100 m along
        the outline and on a grid inside (as the per-event engine samples them), measured geodesically; the
        fraction as the geodesic area of the area's part in the band over its own."""
        if self._distances is None:
            self._distances = LineDistanceIndex(self.border)
        done: dict[tuple, list[tuple[shapely.Geometry, tuple]]] = {}
        for i in rows:
            geom = geoms[i]
            key = (*shapely.bounds(geom), shapely.get_num_coordinates(geom))  # then confirmed by equality
            same = next((r for g, r in done.get(key, ()) if g is geom or shapely.equals_identical(g, geom)), None)
            if same is None:
                same = self._measure_one(geom)
                done.setdefault(key, []).append((geom, same))
            status[i], fraction[i], low[i], high[i] = same

    def _measure_one(self, geom: shapely.Geometry) -> tuple[int, float, float, float]:
        (code,) = self._statuses(np.array([geom], dtype=object))  # the fraction of a possible one: below
        outline = shapely.segmentize(shapely.boundary(geom), _SAMPLE_DEG)
        xy = shapely.get_coordinates(outline)
        x0, y0, x1, y1 = shapely.bounds(geom)
        gx, gy = np.meshgrid(np.linspace(x0, x1, 24), np.linspace(y0, y1, 24))
        inside = shapely.contains_xy(geom, gx.ravel(), gy.ravel())
        lon = np.r_[xy[:, 0], gx.ravel()[inside]]
        lat = np.r_[xy[:, 1], gy.ravel()[inside]]
        assert self._distances is not None  # made by _measure_large, the caller
        d = self._distances.distance_m(lon, lat) / 1000
        low = 0.0 if shapely.intersects(self.border, geom) else float(d[: len(xy)].min())
        share = {OUTSIDE: 0.0, CERTAIN: 1.0}.get(int(code))
        if share is None:
            total = area_km2(geom)
            share = min(1.0, area_km2(shapely.intersection(geom, self.band)) / total) if total > 0 else 1.0
        return int(code), share, low, float(d.max())

    def _fractions(self, areas: np.ndarray) -> np.ndarray:
        """The share of each area within the band: exactly by Green's theorem for convex areas (precision circles;
        :func:`geoevents.geometry.convexclip.areas_inside`), else from its intersections with the band's tiles."""
        from geoevents.geometry.convexclip import BandEdges, areas_inside

        if self._edges is None:
            self._edges = BandEdges(self.band)
        total = shapely.area(areas)
        inside = areas_inside(areas, self._edges)
        out = np.divide(inside, total, out=np.ones(len(areas)), where=total > 0)
        other = np.isnan(inside)  # not convex: through the tiles
        if other.any():
            out[other] = self._tile_fractions(areas[other])
        return np.clip(out, 0.0, 1.0)

    def _tile_fractions(self, areas: np.ndarray) -> np.ndarray:
        tiles = self._tile_index()
        left, right = tiles.query(areas, predicate="intersects")
        pieces = shapely.intersection(areas[left], tiles.geometries[right])
        within = np.bincount(left, weights=shapely.area(pieces), minlength=len(areas))
        total = shapely.area(areas)
        out = np.divide(within, total, out=np.ones(len(areas)), where=total > 0)
        return np.clip(out, 0.0, 1.0)

    def _tile_index(self) -> shapely.STRtree:
        if self._tiles is None:
            x0, y0, x1, y1 = self.band.bounds
            xs = np.arange(np.floor(x0 / _TILE_DEG) * _TILE_DEG, x1, _TILE_DEG)
            ys = np.arange(np.floor(y0 / _TILE_DEG) * _TILE_DEG, y1, _TILE_DEG)
            gx, gy = np.meshgrid(xs, ys)
            cells = shapely.box(gx.ravel(), gy.ravel(), gx.ravel() + _TILE_DEG, gy.ravel() + _TILE_DEG)
            cells = cells[shapely.intersects(self.band, cells)]
            pieces = shapely.intersection(self.band, cells)
            self._tiles = shapely.STRtree(pieces[~shapely.is_empty(pieces)])
        return self._tiles
