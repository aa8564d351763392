"""``near-border --keep``: input columns carried into the answers, the same way from every table format and both
reading paths (columnar and row by row), through sorted runs on disk, with names that cannot clash."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geoevents.cli import main
from geoevents.errors import InvalidValueError
from geoevents.nearborder import NearBorderIndex, kept_columns, near_border_tables

# our own rows: an ACLED-like header with a notes column that needs quoting, a formula, a negative number as text
_HEADER = "event_id_cnty,event_date,latitude,longitude,geo_precision,notes,actor1,id\n"
_ROWS = ['K1,2024-08-07,51.2,35.27,1,"Strike on a depot, two hurt",Army,x1',
         'K2,2024-08-08,51.5,34.5,2,=HYPERLINK("http://example.org"),,x2',
         'K3,2024-08-09,50.9,34.8,3,-12 degrees overnight,Militia,x3',
         'K4,2024-08-10,51.05,35.05,1,"a note over\ntwo lines",Army,x4']


@pytest.fixture(scope="module")
def index(boundaries):
    return NearBorderIndex(boundaries.border("RU-UA"), km=10)


def _table(tmp_path: Path, extra: str = "", name: str = "t.csv") -> Path:
    path = tmp_path / name
    path.write_text(_HEADER + "\n".join(_ROWS) + "\n" + extra, encoding="utf-8")
    return path


def _by_id(result) -> dict[str, dict]:
    return {r["id"]: r for r in result.table.to_pylist()}


def test_kept_columns_come_out_as_written_after_the_answer(tmp_path, boundaries, index):
    path = _table(tmp_path)
    result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries,
                                keep=["notes", "actor1", "id"])
    assert result.table.column_names[-3:] == ["notes", "actor1", "input_id"]  # "id" is the answer's own
    rows = _by_id(result)
    assert rows["K1"]["notes"] == "Strike on a depot, two hurt" and rows["K1"]["input_id"] == "x1"
    assert rows["K2"]["actor1"] == "" and rows["K4"]["notes"] == "a note over\ntwo lines"
    plain = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries)
    assert [r["id"] for r in plain.table.to_pylist()] == list(rows)  # same order, same answers
    assert plain.table.to_pylist() == result.table.select(list(plain.table.column_names)).to_pylist()


def test_the_row_reader_keeps_what_the_columnar_reader_keeps(tmp_path, boundaries, index):
    """A bad row sends the table to the row reader: the good rows keep the same cells, the bad one is named."""
    good = _table(tmp_path, name="good.csv")
    bad = _table(tmp_path, extra="K9,2024-08-11,north,35.0,1,lost,Army,x9\n", name="bad.csv")
    one = near_border_tables([str(good)], index, border="RU-UA", boundaries=boundaries, keep="all")
    two = near_border_tables([str(bad)], index, border="RU-UA", boundaries=boundaries, keep="all")
    # numbered by record, as the row-N ids are (K4's note spans two lines: the bad row starts on line 7)
    assert two.errors == [f"{bad}:6: latitude 'north' is not a number"]
    columns = [c for c in one.table.column_names if c != "file"]
    assert one.table.select(columns).to_pylist() == two.table.select(columns).to_pylist()
    # a kept coordinate column is the text of the file, not the number read back
    assert {r["latitude"] for r in one.table.to_pylist()} == {"51.2", "51.5", "50.9", "51.05"}


def test_kept_columns_survive_parts_and_runs_on_disk(tmp_path, boundaries, index):
    rng = np.random.default_rng(4)
    lines = [f"P{i},2024-10-01,{lat:.5f},{lon:.5f},1,note {i},,{i}" for i, (lat, lon) in
             enumerate(zip(rng.uniform(50, 52.5, 300), rng.uniform(33, 38, 300)))]
    path = tmp_path / "many.csv"
    path.write_text(_HEADER + "\n".join(lines) + "\n", encoding="utf-8")
    whole = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries, keep=["notes"])
    split = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries, keep=["notes"],
                               part_bytes=1024, memory_bytes=2_000)
    assert len(split.runs._runs) > 5 and all(isinstance(r, Path) for r in split.runs._runs)
    assert split.table.to_pylist() == whole.table.to_pylist()
    assert all(r["notes"] == f"note {r['id'][1:]}" for r in whole.table.to_pylist())  # each row its own note


def test_gis_and_parquet_inputs_keep_their_attributes(tmp_path, boundaries, index):
    frame = gpd.GeoDataFrame({"id": ["g1", "g2"], "actor": ["Army", None], "killed": [3, 0],
                              "when": ["2024-08-07", "2024-08-08"]},
                             geometry=[shapely.Point(35.27, 51.2), shapely.Point(34.5, 51.5)], crs="EPSG:4326")
    paths = [tmp_path / "e.gpkg", tmp_path / "e.parquet", tmp_path / "e.geojson", tmp_path / "e.fgb"]
    frame.to_file(paths[0], engine="pyogrio")
    frame.to_parquet(paths[1])
    frame.to_file(paths[2], engine="pyogrio")
    frame.to_file(paths[3], engine="pyogrio")
    for path in paths:
        result = near_border_tables([str(path)], index, border="RU-UA", boundaries=boundaries,
                                    keep=["actor", "killed"])
        rows = _by_id(result)
        assert (rows["g1"]["actor"], rows["g1"]["killed"]) == ("Army", "3"), path.suffix
        assert (rows["g2"]["actor"], rows["g2"]["killed"]) == ("", "0"), path.suffix


def test_several_inputs_keep_the_union_of_their_columns(tmp_path, boundaries, index):
    one = _table(tmp_path, name="one.csv")
    two = tmp_path / "two.csv"
    two.write_text("id,latitude,longitude,source\nS1,51.3,35.1,Telegram\n", encoding="utf-8")
    assert list(kept_columns([str(one), str(two)], "all")) == [
        "event_id_cnty", "event_date", "latitude", "longitude", "geo_precision", "notes", "actor1", "id", "source"]
    result = near_border_tables([str(one), str(two)], index, border="RU-UA", boundaries=boundaries,
                                keep=["source", "notes"])
    rows = _by_id(result)
    assert rows["S1"]["source"] == "Telegram" and rows["S1"]["notes"] == ""
    assert rows["K1"]["source"] == "" and rows["K1"]["notes"].startswith("Strike")


def test_column_names_match_case_blind_and_misspellings_get_a_suggestion(tmp_path):
    path = _table(tmp_path)
    assert kept_columns([str(path)], ["NOTES", "Actor1"]) == {"notes": "notes", "actor1": "actor1"}
    with pytest.raises(InvalidValueError, match=r"t\.csv has no column 'note'; did you mean 'notes'"):
        kept_columns([str(path)], ["note"])
    assert kept_columns([str(path)], ["latitude", "id"]) == {"latitude": "latitude", "id": "input_id"}


def test_cli_keep_in_csv_json_and_geojson(tmp_path, capsys):
    path = _table(tmp_path)
    assert main(["near-border", str(path), "--km", "10", "--format", "csv", "--keep", "notes,actor1"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert list(rows[0])[-3:] == ["flags", "notes", "actor1"]
    notes = {r["id"]: r["notes"] for r in rows}
    assert notes["K2"].startswith("'=HYPERLINK")  # a formula never starts a cell
    assert notes["K3"] == "'-12 degrees overnight" and notes["K4"] == "a note over\ntwo lines"
    assert main(["near-border", str(path), "--km", "10", "--format", "json", "--keep", "notes"]) == 0
    records = json.loads(capsys.readouterr().out)
    assert {r["id"]: r["notes"] for r in records}["K2"] == '=HYPERLINK("http://example.org")'  # JSON: as given
    assert main(["near-border", str(path), "--km", "10", "--format", "geojson", "--keep", "actor1"]) == 0
    features = json.loads(capsys.readouterr().out)["features"]
    assert {f["id"]: f["properties"]["actor1"] for f in features}["K3"] == "Militia"


def test_cli_keep_errors(tmp_path, capsys):
    path = _table(tmp_path)
    assert main(["near-border", str(path), "--km", "10", "--keep", "nots"]) == 1
    assert "did you mean 'notes'" in capsys.readouterr().err
    assert main(["near-border", str(path), "--km", "10", "--keep", "notes", "--engine", "events"]) == 2
    assert "--keep copies columns of tables" in capsys.readouterr().err
    assert main(["near-border", "geoevents/examples/seed_event.yaml", "--km", "10", "--keep", "notes"]) == 1
    assert "an event file has no columns to keep" in capsys.readouterr().err


def test_keep_takes_a_small_gis_file_to_the_bulk_engine(seed, tmp_path, capsys):
    """A small export goes to the per-event engine by default; with --keep, to the bulk engine, whose answers
    are the same."""
    import geoevents

    out = geoevents.write_events([seed], tmp_path / "seed.gpkg")
    assert main(["-v", "near-border", str(out), "--km", "7", "--format", "json"]) == 0
    out_plain = capsys.readouterr()
    assert main(["-v", "near-border", str(out), "--km", "7", "--format", "json", "--keep", "title"]) == 0
    out_kept = capsys.readouterr()
    assert "the events engine" in out_plain.err and "the bulk engine" in out_kept.err
    plain, kept = json.loads(out_plain.out), json.loads(out_kept.out)
    assert [r["status"] for r in kept] == [r["status"] for r in plain] == ["possible"]
    assert kept[0]["title"] == seed.title
