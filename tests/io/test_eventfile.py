"""Event files: the bundled seed parses; bad files give one-line errors that name the file and field."""

from __future__ import annotations

import datetime as dt
import json
import re

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

    from geoevents.io.eventfile import _loader, parse_document

    text = ('{"events": [{"id": "e1", "title": "Удар по Шостці", "date": "2024-10-15", "n": 1500.25, '
            '"ok": true, "none": null, "list": [1, -2, {"a": "b"}]}]}')
    assert parse_document(text, "x.json") == yaml.load(text, Loader=_loader())
    # an exponent is a number in JSON (YAML 1.1 would have read "1e-05", as json.dumps writes it, as text)
    assert parse_document('{"km": 1e-05}', "x.json") == {"km": 1e-05}
    with pytest.raises(geoevents.EventFileError, match=r"x\.json: line 2: malformed YAML/JSON"):
        parse_document('{"events": [\n  {"id": "a",, }\n]}', "x.json")


# --- places named without coordinates, and events with only a location_text --------------------------------------
def _named(*constraints, **fields):
    return {"events": [{"id": "a", "title": "t", **({"constraints": list(constraints)} if constraints else {}),
                        **fields}]}


def test_a_named_place_without_coordinates_is_found_by_the_geocoder_and_the_reason_says_so(boundaries):
    from geoevents.geocoding import event_places
    from geoevents.io import events_from_dict, resolving_places

    with resolving_places(event_places(boundaries)):
        (event,) = events_from_dict(_named({"near_place": {"place": "Sudzha", "max_km": 5}, "reason": "my note"}))
    (c,) = event.constraints
    place = next(p for p in geoevents.load_gazetteer().places if p.name == "Sudzha")
    assert (c.lon, c.lat, c.min_km, c.max_km) == (place.lon, place.lat, 0.0, 5.0)
    assert c.reason.startswith("my note; Sudzha: match: Sudzha (RU-KRS") and f"GeoNames {place.id}" in c.reason


def test_a_named_place_without_a_distance_reads_as_near_it(boundaries):
    from geoevents.geocoding import event_places, geocode
    from geoevents.io import events_from_dict, resolving_places

    with resolving_places(event_places(boundaries)):
        (event,) = events_from_dict(_named({"near_place": {"place": "Sudzha"}}))
    near = geocode("near Sudzha", boundaries=boundaries, gazetteer=geoevents.load_gazetteer()).event.constraints
    assert [(type(c), c.describe()) for c in event.constraints] == [(type(c), c.describe()) for c in near]
    assert all("near_place 'Sudzha' of the event file" in c.reason for c in event.constraints)


def test_an_event_with_only_a_location_text_is_read_by_the_geocoder(boundaries):
    from geoevents.geocoding import event_places
    from geoevents.io import events_from_dict, resolving_places

    with resolving_places(event_places(boundaries)):
        (event,) = events_from_dict(_named(location_text="about 7 km from the Ukrainian border near Tetkino"))
    kinds = {c.kind for c in event.constraints}
    assert {"near_place", "border_distance"} <= kinds
    assert all(c.reason.startswith("read from the event's location_text by the geocoder") for c in event.constraints)
    located = geoevents.locate(event, boundaries)
    assert 0 < located.location.area_km2 < 200


def test_a_region_chooses_between_places_of_one_name(boundaries):
    from collections import defaultdict

    from geoevents.geocoding import event_places

    by_name = defaultdict(list)
    for p in geoevents.load_gazetteer().places:
        if p.region:
            by_name[p.name].append(p)
    # a name of two places of similar size in two regions: ambiguous alone, decided by the region
    name, places = next((n, ps) for n, ps in sorted(by_name.items()) if len(ps) == 2 and ps[0].region != ps[1].region
                        and max(ps[0].population, ps[1].population) < 2 * max(min(ps[0].population,
                                                                                    ps[1].population), 1))
    resolver = event_places(boundaries)
    with pytest.raises(geoevents.GeoEventsError, match="ambiguous"):
        resolver.find(name)
    lon, lat, note = resolver.find(name, region=places[1].region)
    assert (lon, lat) == (places[1].lon, places[1].lat) and "narrowed by region" in note


@pytest.mark.parametrize(("constraints", "fields", "message"), [
    ([{"near_place": {"place": "Sudzha", "max_km": 5}}], {},
     "events[0].constraints[0].near_place: near_place 'Sudzha' without lon and lat needs the geocoder"),
    ([], {"location_text": "near Sudzha"}, "events[0].constraints: an event with location_text and no constraints "
                                             "needs the geocoder"),
])
def test_without_the_geocoder_a_named_place_is_an_error_that_says_what_to_do(constraints, fields, message):
    from geoevents.io import events_from_dict

    with pytest.raises(geoevents.GeoEventsError, match=re.escape(message)) as info:
        events_from_dict(_named(*constraints, **fields), name="e.yaml")
    assert "resolving_places" in str(info.value) and "lon and lat" in str(info.value)


def test_the_commands_find_named_places_and_name_the_field_of_an_unknown_one(tmp_path, capsys):
    from geoevents.cli import main

    (tmp_path / "e.yaml").write_text("events:\n  - {id: a, title: t, constraints: [{near_place: {place: Sudzha, "
                                     "max_km: 5}}]}\n  - {id: b, title: u, location_text: near Tetkino}\n")
    assert main(["near-border", str(tmp_path / "e.yaml"), "--km", "10", "--format", "json"]) == 0
    assert {a["id"] for a in json.loads(capsys.readouterr().out)} == {"a", "b"}
    (tmp_path / "f.yaml").write_text("events:\n  - {id: a, title: t, constraints: [{near_place: {place: Qwzxv, "
                                     "max_km: 5}}]}\n")
    assert main(["near-border", str(tmp_path / "f.yaml"), "--km", "10"]) == 1
    err = capsys.readouterr().err.strip()
    assert err == (f"geoevents: error: {tmp_path / 'f.yaml'}: events[0].constraints[0].near_place.place: 'Qwzxv' is "
                   f"not in the gazetteer; check the spelling, or give lon and lat")
