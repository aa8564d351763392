"""Hand-checkable geometry on ``two_squares`` (two 1-degree countries sharing the meridian 34.0 E between 50 and
51 N): the border, distances to it, buffers and near-border answers, checked against GeographicLib."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from pyproj import Geod, Transformer

import geoevents
from geoevents.geometry import geodesic_buffer
from geoevents.geometry.geodesy import _buffer_metric, _transformers
from geoevents.model import Event, Location, NearBorderStatus

GEOD = Geod(ellps="WGS84")


def _to_meridian_km(lon: float, lat: float, meridian: float = 34.0) -> float:
    """Shortest geodesic distance from (lon, lat) to the meridian segment lat 50..51, by a fine search."""
    lats = np.linspace(50.0, 51.0, 20_001)  # 5.6 m apart: the minimum is off by millimetres at most
    _, _, d = GEOD.inv(np.full_like(lats, lon), np.full_like(lats, lat), np.full_like(lats, meridian), lats)
    return float(d.min()) / 1000


def test_the_border_is_the_shared_meridian(two_squares):
    line = two_squares.border("AA-BB")
    assert shapely.equals(line, shapely.LineString([(34.0, 50.0), (34.0, 51.0)]))
    assert two_squares.border("West/East").equals(line)


@pytest.mark.parametrize("lon, lat", [(34.1, 50.5), (33.95, 50.2), (34.5, 50.9), (34.0, 50.5)])
def test_point_distances_are_geodesic(two_squares, lon, lat):
    low, high = geoevents.distance_range_km(shapely.Point(lon, lat), two_squares.border("AA-BB"))
    assert low == pytest.approx(high) and low == pytest.approx(_to_meridian_km(lon, lat), abs=1e-3)
    if (lon, lat) == (34.1, 50.5):  # by hand: 0.1 degree of longitude at 50.5 N is about 7.09 km
        assert 7.05 < low < 7.12


def test_a_buffer_of_the_border_reaches_its_distance_and_no_further(two_squares):
    band = geodesic_buffer(two_squares.border("AA-BB"), 10_000)
    xy = shapely.get_coordinates(band.exterior)
    far = [_to_meridian_km(x, y) for x, y in xy[:: max(1, len(xy) // 60)] if 50.0 <= y <= 51.0]
    assert far and max(abs(d - 10.0) for d in far) < 0.002  # the outline is 10 km out, within 2 m


def test_near_border_answers_on_the_squares(two_squares):
    def circle(event_id: str, lon: float, radius_km: float) -> Event:
        disc = geodesic_buffer(shapely.Point(lon, 50.5), radius_km * 1000)
        return Event(event_id, event_id, location=Location(disc, shapely.Point(lon, 50.5), 0.0, radius_km, ()))

    events = [circle("inside", 34.02, 1.0), circle("across", 34.1, 5.0), circle("away", 34.6, 2.0)]
    answers = {a.event_id: a for a in geoevents.near_border(events, two_squares, km=7.0, border="AA-BB")}
    assert answers["inside"].status is NearBorderStatus.CERTAIN and answers["inside"].side == "BB"
    assert answers["across"].status is NearBorderStatus.POSSIBLE and 0 < answers["across"].fraction_within < 1
    assert answers["away"].status is NearBorderStatus.OUTSIDE
    assert answers["away"].min_km == pytest.approx(_to_meridian_km(34.6, 50.5) - 2.0, abs=0.01)


def test_local_projections_are_exactly_what_from_crs_gives():
    for lon, lat in [(34.4, 51.9), (-120.123456, -45.5), (179.9, 0.0)]:
        crs = f"+proj=aeqd +lat_0={lat} +lon_0={lon} +datum=WGS84 +units=m +no_defs"
        forward = Transformer.from_crs("EPSG:4326", crs, always_xy=True)
        inverse = Transformer.from_crs(crs, "EPSG:4326", always_xy=True)
        ours_forward, ours_inverse = _transformers(lon, lat)
        x, y = np.random.default_rng(1).uniform([lon - 5, lat - 5], [lon + 5, lat + 5], (1000, 2)).T
        metric = forward.transform(x, y)
        assert np.array_equal(metric, ours_forward.transform(x, y))
        assert np.array_equal(inverse.transform(*metric), ours_inverse.transform(*metric))


def test_a_long_line_buffered_in_runs_is_the_whole_buffer():
    rng = np.random.default_rng(7)
    s = np.linspace(0, 400_000, 2000)  # a border-like line: 400 km, 2,000 vertices, winding, in metres
    xy = np.column_stack([s, 20_000 * np.sin(s / 30_000) + rng.normal(0, 150, len(s))])
    line = shapely.LineString(xy)
    whole = shapely.buffer(line, 9000, quad_segs=64)
    runs = _buffer_metric(line, 9000)
    assert shapely.hausdorff_distance(whole, runs) < 9000 * 7.5e-5 + 1e-6
    assert abs(runs.area - whole.area) / whole.area < 1e-6
