"""Geodesic-accurate distances from many points to one lon/lat (multi)line, vectorised.

The line is densified so that its vertices are at most 0.0005 degrees (about 55 m) apart, and the vertices go into
a k-d tree in earth-centred coordinates on the WGS 84 ellipsoid (pykdtree's: light to import, its queries on all
cores). Straight-line distances between points of the ellipsoid rank
vertices as geodesic distances do, to about a metre at 500 km; on a sphere they would not (its distances are off
by up to 0.5 % depending on the direction, enough to pick the wrong arm of a winding border). For each point the
nearest vertex is found; on the two segments either side of it the nearest point is found in the plane tangent at
the query point (scaled by the ellipsoid's two radii of curvature there), and the geodesic distance to that point
is measured from the straight line (chord) between the two: on a sphere of radius R the arc is
``2 R asin(c / 2R)``; on the ellipsoid R is the radius of curvature of the normal section in the chord's direction
at its midpoint (Euler's formula from the two principal radii), which gives GeographicLib's distance to within
2 mm up to 500 km (tested on random pairs all over the globe; beyond 500 km, 9 cm at 1,000 km, ``pyproj.Geod``
measures instead). The answer is the geodesic distance to a point of the line, so it is never too small (to the
millimetre), and it is within a metre of the true distance from 0 to 500 km (checked against an independent
reference in the tests).

Points are queried in the order of a coarse grid, so that neighbours in the tree are searched one after another, in
chunks of 32,768 answered by two threads (the tree and numpy run without the GIL): about 0.9 s per 10^6 points on
two cores, of 1.8 s of CPU (the tree 1.4 s, the nearest points 0.2 s, the arcs 0.15 s, where ``Geod.inv`` took
0.8 s).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

from geoevents.geometry.geodesy import GEOD

__all__ = ["LineDistanceIndex", "geodesic_from_chord"]

_VERTEX_DEG = 0.0005  # densify the line to vertices this far apart (at most)
_CHUNK = 32_768  # small enough that two threads' temporaries stay a few MB (10^5: 30 MB more at the peak)
_THREADS = 2


_A, _E2 = GEOD.a, GEOD.es  # WGS 84: semi-major axis (m), first eccentricity squared
_GRID_DEG = 0.05  # queries are sorted by cells of this size
_CHORD_MAX_M = 500_000.0  # longer chords are measured by Geod.inv (the arc from the chord: 2 mm off at 500 km)


def _xyz(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """Earth-centred coordinates (m) of points on the ellipsoid."""
    lo, la = np.radians(lon), np.radians(lat)
    sin_la, cos_la = np.sin(la), np.cos(la)
    n = _A / np.sqrt(1 - _E2 * sin_la * sin_la)
    return np.column_stack([n * cos_la * np.cos(lo), n * cos_la * np.sin(lo), n * (1 - _E2) * sin_la])


def geodesic_from_chord(p: np.ndarray, q: np.ndarray, lat_p: np.ndarray, lat_q: np.ndarray) -> np.ndarray:
    """Geodesic distances (m) between points of the ellipsoid given in earth-centred coordinates (``p``, ``q``:
    n x 3, as :func:`_xyz` gives them) and their latitudes (degrees), from the chords between them: within 2 mm of
    GeographicLib's up to 500 km (see the module docstring)."""
    d = q - p
    chord = np.sqrt(np.einsum("ij,ij->i", d, d))
    mid_x, mid_y = p[:, 0] + q[:, 0], p[:, 1] + q[:, 1]
    rho = np.hypot(mid_x, mid_y)
    cos_lo = np.divide(mid_x, rho, out=np.ones_like(rho), where=rho > 0)
    sin_lo = np.divide(mid_y, rho, out=np.zeros_like(rho), where=rho > 0)
    la = np.radians((lat_p + lat_q) / 2)
    sin_la, cos_la = np.sin(la), np.cos(la)
    east = cos_lo * d[:, 1] - sin_lo * d[:, 0]  # the chord in the east-north-up frame of its midpoint
    north = cos_la * d[:, 2] - sin_la * (cos_lo * d[:, 0] + sin_lo * d[:, 1])
    w2 = 1 - _E2 * sin_la * sin_la
    n = _A / np.sqrt(w2)  # the two principal radii of curvature: prime vertical n, meridian m
    m = n * (1 - _E2) / w2
    level2 = east * east + north * north
    cos2 = np.divide(north * north, level2, out=np.ones_like(level2), where=level2 > 0)
    radius = 1 / (cos2 / m + (1 - cos2) / n)  # Euler: the normal section's radius in the chord's direction
    return 2 * radius * np.arcsin(np.minimum(chord / (2 * radius), 1.0))


def _tree(coords: np.ndarray) -> Any:
    """A k-d tree of lon/lat vertices in earth-centred coordinates."""
    from pykdtree.kdtree import KDTree  # only for distances

    return KDTree(_xyz(coords[:, 0], coords[:, 1]), leafsize=16)


def _grid_order(lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
    """A permutation that puts points of the same grid cell next to each other (in any order within a cell: the
    order of the queries does not change their answers, and an unstable sort takes a third of the time)."""
    cell = np.floor((lon + 180) / _GRID_DEG) * 4000 + np.floor((lat + 90) / _GRID_DEG)
    return np.argsort(cell)


class LineDistanceIndex:
    """Distances (m) from lon/lat points to a lon/lat (multi)line.

    Examples
    --------
    >>> index = LineDistanceIndex(shapely.LineString([(34.0, 51.0), (34.0, 52.0)]))
    >>> [round(d) for d in index.distance_m(np.array([34.1, 34.0]), np.array([51.5, 52.5]))]
    [6944, 55636]
    """

    def __init__(self, line: shapely.Geometry) -> None:
        parts = [p for p in shapely.get_parts(shapely.segmentize(line, _VERTEX_DEG)) if not p.is_empty]
        if not parts:
            raise ValueError("cannot measure distances to an empty line")
        self._coords, self._part = shapely.get_coordinates(parts, return_index=True)
        self._segments()

    def _segments(self) -> None:
        """The tree, and each segment's step (vertex i to i + 1) and whether it is one (both ends in one part)."""
        self._tree = _tree(self._coords)
        self._step = np.diff(self._coords, axis=0, append=self._coords[-1:])
        self._joined = np.append(self._part[:-1] == self._part[1:], False)

    def __getstate__(self) -> dict:  # rebuilding the tree (milliseconds) is cheaper than shipping it
        return {"coords": self._coords, "part": self._part}

    def __setstate__(self, state: dict) -> None:
        self._coords, self._part = state["coords"], state["part"]
        self._segments()

    def distance_m(self, lon: np.ndarray, lat: np.ndarray) -> np.ndarray:
        """Geodesic distance (m) from each (lon, lat) to the line."""
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        order = _grid_order(lon, lat)
        out = np.empty(len(lon))

        def measure(start: int) -> None:  # each chunk writes its own rows of out
            part = order[start:start + _CHUNK]
            x, y = lon[part], lat[part]
            at = _xyz(x, y)
            _, vertex = self._tree.query(at, k=1)
            foot_lon, foot_lat = self._foot(x, y, vertex.astype(np.intp))
            metres = geodesic_from_chord(at, _xyz(foot_lon, foot_lat), y, foot_lat)
            far = np.nonzero(metres > _CHORD_MAX_M)[0]
            if len(far):
                metres[far] = GEOD.inv(x[far], y[far], foot_lon[far], foot_lat[far])[2]
            out[part] = metres

        starts = range(0, len(lon), _CHUNK)
        if len(starts) > 1:
            from concurrent.futures import ThreadPoolExecutor

            with ThreadPoolExecutor(_THREADS) as pool:
                list(pool.map(measure, starts))
        else:
            for start in starts:
                measure(start)
        return out

    def _foot(self, lon: np.ndarray, lat: np.ndarray, vertex: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The nearest point to each (lon, lat) on the segments either side of its nearest vertex."""
        c, n = self._coords, len(self._coords)
        sin_la = np.sin(np.radians(lat))
        w2 = 1 - _E2 * sin_la * sin_la  # east-west radius N cos(lat), north-south M, in units of M: N/M = w2/(1-e2)
        scale = np.cos(np.radians(lat)) * w2 / (1 - _E2)
        scale2 = scale * scale  # squared lengths in the tangent plane: dx^2 scale^2 + dy^2
        best = np.full(len(lon), np.inf)
        foot_lon, foot_lat = c[vertex, 0].copy(), c[vertex, 1].copy()
        for s in (vertex - 1, vertex):  # the segment that ends at the vertex, then the one that starts there
            ok = (s >= 0) & (s <= n - 2)
            s = np.clip(s, 0, max(n - 2, 0))
            ok &= self._joined[s]
            x0, y0 = c[s, 0], c[s, 1]
            dx, dy = self._step[s, 0], self._step[s, 1]
            ax, ay = x0 - lon, y0 - lat
            length2 = dx * dx * scale2 + dy * dy
            t = np.clip(-(ax * dx * scale2 + ay * dy) / np.where(length2 > 0, length2, 1.0), 0.0, 1.0)
            fx, fy = ax + t * dx, ay + t * dy
            better = ok & (fx * fx * scale2 + fy * fy < best)
            best = np.where(better, fx * fx * scale2 + fy * fy, best)
            foot_lon = np.where(better, x0 + t * dx, foot_lon)
            foot_lat = np.where(better, y0 + t * dy, foot_lat)
        return foot_lon, foot_lat
