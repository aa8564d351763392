"""Event files: the bundled seed parses; bad files give one-line errors that name the file and field."""

from __future__ import annotations

import datetime as dt

import pytest

import geoevents
from geoevents.io.eventfile import read_events

GOOD = """
events:
  - id: e1
    title: shelling reported near the border
    date: 2024-10-01
    constraints:
      - in_regions: Kursk
      - border_distance: {border: RU-UA, max_km: 10}
"""


def test_seed_file_parses():
    (event,) = geoevents.seed_events()
    assert event.date == dt.date(2024, 10, 15)
    assert event.sources[0].name == "Ukrainska Pravda"
    kinds = [c.kind for c in event.constraints]
    assert kinds == ["in_regions", "border_distance", "near_boundary"]
    assert (event.constraints[1].min_km, event.constraints[1].max_km) == (5, 9)


def test_good_file(tmp_path):
    path = tmp_path / "good.yaml"
    path.write_text(GOOD)
    (event,) = read_events(path)
    assert event.constraints[0].regions == ("Kursk",)
    assert event.constraints[1].min_km == 0


@pytest.mark.parametrize("text, expected", [
    ("events: [", "line 1"),
    ("- just a list", "expected a mapping with an 'events' list"),
    ("events: []", "events: expected a non-empty list"),
    ("events:\n  - title: t\n    constraints: [{in_regions: Kursk}]", "events[0].id: missing required field"),
    ("events:\n  - id: a\n    title: t\n    constraints: []", "events[0].constraints: expected a non-empty list"),
    ("events:\n  - id: a\n    title: t\n    date: 15/10/2024\n    constraints: [{in_regions: Kursk}]",
     "events[0].date: expected a date as YYYY-MM-DD"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{border_distance: {border: RU-UA, max_km: -3}}]",
     "events[0].constraints[0].border_distance.max_km: expected a distance between 0"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{border_distance: {border: RU-UA, max_km: .nan}}]",
     "max_km: expected a distance between 0"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{border_distance: {border: RU-UA, max_km: seven}}]",
     "max_km: expected a number of kilometres"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{border_distance: {border: RU-UA, min_km: 9, max_km: 5}}]",
     "min_km 9 is larger than max_km 5"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{teleport: here}]", "expected exactly one of"),
    ("events:\n  - id: a\n    title: t\n    colour: red\n    constraints: [{in_regions: Kursk}]",
     "events[0].colour: unknown field"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{in_regions: Kursk}]\n"
     "  - id: a\n    title: u\n    constraints: [{in_regions: Kursk}]", "events[1].id: duplicate event id 'a'"),
    ("events:\n  - id: a\n    title: t\n    sources: [{name: x, url: 'javascript:alert(1)'}]\n"
     "    constraints: [{in_regions: Kursk}]", "events[0].sources[0].url: expected an http(s) URL"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{any_of_places: {places: [A], points: [[35, 51]], "
     "max_km: [2]}}]", "events[0].constraints[0].any_of_places.places: expected a list of 2 to 20 names"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{any_of_places: {places: [A, B], points: [[35, 51]], "
     "max_km: [2, 3]}}]", "any_of_places.points: expected 2 [lon, lat] points, one per place"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{any_of_places: {places: [A, B], "
     "points: [[35, 51], [35.1, 91]], max_km: [2, 3]}}]", "any_of_places.points[1]: expected a (lon, lat) position"),
    ("events:\n  - id: a\n    title: t\n    constraints: [{any_of_places: {places: [A, B], "
     "points: [[35, 51], [35.1, 51]], max_km: [2, -3]}}]", "any_of_places.max_km[1]: expected a distance between 0"),
])
def test_bad_files_name_file_and_field(tmp_path, text, expected):
    path = tmp_path / "bad.yaml"
    path.write_text(text)
    with pytest.raises(geoevents.EventFileError) as info:
        read_events(path)
    message = str(info.value)
    assert expected in message
    assert str(path) in message
    assert "\n" not in message


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(geoevents.EventFileError, match="no such file"):
        read_events(tmp_path / "absent.yaml")
    latin = tmp_path / "latin.yaml"
    latin.write_bytes("events: [{id: a, title: Glushkovo, Kursk oblast – Тёткино}]".encode("cp1251"))
    with pytest.raises(geoevents.EventFileError, match="not UTF-8"):
        read_events(latin)


def test_any_of_places_round_trips_and_is_the_union(tmp_path, boundaries):
    """'in A and B' as an event file: the area is the union of the two circles, geodesically."""
    from geoevents.geometry.geodesy import GEOD
    from geoevents.io.eventfile import event_to_dict, events_from_dict
    from geoevents.uncertainty import locate
    import shapely

    doc = {"events": [{"id": "e", "title": "t", "constraints": [
        {"any_of_places": {"places": ["Myropillia", "Krasnopillya"],
                           "points": [[35.2569, 50.7775], [35.2564, 50.7739]], "max_km": [2.0, 3.0]}}]}]}
    (event,) = events_from_dict(doc)
    assert event_to_dict(event)["constraints"] == doc["events"][0]["constraints"]
    located = locate(event, boundaries)
    for x, y in shapely.get_coordinates(located.location.geometry)[::7]:
        reach = min(GEOD.inv(35.2569, 50.7775, x, y)[2] - 2000, GEOD.inv(35.2564, 50.7739, x, y)[2] - 3000)
        assert abs(reach) <= 60  # on the outline of one circle or the other, to polygonisation


def test_json_text_is_read_by_the_json_parser_with_the_same_document():
    """A GeoJSON export is read by the JSON parser (50 times faster than YAML's), and gives the very document YAML
    would: dates stay text, Cyrillic and numbers as written; malformed JSON still gets YAML's line number."""
    import yaml

    from geoevents.io.eventfile import _Loader, parse_document

    text = ('{"events": [{"id": "e1", "title": "Удар по Шостці", "date": "2024-10-15", "n": 1500.25, '
            '"ok": true, "none": null, "list": [1, -2, {"a": "b"}]}]}')
    assert parse_document(text, "x.json") == yaml.load(text, Loader=_Loader)
    # an exponent is a number in JSON (YAML 1.1 would have read "1e-05", as json.dumps writes it, as text)
    assert parse_document('{"km": 1e-05}', "x.json") == {"km": 1e-05}
    with pytest.raises(geoevents.EventFileError, match=r"x\.json: line 2: malformed YAML/JSON"):
        parse_document('{"events": [\n  {"id": "a",, }\n]}', "x.json")
