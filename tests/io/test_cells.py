"""Spreadsheet-safe CSV: no text cell geoevents writes starts a formula, and text round-trips exactly (formula
characters, apostrophes, line breaks, U+2028 and record separators included)."""

from __future__ import annotations

import csv
import dataclasses
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

import geoevents
from geoevents.cli import main
from geoevents.io import neutralise, read_any, restore, write_events

HOSTILE = ["=HYPERLINK(\"http://evil\",\"click\")", "+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "'=x", "''+y",
           "a\nb\r\nc", "rs\x1eus\x1f", "line\u2028sep\u2029", "plain"]


@given(st.text())
def test_restore_inverts_neutralise(text):
    assert restore(neutralise(text)) == text
    assert not str(neutralise(text)).startswith(("=", "+", "-", "@", "\t", "\r"))


@pytest.mark.parametrize("text", HOSTILE)
def test_a_csv_export_is_spreadsheet_safe_and_reads_back_exactly(seed, tmp_path, text):
    event = dataclasses.replace(seed, title=text, summary=text, location_text=text, event_type=text,
                                sources=(geoevents.Source(name=text, citing=text),))
    path = write_events([event], tmp_path / "x.csv")
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    for key in ("title", "summary", "location_text", "event_type"):
        assert not rows[0][key].startswith(("=", "+", "-", "@", "\t", "\r")), key
    (back,) = read_any(path)
    assert (back.title, back.summary, back.location_text, back.event_type) == (text,) * 4
    assert back.sources == event.sources
    assert back.location.point.x == pytest.approx(seed.location.point.x)  # numbers stay numbers


def test_numbers_are_not_marked(seed, tmp_path):
    far_west = dataclasses.replace(seed, location=dataclasses.replace(seed.location, area_km2=-0.0))
    path = write_events([far_west], tmp_path / "x.csv")
    assert "'-" not in path.read_text()


def test_keep_formulas_writes_text_as_it_is(tmp_path, seed):
    path = write_events([dataclasses.replace(seed, title="=1+1")], tmp_path / "x.csv", spreadsheet_safe=False)
    assert next(csv.DictReader(io.StringIO(path.read_text())))["title"] == "=1+1"


def test_geojson_sequences_keep_u2028_in_text(seed, tmp_path):
    event = dataclasses.replace(seed, title="one\u2028two\u2029three")
    for suffix in (".geojsons", ".geojsonl"):
        (back,) = read_any(write_events([event], tmp_path / f"x{suffix}"))
        assert back.title == event.title


def test_near_border_csv_output_is_spreadsheet_safe(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text("event_id_cnty,event_date,latitude,longitude,geo_precision\n=cmd|'/c calc'!A1,2024-10-03,"
                     "51.9,34.4,1\n")
    assert main(["near-border", str(table), "--km", "10", "--format", "csv"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert rows[0]["id"] == "'=cmd|'/c calc'!A1"
