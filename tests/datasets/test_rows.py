"""ACLED/UCDP CSV exports as full events: regions from precision codes, ids, dates, texts, sources; map and export."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import pytest
import shapely
from pyproj import Geod

import geoevents
from geoevents.places.boundaries import load_boundaries
from geoevents.cli import main
from geoevents.io import read_table_frame, write_events
from geoevents.datasets.rows import events_from_table
from geoevents.datasets import ACLED_RADIUS_KM, UCDP_RADIUS_KM, parse_point_table

from geodesic_reference import distance_to_line_m

DATA = Path(__file__).resolve().parents[1] / "data"
GEOD = Geod(ellps="WGS84")


def test_acled_rows_become_located_events(caplog):
    with caplog.at_level(logging.WARNING, logger="geoevents.io.read"):
        events = geoevents.read_any(DATA / "acled_style.csv")
    assert [e.id for e in events] == ["TST1", "TST2", "TST3", "TST5"]
    assert "acled_style.csv:5: latitude 'not-a-number'" in caplog.text and "acled_style.csv:7:" in caplog.text
    one, two, three, _ = events
    assert one.date.isoformat() == "2024-10-03" and one.title == "Test village A"
    assert one.location_text == "Test village A, Kursk" and one.summary.startswith("invented row near")
    assert one.sources == (geoevents.Source("ACLED"),)
    assert one.location.radius_km == ACLED_RADIUS_KM[1] and one.location.geometry.geom_type == "Polygon"
    assert one.location.area_km2 == pytest.approx(math.pi * ACLED_RADIUS_KM[1] ** 2, rel=0.01)
    assert (one.location.point.x, one.location.point.y) == (34.4, 51.9)
    assert two.location.precision == geoevents.Precision(2, 2, 4, "ACLED geo_precision 2")
    # code 3: somewhere in a larger region, coded to a point: no circle, and the trace says so
    assert three.location.geometry.geom_type == "Point" and three.location.precision.ucdp_where_prec == 4
    assert "no circle" in three.location.trace[0].reason


def test_ucdp_rows_become_located_events():
    events = geoevents.read_any(DATA / "ucdp_style.csv", fmt="csv")
    assert [e.id for e in events] == ["900001", "900002", "900003"]
    assert [e.date_precision for e in events] == ["day", "week", "day"]  # 900002 runs from the 11th to the 12th
    assert events[1].location.radius_km == UCDP_RADIUS_KM[2]
    assert events[1].location_text == "Invented place E, Sumy" and events[1].sources == (geoevents.Source("UCDP GED"),)
    assert events[2].location.precision == geoevents.Precision(3, 4, 5, "UCDP GED where_prec 4")


def test_acled_texts_sources_and_dates():
    rows = [["event_id_cnty", "event_date", "time_precision", "latitude", "longitude", "geo_precision", "event_type",
             "sub_event_type", "location", "admin1", "country", "source", "notes"],
            ["UKR1", "03 October 2024", "2", "50.9", "34.8", "1", "Explosions/Remote violence", "Shelling",
             "Sumy", "Sumy", "Ukraine", "Suspilne; Ukrainska Pravda", "Shelling of the city."],
            ["UKR2", "sometime", "1", "50.9", "34.8", "1", "", "", "Sumy", "", "", "", ""]]
    table = parse_point_table(rows, name="a.csv")
    events, errors = events_from_table(table)
    (event,) = events
    assert errors == ["a.csv:3: date 'sometime' is not YYYY-MM-DD or like 03 October 2024"]
    assert event.title == "Shelling in Sumy" and event.date.isoformat() == "2024-10-03"
    assert event.date_precision == "week" and event.location_text == "Sumy, Ukraine"
    assert event.sources == (geoevents.Source("ACLED", citing="Suspilne; Ukrainska Pravda"),)
    assert event.summary == "Shelling of the city."


def test_acled_table_exports_and_reads_back(tmp_path, capsys):
    out = tmp_path / "acled.geojson"
    assert main(["export", str(DATA / "acled_style.csv"), "-o", str(out)]) == 0
    assert "(4 events)" in capsys.readouterr().out
    feature = json.loads(out.read_text())["features"][0]
    assert feature["properties"]["acled_geo_precision"] == 1 and feature["properties"]["radius_km"] == 2.0
    original = {e.id: e for e in geoevents.read_any(DATA / "acled_style.csv", boundaries=load_boundaries())}
    for back in geoevents.read_any(out):
        e = original[back.id]
        assert (back.date, back.title, back.location_text, back.summary, back.sources) == \
            (e.date, e.title, e.location_text, e.summary, e.sources)
        assert back.location.precision == e.location.precision
        assert shapely.hausdorff_distance(back.location.geometry, e.location.geometry) < 1e-6


def test_map_takes_a_ucdp_table(tmp_path, capsys):
    html = tmp_path / "ucdp.html"
    assert main(["map", str(DATA / "ucdp_style.csv"), "-o", str(html), "--no-tiles"]) == 0
    assert html.exists() and "Invented place E" in html.read_text()  # the title in the popup


def test_a_table_without_usable_rows_is_an_error(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("latitude,longitude\nx,y\n")
    with pytest.raises(geoevents.EventFileError, match="no usable rows"):
        geoevents.read_any(bad)


# --- coarse codes: the admin area, not the coded point ----------------------------------------------------------

UCDP_HEADER = ["id", "date_start", "date_end", "latitude", "longitude", "where_prec", "adm_1", "country"]


def _ucdp(boundaries, *rows):
    return events_from_table(parse_point_table([UCDP_HEADER, *rows], name="u.csv"), boundaries)[0]


@pytest.fixture(scope="module")
def boundaries():
    return load_boundaries()


def test_acled_3_is_the_whole_named_region(boundaries):
    table = parse_point_table([["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "admin1"],
                               ["K1", "2024-10-03", "51.7300", "36.1900", "3", "Kursk"]])
    ((event,), _) = events_from_table(table, boundaries)
    kursk = boundaries.region("Kursk")
    loc = event.location
    assert shapely.equals(loc.geometry, kursk)
    assert loc.area_km2 == pytest.approx(abs(GEOD.geometry_area_perimeter(kursk)[0]) / 1e6, rel=1e-6)
    assert (loc.point.x, loc.point.y) == (36.19, 51.73)  # the coded point, inside the region, is kept
    # the radius holds the whole region: at least the farthest vertex, measured geodesically, and not much more
    x, y = shapely.get_coordinates(kursk).T
    farthest = GEOD.inv(np.full(len(x), 36.19), np.full(len(x), 51.73), x, y)[2].max() / 1000
    assert farthest - 5e-4 <= loc.radius_km <= farthest * 1.01  # radius_km is rounded to metres
    assert loc.precision == geoevents.Precision(3, 4, 5, "ACLED geo_precision 3")
    assert "Kursk (RU-KRS), the first-level unit named 'Kursk'" in loc.trace[0].reason


@pytest.mark.parametrize(("code", "adm_1", "lon", "lat", "expect", "words"), [
    # ADM2: the data have no ADM2 units, so the ADM1 that holds it, said to be a superset
    ("3", "Kursk oblast", 35.6, 51.4, "Kursk", "a superset: the boundary data have no ADM2"),
    ("4", "Sums'ka", 34.8, 50.9, "Sumy", "the first-level unit named"),
    ("4", "", 34.8, 50.9, "Sumy", "the first-level unit that holds the coded point"),
    ("5", "", 31.0, 49.0, "UA", "the whole country (a superset of the larger part of the country)"),
    ("6", "", 31.0, 49.0, "UA", "the whole country"),
    ("4", "Malopolskie", 19.94, 50.06, "PL", "no regions of PL"),  # a neighbour present only as a country
])
def test_ucdp_codes_map_to_admin_areas(boundaries, code, adm_1, lon, lat, expect, words):
    (event,) = _ucdp(boundaries, ["1", "2024-08-10", "2024-08-10", str(lat), str(lon), code, adm_1, ""])
    assert shapely.equals(event.location.geometry, boundaries.area(expect))
    assert words in event.location.trace[0].reason
    assert shapely.intersects(event.location.geometry, event.location.point)


def test_a_name_that_disagrees_with_the_point_wins_and_the_point_moves_inside(boundaries, tmp_path):
    (event,) = _ucdp(boundaries, ["1", "2024-08-10", "", "51.73", "36.19", "4", "Belgorod", ""])  # a point in Kursk
    assert shapely.equals(event.location.geometry, boundaries.region("Belgorod"))
    assert shapely.contains(event.location.geometry, event.location.point)
    assert "(the coded point lies outside it)" in event.location.trace[0].reason
    assert "51.73000N 36.19000E" in event.location.trace[0].constraint  # the trace keeps the coded point
    # the bulk reader agrees: the named region, a point inside it, the same radius
    table = tmp_path / "u.csv"
    table.write_text(",".join(UCDP_HEADER) + "\n1,2024-08-10,,51.73,36.19,4,Belgorod,\n")
    frame, _ = read_table_frame(table, boundaries=boundaries)
    assert shapely.equals(frame.geometry.iloc[0], boundaries.region("Belgorod"))
    assert (frame["lon"].iloc[0], frame["lat"].iloc[0]) == (event.location.point.x, event.location.point.y)
    assert frame["radius_km"].iloc[0] == event.location.radius_km


def test_codes_without_an_area_keep_the_point_and_say_why(boundaries):
    water, nigeria = _ucdp(boundaries, ["1", "2024-08-10", "", "45.0", "36.0", "7", "", ""],
                           ["2", "2024-08-10", "", "10.0", "10.0", "4", "Kano", "Nigeria"])
    assert water.location.geometry.geom_type == "Point" and "over water or in the air" in water.location.trace[0].reason
    assert nigeria.location.geometry.geom_type == "Point"
    assert "no area for it in the boundary data" in nigeria.location.trace[0].reason


def test_near_border_on_coarse_rows_agrees_between_engines_and_with_a_geodesic_reference(tmp_path, capsys,
                                                                                         boundaries):
    table = tmp_path / "coarse.csv"
    table.write_text("event_id_cnty,event_date,latitude,longitude,geo_precision,location,admin1\n"
                     "C1,2024-10-03,51.7300,36.1900,3,Kursk,Kursk\n"
                     "C2,2024-10-03,52.9650,36.0780,3,Orel,Orel\n")
    answers = {}
    for engine in ("bulk", "events"):
        assert main(["near-border", str(table), "--km", "10", "--format", "json", "--engine", engine]) == 0
        rows = json.loads(capsys.readouterr().out)
        answers[engine] = {r.get("id") or r.get("event_id"): r for r in rows}
    for key in ("C1", "C2"):
        bulk, per_event = answers["bulk"][key], answers["events"][key]
        assert bulk["status"] == per_event["status"]
        assert bulk["min_km"] == pytest.approx(per_event["min_km"], abs=0.01)
        assert bulk["max_km"] == pytest.approx(per_event["max_km"], abs=0.05)  # AEQD: within 0.02 %
    assert answers["events"]["C1"]["status"] == "possible" and answers["events"]["C2"]["status"] == "outside"
    assert 0 < answers["events"]["C1"]["fraction_within"] < 0.2
    # Oryol oblast's nearest approach to Ukraine, from both outlines' vertices, geodesically
    orel, line = boundaries.region("Orel"), boundaries.border("RU-UA")
    near_line = shapely.clip_by_rect(line, *(np.array(orel.bounds) + [-2, -2, 2, 2]))
    candidates = [(x, y, near_line) for x, y in shapely.get_coordinates(orel)] + \
                 [(x, y, orel.boundary) for x, y in shapely.get_coordinates(near_line)]
    rough = [shapely.distance(shapely.Point(x, y), other) for x, y, other in candidates]
    nearest = [candidates[i] for i in np.argsort(rough)[:10]]
    reference = min(distance_to_line_m(x, y, other) for x, y, other in nearest) / 1000
    assert answers["events"]["C2"]["min_km"] == pytest.approx(reference, abs=0.1)


def test_an_acled_table_in_geoparquet_gets_the_circles_and_areas_csv_gets(tmp_path, capsys):
    import geopandas as gpd

    rows = gpd.GeoDataFrame({"event_id_cnty": ["X1", "X2", "X3"], "geo_precision": [2, 1, 3]},
                            geometry=[shapely.Point(34.4, 51.9), shapely.Point(34.4, 51.9),
                                      shapely.Point(36.19, 51.73)], crs="EPSG:4326")
    rows.to_parquet(tmp_path / "acled.parquet")
    rows.drop(columns="geometry").assign(latitude=[51.9, 51.9, 51.73], longitude=[34.4, 34.4, 36.19]).to_csv(
        tmp_path / "acled.csv", index=False)
    answers = []
    for name in ("acled.parquet", "acled.csv"):
        assert main(["near-border", str(tmp_path / name), "--km", "10", "--format", "json"]) == 0
        answers.append({r["id"]: (r["radius_km"], r["min_km"], r["max_km"], r["status"])
                        for r in json.loads(capsys.readouterr().out)})
    assert answers[0] == answers[1]
    assert answers[0]["X1"][0] == ACLED_RADIUS_KM[2] and answers[0]["X3"][0] > 100  # a circle; Kursk oblast


# --- event types: the codebook's, for colouring maps by type -------------------------------------------------------

ACLED_TYPED = ["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "event_type", "sub_event_type",
               "location"]


def _types(header, *rows):
    events, errors = events_from_table(parse_point_table([header, *rows], name="t.csv"))
    assert errors == []
    return {e.id: e.event_type for e in events}


def test_acled_rows_get_the_codebook_event_type():
    assert _types(
        ACLED_TYPED,
        ["A1", "2024-10-03", "51.9", "34.4", "1", "Explosions/Remote violence", "Shelling/artillery/missile attack",
         "Invented hamlet"],
        ["A2", "2024-10-03", "51.9", "34.4", "1", "Explosions/Remote violence", "Air/drone strike", ""],
        ["A3", "2024-10-03", "51.9", "34.4", "1", "explosions/remote violence", " remote explosive/LANDMINE/ied ", ""],
        ["A4", "2024-10-03", "51.9", "34.4", "1", "Explosions/Remote violence", "Grenade", ""],
        ["A5", "2024-10-03", "51.9", "34.4", "1", "Battles", "Armed clash", ""],  # stands for its event type
        ["A6", "2024-10-03", "51.9", "34.4", "1", "  Protests ", "", ""],
        ["A7", "2024-10-03", "51.9", "34.4", "1", "Strategic developments", "Invented sub-type", ""],
        ["A8", "2024-10-03", "51.9", "34.4", "1", "Violence against civilians", "", ""],
    ) == {"A1": "shelling", "A2": "air/drone strike", "A3": "explosion", "A4": "explosion", "A5": "battle",
          "A6": "protest", "A7": "strategic development", "A8": "violence against civilians"}


def test_the_title_still_names_the_dataset_type():
    (event,), _ = events_from_table(parse_point_table([ACLED_TYPED, [
        "A1", "2024-10-03", "51.9", "34.4", "1", "Explosions/Remote violence", "Air/drone strike", "Invented hamlet"]]))
    assert (event.title, event.event_type) == ("Air/drone strike in Invented hamlet", "air/drone strike")


def test_ucdp_type_of_violence_gives_the_event_type():
    header = ["id", "date_start", "latitude", "longitude", "where_prec", "type_of_violence", "dyad_name"]
    assert _types(header, ["U1", "2024-08-10", "51.2", "35.2", "1", "3", "Invented side - civilians"],
                  ["U2", "2024-08-10", "51.2", "35.2", "1", "1", ""],
                  ["U3", "2024-08-10", "51.2", "35.2", "1", " 2 ", ""]) == \
        {"U1": "one-sided violence", "U2": "state-based conflict", "U3": "non-state conflict"}


def test_an_unknown_type_is_kept_lower_cased():
    assert _types(ACLED_TYPED, ["A1", "2024-10-03", "51.9", "34.4", "1", " Invented Category ", "", ""],
                  ["A2", "2024-10-03", "51.9", "34.4", "1", "Invented Category", "Invented  Sub-Type", ""]) == \
        {"A1": "invented category", "A2": "invented sub-type"}


def test_rows_without_a_type_column_get_no_type():
    header = ["event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "location", "notes"]
    assert _types(header, ["A1", "2024-10-03", "51.9", "34.4", "1", "Invented hamlet", "invented note"]) == {"A1": ""}
    assert _types(ACLED_TYPED, ["A2", "2024-10-03", "51.9", "34.4", "1", "", "", ""]) == {"A2": ""}
    assert {e.event_type for e in geoevents.read_any(DATA / "ucdp_style.csv", fmt="csv")} == {""}


def test_the_type_survives_reading_a_file_and_writing_geojson(tmp_path):
    table = tmp_path / "typed.csv"
    table.write_text("id,date_start,latitude,longitude,where_prec,type_of_violence\n"
                     "U1,2024-08-10,51.2,35.2,1,3\n", encoding="utf-8")
    (event,) = geoevents.read_any(table)
    assert event.event_type == "one-sided violence"
    out = tmp_path / "typed.geojson"
    write_events([event], out)
    assert json.loads(out.read_text())["features"][0]["properties"]["event_type"] == "one-sided violence"
