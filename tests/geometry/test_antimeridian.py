"""Geometries crossing 180 degrees (Chukotka is in the theatre): cut there on export, RFC 7946 section 3.1.9."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import shapely

import geoevents
from geoevents.datasets.points import parse_point_table
from geoevents.geometry.antimeridian import crosses_antimeridian, split_antimeridian
from geoevents.geometry.geodesy import GEOD, area_km2
from geoevents.geometry.shapes import ring_sector
from geoevents.io.geojson import geometry_to_geojson

WRAPPED = shapely.Polygon([(179, 64), (-178, 64), (-178, 66), (179, 66)])  # 3 degrees wide, written wrapped
UNWRAPPED = shapely.Polygon([(179, 64), (182, 64), (182, 66), (179, 66)])  # the same, written past 180
DONUT = shapely.Polygon([(179, 64), (-178, 64), (-178, 66), (179, 66)],
                        [[(179.5, 64.5), (179.5, 65.5), (-178.5, 65.5), (-178.5, 64.5)]])


def _parts(geometry: dict) -> list:
    return geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]


@pytest.mark.parametrize("geom", [WRAPPED, UNWRAPPED, DONUT])
def test_crossing_regions_are_cut_at_180(geom):
    assert crosses_antimeridian(geom)
    out = geometry_to_geojson(geom)
    assert out["type"] == "MultiPolygon" and len(out["coordinates"]) == 2
    lons = [x for poly in _parts(out) for ring in poly for x, _ in ring]
    assert -180 <= min(lons) and max(lons) <= 180
    assert {min(lons), max(lons)} == {-180.0, 180.0}  # the parts meet the antimeridian from both sides
    west, east = sorted(_parts(out), key=lambda poly: min(x for x, _ in poly[0]))
    assert max(x for x, _ in west[0]) == -178 and min(x for x, _ in east[0]) == 179
    for poly in _parts(out):  # still RFC 7946 rings: closed, exterior counter-clockwise
        assert poly[0][0] == poly[0][-1] and shapely.LinearRing(poly[0]).is_ccw
    cut = shapely.geometry.shape(out)
    assert cut.is_valid
    hole = 2 * 1 if geom is DONUT else 0  # the hole (179.5 to 181.5 by 64.5 to 65.5), in square degrees
    assert cut.area == pytest.approx(3 * 2 - hole, abs=1e-6)


def test_cut_regions_pass_the_validator_and_no_edge_jumps():
    import geojson_validator

    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {}, "geometry": geometry_to_geojson(g)} for g in (WRAPPED, DONUT)]}
    assert geojson_validator.validate_structure(fc) == {}
    result = geojson_validator.validate_geometries(fc)
    # geojson-validator folds +180 onto -180 before comparing longitudes, so it flags every ring that ends on the
    # antimeridian from the east side, as RFC 7946's own example in 3.1.9 does; the rings themselves never jump
    assert result["invalid"] == {} and set(result["problematic"]) <= {"crosses_antimeridian"}
    for feature in fc["features"]:
        for poly in _parts(feature["geometry"]):
            for ring in poly:
                assert max(abs(b[0] - a[0]) for a, b in zip(ring, ring[1:])) < 180


def test_regions_that_do_not_cross_are_unchanged(boundaries):
    box = shapely.box(170, 60, 171, 61)
    assert split_antimeridian(box) is box
    # the embedded boundaries already cut Chukotka at 180 degrees: nothing of them crosses
    chukotka = boundaries.region("RU-CHU")
    assert chukotka.bounds[0] == -180 and chukotka.bounds[2] == 180
    assert not any(crosses_antimeridian(g) for g in boundaries.geometries)


def test_buffers_and_precision_circles_near_180_are_cut_not_wrapped():
    ring = geoevents.geodesic_buffer(shapely.Point(179.9, 65.0), 20_000)
    assert ring.is_valid and ring.geom_type == "MultiPolygon" and not crosses_antimeridian(ring)
    assert geoevents.area_km2(ring) == pytest.approx(math.pi * 20**2, rel=0.002)
    table = parse_point_table([["id", "latitude", "longitude", "where_prec"], ["a", "65", "-179.95", "2"]])
    (circle,) = table.geometries()
    assert circle.is_valid and circle.geom_type == "MultiPolygon"
    assert geoevents.area_km2(circle) == pytest.approx(math.pi * 25**2, rel=0.002)


def test_an_event_in_chukotka_exports_cut_and_reads_back(boundaries, tmp_path):
    event = geoevents.Event("chu-1", "Chukotka, by the antimeridian", constraints=(
        geoevents.InRegions(("RU-CHU",)), geoevents.NearPlace("X", 179.95, 65.5, 0, 20)))
    event = geoevents.locate(event, boundaries)
    assert event.location.geometry.is_valid and event.location.area_km2 > 1000
    fc = json.loads(geoevents.write_events([event], tmp_path / "chu.geojson").read_text())
    geometry = fc["features"][0]["geometry"]
    assert geometry["type"] == "MultiPolygon"
    assert {x for poly in _parts(geometry) for ring in poly for x, _ in ring} >= {-180.0, 180.0}
    for name in ("chu.gpkg", "chu.parquet"):
        (back,) = geoevents.read_any(geoevents.write_events([event], tmp_path / name))
        assert shapely.hausdorff_distance(back.location.geometry, event.location.geometry) < 1e-6
    lon = np.array([event.location.point.x])
    assert -180 <= lon[0] <= 180


@pytest.mark.parametrize("lon, lat, min_km, max_km", [
    (10.0, 89.9, 0, 50), (100.0, -89.5, 0, 200), (-170.0, 88.0, 0, 500), (10.0, 89.9, 5, 300), (0.0, 85.0, 0, 1000),
])
def test_circles_around_a_pole_become_polar_caps(lon, lat, min_km, max_km):
    """A circle that holds a pole unwraps into one cap reaching the pole's latitude (was an invalid polygon and a
    GEOS traceback on export), with the geodesic area of the disc and the right points inside."""
    cap = ring_sector(lon, lat, min_km, max_km)
    assert cap.is_valid and len(shapely.get_parts(cap)) == 1
    pole = 90.0 if lat > 0 else -90.0
    x0, y0, x1, y1 = cap.bounds
    assert (x0, x1) == (-180.0, 180.0) and (y1 if pole > 0 else y0) == pole
    expected = math.pi * (max_km ** 2 - min_km ** 2)
    assert area_km2(cap) == pytest.approx(expected, rel=0.005)
    for bearing in range(0, 360, 45):  # points 1 km inside and outside the edge, every 45 degrees
        for km, inside in ((max_km - 1, True), (max_km + 1, False)):
            x, y, _ = GEOD.fwd(lon, lat, bearing, km * 1000)
            assert cap.covers(shapely.Point(x, y)) == inside, (bearing, km)  # covers: 180 is an edge of the cut


def test_a_ring_around_a_pole_keeps_its_hole():
    ring = ring_sector(10.0, 89.9, 100, 300)
    assert ring.is_valid and area_km2(ring) == pytest.approx(math.pi * (300 ** 2 - 100 ** 2), rel=0.005)
    assert not ring.contains(shapely.Point(10.0, 89.9)) and ring.bounds[3] < 90
