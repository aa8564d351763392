"""Metric operations against pyproj.Geod (GeographicLib): within 0.1 % or 10 m, whichever is larger."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod

import geoevents
from geoevents.nearborder.events import distance_range_km
from geoevents.geometry.geodesy import area_km2, geodesic_buffer
from geodesic_reference import distance_to_line_m

GEOD = Geod(ellps="WGS84")


def _tolerance_m(d_m: float) -> float:
    return max(0.001 * d_m, 10.0)


@pytest.mark.parametrize("lat", [0.0, 50.0, 68.0])
@pytest.mark.parametrize("distance_km", [1.0, 50.0, 300.0])
def test_point_buffer_edge_is_at_the_geodesic_distance(lat, distance_km):
    lon = 34.0
    ring = geodesic_buffer(shapely.Point(lon, lat), distance_km * 1000)
    coords = shapely.get_coordinates(ring.exterior)
    _, _, d = GEOD.inv(np.full(len(coords), lon), np.full(len(coords), lat), coords[:, 0], coords[:, 1])
    assert np.all(np.abs(d - distance_km * 1000) <= _tolerance_m(distance_km * 1000))


def test_long_line_buffer_is_geodesic_across_tiles():
    line = shapely.LineString([(26.0, 47.0), (31.0, 49.5), (38.0, 52.0)])  # ~1000 km, many tiles
    band = geodesic_buffer(line, 25_000)
    # edges are straight in lon/lat (RFC 7946): the reference measures to the line densified that way
    line = shapely.segmentize(line, 0.01)
    rng = np.random.default_rng(7)
    outline = shapely.get_coordinates(shapely.segmentize(band.exterior, 0.05))
    for x, y in outline[rng.choice(len(outline), 60, replace=False)]:
        d = distance_to_line_m(x, y, line)
        assert abs(d - 25_000) <= _tolerance_m(25_000), (x, y, d)


def test_point_distances_to_the_real_border_agree_with_geodesic_reference(boundaries):
    border = boundaries.border("RU-UA")
    rng = np.random.default_rng(11)
    lon = rng.uniform(30.0, 41.0, 40)
    lat = rng.uniform(46.0, 54.5, 40)
    for x, y in zip(lon, lat):
        ref = distance_to_line_m(x, y, border)
        if ref > 500_000:
            continue
        low, high = distance_range_km(shapely.Point(x, y), border)
        assert low == pytest.approx(high)
        assert abs(low * 1000 - ref) <= _tolerance_m(ref), (x, y, low * 1000, ref)


def test_area_is_geodesic():
    # a 1 deg x 1 deg cell at the equator: 12,308.8 km2 on WGS 84
    assert area_km2(shapely.box(0, 0, 1, 1)) == pytest.approx(12308.8, rel=1e-4)


def test_negative_buffer_is_refused():
    with pytest.raises(ValueError):
        geoevents.geodesic_buffer(shapely.Point(0, 0), -1)
