"""ACLED/UCDP CSV exports as full events: regions from precision codes, ids, dates, texts, sources; map and export."""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import pytest
import shapely

import geoevents
from geoevents.boundaries import load_boundaries
from geoevents.cli import main
from geoevents.tableevents import events_from_table
from geoevents.tables import ACLED_RADIUS_KM, UCDP_RADIUS_KM, parse_point_table

DATA = Path(__file__).parent / "data"


def test_acled_rows_become_located_events(caplog):
    with caplog.at_level(logging.WARNING, logger="geoevents.readers"):
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
