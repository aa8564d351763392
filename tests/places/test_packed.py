"""The packed binary form of the embedded coverage holds exactly the units of its GeoJSON, and loads fast."""

from __future__ import annotations

import gzip
import json
from importlib import resources

import pytest
import shapely

import geoevents
from geoevents.places import boundaries_from_geojson, embedded_boundaries
from geoevents.places.packed import pack_units, unpack_units


def test_the_packed_coverage_is_the_geojson_coverage_vertex_for_vertex():
    raw = resources.files("geoevents._data").joinpath("theatre.geojson.gz").read_bytes()
    from_geojson = boundaries_from_geojson(json.loads(gzip.decompress(raw)), name="theatre.geojson.gz")
    packed = embedded_boundaries()
    assert len(packed.units) == len(from_geojson.units) == 130
    for a, b in zip(packed.units, from_geojson.units, strict=True):
        assert {k: v for k, v in a.items() if k != "geometry"} == {k: v for k, v in b.items() if k != "geometry"}
        assert a["geometry"].geom_type == b["geometry"].geom_type
        assert shapely.to_wkb(a["geometry"]) == shapely.to_wkb(b["geometry"]), a["name"]


def test_the_embedded_data_are_read_once_per_process():
    assert geoevents.load_boundaries() is embedded_boundaries() is geoevents.load_boundaries()
    assert geoevents.load_gazetteer() is geoevents.load_gazetteer()
    assert geoevents.load_boundaries(point_of_view="RU") is not geoevents.load_boundaries()


def test_pack_round_trip_keeps_polygons_multipolygons_holes_and_properties():
    square = shapely.box(34.0, 51.0, 34.5, 51.5)
    holed = shapely.Polygon(square.exterior.coords, [shapely.box(34.1, 51.1, 34.2, 51.2).exterior.coords])
    multi = shapely.MultiPolygon([shapely.box(-10.123456, -5.0, -10.0, -4.9), shapely.box(179.0, 60.0, 180.0, 61.0)])
    units = [{"name": "A", "n": 1, "geometry": square}, {"name": "Б", "geometry": holed},
             {"name": "C", "x": [1, 2], "geometry": multi}]
    back = unpack_units(pack_units(units))
    for a, b in zip(units, back, strict=True):
        assert b["geometry"].geom_type == a["geometry"].geom_type
        assert shapely.to_wkb(b["geometry"]) == shapely.to_wkb(a["geometry"])
        assert {k: v for k, v in b.items() if k != "geometry"} == {k: v for k, v in a.items() if k != "geometry"}
    assert pack_units(units) == pack_units(units)  # the same bytes every time


@pytest.mark.parametrize("geometry, problem", [
    (shapely.LineString([(0, 0), (1, 1)]), "only Polygons and MultiPolygons"),
    (shapely.box(0.1234567, 0, 1, 1), "at most 6 decimals"),
])
def test_what_cannot_be_packed_is_refused(geometry, problem):
    with pytest.raises(ValueError, match=problem):
        pack_units([{"name": "x", "geometry": geometry}])


def test_a_damaged_packed_file_is_a_value_error():
    with pytest.raises(ValueError, match="not a packed coverage"):
        unpack_units(gzip.compress(b'{"format": "something else"}\n'))
