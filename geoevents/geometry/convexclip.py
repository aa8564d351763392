"""The area of a polygon inside each of many convex polygons, exactly, without building the intersections.

By Green's theorem the area of ``C ∩ B`` is the integral of ``(x dy - y dx) / 2`` around its boundary, which is made
of the parts of ``B``'s boundary inside ``C`` and the parts of ``C``'s boundary inside ``B``:

- each edge of ``B`` is cut to the convex ``C`` (Cyrus-Beck: one interval of the edge), and the cut piece from
  ``p`` to ``q`` adds ``p × q / 2``;
- where ``B``'s boundary leaves ``C`` it continues, inside ``B``, along ``C``'s boundary to the next point where
  ``B``'s boundary enters ``C`` (``B`` lies to the left of its boundary, ``C`` counter-clockwise): those arcs add
  their own integral, from prefix sums over ``C``'s vertices;
- a ``C`` that no edge of ``B`` crosses lies inside ``B`` or outside it whole, which one vertex tells.

Everything is vectorised over (convex polygon, edge) pairs, so that 10^5 circles cost a few numpy passes instead of
one GEOS overlay per circle and band tile. Runs of consecutive edges that lie inside a polygon's inscribed circle
add their share at once (prefix sums); only edges near the polygon's outline are cut.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely

__all__ = ["BandEdges", "areas_inside", "segments"]

_CHUNK = 20_000  # (polygon, edge) pairs cut at a time
_POLYGONS = 2_000  # convex polygons whose edge pairs are found at a time
_RUN = 16  # consecutive edges of a ring indexed together


class BandEdges:
    """The oriented edges of a polygon (the band), grouped in runs of consecutive edges under an STRtree of the
    runs' bounding boxes, with prefix sums of ``x0 y1 - x1 y0`` so that a run lying whole inside a convex polygon
    adds its share in one step. Rings are oriented here (exterior counter-clockwise, holes clockwise)."""

    def __init__(self, band: shapely.Geometry) -> None:
        self.band = shapely.orient_polygons(band)
        shapely.prepare(self.band)
        self.segments, ring = segments(self.band, return_index=True)
        x0, y0, x1, y1 = self.segments.T
        self.prefix = np.r_[0.0, np.cumsum(x0 * y1 - x1 * y0)]
        # runs of _RUN edges, starting afresh at every ring, so that a run never spans two rings
        first = np.r_[True, ring[1:] != ring[:-1]]
        position = np.arange(len(ring)) - np.maximum.accumulate(np.where(first, np.arange(len(ring)), 0))
        self.run_start = np.nonzero(position % _RUN == 0)[0]
        self.run_end = np.r_[self.run_start[1:], len(ring)]
        starts = self.run_start
        lo_x = np.minimum.reduceat(np.minimum(x0, x1), self.run_start) if len(starts) else np.zeros(0)
        hi_x = np.maximum.reduceat(np.maximum(x0, x1), self.run_start) if len(starts) else np.zeros(0)
        lo_y = np.minimum.reduceat(np.minimum(y0, y1), self.run_start) if len(starts) else np.zeros(0)
        hi_y = np.maximum.reduceat(np.maximum(y0, y1), self.run_start) if len(starts) else np.zeros(0)
        self.boxes = np.column_stack([lo_x, lo_y, hi_x, hi_y])
        self.tree = shapely.STRtree(shapely.box(lo_x, lo_y, hi_x, hi_y))


def segments(geometry: shapely.Geometry, *, return_index: bool = False) -> Any:
    """The edges of a (multi)line, or of a (multi)polygon's rings, as an (m x 4) array ``x0, y0, x1, y1`` in the
    order and direction of their parts; with ``return_index``, also the part (line or ring) of each edge.

    Examples
    --------
    >>> segments(shapely.LineString([(0, 0), (1, 0), (1, 1)])).tolist()
    [[0.0, 0.0, 1.0, 0.0], [1.0, 0.0, 1.0, 1.0]]
    """
    parts = shapely.get_parts(geometry)
    polygonal = shapely.get_type_id(parts) == shapely.GeometryType.POLYGON
    lines = np.concatenate([shapely.get_rings(parts[polygonal]), parts[~polygonal]]) if len(parts) else parts
    coords, at = shapely.get_coordinates(lines, return_index=True)
    same = at[:-1] == at[1:]
    out = np.hstack([coords[:-1][same], coords[1:][same]]) if len(coords) else np.zeros((0, 4))
    return (out, at[:-1][same]) if return_index else out


def areas_inside(convex: np.ndarray, edges: BandEdges, *, lonlat: bool = True) -> np.ndarray:
    """Area of the band inside each convex polygon of ``convex`` (NaN for a polygon that is not convex, or has
    holes: the caller measures those otherwise).

    ``lonlat``: the coordinates are degrees, and each polygon is worked in its own scale of longitude (the result
    is the same area, computed with fewer edges to cut).

    Examples
    --------
    >>> edges = BandEdges(shapely.box(0, 0, 2, 1))
    >>> areas_inside(np.array([shapely.box(1, 0.5, 3, 3), shapely.box(5, 5, 6, 6)]), edges).round(6).tolist()
    [0.5, 0.0]
    """
    convex = np.asarray(convex, dtype=object)
    ring = _Rings(convex, lonlat)
    total = np.zeros(len(convex))
    crossings: list[np.ndarray] = []  # (polygon, position on its boundary, +1 entering / -1 leaving)
    for first in range(0, len(convex), _POLYGONS):
        poly, run = edges.tree.query(convex[first:first + _POLYGONS])
        poly += first
        # a run whose box lies within the polygon's inscribed circle is inside whole; one beyond its circumscribed
        # circle is outside; the others go edge by edge
        scale, cx, cy = ring.scale[poly], ring.cx[poly], ring.cy[poly]
        lo_x, lo_y, hi_x, hi_y = (edges.boxes[run, i] for i in range(4))
        lo_x, hi_x = lo_x * scale, hi_x * scale
        far_x = np.maximum(np.abs(lo_x - cx), np.abs(hi_x - cx))
        far_y = np.maximum(np.abs(lo_y - cy), np.abs(hi_y - cy))
        near_x = np.maximum(np.maximum(lo_x - cx, cx - hi_x), 0)
        near_y = np.maximum(np.maximum(lo_y - cy, cy - hi_y), 0)
        whole = np.hypot(far_x, far_y) <= ring.r_in[poly]
        np.add.at(total, poly[whole], scale[whole] * (edges.prefix[edges.run_end[run[whole]]]
                                                       - edges.prefix[edges.run_start[run[whole]]]) / 2)
        mixed = np.nonzero(~whole & (np.hypot(near_x, near_y) <= ring.r_out[poly]))[0]
        count = edges.run_end[run[mixed]] - edges.run_start[run[mixed]]
        poly = np.repeat(poly[mixed], count)
        seg = np.repeat(edges.run_start[run[mixed]], count) + (
            np.arange(int(count.sum())) - np.repeat(np.cumsum(count) - count, count))
        x0, y0, x1, y1 = edges.segments[seg].T
        x0, x1 = x0 * ring.scale[poly], x1 * ring.scale[poly]
        cx, cy = ring.cx[poly], ring.cy[poly]
        whole = np.maximum(np.hypot(x0 - cx, y0 - cy), np.hypot(x1 - cx, y1 - cy)) <= ring.r_in[poly]
        np.add.at(total, poly[whole], (x0 * y1 - x1 * y0)[whole] / 2)
        far = _distance_to_segment(cx, cy, x0, y0, x1, y1) > ring.r_out[poly]
        cut = np.nonzero(~whole & ~far)[0]
        for start in range(0, len(cut), _CHUNK):
            k = cut[start:start + _CHUNK]
            area, events = _cut_edges(poly[k], np.column_stack([x0[k], y0[k], x1[k], y1[k]]), ring)
            np.add.at(total, poly[k], area)
            crossings.append(events)
    events = np.concatenate(crossings) if crossings else np.zeros((0, 3))
    total += _arcs(events, ring, edges.band)
    out = np.clip(total / ring.scale, 0.0, None)
    out[~ring.convex] = np.nan
    return out


class _Rings:
    """The exterior rings of convex polygons, counter-clockwise, as (polygons x n) vertex arrays (shorter rings
    padded with their first vertex: zero-length edges), with the next vertex and prefix sums of x dy - y dx over
    the ring taken twice round (for arcs that pass the start)."""

    def __init__(self, convex: np.ndarray, lonlat: bool) -> None:
        polygon = shapely.get_type_id(convex) == shapely.GeometryType.POLYGON
        polygon[polygon] = ~shapely.is_empty(convex[polygon])
        convex = np.where(polygon, convex, shapely.box(0, 0, 1, 1))  # others: a stand-in, marked not convex
        rings = shapely.get_exterior_ring(convex)
        coords, at = shapely.get_coordinates(rings, return_index=True)
        sizes = np.bincount(at, minlength=len(convex)) - 1  # without the closing vertex
        n = int(sizes.max()) if len(sizes) else 1
        starts = np.cumsum(sizes + 1) - (sizes + 1)
        column = np.arange(n)[None, :]
        valid = column < sizes[:, None]
        # counter-clockwise: clockwise rings are read backwards; the padding repeats the first vertex read
        forward = shapely.is_ccw(rings)[:, None]
        step = np.where(forward, column, sizes[:, None] - 1 - column)
        index = starts[:, None] + np.where(valid, step, np.where(forward, 0, sizes[:, None] - 1))
        self.x, self.y = coords[index, 0], coords[index, 1]
        # each polygon in its own scale of x (the cosine of its latitude, for lon/lat): a geodesic circle becomes
        # round, so that its inscribed and circumscribed circles nearly meet; areas scale by the same factor
        self.scale = np.cos(np.radians(np.clip(self.y.mean(axis=1), -89.0, 89.0))) if lonlat else np.ones(len(convex))
        self.x *= self.scale[:, None]
        self.n = n
        self.nx_, self.ny_ = np.roll(self.x, -1, axis=1), np.roll(self.y, -1, axis=1)
        cross = self.x * self.ny_ - self.nx_ * self.y
        self.prefix = np.concatenate([np.zeros((len(convex), 1)), np.cumsum(np.hstack([cross, cross]), axis=1)],
                                     axis=1)
        self.area = cross.sum(axis=1) / 2
        # convex: every turn the same way (zero-length padding edges and straight turns left out); no holes
        ex, ey = self.nx_ - self.x, self.ny_ - self.y
        turn = ex * np.roll(ey, -1, axis=1) - ey * np.roll(ex, -1, axis=1)
        length = np.hypot(ex, ey)
        tol = 1e-12 * (length * np.roll(length, -1, axis=1))
        self.convex = np.all(turn >= -tol, axis=1) & (shapely.get_num_interior_rings(convex) == 0) & polygon
        self.cx = np.where(valid, self.x, 0).sum(axis=1) / np.maximum(sizes, 1)
        self.cy = np.where(valid, self.y, 0).sum(axis=1) / np.maximum(sizes, 1)
        self.r_out = np.max(np.hypot(self.x - self.cx[:, None], self.y - self.cy[:, None]), axis=1)
        # the inscribed circle about the centre: the nearest edge line (zero-length padding edges left out)
        side = np.abs((self.cx[:, None] - self.x) * ey - (self.cy[:, None] - self.y) * ex) / np.where(
            length > 0, length, 1)
        self.r_in = np.min(np.where(length > 0, side, np.inf), axis=1) * (1 - 1e-9)


def _distance_to_segment(cx: np.ndarray, cy: np.ndarray, x0: np.ndarray, y0: np.ndarray, x1: np.ndarray,
                         y1: np.ndarray) -> np.ndarray:
    dx, dy = x1 - x0, y1 - y0
    length2 = dx * dx + dy * dy
    t = np.clip(((cx - x0) * dx + (cy - y0) * dy) / np.where(length2 > 0, length2, 1), 0, 1)
    return np.hypot(x0 + t * dx - cx, y0 + t * dy - cy)


def _cut_edges(poly: np.ndarray, seg: np.ndarray, ring: _Rings) -> tuple[np.ndarray, np.ndarray]:
    """For each (convex polygon, edge) pair: the edge's piece inside the polygon adds ``p × q / 2``; where the
    piece starts or ends on the polygon's boundary, a crossing event (polygon, position, +1 in / -1 out)."""
    vx, vy, wx, wy = ring.x[poly], ring.y[poly], ring.nx_[poly], ring.ny_[poly]
    nx, ny = wy - vy, -(wx - vx)  # outward normal of edge v -> w of a counter-clockwise ring
    x0, y0, x1, y1 = (seg[:, i:i + 1] for i in range(4))
    num = nx * (x0 - vx) + ny * (y0 - vy)  # > 0: the edge's start is outside this side
    den = nx * (x1 - x0) + ny * (y1 - y0)
    with np.errstate(divide="ignore", invalid="ignore"):
        t = -num / den
    t_in = np.where(den < 0, t, -np.inf)
    t_out = np.where(den > 0, t, np.inf)
    parallel_out = ((den == 0) & (num > 0)).any(axis=1)
    i_in, i_out = np.argmax(t_in, axis=1), np.argmin(t_out, axis=1)
    rows = np.arange(len(poly))
    enter, leave = t_in[rows, i_in], t_out[rows, i_out]
    t0, t1 = np.maximum(enter, 0.0), np.minimum(leave, 1.0)
    inside = (t0 < t1) & ~parallel_out
    dx, dy = (x1 - x0)[:, 0], (y1 - y0)[:, 0]
    px, py = x0[:, 0] + t0 * dx, y0[:, 0] + t0 * dy
    qx, qy = x0[:, 0] + t1 * dx, y0[:, 0] + t1 * dy
    area = np.where(inside, (px * qy - qx * py) / 2, 0.0)
    events = []
    for on, edge, x, y, kind in ((enter > 0, i_in, px, py, 1.0), (leave < 1, i_out, qx, qy, -1.0)):
        k = np.nonzero(inside & on)[0]
        if len(k):
            e = edge[k]
            ex, ey = wx[k, e] - vx[k, e], wy[k, e] - vy[k, e]
            length2 = ex * ex + ey * ey
            u = np.clip(((x[k] - vx[k, e]) * ex + (y[k] - vy[k, e]) * ey) / np.where(length2 > 0, length2, 1), 0, 1)
            events.append(np.column_stack([poly[k], e + u, np.full(len(k), kind)]))
    return area, np.vstack(events) if events else np.zeros((0, 3))


def _arcs(events: np.ndarray, ring: _Rings, band: shapely.Geometry) -> np.ndarray:
    """The parts of the convex polygons' boundaries inside the band, integrated (from each point where the band's
    boundary leaves a polygon, counter-clockwise to the next crossing); a whole boundary where no edge of the band
    crosses it and a vertex lies inside the band."""
    out = np.zeros(len(ring.x))
    crossed = np.zeros(len(ring.x), dtype=bool)
    if len(events):
        order = np.lexsort((-events[:, 2], events[:, 1], events[:, 0]))  # by polygon, then position
        events = events[order]
        poly = events[:, 0].astype(np.int64)
        crossed[poly] = True
        starts = np.nonzero(np.r_[True, poly[1:] != poly[:-1]])[0]
        group_start = np.repeat(starts, np.diff(np.r_[starts, len(poly)]))
        nxt = np.arange(len(poly)) + 1
        last = np.r_[poly[1:] != poly[:-1], True]
        nxt[last] = group_start[last]
        k = np.nonzero(events[:, 2] < 0)[0]
        a, b = events[k, 1], events[nxt[k], 1]
        b = np.where(b <= a, b + ring.n, b)
        np.add.at(out, poly[k], _arc(ring, poly[k], a, b))
    whole = np.nonzero(~crossed)[0]
    if len(whole):
        holds = shapely.intersects_xy(band, ring.x[whole, 0] / ring.scale[whole], ring.y[whole, 0])
        out[whole[holds]] = ring.area[whole[holds]]
    return out


def _arc(ring: _Rings, poly: np.ndarray, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """The integral of (x dy - y dx) / 2 along each ring from position ``a`` counter-clockwise to ``b``
    (``a`` < ``b`` < ``a`` + n; positions are vertex index + fraction of the next edge)."""
    n = ring.n
    ka, kb = np.floor(a).astype(np.int64), np.floor(b).astype(np.int64)

    def point(k: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        i, j = k % n, (k + 1) % n
        return (ring.x[poly, i] + u * (ring.x[poly, j] - ring.x[poly, i]),
                ring.y[poly, i] + u * (ring.y[poly, j] - ring.y[poly, i]))

    ax, ay = point(ka, a - ka)
    bx, by = point(kb, b - kb)
    same = ka == kb
    # a -> the vertex after it, the whole edges between (prefix sums), the vertex before b -> b
    v1x, v1y = ring.x[poly, (ka + 1) % n], ring.y[poly, (ka + 1) % n]
    v2x, v2y = ring.x[poly, kb % n], ring.y[poly, kb % n]
    middle = ring.prefix[poly, np.minimum(kb, 2 * n)] - ring.prefix[poly, np.minimum(ka + 1, 2 * n)]
    apart = (ax * v1y - v1x * ay) + middle + (v2x * by - bx * v2y)
    return np.where(same, ax * by - bx * ay, apart) / 2
