"""One input policy for suspect rows (issue #18, item 4): a row whose longitude and latitude look swapped, or whose
point lies outside the boundary data, is kept where its coordinates say, flagged with the same text and warned
about in one line naming the file and the feature, whatever the format it came from; the command exits 0.

The coordinates are invented: a point near Sudzha (51.19N 35.27E), and the same point with its axes swapped
(35.27N 51.19E, outside the boundary data; inside once swapped back)."""

from __future__ import annotations

import csv
import io
import json

import pytest
import shapely

import geoevents
from geoevents.cli import main
from geoevents.io import read_any, write_events
from geoevents.io.read import MAX_FLAG_MESSAGES, flag_suspect, suspect_flags
from geoevents.model import FLAG_OUTSIDE, FLAG_SWAPPED, Event, Location
from geoevents.nearborder import NearBorderIndex, near_border_tables

SUDZHA = (35.27, 51.19)  # lon, lat
SWAPPED = (51.19, 35.27)
FAR = (5.0, 45.0)  # outside the boundary data, swapped or not

# (name, suffix): geoevents' own exports, and a hand-made CSV table of points (latitude/longitude columns)
FORMATS = [("csv", ".csv"), ("geojson", ".geojson"), ("gpkg", ".gpkg"), ("flatgeobuf", ".fgb"), ("kml", ".kml"),
           ("parquet", ".parquet"), ("points", ".csv")]
IDS = [name for name, _ in FORMATS]

# the per-event commands read through geoevents.cli.common.load_events, which (until it calls
# geoevents.io.read.flag_suspect) makes a swapped row fatal in every format but CSV and flags nothing
def _event(event_id: str, lon: float, lat: float) -> Event:
    point = shapely.Point(lon, lat)
    return Event(event_id, f"test {event_id}", location=Location(point, point, 0.0, 0.0, ()))


def _events(*extra: tuple[str, tuple[float, float]]) -> list[Event]:
    return [_event(i, *xy) for i, xy in (("ok-1", SUDZHA), ("swapped-1", SWAPPED), *extra)]


def _write(name: str, suffix: str, events: list[Event], folder) -> str:
    path = folder / f"events-{name}{suffix}"
    if name == "points":
        lines = ["id,latitude,longitude"] + [f"{e.id},{e.location.point.y},{e.location.point.x}" for e in events]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    else:
        write_events(events, path, fmt=name)
    return str(path)


def _warnings(err: str) -> list[str]:
    return [line for line in err.splitlines() if line.startswith("geoevents: warning:")]


def _one_warning(err: str, path: str, event_id: str, flag: str) -> str:
    """The warning lines about flagged rows: exactly one, naming the file, the feature and the flag."""
    lines = [line for line in _warnings(err) if "flagged" in line]
    assert len(lines) == 1, err
    (line,) = lines
    assert line.startswith(f"geoevents: warning: {path}: feature {event_id!r}: flagged {flag!r}: "), line
    return line.removeprefix(f"geoevents: warning: {path}: ")


# --- the acceptance test: the same swapped row, the same flag and exit code from every format ----------------------
def test_the_same_swapped_row_gives_the_same_flag_and_exit_code_in_bulk(tmp_path, capsys):
    seen = {}
    for name, suffix in FORMATS:
        path = _write(name, suffix, _events(), tmp_path)
        capsys.readouterr()
        code = main(["near-border", path, "--km", "10", "--engine", "bulk", "--format", "csv"])
        out, err = capsys.readouterr()
        assert code == 0, (name, err)
        rows = {r["id"]: r for r in csv.DictReader(io.StringIO(out))}
        assert set(rows) == {"ok-1", "swapped-1"}, name  # kept
        assert (rows["swapped-1"]["flags"], rows["ok-1"]["flags"]) == (FLAG_SWAPPED, ""), name
        assert float(rows["swapped-1"]["lon"]) == pytest.approx(SWAPPED[0]), name  # where its coordinates say
        seen[name] = _one_warning(err, path, "swapped-1", FLAG_SWAPPED)
    assert len(set(seen.values())) == 1, seen  # the same line but for the file's name


@pytest.mark.parametrize("name, suffix", FORMATS, ids=IDS)
def test_the_same_swapped_row_gives_the_same_flag_and_exit_code_per_event(name, suffix, tmp_path, capsys):
    path = _write(name, suffix, _events(), tmp_path)
    out = tmp_path / "out.geojson"
    assert main(["export", path, "-o", str(out)]) == 0, capsys.readouterr().err
    line = _one_warning(capsys.readouterr().err, path, "swapped-1", FLAG_SWAPPED)
    assert "is outside the boundary data but would be inside with longitude and latitude swapped" in line
    features = {f["properties"]["id"]: f for f in json.loads(out.read_text())["features"]}
    assert features["swapped-1"]["properties"]["flags"] == FLAG_SWAPPED
    assert features["swapped-1"]["geometry"]["coordinates"] == list(SWAPPED)  # not swapped back
    assert features["ok-1"]["properties"]["flags"] == ""


def test_the_per_event_engine_answers_with_the_bulk_engine_s_flags_and_warning(tmp_path, capsys):
    path = _write("geojson", ".geojson", _events(), tmp_path)
    lines = {}
    for engine in ("events", "bulk"):
        capsys.readouterr()
        assert main(["near-border", path, "--km", "10", "--engine", engine, "--format", "csv"]) == 0
        out, err = capsys.readouterr()
        assert {r["id"]: r["flags"] for r in csv.DictReader(io.StringIO(out))} == {"ok-1": "",
                                                                                  "swapped-1": FLAG_SWAPPED}
        lines[engine] = _one_warning(err, path, "swapped-1", FLAG_SWAPPED)
    assert lines["events"] == lines["bulk"]


# --- the parts: the library's readers, the bulk engine -----------------------------------------------------------
@pytest.mark.parametrize("name, suffix", FORMATS, ids=IDS)
def test_every_reader_flags_suspect_rows_alike(name, suffix, boundaries, tmp_path):
    path = _write(name, suffix, _events(("far-1", FAR)), tmp_path)
    events = {e.id: e for e in read_any(path, boundaries=boundaries)}
    assert {i: e.flags for i, e in events.items()} == {"ok-1": (), "swapped-1": (FLAG_SWAPPED,),
                                                       "far-1": (FLAG_OUTSIDE,)}, name
    assert (events["swapped-1"].location.point.x, events["swapped-1"].location.point.y) == pytest.approx(SWAPPED)
    index = NearBorderIndex(boundaries.border("RU-UA"), km=10)
    result = near_border_tables([path], index, border="RU-UA", boundaries=boundaries)
    assert dict(zip(result.frame["id"], result.frame["flags"], strict=True)) == {
        "ok-1": "", "swapped-1": FLAG_SWAPPED, "far-1": FLAG_OUTSIDE}, name
    assert not result.errors
    _, messages = flag_suspect(list(events.values()), boundaries, path)
    assert sorted(result.warnings) == sorted(messages) and len(messages) == 2, name  # both engines, one text


@pytest.mark.parametrize("name, suffix", FORMATS[:-1], ids=IDS[:-1])
def test_flags_are_written_and_read_back_by_every_format(name, suffix, tmp_path):
    flagged = [_event("ok-1", *SUDZHA), Event("s", "t", location=_event("s", *SWAPPED).location,
                                              flags=(FLAG_SWAPPED,))]
    path = _write(name, suffix, flagged, tmp_path)
    back = {e.id: e.flags for e in read_any(path)}  # no boundary data: the file's flags as they are
    assert back == {"ok-1": (), "s": (FLAG_SWAPPED,)}, name


def test_a_kml_balloon_says_first_what_to_check(tmp_path):
    """Google Earth shows the description, not the ExtendedData: a flagged placemark's balloon leads with it."""
    import xml.etree.ElementTree as ET

    flagged = [_event("ok-1", *SUDZHA), Event("s", "t", location=_event("s", *SWAPPED).location,
                                              flags=(FLAG_SWAPPED,))]
    path = write_events(flagged, tmp_path / "e.kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    balloons = {p.get("id"): p.find("k:description", ns).text for p in ET.parse(path).getroot().iter(
        "{http://www.opengis.net/kml/2.2}Placemark")}
    assert balloons["s"].startswith(f"<b>Check:</b> {FLAG_SWAPPED}<br/>") and "Check" not in balloons["ok-1"]


def test_a_flag_from_the_file_is_kept_and_named(boundaries, tmp_path):
    inside = Event("was", "t", location=_event("was", *SUDZHA).location, flags=(FLAG_OUTSIDE,))
    path = tmp_path / "x.geojson"
    write_events([inside], path)
    (event,), (message,) = flag_suspect(read_any(path), boundaries, path)
    assert event.flags == (FLAG_OUTSIDE,) and "was flagged so in the file" in message
    index = NearBorderIndex(boundaries.border("RU-UA"), km=10)
    result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries)
    assert result.frame["flags"].tolist() == [FLAG_OUTSIDE] and result.warnings == [message]


def test_an_unknown_flag_in_a_file_is_named(boundaries, tmp_path):
    path = tmp_path / "x.geojson"
    write_events([_event("a", *SUDZHA)], path)
    path.write_text(path.read_text().replace('"flags":""', '"flags":"swapped?"'))
    with pytest.raises(geoevents.EventFileError, match=r"x.geojson: feature 'a': properties.flags: unknown flag"):
        read_any(path)
    index = NearBorderIndex(boundaries.border("RU-UA"), km=10)
    result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries)
    assert len(result) == 0 and "flags: unknown flag 'swapped?'" in result.errors[0]


def test_a_latitude_beyond_90_is_still_a_bad_row(tmp_path, capsys):
    # not a position at all: it cannot be kept where its coordinates say, so it is skipped with its line
    path = tmp_path / "t.csv"
    path.write_text("id,latitude,longitude\nok-1,51.19,35.27\nbad-1,120,51.19\n")
    assert main(["near-border", str(path), "--km", "10"]) == 0
    assert "t.csv:3: latitude 120 out of range (latitude and longitude swapped?)" in capsys.readouterr().err


def test_suspect_flags_of_points(boundaries):
    lon, lat = zip(SUDZHA, SWAPPED, FAR, strict=True)
    assert suspect_flags(lon, lat, boundaries).tolist() == ["", FLAG_SWAPPED, FLAG_OUTSIDE]


def test_warnings_stop_at_the_limit_per_file_and_the_rest_are_counted(boundaries, tmp_path):
    n = MAX_FLAG_MESSAGES + 7
    rows = ["id,latitude,longitude", "ok-1,51.19,35.27"] + [f"far-{i},{45 + i / 100},5" for i in range(n)]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(rows) + "\n")
    events, messages = flag_suspect(read_any(path, boundaries=boundaries), boundaries, path)
    assert sum(e.flags == (FLAG_OUTSIDE,) for e in events) == n  # every row flagged, only the lines are capped
    assert len(messages) == MAX_FLAG_MESSAGES + 1
    assert messages[-1] == f"{path}: 7 more rows flagged ('outside the boundary data' 7), not listed one by one"
    index = NearBorderIndex(boundaries.border("RU-UA"), km=10)
    result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries, part_bytes=300)
    assert result.warnings == messages  # in parts of a few rows, the same lines
    assert (result.frame["flags"] == FLAG_OUTSIDE).sum() == n
