"""Bulk point classification against the geodesic reference: points at 0.9 N and 1.1 N km from the border."""

from __future__ import annotations

import numpy as np
import pytest
import shapely

import geoevents
from geoevents.nearborder.index import NearBorderIndex
from geodesic_reference import distance_to_line_m


@pytest.mark.parametrize("km", [10.0, 50.0])
def test_points_at_0_9_and_1_1_n_classify_correctly(boundaries, km):
    border = boundaries.border("RU-UA")
    index = NearBorderIndex(border, km=km)
    rng = np.random.default_rng(int(km))
    inside, outside = [], []
    # sample near the border until there are enough points in each shell, by the geodesic reference
    coords = np.asarray(border.coords)
    while len(inside) < 15 or len(outside) < 15:
        x, y = coords[rng.integers(len(coords))] + rng.normal(0, km / 80, 2)
        d = distance_to_line_m(x, y, border) / 1000
        if 0.85 * km <= d <= 0.95 * km and len(inside) < 15:
            inside.append((x, y))
        elif 1.05 * km <= d <= 1.15 * km and len(outside) < 15:
            outside.append((x, y))
    lon, lat = np.array(inside + outside).T
    assert index.within(lon, lat).tolist() == [True] * 15 + [False] * 15


def test_bulk_agrees_with_the_per_event_answer(seed, boundaries):
    index = NearBorderIndex(boundaries.border("RU-UA"), km=7)
    (answer,) = geoevents.near_border([seed], boundaries, km=7)
    p = seed.location.point
    assert index.within([p.x], [p.y])[0] == (answer.min_km <= 7 and
                                             geoevents.distance_range_km(p, boundaries.border("RU-UA"))[0] <= 7)


def test_bad_arguments():
    import shapely

    line = shapely.LineString([(0, 0), (0, 1)])
    with pytest.raises(geoevents.GeoEventsError):
        NearBorderIndex(line, km=float("nan"))
    with pytest.raises(geoevents.GeoEventsError):
        NearBorderIndex(line, km=1).within([0, 1], [0])


def test_areas_get_three_valued_answers_and_fractions(seed, boundaries):
    from geoevents.nearborder.index import CERTAIN, OUTSIDE, POSSIBLE
    from geoevents.geometry.geodesy import geodesic_buffer

    border = boundaries.border("RU-UA")
    index = NearBorderIndex(border, km=7)
    far = geodesic_buffer(shapely.Point(37.6, 55.75), 3000)  # Moscow: far from the border
    point_in = seed.location.point
    status, fraction = index.classify(np.array([seed.location.geometry, far, point_in], dtype=object))
    (answer,) = geoevents.near_border([seed], boundaries, km=7)
    assert status[0] == POSSIBLE and abs(fraction[0] - answer.fraction_within) < 0.01
    assert status[1] == OUTSIDE and fraction[1] == 0.0
    expected = CERTAIN if geoevents.distance_range_km(point_in, border)[0] <= 7 else OUTSIDE
    assert status[2] == expected
    status10, fraction10 = NearBorderIndex(border, km=10).classify(np.array([seed.location.geometry]))
    assert status10[0] == CERTAIN and fraction10[0] == 1.0


def test_per_event_measure_equals_measuring_every_sample_against_the_whole_border(boundaries):
    """The per-event engine cuts the border to the part near each area and measures only the samples that can
    hold the largest distance: the answers must be those of every sample against the whole border."""
    from geoevents.geometry.geodesy import LocalProjection
    from geoevents.nearborder import events

    line = boundaries.border("RU-UA")
    rng = np.random.default_rng(21)
    for i in range(40):
        x, y = rng.uniform(30, 40), rng.uniform(48, 53)
        radius = rng.uniform(0.01, 0.4)
        area = shapely.Point(x, y) if i % 10 == 0 else shapely.Point(x, y).buffer(radius, quad_segs=8)
        if i % 7 == 3 and i % 10:  # a ring: its largest distance may lie inside
            area = area.difference(shapely.Point(x, y).buffer(radius / 2))
        proj = LocalProjection(*shapely.get_coordinates(shapely.point_on_surface(area))[0])
        a, b = proj.to_metric(area), proj.to_metric(line)
        samples = shapely.points(events._samples(a))
        low = 0.0 if area.geom_type != "Point" and a.intersects(b) else a.distance(b)
        high = max(low, float(np.max(shapely.distance(samples, b))))
        got_low, got_high, status, _ = events.measure(area, line, km=25)
        assert got_low == pytest.approx(low / 1000, abs=1e-9) and got_high == pytest.approx(high / 1000, abs=1e-9)
        assert status == ("certain" if high <= 25_000 else "outside" if low > 25_000 else "possible")


def test_points_a_few_decimetres_from_the_threshold_classify_by_their_distance(boundaries):
    """Against the geodesic reference, points 0.3 m either side of the N km line get the right status."""
    from geoevents.geometry.geodesy import GEOD
    from geoevents.geometry.linedistance import LineDistanceIndex

    border = boundaries.border("RU-UA")
    index, fast = NearBorderIndex(border, km=10), LineDistanceIndex(border)
    rng = np.random.default_rng(4)
    coords = shapely.get_coordinates(border)
    lon, lat, want = [], [], []
    for x, y in coords[rng.integers(len(coords), size=8)]:
        for offset in (-0.3, 0.3):
            # walk out from the border along a bearing until the reference distance is 10 km + offset
            bearing = rng.uniform(0, 360)
            lo, hi = 0.0, 40_000.0
            for _ in range(40):
                mid = (lo + hi) / 2
                px, py, _ = GEOD.fwd(x, y, bearing, mid)
                if fast.distance_m(np.array([px]), np.array([py]))[0] < 10_000 + offset:
                    lo = mid
                else:
                    hi = mid
            px, py, _ = GEOD.fwd(x, y, bearing, (lo + hi) / 2)
            d = distance_to_line_m(px, py, border, step_m=1.0)
            if abs(d - 10_000 - offset) < 0.1:  # where the reference agrees that it is that close
                lon.append(px), lat.append(py), want.append(2 if d <= 10_000 else 0)
    assert len(want) >= 8
    assert index.answer_points(np.array(lon), np.array(lat))["status"].tolist() == want


@pytest.mark.parametrize("km", [10, 150])
def test_points_left_unmeasured_outside_keep_every_status(boundaries, km):
    """answer_points(outside=False) measures only the points inside a band 10 m (or 0.1 % of N) wider: every
    status is the same as with all points measured, points a few metres either side of the N km line included
    (where the band's edge strays most at 150 km, 0.02 %: 30 m), and so are the distances of every point within."""
    border = boundaries.border("RU-UA")
    index = NearBorderIndex(border, km=km)
    rng = np.random.default_rng(11)
    lon, lat = rng.uniform(30, 40, 20_000), rng.uniform(48, 53, 20_000)
    # and points on the line's edge: along the band's outline, nudged by up to 8 m (at 150 km 120 m) either way
    ring = shapely.get_coordinates(shapely.get_exterior_ring(shapely.get_parts(index.band)))
    picked = ring[rng.integers(len(ring), size=2_000)] + rng.normal(0, 5e-5 * max(1, km / 10), (2_000, 2))
    lon, lat = np.concatenate([lon, picked[:, 0]]), np.concatenate([lat, picked[:, 1]])
    every = index.answer_points(lon, lat)
    some = index.answer_points(lon, lat, outside=False)
    assert np.array_equal(some["status"], every["status"])
    within = every["status"] != 0
    assert 1_000 < within.sum() < len(lon) - 1_000
    for column in ("min_km", "max_km", "fraction_within"):
        assert np.array_equal(some[column][within], every[column][within]), column
    unmeasured = np.isnan(some["min_km"])
    assert unmeasured.sum() > 5_000 and not unmeasured[within].any()
    wider = max(0.01, 0.001 * km)
    assert (every["min_km"][unmeasured] > km + wider - 0.0002 * km - 0.001).all()  # only those well past the line


def test_points_within_a_distance_too_long_to_buffer_wider_are_all_measured(boundaries):
    """At 999.5 km the band 0.1 % wider would pass settings.MAX_BUFFER_KM: outside=False measures every point
    (it used to stop with a buffer error), with the statuses of the full answer."""
    index = NearBorderIndex(boundaries.border("RU-UA"), km=999.5)
    rng = np.random.default_rng(5)
    lon, lat = rng.uniform(20, 60, 500), rng.uniform(40, 65, 500)
    some, every = index.answer_points(lon, lat, outside=False), index.answer_points(lon, lat)
    assert np.array_equal(some["status"], every["status"]) and 0 < (every["status"] == 2).sum() < 500
    assert not np.isnan(some["min_km"]).any()
