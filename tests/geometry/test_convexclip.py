"""Exact areas of a polygon inside many convex polygons (Green's theorem) against GEOS overlays."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

from geoevents.geometry.convexclip import BandEdges, areas_inside


def _band(rng: np.random.Generator) -> shapely.Geometry:
    """A winding band with holes and a detached island, like a buffered border."""
    x = np.linspace(0, 10, 60)
    line = shapely.LineString(np.column_stack([x, np.sin(x) + rng.normal(0, 0.05, len(x))]))
    band = line.buffer(0.6, quad_segs=8)
    holes = shapely.union_all([shapely.Point(3, np.sin(3)).buffer(0.2), shapely.Point(7, np.sin(7)).buffer(0.15)])
    island = shapely.box(4.0, 3.0, 4.4, 3.3)
    return shapely.orient_polygons(shapely.union(band.difference(holes), island))


def _convex(rng: np.random.Generator, n: int) -> np.ndarray:
    out = []
    for i in range(n):
        x, y = rng.uniform(-1, 11), rng.uniform(-2, 3.5)
        if i % 4 == 0:  # a circle, possibly holding a hole or the island whole
            out.append(shapely.Point(x, y).buffer(rng.uniform(0.05, 1.5), quad_segs=16))
        elif i % 4 == 1:  # an ellipse, as a geodesic circle is in lon/lat
            angles = np.linspace(0, 2 * np.pi, 65)[:-1]
            a, b = rng.uniform(0.1, 1.2), rng.uniform(0.1, 1.2)
            out.append(shapely.Polygon(np.column_stack([x + a * np.cos(angles), y + b * np.sin(angles)])))
        elif i % 4 == 2:  # a clockwise box
            out.append(shapely.box(x, y, x + rng.uniform(0.1, 2), y + rng.uniform(0.1, 2), ccw=False))
        else:  # a triangle
            out.append(shapely.convex_hull(shapely.MultiPoint(rng.uniform(-0.8, 0.8, (3, 2)) + [x, y])))
    return np.array([g for g in out if g.area > 0], dtype=object)


@pytest.mark.parametrize("lonlat", [False, True])
def test_areas_inside_equal_the_overlays(lonlat):
    rng = np.random.default_rng(8)
    band = _band(rng)
    convex = _convex(rng, 400)
    want = shapely.area(shapely.intersection(convex, band))
    got = areas_inside(convex, BandEdges(band), lonlat=lonlat)
    assert np.allclose(got, want, rtol=1e-9, atol=1e-12)
    assert (want == 0).sum() > 20 and (np.isclose(want, shapely.area(convex))).sum() > 10  # outside, inside whole
    assert ((want > 0) & (want < shapely.area(convex) * 0.99)).sum() > 100  # and cut


def test_a_hole_or_an_island_inside_a_convex_polygon():
    band = shapely.orient_polygons(shapely.Polygon(shapely.box(0, 0, 10, 10).exterior.coords,
                                                   [shapely.box(4, 4, 5, 5).exterior.coords]))
    island = shapely.orient_polygons(shapely.box(20, 20, 21, 21))
    around_hole, around_island = shapely.box(3, 3, 6, 6), shapely.box(19, 19, 22, 22)
    assert areas_inside(np.array([around_hole]), BandEdges(band), lonlat=False)[0] == pytest.approx(8.0)
    assert areas_inside(np.array([around_island]), BandEdges(island), lonlat=False)[0] == pytest.approx(1.0)
    assert areas_inside(np.array([shapely.box(1, 1, 2, 2)]), BandEdges(band), lonlat=False)[0] == pytest.approx(1.0)


def test_polygons_that_are_not_convex_are_left_to_the_caller():
    edges = BandEdges(shapely.box(0, 0, 10, 10))
    l_shape = shapely.Polygon([(1, 1), (5, 1), (5, 2), (2, 2), (2, 5), (1, 5)])
    ring = shapely.box(1, 1, 5, 5).difference(shapely.box(2, 2, 3, 3))
    two = shapely.MultiPolygon([shapely.box(1, 1, 2, 2), shapely.box(3, 3, 4, 4)])
    got = areas_inside(np.array([l_shape, ring, two, shapely.box(1, 1, 2, 2)], dtype=object), edges, lonlat=False)
    assert np.isnan(got[:3]).all() and got[3] == pytest.approx(1.0)
