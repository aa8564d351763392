"""Property-based tests (hypothesis): the near-border classifier and the table reader keep their promises."""

from __future__ import annotations

import numpy as np
import shapely
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from geoevents.nearborder.index import CERTAIN, OUTSIDE, NearBorderIndex
from geoevents.geometry.geodesy import geodesic_buffer
from geoevents.datasets.points import parse_point_table

LINE = shapely.LineString([(33.0, 50.0), (34.0, 50.5), (35.0, 50.2), (36.0, 50.8)])
INDEXES = {km: NearBorderIndex(LINE, km=km) for km in (5.0, 10.0, 20.0, 40.0)}

events = st.builds(
    lambda lon, lat, r: geodesic_buffer(shapely.Point(lon, lat), r * 1000) if r > 0 else shapely.Point(lon, lat),
    st.floats(32.0, 37.0), st.floats(49.5, 51.3), st.sampled_from([0.0, 1.0, 4.0, 12.0]))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(events, min_size=1, max_size=6))
def test_classifier_is_monotone_in_n_and_fractions_are_fractions(areas):
    arr = np.array(areas, dtype=object)
    previous_status, previous_fraction = None, None
    for km in sorted(INDEXES):
        status, fraction = INDEXES[km].classify(arr)
        assert np.all((fraction >= 0) & (fraction <= 1))
        assert np.all(fraction[status == CERTAIN] == 1.0) and np.all(fraction[status == OUTSIDE] == 0.0)
        if previous_status is not None:
            # a larger N never makes an answer weaker: certain stays certain, outside can only improve
            assert np.all(status >= previous_status)
            assert np.all(fraction >= previous_fraction - 1e-9)
        previous_status, previous_fraction = status, fraction


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(st.text(max_size=12), min_size=0, max_size=5), max_size=8))
def test_table_reader_never_crashes_and_accounts_for_every_row(rows):
    table = parse_point_table([["id", "latitude", "longitude", "geo_precision"], *rows], name="t.csv")
    non_empty = [r for r in rows if any(cell.strip() for cell in r)]
    assert len(table) + len(table.errors) == len(non_empty)
    assert np.all(np.abs(table.lat) <= 90) and np.all(np.abs(table.lon) <= 180)
    for message in table.errors:
        assert message.startswith("t.csv:") and "\n" not in message


@settings(max_examples=100, deadline=None)
@given(st.floats(-90, 90), st.floats(-180, 180))
def test_table_reader_round_trips_coordinates(lat, lon):
    table = parse_point_table([["latitude", "longitude"], [repr(lat), repr(lon)]])
    assert table.lat.tolist() == [lat] and table.lon.tolist() == [lon]


# --- the GeoJSON reader: any JSON value gives events or a clear EventFileError, never another exception --------
_json = st.recursive(st.none() | st.booleans() | st.floats(allow_nan=True) | st.integers() | st.text(max_size=8),
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                                 max_size=4), max_leaves=20)
_feature = st.fixed_dictionaries({
    "type": st.just("Feature"),
    "id": st.one_of(st.none(), st.text(max_size=6), st.integers()),
    "properties": st.one_of(_json, st.fixed_dictionaries({"title": st.text(max_size=8)}, optional={
        "id": _json, "lon": _json, "lat": _json, "date": _json, "constraints": _json, "trace": _json})),
    "geometry": st.one_of(_json, st.fixed_dictionaries({
        "type": st.sampled_from(["Point", "Polygon", "LineString", "Nonsense"]),
        "coordinates": st.one_of(_json, st.lists(st.floats(-200, 200), min_size=2, max_size=2))})),
})


@settings(max_examples=300, deadline=None)
@given(st.lists(_feature, max_size=4))
def test_geojson_reader_never_crashes(features):
    from geoevents.errors import GeoEventsError
    from geoevents.io import events_from_features

    try:
        events = events_from_features(features, name="random.geojson")
    except GeoEventsError as exc:
        assert "random.geojson" in str(exc) and "\n" not in str(exc)
        return
    for event in events:
        x0, y0, x1, y1 = event.location.geometry.bounds
        assert -180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.floats(-179, 179), st.floats(-89, 89)), min_size=1, max_size=5, unique=True))
def test_geojson_export_and_import_round_trip_points(points):
    import json

    import shapely

    from geoevents.io.geojson import to_feature_collection
    from geoevents.model import Event, Location
    from geoevents.io import events_from_features

    events = [Event(f"e{i}", f"t{i}", location=Location(shapely.Point(x, y), shapely.Point(x, y), 0.0, 0.0, ()))
              for i, (x, y) in enumerate(points)]
    collection = json.loads(json.dumps(to_feature_collection(events)))
    back = events_from_features(collection["features"], name="x")
    assert [e.id for e in back] == [e.id for e in events]
    for a, b in zip(events, back):
        assert abs(a.location.point.x - b.location.point.x) <= 1e-6
        assert abs(a.location.point.y - b.location.point.y) <= 1e-6
