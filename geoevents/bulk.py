"""Near-border questions for many events at once (ACLED/UCDP/GDELT scale).

The border is buffered once, geodesically (:func:`geoevents.geodesy.geodesic_buffer`), and the band is prepared;
each point is then a point-in-polygon test on raw lon/lat, vectorised in GEOS. The band's edge is within about a
metre of the true N km line, so only points closer than that to the threshold can land on the wrong side.

Areas get the three-valued answer: *certain* when the band contains them, *possible* when it only intersects them
(with the fraction of the area inside), *outside* otherwise. For the fraction the band is cut into small tiles
indexed in an STRtree, so each area is intersected only with the few tiles it touches. The fraction is a ratio of
areas in lon/lat; over an area up to ~100 km across the cos(latitude) factor varies by well under 1 %, so it is
within 0.01 of the geodesic ratio.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from . import borders
from .errors import GeoEventsError
from .geodesy import geodesic_buffer

__all__ = ["CERTAIN", "NearBorderIndex", "OUTSIDE", "POSSIBLE"]

OUTSIDE, POSSIBLE, CERTAIN = 0, 1, 2
"""Status codes of :meth:`NearBorderIndex.classify` (``STATUS_NAMES[code]`` gives the word)."""
STATUS_NAMES = (borders.OUTSIDE, borders.POSSIBLE, borders.CERTAIN)  # the words the per-event answers use
_TILE_DEG = 0.25


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
        if not (km > 0 and math.isfinite(km)):
            raise GeoEventsError(f"km must be a positive number of kilometres, got {km!r}")
        self.km = km
        self.band = geodesic_buffer(border, km * 1000)
        shapely.prepare(self.band)
        self._tiles: shapely.STRtree | None = None

    def within(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Boolean array: is each (lon, lat) within ``km`` of the border?"""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if lon.shape != lat.shape:
            raise GeoEventsError(f"lon and lat differ in shape: {lon.shape} vs {lat.shape}")
        return shapely.contains_xy(self.band, lon, lat)

    def classify(self, areas: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Status codes (OUTSIDE, POSSIBLE, CERTAIN) and the fraction within ``km`` for lon/lat geometries.

        Points are CERTAIN or OUTSIDE with fraction 1 or 0; polygons may be POSSIBLE with a fraction in (0, 1].
        """
        areas = np.asarray(areas, dtype=object)
        status = np.full(len(areas), OUTSIDE, dtype=np.int8)
        fraction = np.zeros(len(areas))
        hit = shapely.intersects(self.band, areas)
        inside = hit & shapely.contains(self.band, areas)
        status[inside], fraction[inside] = CERTAIN, 1.0
        partial = np.nonzero(hit & ~inside)[0]
        if len(partial):
            status[partial] = POSSIBLE
            fraction[partial] = self._fractions(areas[partial])
        return status, fraction

    def _fractions(self, areas: np.ndarray) -> np.ndarray:
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
