"""Distances to a line: the arc from the chord against pyproj.Geod (GeographicLib), all over the globe."""

from __future__ import annotations

import numpy as np
import shapely
from pyproj import Geod

from geoevents.geometry.linedistance import LineDistanceIndex, _xyz, geodesic_from_chord

GEOD = Geod(ellps="WGS84")


def _pairs(n: int, most_m: float, seed: int) -> tuple[np.ndarray, ...]:
    """Random pairs of points anywhere (uniform on the sphere), up to ``most_m`` apart, in any direction."""
    rng = np.random.default_rng(seed)
    lon = rng.uniform(-180, 180, n)
    lat = np.degrees(np.arcsin(rng.uniform(-1, 1, n)))
    metres = rng.uniform(0, 1, n) ** 2 * most_m  # more short ones: the usual case
    lon2, lat2, _ = GEOD.fwd(lon, lat, rng.uniform(-180, 180, n), metres)
    return lon, lat, lon2, lat2


def test_the_arc_from_the_chord_is_geographiclibs_distance_to_2_mm_up_to_500_km():
    lon, lat, lon2, lat2 = _pairs(200_000, 500_000, seed=3)
    ours = geodesic_from_chord(_xyz(lon, lat), _xyz(lon2, lat2), lat, lat2)
    assert np.abs(ours - GEOD.inv(lon, lat, lon2, lat2)[2]).max() <= 0.002


def test_the_arc_from_the_chord_at_the_poles_across_the_antimeridian_and_for_one_point():
    lon = np.array([179.9999, 0.0, 45.0, -120.0, 10.0])
    lat = np.array([60.0, 89.9999, -89.5, 0.0, 50.0])
    lon2 = np.array([-179.9999, 180.0, -135.0, -120.0, 10.0])
    lat2 = np.array([60.0, 89.9999, -89.5, 0.0001, 50.0])
    ours = geodesic_from_chord(_xyz(lon, lat), _xyz(lon2, lat2), lat, lat2)
    assert np.abs(ours - GEOD.inv(lon, lat, lon2, lat2)[2]).max() <= 0.002
    assert ours[-1] == 0.0


def test_distances_beyond_500_km_are_geographiclibs_too():
    """Far from the line the chord is not trusted (9 cm off at 1,000 km, metres beyond): Geod measures those. The
    line is 1 cm long, so the distance to it is that to its first vertex, to the centimetre."""
    line = shapely.LineString([(30.0, 50.0), (30.0, 50.0000001)])
    bearings, metres = np.meshgrid(np.arange(0.0, 360.0, 22.5), [1e5, 4.9e5, 6e5, 1e6, 2e6, 3e6, 5e6])
    lon, lat, _ = GEOD.fwd(np.full(metres.size, 30.0), np.full(metres.size, 50.0), bearings.ravel(), metres.ravel())
    ours = LineDistanceIndex(line).distance_m(lon, lat)
    reference = GEOD.inv(np.full(metres.size, 30.0), np.full(metres.size, 50.0), lon, lat)[2]
    assert np.all(np.abs(ours - reference) <= 0.02)
