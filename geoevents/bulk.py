"""Near-border questions for many point events at once (ACLED/UCDP/GDELT scale).

The border is buffered once, geodesically (:func:`geoevents.geodesy.geodesic_buffer`), and the band is prepared;
each point is then a point-in-polygon test on raw lon/lat, vectorised in GEOS. The band's edge is within about a
metre of the true N km line, so only points closer than that to the threshold can land on the wrong side.
"""

from __future__ import annotations

import math

import numpy as np
import shapely

from .errors import GeoEventsError
from .geodesy import geodesic_buffer

__all__ = ["NearBorderIndex"]


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

    def within(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Boolean array: is each (lon, lat) within ``km`` of the border?"""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        if lon.shape != lat.shape:
            raise GeoEventsError(f"lon and lat differ in shape: {lon.shape} vs {lat.shape}")
        return shapely.contains_xy(self.band, lon, lat)
