"""Bulk near-border on tables of many events: distances, GeoParquet/GeoPackage/GeoJSON inputs, the CLI, progress."""

from __future__ import annotations

import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import pytest
import shapely

import geoevents
from geoevents.nearborder.index import NearBorderIndex
from geoevents.nearborder.bulk import near_border_tables
from geoevents.datasets.points import read_point_columns, read_point_table
from geoevents.cli import main
from geoevents.geometry.geodesy import geodesic_buffer
from geoevents.geometry.linedistance import LineDistanceIndex
from geoevents.progress import ProgressBar
from geodesic_reference import distance_to_line_m


@pytest.fixture(scope="module")
def border(boundaries):
    return boundaries.border("RU-UA")


def test_point_distances_agree_with_the_geodesic_reference(border):
    """Within a metre from 0 to 500 km, anywhere in the theatre (on a sphere, the nearest vertex could be on the
    wrong arm of the border, hundreds of metres too far at 300 km)."""
    rng = np.random.default_rng(7)
    coords = shapely.get_coordinates(border)
    near = coords[rng.integers(len(coords), size=25)] + rng.normal(0, 0.05, (25, 2))
    mid = coords[rng.integers(len(coords), size=10)] + rng.normal(0, 1.0, (10, 2))
    far = np.column_stack([rng.uniform(26, 44, 10), rng.uniform(45, 55, 10)])
    lon, lat = np.vstack([near, mid, far]).T
    ours = LineDistanceIndex(border).distance_m(lon, lat)
    reference = np.array([distance_to_line_m(x, y, border) for x, y in zip(lon, lat)])
    assert reference.max() > 300_000
    assert np.all(np.abs(ours - reference) <= 1.0)  # a metre, at any distance up to 500 km


def test_area_distance_ranges_agree_with_the_per_event_answer(border):
    index = NearBorderIndex(border, km=10)
    centre = shapely.line_interpolate_point(border, 0.4, normalized=True)
    areas = np.array([geodesic_buffer(shapely.Point(centre.x + dx, centre.y), r)
                      for dx, r in ((0.05, 3000), (0.3, 5000), (1.5, 8000))], dtype=object)
    answer = index.answer(areas)
    for i, area in enumerate(areas):
        low, high = geoevents.distance_range_km(area, border)
        radius_km = (3, 5, 8)[i]
        assert abs(answer["min_km"][i] - low) <= 0.01 * radius_km + 0.01
        assert abs(answer["max_km"][i] - high) <= 0.01 * radius_km + 0.01
        status = answer["status"][i]
        assert (status == 2) == (answer["max_km"][i] <= 10) and (status == 0) == (answer["min_km"][i] > 10)


def _synthetic(border, n=300, seed=5):
    """Points and circles near and far from the border, with ids and dates; a few rows without geometry."""
    rng = np.random.default_rng(seed)
    coords = shapely.get_coordinates(border)
    xy = coords[rng.integers(len(coords), size=n)] + rng.normal(0, 0.3, (n, 2))
    geoms = shapely.points(xy).astype(object)
    geoms[::7] = [geodesic_buffer(g, 6000) for g in geoms[::7]]
    geoms[5] = None
    return gpd.GeoDataFrame({"id": [f"ev{i:04d}" for i in range(n)], "date": "2024-05-01"},
                            geometry=list(geoms), crs="EPSG:4326")


@pytest.fixture(scope="module")
def table_files(border, tmp_path_factory):
    folder = tmp_path_factory.mktemp("tables")
    frame = _synthetic(border)
    paths = {"parquet": folder / "e.parquet", "gpkg": folder / "e.gpkg", "geojson": folder / "e.geojson"}
    frame.to_parquet(paths["parquet"])
    frame.to_file(paths["gpkg"], layer="events_region", engine="pyogrio")
    frame.to_file(paths["geojson"], engine="pyogrio")
    return paths


def test_every_table_format_gives_the_same_answers(table_files, boundaries, border):
    index = NearBorderIndex(border, km=10)
    results = {k: near_border_tables([str(p)], index, border="RU-UA", boundaries=boundaries)
               for k, p in table_files.items()}
    columns = ["id", "status", "fraction_within", "min_km", "max_km", "side"]
    first = results["parquet"].frame[columns]
    assert len(first) == 299 and results["parquet"].errors == [f"{table_files['parquet']}: feature 6: no geometry"]
    for result in results.values():
        assert result.frame[columns].equals(first)
    assert first["min_km"].is_monotonic_increasing
    assert set(first["status"]) == {"certain", "possible", "outside"}


def test_cli_near_border_on_geoparquet(table_files, capsys):
    assert main(["near-border", str(table_files["parquet"]), "--km", "10"]) == 0  # auto: the bulk engine
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split()[:5] == ["id", "date", "precision", "min", "km"]
    assert lines[-1].startswith("299 events vs the RU-UA border within 10 km: ") and "1 bad rows skipped" in lines[-1]
    assert "feature 6: no geometry" in err and "\r" not in err  # no progress bar when stderr is not a terminal
    assert main(["near-border", str(table_files["gpkg"]), "--km", "10", "--format", "json", "--engine", "bulk"]) == 0
    out, err = capsys.readouterr()
    rows = json.loads(out)
    assert len(rows) == 299 and [r["min_km"] for r in rows] == sorted(r["min_km"] for r in rows)
    assert err.splitlines()[-1].startswith("299 events vs the RU-UA border")  # the summary, on stderr
    assert main(["near-border", str(table_files["geojson"]), "--km", "10", "--format", "geojson",
                 "--engine", "bulk"]) == 0
    fc = json.loads(capsys.readouterr().out)
    assert fc["type"] == "FeatureCollection" and len(fc["features"]) == 299
    assert {f["properties"]["status"] for f in fc["features"]} == {"certain", "possible", "outside"}


@pytest.mark.parametrize("engine", ["bulk", "events"])
def test_status_keeps_those_answers_and_the_summary_counts_all(border, tmp_path, engine, capsys):
    """--status certain,possible writes exactly the full answer's rows of those statuses, in the same order,
    whichever engine; the summary still counts every event."""
    frame = _synthetic(border, n=80)
    path = str(tmp_path / "e.gpkg")
    frame[frame.geometry.notna()].to_file(path, layer="events_region", engine="pyogrio")
    full_args = ["near-border", path, "--km", "10", "--format", "json", "--engine", engine]
    assert main(full_args) == 0
    out, err = capsys.readouterr()
    full, full_summary = json.loads(out), err.splitlines()[-1]
    assert main([*full_args, "--status", "possible,certain"]) == 0
    out, err = capsys.readouterr()
    some = json.loads(out)
    assert some == [r for r in full if r["status"] in ("certain", "possible")]
    assert 0 < len(some) < len(full) and err.splitlines()[-1] == full_summary
    assert main(["near-border", path, "--km", "10", "--engine", engine, "--status", "outside"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[-1] == full_summary and len(table) == 2 + sum(r["status"] == "outside" for r in full)


def test_status_on_a_point_table_measures_less_and_answers_the_same(tmp_path, capsys):
    """A CSV of points with --status certain: the outside points far from the line are not measured, and the
    answer is exactly the full answer's certain rows, in order, with the same summary."""
    import csv

    rng = np.random.default_rng(3)
    path = tmp_path / "points.csv"
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["id", "latitude", "longitude"])
        writer.writerows((f"p{i}", round(y, 6), round(x, 6))
                         for i, (x, y) in enumerate(zip(rng.uniform(30, 40, 5000), rng.uniform(48, 53, 5000))))
    assert main(["near-border", str(path), "--km", "10", "--format", "csv"]) == 0
    out, err = capsys.readouterr()
    full, summary = list(csv.DictReader(io.StringIO(out))), err.splitlines()[-1]
    assert main(["near-border", str(path), "--km", "10", "--format", "csv", "--status", "certain"]) == 0
    out, err = capsys.readouterr()
    some = list(csv.DictReader(io.StringIO(out)))
    assert some == [r for r in full if r["status"] == "certain"] and len(some) > 100
    assert err.splitlines()[-1] == summary


def test_status_must_name_statuses(capsys):
    with pytest.raises(SystemExit) as info:
        main(["near-border", "--km", "10", "--status", "certain,near"])
    assert info.value.code == 2
    assert "expected statuses among certain, possible, outside" in capsys.readouterr().err


def test_status_of_the_api_must_be_a_status(table_files, boundaries, border):
    from geoevents.errors import InvalidValueError

    with pytest.raises(InvalidValueError, match="unknown status 'near'; known: certain, possible, outside"):
        near_border_tables([str(table_files["parquet"])], NearBorderIndex(border, km=10), border="RU-UA",
                           boundaries=boundaries, statuses=["certain", "near"])


def test_auto_engine_keeps_small_gis_files_per_event_with_the_bulk_columns(seed, tmp_path, capsys):
    """Either engine answers in the same columns, so a script reads both alike; the per-event one measures the
    distances exactly, the bulk one samples them (within a few per cent of the area's radius)."""
    import csv

    path = geoevents.write_events([seed], tmp_path / "seed.gpkg")
    rows = {}
    for engine in ("auto", "bulk"):
        assert main(["near-border", str(path), "--km", "7", "--format", "csv", "--engine", engine]) == 0
        out, err = capsys.readouterr()
        assert "1 event vs the RU-UA border within 7 km: 0 certain, 1 possible, 0 outside" in err
        assert out.startswith("file,id,date,lon,lat,precision,radius_km,min_km,max_km,status,fraction_within,side")
        (rows[engine],) = list(csv.DictReader(io.StringIO(out)))
    per_event, bulk = rows["auto"], rows["bulk"]
    for same in ("file", "id", "date", "precision", "radius_km", "status", "side"):
        assert per_event[same] == bulk[same], same
    assert per_event["precision"] == "acled:2" and per_event["file"] == str(path)
    for near in ("lon", "lat", "min_km", "max_km", "fraction_within"):
        assert float(per_event[near]) == pytest.approx(float(bulk[near]), abs=0.3), near


def test_auto_engine_counts_the_features_of_geojson_as_written_compact_or_indented(tmp_path, monkeypatch):
    """The engine is chosen by the number of features, which a GeoJSON file gives without being parsed: a
    FeatureCollection's own type and a property that only mentions "Feature" do not count."""
    from geoevents import settings
    from geoevents.io import count_features
    from geoevents.nearborder.bulk import engine_for

    features = [{"type": "Feature", "geometry": {"type": "Point", "coordinates": [35.0 + i / 100, 51.0]},
                 "properties": {"id": f"e{i}", "note": 'a "Feature" story', "kind": "Feature"}} for i in range(5)]
    compact, indented = tmp_path / "compact.geojson", tmp_path / "indented.geojson"
    compact.write_text(json.dumps({"type": "FeatureCollection", "features": features}, separators=(",", ":")))
    indented.write_text(json.dumps({"type": "FeatureCollection", "features": features}, indent=2))
    assert count_features(compact) == count_features(indented) == 5
    monkeypatch.setattr(settings, "BULK_MIN_FEATURES", 4)
    assert engine_for([str(compact)]) == "bulk"
    monkeypatch.setattr(settings, "BULK_MIN_FEATURES", 5)
    assert engine_for([str(indented)]) == "events"


def test_bulk_engine_refuses_event_files(capsys):
    assert main(["near-border", "--km", "5", "--engine", "bulk"]) == 1
    assert "needs tables of events" in capsys.readouterr().err


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("stream, rows, drawn", [
    (_Terminal(), 200_000, True), (_Terminal(), 10, False), (io.StringIO(), 200_000, False),
])
def test_progress_bar_only_on_a_terminal_and_long_runs(stream, rows, drawn):
    bar = ProgressBar("near-border", stream=stream)
    bar.add_total(rows)
    for _ in range(4):
        bar.update(rows // 4)
    bar.close()
    text = stream.getvalue()
    assert bool(text) == drawn
    if drawn:
        assert text.startswith("\rnear-border [") and f"{rows:,}/{rows:,} rows" in text and text.endswith("\n")


_TABLE = ("\ufeffEvent_ID_Cnty,event_date,latitude,longitude,geo_precision,admin1,notes\n"
          "A1,2024-10-03,51.9,34.4,1,Sumy,\"shelling, then drones\"\n"
          " ,2024-10-04,51.05,35.2,2,Kursk,\n"
          "A3,2024-10-05,50.9,34.8,3,Sumy,\"a quoted\nline break\"\n"
          "=A4, 2024-10-06 ,50.0,36.2,,,\n")


def test_point_columns_read_what_the_row_reader_reads(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(_TABLE, encoding="utf-8")
    columns, rows = read_point_columns(path), read_point_table(path)
    assert not columns.by_rows  # read by pyarrow
    assert columns.ids.to_pylist() == rows.ids == ["A1", "row-3", "A3", "=A4"]
    assert columns.dates.to_pylist() == rows.dates
    assert columns.precision.to_pylist() == rows.precision == ["acled:1", "acled:2", "acled:3", ""]
    assert columns.lon.tolist() == rows.lon.tolist() and columns.radius_km.tolist() == rows.radius_km.tolist()
    assert columns.lines.tolist() == rows.lines
    areas = [{k: v for k, v in rows.texts[i].items() if k in ("country", "admin1")} for i in (0, 2)]
    assert columns.texts(np.array([0, 2])) == areas == [{"admin1": "Sumy"}] * 2  # what admin areas read


@pytest.mark.parametrize("row", ["B1,2024-10-07,north,34.4,1,,", "B1,2024-10-07,95,34.4,1,,",
                                 "B1,2024-10-07,51,34.4,9,,", "", "B1,2024-10-07,51,34.4"])
def test_point_columns_leave_a_table_with_a_bad_row_to_the_row_reader(tmp_path, row):
    path = tmp_path / "t.csv"
    path.write_text(_TABLE + row + "\nB2,2024-10-08,51.0,35.0,1,,\n", encoding="utf-8")
    columns, rows = read_point_columns(path), read_point_table(path)
    assert columns.by_rows
    assert columns.errors == rows.errors and columns.ids.to_pylist() == rows.ids
    assert columns.lines.tolist() == rows.lines


@pytest.mark.parametrize("bad_row_in", ["first part", "a later part"])
def test_a_table_read_in_parts_gives_what_it_gives_whole(tmp_path, boundaries, border, bad_row_in):
    """Parts of a few hundred bytes (so many parts and sorted runs on disk): the same answers, in the same order,
    as the whole table at once; a bad row in a later part sends the whole file to the row reader."""
    from geoevents.datasets.points import iter_point_columns

    rng = np.random.default_rng(11)
    lines = [f"P{i},2024-10-{1 + i % 28:02d},{lat:.5f},{lon:.5f},{1 + i % 2}" for i, (lat, lon) in
             enumerate(zip(rng.uniform(50, 52.5, 400), rng.uniform(33, 38, 400)))]
    lines.insert(5 if bad_row_in == "first part" else 390, "B1,2024-10-07,north,34.4,1")
    path = tmp_path / "t.csv"
    path.write_text("id,event_date,latitude,longitude,geo_precision\n" + "\n".join(lines) + "\n")
    index = NearBorderIndex(border, km=10)
    whole = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries)
    parts = list(iter_point_columns(path, block_bytes=1024, by_rows=True))
    assert len(parts) > 10 and parts[-1].end == path.stat().st_size
    split = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries, part_bytes=1024,
                               memory_bytes=2_000)
    assert len(split.runs._runs) > 10 and all(isinstance(r, Path) for r in split.runs._runs)  # on disk
    assert split.table.to_pylist() == whole.table.to_pylist()
    assert split.errors == whole.errors == [f"{path}:{7 if bad_row_in == 'first part' else 392}: latitude 'north' "
                                            "is not a number"]
    assert split.counts() == whole.counts() and sum(whole.counts().values()) == 400


def test_a_field_longer_than_the_csv_module_allows_is_no_problem_in_bulk(tmp_path, capsys):
    path = tmp_path / "x.csv"
    path.write_text("id,latitude,longitude,notes\na,51.9,34.4,\"" + "shelling reported " * 8000 + "\"\n")
    assert main(["near-border", str(path), "--km", "10", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1].startswith(f"{path},a,,34.4,51.9,,0.0,")


def test_point_rows_answer_as_point_geometries_do(boundaries, border):
    index = NearBorderIndex(border, km=10)
    rng = np.random.default_rng(3)
    lon, lat = rng.uniform(33, 39, 3000), rng.uniform(49, 53, 3000)
    by_columns = index.answer_points(lon, lat)
    by_geometry = index.answer(shapely.points(lon, lat))
    assert (by_columns["status"] == 2).sum() > 50 and (by_columns["status"] == 0).sum() > 50
    for name in ("status", "fraction_within", "min_km", "max_km"):
        assert np.array_equal(by_columns[name], by_geometry[name]), name


def test_bulk_csv_gives_the_row_readers_answers(tmp_path, boundaries, border, capsys):
    """The same table through the columnar path and, with one bad row added, through the row reader: the
    same answers for the good rows (circles and provinces included), and the bad row named."""
    good, bad = tmp_path / "good.csv", tmp_path / "bad.csv"
    good.write_text(_TABLE, encoding="utf-8")
    bad.write_text(_TABLE + "B1,2024-10-07,north,34.4,1,,\n", encoding="utf-8")
    index = NearBorderIndex(border, km=10)
    one = near_border_tables([str(good)], index, border="RU-UA", boundaries=boundaries)
    two = near_border_tables([str(bad)], index, border="RU-UA", boundaries=boundaries)
    columns = [c for c in one.table.column_names if c != "file"]
    assert one.table.select(columns).to_pylist() == two.table.select(columns).to_pylist()
    assert two.errors == [f"{bad}:6: latitude 'north' is not a number"]
    assert set(one.table.column("precision").to_pylist()) == {"acled:1", "acled:2", "acled:3", ""}
    assert main(["near-border", str(good), "--km", "10", "--format", "csv"]) == 0
    import csv
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {r["id"] for r in rows} == {"A1", "row-3", "A3", "'=A4"}  # a formula never starts a cell
    assert all("." in r["min_km"] and "." in r["radius_km"] for r in rows)  # reals, for type sniffing


def test_near_border_output_file_is_written_whole(tmp_path, capsys):
    table = tmp_path / "t.csv"
    table.write_text(_TABLE, encoding="utf-8")
    out = tmp_path / "answers.csv"
    out.write_text("OLD")
    assert main(["near-border", str(table), "--km", "10", "--format", "csv", "-o", str(out)]) == 0
    out_text, err = capsys.readouterr()
    assert out_text == "" and err.startswith("4 events vs the RU-UA border within 10 km")
    assert out.read_text().startswith("file,id,date,lon,lat,")
    assert main(["near-border", str(table), "--km", "10", "-o", str(tmp_path / "missing" / "a.csv")]) == 1
    assert not list(tmp_path.glob("**/*.tmp"))


def test_progress_of_the_in_process_engine_counts_bytes_read(tmp_path, boundaries, border):
    """The bar of a CSV table reaches the file's size, part by part (the engine reports bytes, not rows)."""

    class Recorder(ProgressBar):
        def __init__(self) -> None:
            super().__init__("near-border", stream=_Terminal(), unit="bytes", min_total=1)
            self.steps: list[int] = []

        def update(self, n: int) -> None:
            self.steps.append(n)
            super().update(n)

    rng = np.random.default_rng(2)
    path = tmp_path / "t.csv"
    lon, lat = rng.uniform(33, 38, 8000), rng.uniform(50, 52, 8000)
    path.write_text("id,latitude,longitude\n" + "".join(f"p{i},{y:.5f},{x:.5f}\n" for i, (x, y) in
                                                       enumerate(zip(lon, lat, strict=True))))
    bar = Recorder()
    near_border_tables([str(path)], NearBorderIndex(border, km=10), border="RU-UA", boundaries=boundaries,
                       progress=bar, part_bytes=8192)
    assert bar.total == path.stat().st_size == bar.done and len([s for s in bar.steps if s > 0]) > 3
    assert f"{path.stat().st_size / 1e6:,.0f}/{path.stat().st_size / 1e6:,.0f} MB" in bar.stream.getvalue()


def test_geoparquet_read_in_batches_gives_the_whole_frame(table_files, boundaries):
    from geoevents.io import iter_parquet_frames, read_table_frame

    path = table_files["parquet"]
    whole, _ = read_table_frame(path, boundaries=boundaries)
    parts = list(iter_parquet_frames(path, boundaries=boundaries, batch_rows=7))
    assert len(parts) > 10
    joined = pd.concat(parts, ignore_index=True)
    columns = [c for c in whole.columns if c != "geometry"]
    assert joined[columns].equals(whole[columns])
    assert all(a.equals_exact(b, 1e-12) for a, b in zip(joined.geometry, whole.geometry, strict=True) if a is not None)


def test_the_per_event_engine_measures_an_area_shared_by_many_events_once(seed, boundaries, monkeypatch):
    """A dataset's rows coded to one oblast share its area: measured once (on 1,000 ACLED-style events, 77 s
    became 15 s), each event still answered."""
    import dataclasses

    from geoevents.nearborder import events as per_event

    calls = []
    real = per_event.measure
    monkeypatch.setattr(per_event, "measure", lambda *a, **k: calls.append(1) or real(*a, **k))
    copies = [dataclasses.replace(seed, id=f"copy-{i}") for i in range(5)]
    answers = per_event.near_border(copies, boundaries, km=7)
    assert len(calls) == 1 and [a.event_id for a in answers] == [f"copy-{i}" for i in range(5)]
    (alone,) = per_event.near_border([seed], boundaries, km=7)
    assert {(a.min_km, a.max_km, a.status, a.fraction_within) for a in answers} == {
        (alone.min_km, alone.max_km, alone.status, alone.fraction_within)}


def test_parts_are_answered_one_ahead_and_collected_in_order():
    """The answers of the next part are made while a part is collected, never more than one part ahead; a
    failure in either step comes out of the loop."""
    import threading

    from geoevents.nearborder.bulk import _pipelined

    log, seen = [], []
    ready = threading.Event()

    def answered(part):
        log.append(("answered", part))
        if part == 1:
            ready.set()  # part 1's answer is being made: part 0 is not collected yet
        return part * 10

    def collected(part, piece):
        if part == 0:
            assert ready.wait(5)  # the next part's answer is made meanwhile, in the other thread
        seen.append((part, piece))
        log.append(("collected", part))

    _pipelined(iter(range(5)), answered, collected)
    assert seen == [(i, i * 10) for i in range(5)]
    for i in range(2, 5):  # part i is answered only once part i - 2 is collected
        assert log.index(("collected", i - 2)) < log.index(("answered", i))

    def failing(part):
        if part == 3:
            raise ValueError("bad part")
        return part

    seen.clear()
    with pytest.raises(ValueError, match="bad part"):
        _pipelined(iter(range(5)), failing, collected)
    assert [p for p, _ in seen] == [0, 1, 2]
