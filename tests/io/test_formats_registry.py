"""Every format of the registry that geoevents writes is read back by both readers, the per-event one
(:func:`geoevents.io.read_any`) and the bulk one (:func:`geoevents.io.read_table_frame` under the bulk engine),
with the same ids, geometries, near-border statuses and output columns."""

from __future__ import annotations

import pytest
import shapely

import geoevents
from geoevents.geometry import area_km2, geodesic_buffer
from geoevents.io import FORMATS, format_for, format_named, formats_for, read_any, write_events
from geoevents.model import Event, Location, Precision
from geoevents.nearborder import OUTPUT_COLUMNS, NearBorderIndex, near_border_tables

WRITABLE = formats_for("write")


def _circle_event(event_id: str, lon: float, lat: float, radius_km: float) -> Event:
    disc = geodesic_buffer(shapely.Point(lon, lat), radius_km * 1000)
    return Event(event_id, f"circle {event_id}", location=Location(
        disc, shapely.Point(lon, lat), round(area_km2(disc), 3), radius_km, (), Precision(2, 2, 4, "test")))


@pytest.fixture(scope="module")
def events(seed):
    # the seed (5-9 km from the RU-UA border: certain at 10 km), a circle across the 10 km line (possible) and
    # one far from any border (outside)
    return [seed, _circle_event("straddling", 35.0, 51.3, 6.0), _circle_event("far", 37.6, 55.75, 3.0)]


def test_the_registry_has_one_name_per_format_and_knows_every_extension():
    names = [f.name for f in FORMATS]
    assert len(names) == len(set(names))
    assert set(WRITABLE) == {"geojson", "geojsonseq", "geojsonl", "gpkg", "flatgeobuf", "kml", "parquet", "csv"}
    for fmt in FORMATS:
        for suffix in fmt.suffixes:
            assert format_for(f"x{suffix}", purpose="events" if fmt.reads_events else "write").suffixes


@pytest.mark.parametrize("name", WRITABLE)
def test_every_writable_format_reads_back_alike_per_event_and_in_bulk(name, events, boundaries, tmp_path):
    fmt = format_named(name)
    assert fmt.reads_events and fmt.reads_table
    path = tmp_path / f"events{fmt.suffixes[0]}"
    write_events(events, path, fmt=name)
    assert format_for(path, purpose="events") is fmt or name in ("geojson",)

    back = {e.id: e for e in read_any(path, fmt=name, boundaries=boundaries)}
    frame, skipped = geoevents.io.read_table_frame(path, fmt=name, boundaries=boundaries)
    assert not skipped
    original = {e.id: e for e in events}
    assert set(back) == set(original) == set(frame["id"])
    for event_id, event in original.items():
        want = shapely.normalize(event.location.geometry)
        assert shapely.normalize(back[event_id].location.geometry).equals_exact(want, 1e-6), (name, event_id)
        got = frame.geometry[frame["id"] == event_id].iloc[0]
        assert shapely.normalize(got).equals_exact(want, 1e-6), (name, event_id)

    per_event = {a.event_id: a.status.value for a in geoevents.near_border(list(back.values()), boundaries, km=10)}
    index = NearBorderIndex(boundaries.border("RU-UA"), km=10)
    result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries, fmt=name)
    bulk = dict(zip(result.frame["id"], result.frame["status"]))
    assert per_event == bulk == {"up-2024-10-15-dprk-desertion": "certain", "straddling": "possible",
                                 "far": "outside"}, name
    assert [c for c in result.frame.columns if c != "geometry"] == list(OUTPUT_COLUMNS), name


def test_an_unknown_or_unreadable_format_is_a_format_error(tmp_path):
    with pytest.raises(geoevents.errors.FormatError, match="cannot tell the format from '.docx'"):
        format_for(tmp_path / "x.docx", purpose="write")
    with pytest.raises(geoevents.errors.FormatError, match="cannot write 'events'"):
        format_for(tmp_path / "x.yaml", "events", purpose="write")
    with pytest.raises(geoevents.errors.FormatError, match="unknown format 'shp'"):
        format_for(tmp_path / "x.shp", "shp")
