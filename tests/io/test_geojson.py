"""RFC 7946 GeoJSON: orientation, precision, no crs member, round trip, determinism, atomic writes."""

from __future__ import annotations

import json

import numpy as np
import pytest
import shapely

import geoevents
from geoevents.io.geojson import geometry_to_geojson


def _rings(geometry):
    polys = [geometry["coordinates"]] if geometry["type"] == "Polygon" else geometry["coordinates"]
    for poly in polys:
        yield True, poly[0]
        for hole in poly[1:]:
            yield False, hole


def test_feature_collection_follows_rfc7946(seed):
    fc = geoevents.to_feature_collection([seed])
    assert fc["type"] == "FeatureCollection" and "crs" not in fc
    (feature,) = fc["features"]
    assert feature["geometry"]["type"] in ("Polygon", "MultiPolygon")
    for exterior, ring in _rings(feature["geometry"]):
        assert ring[0] == ring[-1] and len(ring) >= 4
        assert shapely.LinearRing(ring).is_ccw == exterior
        for x, y in ring:
            assert -180 <= x <= 180 and -90 <= y <= 90
            assert round(x, 6) == x and round(y, 6) == y
    props = feature["properties"]
    assert props["id"] == seed.id and props["area_km2"] == seed.location.area_km2
    assert props["lon"] == pytest.approx(seed.location.point.x, abs=1e-6)


def test_holes_are_clockwise():
    donut = shapely.Polygon([(0, 0), (0, 10), (10, 10), (10, 0)], [[(2, 2), (8, 2), (8, 8), (2, 8)]])
    rings = list(_rings(geometry_to_geojson(donut)))
    assert [shapely.LinearRing(r).is_ccw for _, r in rings] == [True, False]


def test_round_trip_geometry(seed):
    fc = geoevents.to_feature_collection([seed], geometry="both")
    region, point = (shapely.from_geojson(json.dumps(f["geometry"])) for f in fc["features"])
    assert [f["properties"]["role"] for f in fc["features"]] == ["region", "point"]
    assert shapely.hausdorff_distance(region, seed.location.geometry) < 1e-6
    assert shapely.equals_exact(point, seed.location.point, tolerance=1e-6)


def test_writes_are_deterministic_and_atomic(seed, tmp_path):
    a, b = tmp_path / "a.geojson", tmp_path / "b.geojson"
    geoevents.write_geojson([seed], a)
    geoevents.write_geojson([seed], b)
    assert a.read_bytes() == b.read_bytes()
    with pytest.raises(geoevents.GeoEventsError, match="does not exist"):
        geoevents.write_geojson([seed], tmp_path / "missing" / "c.geojson")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.geojson", "b.geojson"]


def test_unlocated_event_is_refused():
    with pytest.raises(geoevents.GeoEventsError, match="no location"):
        geoevents.to_feature_collection([geoevents.Event("x", "t")])


def test_coordinates_are_lon_lat(seed):
    (feature,) = geoevents.to_feature_collection([seed], geometry="point")["features"]
    lon, lat = feature["geometry"]["coordinates"]
    assert 33 < lon < 36 and 51 < lat < 53  # Kursk-Bryansk area: lon first
    assert np.isclose(lon, feature["properties"]["lon"])
