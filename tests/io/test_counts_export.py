"""Stated counts travel with the event: the event file, every export format and back, typed columns, popups."""

from __future__ import annotations

import pytest

from geoevents.errors import InvalidValueError
from geoevents.io.eventfile import event_to_dict, events_from_dict
from geoevents.io.geojson import event_properties
from geoevents.io.read import read_any
from geoevents.io.write import write_events
from geoevents.maps.text import popup_html, popup_lines
from geoevents.model import COUNT_KINDS, Event, check_counts
from geoevents.uncertainty import locate

DOC = {"events": [
    {"id": "e1", "title": "Drone strike", "counts": {"injured": 3, "killed": 1, "drones": 12},
     "constraints": [{"in_regions": ["RU-KRS"]}]},
    {"id": "e2", "title": "No figures", "constraints": [{"in_regions": ["RU-BRY"]}]},
]}


@pytest.fixture(scope="module")
def located(boundaries):
    return [locate(e, boundaries) for e in events_from_dict(DOC)]


def test_counts_are_sorted_pairs_with_the_standard_kinds_first():
    event = Event("e", "t", counts={"drones": 4, "injured": 2, "killed": 0})
    assert event.counts == (("killed", 0), ("injured", 2), ("drones", 4))
    assert event.count("killed") == 0 and event.count("missing") is None


@pytest.mark.parametrize("bad, field", [({"killed": -1}, "counts.killed"), ({"Killed": 1}, "counts"),
                                        ({"killed": True}, "counts.killed"), ({"killed": 2.5}, "counts.killed"),
                                        ({"killed": 10**10}, "counts.killed"), (5, "counts")])
def test_a_wrong_count_is_refused_naming_the_kind(bad, field):
    with pytest.raises(InvalidValueError) as caught:
        Event("e", "t", counts=bad)
    assert caught.value.field == field


def test_a_whole_float_is_its_integer():
    assert check_counts({"killed": 2.0}) == (("killed", 2),)


def test_the_event_file_keeps_counts(located):
    assert event_to_dict(located[0])["counts"] == {"killed": 1, "injured": 3, "drones": 12}
    assert "counts" not in event_to_dict(located[1])


def test_every_export_has_a_column_per_standard_kind(located):
    props = event_properties(located[0])
    assert props["counts"] == {"killed": 1, "injured": 3, "drones": 12}
    assert [k for k in props if k.startswith("count_")] == [f"count_{k}" for k in COUNT_KINDS]
    assert (props["count_killed"], props["count_injured"], props["count_missing"]) == (1, 3, None)


@pytest.mark.parametrize("ext", ["geojson", "geojsonl", "gpkg", "fgb", "parquet", "kml", "csv"])
def test_counts_survive_every_format(ext, located, boundaries, tmp_path):
    path = write_events(located, tmp_path / f"events.{ext}")
    back = {e.id: e.counts for e in read_any(path, boundaries=boundaries)}
    assert back == {"e1": (("killed", 1), ("injured", 3), ("drones", 12)), "e2": ()}


@pytest.mark.parametrize("ext", ["gpkg", "fgb"])
def test_count_columns_are_integers_in_gdal_formats(ext, located, tmp_path):
    import pyogrio

    path = write_events(located, tmp_path / f"events.{ext}")
    info = pyogrio.read_info(path, layer="events_region" if ext == "gpkg" else None)
    types = dict(zip(info["fields"], info["dtypes"], strict=True))
    assert all(types[f"count_{k}"] == "int64" for k in COUNT_KINDS)  # even where no event states one


def test_parquet_count_columns_are_integers(located, tmp_path):
    import pyarrow.parquet as pq

    schema = pq.read_schema(write_events(located, tmp_path / "events.parquet"))
    assert all(str(schema.field(f"count_{k}").type) == "int64" for k in COUNT_KINDS)


def test_popups_show_the_counts(located):
    assert "Counts: killed 1, injured 3, drones 12" in popup_html(located[0], None)
    assert "Counts: killed 1, injured 3, drones 12" in popup_lines(located[0], None)
    assert "Counts" not in popup_html(located[1], None)


def test_kml_balloon_shows_the_counts(located, tmp_path):
    text = write_events(located, tmp_path / "events.kml").read_text(encoding="utf-8")
    assert "&lt;b&gt;Counts:&lt;/b&gt; killed 1, injured 3, drones 12&lt;br/&gt;" in text  # balloon HTML, escaped


def test_geopackage_is_version_1_2_so_gdal_3_6_opens_it_without_a_warning(tmp_path):
    import shutil
    import subprocess

    from geoevents.cli import main

    path = tmp_path / "e.gpkg"
    assert main(["export", "-o", str(path), "-q"]) == 0
    header = path.read_bytes()[:100]
    assert header[68:72] == b"GPKG" and int.from_bytes(header[60:64], "big") == 10200  # application id, 1.2.0
    ogrinfo = shutil.which("ogrinfo")
    if ogrinfo:  # Debian's gdal-bin, where installed: no warning on open
        run = subprocess.run([ogrinfo, "-so", "-al", str(path)], capture_output=True, text=True, check=True)
        assert "Warning" not in run.stderr + run.stdout
