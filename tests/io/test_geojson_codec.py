"""The GeoJSON codec: decoding is the inverse of encoding, and arbitrary property values in a GeoJSON input raise
only geoevents errors, each naming the feature and the field (exit 1 from the CLI), never a bare ValueError,
TypeError or KeyError."""

from __future__ import annotations

import json

import pytest
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geoevents
from geoevents.cli import main
from geoevents.errors import EventFileError, GeoEventsError
from geoevents.io import events_from_features, to_feature_collection

KEYS = ("id", "title", "date", "date_precision", "event_type", "summary", "location_text", "sources", "constraints",
        "trace", "lon", "lat", "area_km2", "radius_km", "acled_geo_precision", "ucdp_where_prec", "gdelt_geo_type",
        "precision_basis", "flags", "role")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True) | st.text(max_size=12)
    | st.sampled_from(["2024-13-45", "2024-10-15", "http://x", "javascript:alert(1)", "[]", "{}", "[{", "nan",
                       "region", "point", "1e999", "-1"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ("name", "url", "published", "citing", "step", "reason", "area_km2", "in_regions", "border_distance",
         "border", "min_km", "max_km", "x")), children, max_size=4),
    max_leaves=12)

POINT = {"type": "Point", "coordinates": [34.0, 51.5]}
geometries = st.just(POINT) | json_values | st.fixed_dictionaries(
    {"type": st.sampled_from(["Point", "Polygon", "LineString", "Nonsense"]), "coordinates": json_values})


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(props=st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), json_values, max_size=8),
       geometry=geometries, event_id=st.sampled_from(["e1", "", None]) | json_values)
def test_arbitrary_properties_raise_only_geoevents_errors(props, geometry, event_id):
    if event_id is not None:
        props = {**props, "id": event_id}
    feature = {"type": "Feature", "properties": props, "geometry": geometry}
    try:
        events = events_from_features([feature], name="fuzz.geojson")
    except GeoEventsError as exc:
        assert str(exc).startswith("fuzz.geojson: feature "), exc
        return
    assert all(isinstance(e, geoevents.Event) and e.location is not None for e in events)


@pytest.mark.parametrize("props, field", [
    ({"sources": [{"name": "wire", "published": "2024-13-45"}]}, "properties.sources[0].published"),
    ({"sources": [{"name": "wire", "url": "javascript:alert(1)"}]}, "properties.sources[0].url"),
    ({"sources": "{}"}, "properties.sources: expected a list"),
    ({"trace": [{"step": "x", "area_km2": "big"}]}, "properties.trace[0].area_km2: expected a number"),
    ({"acled_geo_precision": 2.5, "ucdp_where_prec": 1, "gdelt_geo_type": 1},
     "properties.acled_geo_precision: expected a whole number"),
    ({"area_km2": float("nan")}, "properties.area_km2: expected a number"),
    ({"lon": 10 ** 400, "lat": 51.5}, "properties.lon: expected a number"),
    ({"role": ["region"]}, "properties.role: expected region or point"),
    ({"title": {"a": 1}}, "properties.title: expected text"),
    ({"constraints": [{"in_regions": 5}]}, "properties.constraints[0]"),
    ({"trace": "[" * 100_000}, "properties.trace: malformed JSON text"),
    ({"flags": "swapped?"}, "properties.flags: unknown flag 'swapped?'"),
    ({"flags": {"a": 1}}, "properties.flags: expected text"),
])
def test_each_bad_field_is_named(props, field):
    feature = {"type": "Feature", "properties": {"id": "e1", **props}, "geometry": POINT}
    with pytest.raises(EventFileError) as caught:
        events_from_features([feature], name="bad.geojson")
    assert str(caught.value).startswith("bad.geojson: feature 'e1': ") and field in str(caught.value)


def test_deeply_nested_geometry_is_an_error_not_a_crash():
    deep: object = [34.0, 51.5]
    for _ in range(5000):
        deep = [deep]
    feature = {"type": "Feature", "properties": {"id": "e1"}, "geometry": {"type": "Point", "coordinates": deep}}
    with pytest.raises(EventFileError, match="not a GeoJSON geometry"):
        events_from_features([feature], name="deep.geojson")


def test_decoding_inverts_encoding(seed):
    (back,) = events_from_features(to_feature_collection([seed])["features"])
    assert (back.id, back.title, back.date, back.sources, back.constraints, back.event_type) == \
        (seed.id, seed.title, seed.date, seed.sources, seed.constraints, seed.event_type)
    assert shapely.normalize(back.location.geometry).equals_exact(shapely.normalize(seed.location.geometry), 1e-6)
    assert back.location.trace == tuple(type(t)(t.constraint, t.reason, t.area_km2) for t in seed.location.trace)
    assert back.location.precision == seed.location.precision


def test_cli_export_of_a_bad_published_date_exits_1_with_one_line(tmp_path, capsys, seed):
    doc = to_feature_collection([seed])
    doc["features"][0]["properties"]["sources"][0]["published"] = "2024-13-45"
    path = tmp_path / "bad.geojson"
    path.write_text(json.dumps(doc))
    assert main(["export", str(path), "-o", str(tmp_path / "out.geojson")]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "bad.geojson: feature" in err and "sources[0].published: expected a date as YYYY-MM-DD" in err
    assert not (tmp_path / "out.geojson").exists()


@pytest.mark.parametrize("geometry", [
    {"type": "Point", "coordinates": [34.1, 51.5]},
    {"type": "Point", "coordinates": [34.1, 51.5, 120.0]},
    {"type": "Polygon", "coordinates": [[[34, 51], [35, 51], [35, 52], [34, 51]]]},
    {"type": "Polygon", "coordinates": [[[34, 51], [36, 51], [36, 53], [34, 53], [34, 51]],
                                        [[34.5, 51.5], [34.5, 52], [35, 52], [34.5, 51.5]]]},
    {"type": "MultiPolygon", "coordinates": [[[[34, 51], [35, 51], [35, 52], [34, 51]]],
                                             [[[36, 51], [37, 51], [37, 52], [36, 51]]]]},
    {"type": "LineString", "coordinates": [[34, 51], [35, 52]]},
])
def test_the_quick_geometry_reader_reads_what_geos_reads(geometry):
    from geoevents.io.geojson import _geometry

    ours = _geometry(geometry, "t.geojson: feature 'e1'")
    assert ours.equals_exact(shapely.from_geojson(json.dumps(geometry)), 0) and ours.has_z == (
        len(geometry["coordinates"]) == 3 and geometry["type"] == "Point")


def test_an_unclosed_ring_is_still_an_error_not_closed_silently():
    feature = {"type": "Feature", "properties": {"id": "e1"},
               "geometry": {"type": "Polygon", "coordinates": [[[34, 51], [35, 51], [35, 52], [34, 52]]]}}
    with pytest.raises(EventFileError, match="not a GeoJSON geometry"):
        events_from_features([feature], name="open.geojson")


def test_equal_region_outlines_are_read_once_and_shared():
    """The rows of an export coded to one oblast all carry its outline: they come back as one geometry object (so
    the steps that work per distinct object do it once), while an outline differing in one inner vertex, or a
    second, invalid copy, does not share it."""
    def polygon(mid):
        return {"type": "Polygon", "coordinates": [[[34, 51], [35, 51], mid, [34, 52], [34, 51]]]}

    def feature(i, geometry):
        return {"type": "Feature", "properties": {"id": f"e{i}"}, "geometry": geometry}

    same = [feature(i, polygon([35, 52])) for i in range(3)]
    other = feature(3, polygon([35.5, 52]))  # same size, first and last vertices as the others
    events = events_from_features([*same, other])
    geoms = [e.location.geometry for e in events]
    assert geoms[0] is geoms[1] is geoms[2] and geoms[3] is not geoms[0]
    assert geoms[3].equals(shapely.Polygon([(34, 51), (35, 51), (35.5, 52), (34, 52)]))
    bowtie = polygon([34, 52.5])  # self-intersecting: checked, not taken from the valid copy
    bowtie["coordinates"][0][3] = [35, 52.5]
    with pytest.raises(EventFileError, match="invalid geometry"):
        events_from_features([*same, feature(4, bowtie)], name="t.geojson")
