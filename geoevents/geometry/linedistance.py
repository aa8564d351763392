"""Geodesic-accurate distances from many points to one lon/lat (multi)line, vectorised.

The line is densified so that its vertices are at most 0.0005 degrees (about 55 m) apart, and the vertices go into
a k-d tree on the unit sphere (scipy's, built with sliding-midpoint splits, which stay fast for query points far
from a curve). For each point the nearest vertex is found; on the two segments either side of it the nearest
point is found in a plane tangent at the query point, and the distance to that point is measured with
``pyproj.Geod`` (GeographicLib). The answer is the geodesic distance to a point of the line, so it is never too
small; it is too large only when the nearest vertex is not beside the nearest segment, and then by about a metre
at most (checked against an independent reference in the tests: within 0.1 % or 10 m at 0-500 km).

Cost: about 3 microseconds a point for the tree and 1 for ``Geod.inv``: some 4 s for 10^6 points on one core.
"""

from __future__ import annotations

import numpy as np
import shapely

from geoevents.geometry.geodesy import GEOD

__all__ = ["LineDistanceIndex"]

_VERTEX_DEG = 0.0005  # densify the line to vertices this far apart (at most)
_CHUNK = 100_000


def _xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    lo, la = np.radians(lon), np.radians(lat)
    c = np.cos(la)
    return np.column_stack([c * np.cos(lo), c * np.sin(lo), np.sin(la)])


class LineDistanceIndex:
    """Distances (m) from lon/lat points to a lon/lat (multi)line.

    Examples
    --------
    >>> index = LineDistanceIndex(shapely.LineString([(34.0, 51.0), (34.0, 52.0)]))
    >>> [round(d) for d in index.distance_m(np.array([34.1, 34.0]), np.array([51.5, 52.5]))]
    [6944, 55636]
    """

    def __init__(self, line: shapely.Geometry) -> None:
        from scipy.spatial import cKDTree  # only for distances in bulk

        parts = [p for p in shapely.get_parts(shapely.segmentize(line, _VERTEX_DEG)) if not p.is_empty]
        if not parts:
            raise ValueError("cannot measure distances to an empty line")
        self._coords, self._part = shapely.get_coordinates(parts, return_index=True)
        self._tree = cKDTree(_xyz(self._coords[:, 0], self._coords[:, 1]), balanced_tree=False,
                             compact_nodes=False)

    def __getstate__(self) -> dict:  # rebuilding the tree (milliseconds) is cheaper than shipping it
        return {"coords": self._coords, "part": self._part}

    def __setstate__(self, state: dict) -> None:
        from scipy.spatial import cKDTree

        self._coords, self._part = state["coords"], state["part"]
        self._tree = cKDTree(_xyz(self._coords[:, 0], self._coords[:, 1]), balanced_tree=False,
                             compact_nodes=False)

    def distance_m(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Geodesic distance (m) from each (lon, lat) to the line."""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        out = np.empty(len(lon))
        for start in range(0, len(lon), _CHUNK):
            part = slice(start, start + _CHUNK)
            _, vertex = self._tree.query(_xyz(lon[part], lat[part]), k=1, workers=-1)
            foot_lon, foot_lat = self._foot(lon[part], lat[part], vertex)
            out[part] = GEOD.inv(lon[part], lat[part], foot_lon, foot_lat)[2]
        return out

    def _foot(self, lon: np.ndarray, lat: np.ndarray, vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nearest point to each (lon, lat) on the segments either side of its nearest vertex."""
        c, part, n = self._coords, self._part, len(self._coords)
        scale = np.cos(np.radians(lat))
        best = np.full(len(lon), np.inf)
        foot_lon, foot_lat = c[vertex, 0].copy(), c[vertex, 1].copy()
        for a, b in ((vertex - 1, vertex), (vertex, vertex + 1)):
            ok = (a >= 0) & (b < n)
            a, b = np.clip(a, 0, n - 1), np.clip(b, 0, n - 1)
            ok &= part[a] == part[b]
            ax, ay = (c[a, 0] - lon) * scale, c[a, 1] - lat
            dx, dy = (c[b, 0] - c[a, 0]) * scale, c[b, 1] - c[a, 1]
            length2 = dx * dx + dy * dy
            t = np.clip(-(ax * dx + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
            fx, fy = ax + t * dx, ay + t * dy
            d2 = np.where(ok, fx * fx + fy * fy, np.inf)
            better = d2 < best
            best = np.where(better, d2, best)
            foot_lon = np.where(better, c[a, 0] + t * (c[b, 0] - c[a, 0]), foot_lon)
            foot_lat = np.where(better, c[a, 1] + t * (c[b, 1] - c[a, 1]), foot_lat)
        return foot_lon, foot_lat
