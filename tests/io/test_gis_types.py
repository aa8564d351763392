"""GIS details of the exports, checked by reading the files back the way QGIS and GDAL do: ``date`` a real date type
(OGR Date in GeoPackage, Arrow date32 in GeoParquet, DateTime in FlatGeobuf, which has no date type), null where
an event is undated; KML placemarks with the event id and a TimeStamp; the CSV's ``.csvt`` sidecar; no GDAL
warnings. The events are the seed event and invented ones, never real report text."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pyogrio
import pytest

import geoevents
from geoevents.cli import main
from geoevents.io.write import CSVT_TYPES

DAY = dt.date(2024, 10, 15)  # the seed event's date
KML = {"k": "http://www.opengis.net/kml/2.2"}
OGRINFO = shutil.which("ogrinfo")
needs_ogrinfo = pytest.mark.skipif(
    OGRINFO is None, reason="GDAL's ogrinfo is not installed (Debian/Ubuntu: apt-get install gdal-bin); CI installs "
                            "it, and these checks then run there")


@pytest.fixture(scope="module")
def events(seed):
    """The seed event (dated), an invented undated event, and an invented dated one whose id is a number (not a
    valid XML id, as UCDP's ids are not)."""
    undated = dataclasses.replace(seed, id="invented-undated", title="Invented event, no date", date=None)
    numbered = dataclasses.replace(seed, id="20240001", title="Invented event, numbered", date=dt.date(2024, 3, 1))
    return [seed, undated, numbered]


def _types(path, layer=None) -> dict[str, str]:
    info = pyogrio.read_info(path, layer=layer)
    return dict(zip(info["fields"], info["ogr_types"], strict=True))


def _ogrinfo(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([OGRINFO, *args], capture_output=True, text=True, timeout=120, check=False)


def _ogrinfo_fields(summary: str) -> dict[str, str]:
    """The fields of ``ogrinfo -so`` output (``date: Date (0.0)``) as name -> OGR type name."""
    return dict(m.groups() for m in re.finditer(r"^(\w+): (\w+) \(\d+\.\d+\)$", summary, re.MULTILINE))


def _gdal_complaints(result: subprocess.CompletedProcess) -> list[str]:
    return [line for line in (result.stderr + result.stdout).splitlines()
            if line.startswith(("Warning", "ERROR", "FAILURE"))]


# --- date types --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("name, layers, ogr_type, arrow_type", [
    ("e.gpkg", ("events_region", "events_point"), "OFTDate", "date32[day]"),
    # FlatGeobuf's columns have DateTime but no Date type: GDAL writes a Date field as DateTime (midnight)
    ("e.fgb", (None,), "OFTDateTime", "timestamp[ms]"),
])
def test_date_field_is_a_date_type_with_nulls(events, tmp_path, name, layers, ogr_type, arrow_type):
    path = geoevents.write_events(events, tmp_path / name)
    for layer in layers:
        types = _types(path, layer)
        assert types["date"] == ogr_type, types
        assert types["date_precision"] == "OFTString" and types["count_deserted"] == "OFTInteger64"
        assert types["acled_geo_precision"] == types["ucdp_where_prec"] == "OFTInteger"  # codes, not text
        _, table = pyogrio.read_arrow(path, layer=layer, columns=["id", "date"])
        assert str(table.schema.field("date").type) == arrow_type
        by_id = dict(zip(table.column("id").to_pylist(), table.column("date").to_pylist(), strict=True))
        # the undated event's date is null, not "" or "NaT"
        assert {k: (v.date() if isinstance(v, dt.datetime) else v) for k, v in by_id.items()} == {
            events[0].id: DAY, "invented-undated": None, "20240001": dt.date(2024, 3, 1)}
        if ogr_type == "OFTDateTime":
            assert all(v is None or v.time() == dt.time(0) for v in by_id.values())


def test_geoparquet_date_is_date32_with_nulls(events, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = geoevents.write_events(events, tmp_path / "e.parquet")
    assert pq.read_schema(path).field("date").type == pa.date32()
    assert pq.read_table(path, columns=["date"]).column("date").to_pylist() == [DAY, None, dt.date(2024, 3, 1)]


def test_an_export_of_undated_events_only_still_has_a_date_column(seed, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    undated = [dataclasses.replace(seed, id="invented-undated", date=None)]
    assert _types(geoevents.write_events(undated, tmp_path / "e.gpkg"), "events_region")["date"] == "OFTDate"
    assert pq.read_schema(geoevents.write_events(undated, tmp_path / "e.parquet")).field("date").type == pa.date32()


@pytest.mark.parametrize("name", ["e.gpkg", "e.fgb", "e.parquet", "e.kml", "e.csv"])
def test_typed_dates_read_back_as_the_same_events(events, tmp_path, name):
    back = geoevents.read_any(geoevents.write_events(events, tmp_path / name))
    assert [(e.id, e.date) for e in back] == [(e.id, e.date) for e in events]
    frame, _ = geoevents.io.read_table_frame(tmp_path / name)
    assert frame["date"].tolist() == ["2024-10-15", "", "2024-03-01"]


# --- KML ---------------------------------------------------------------------------------------------------------
def test_kml_placemarks_have_the_event_id_and_a_time_stamp(events, tmp_path):
    path = geoevents.write_events(events, tmp_path / "e.kml")
    placemarks = ET.parse(path).getroot().findall(".//k:Placemark", KML)
    assert [p.get("id") for p in placemarks] == [e.id for e in events]
    assert [p.findtext("k:TimeStamp/k:when", namespaces=KML) for p in placemarks] == [
        "2024-10-15", None, "2024-03-01"]
    for placemark in placemarks:  # where KML 2.2 puts a TimePrimitive: after the description, before the style
        tags = [child.tag.split("}")[1] for child in placemark]
        if "TimeStamp" in tags:
            assert tags.index("description") < tags.index("TimeStamp") < tags.index("Style")
        names = [d.get("name") for d in placemark.iter("{http://www.opengis.net/kml/2.2}SimpleData")]
        assert "event_id" in names and "id" not in names


def test_gdal_reads_the_kml_id_as_id_and_no_id2(events, tmp_path):
    path = geoevents.write_events(events, tmp_path / "e.kml")
    types = _types(path)
    assert "id2" not in types and types["id"] == "OFTString" and types["timestamp"] == "OFTDateTime"
    frame = pyogrio.read_dataframe(path)
    assert frame["id"].tolist() == frame["event_id"].tolist() == [e.id for e in events]
    assert [None if ts is None or ts != ts else ts.date() for ts in frame["timestamp"]] == [
        DAY, None, dt.date(2024, 3, 1)]


@needs_ogrinfo
def test_ogrinfo_reads_the_kml_event_id_without_id2(events, tmp_path):
    path = geoevents.write_events(events, tmp_path / "e.kml")
    fields = _ogrinfo_fields(_ogrinfo("-ro", "-al", "-so", str(path)).stdout)
    # GDAL before 3.10 ignores placemark ids, 3.10 and later read them as id
    assert fields["event_id"] == "String" and "id2" not in fields and fields.get("id", "String") == "String"
    assert fields["timestamp"] == "DateTime" and fields["date"] == "String"
    # numbers stay numbers (KML's writer declares 64-bit integers as strings: the counts are written as 32-bit)
    assert fields["count_killed"] == fields["acled_geo_precision"] == "Integer" and fields["area_km2"] == "Real"
    features = _ogrinfo("-ro", "-al", str(path)).stdout
    assert all(f"event_id (String) = {e.id}" in features for e in events)


# --- CSV and its .csvt sidecar -----------------------------------------------------------------------------------
def test_csv_has_a_csvt_sidecar_with_a_type_per_column(events, boundaries, tmp_path):
    answers = geoevents.near_border(events, boundaries, km=10)
    path = geoevents.write_events(events, tmp_path / "e.csv", answers)
    sidecar = tmp_path / "e.csvt"
    header = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    text = sidecar.read_text(encoding="utf-8")
    assert text.endswith("\n") and text.count("\n") == 1
    (types,) = list(csv.reader(io.StringIO(text)))
    assert len(types) == len(header) and text.count('"') == 2 * len(header)  # every type quoted
    by_column = dict(zip(header, types, strict=True))
    assert {k: by_column[k] for k in ("id", "date", "count_killed", "lon", "area_km2", "acled_geo_precision",
                                      "border_km", "border_status", "sources", "wkt")} == {
        "id": "String", "date": "Date", "count_killed": "Integer", "lon": "Real", "area_km2": "Real",
        "acled_geo_precision": "Integer", "border_km": "Real", "border_status": "String", "sources": "String",
        "wkt": "WKT"}
    assert set(types) <= {"String", "Date", "Integer", "Real", "WKT"}
    assert {k: v for k, v in by_column.items() if v != "String"}.items() <= CSVT_TYPES.items()
    read = _types(path)  # GDAL applies it: QGIS gets a date field, numbers, and the region as the geometry
    assert (read["date"], read["count_killed"], read["lon"], read["title"]) == (
        "OFTDate", "OFTInteger", "OFTReal", "OFTString")
    assert pyogrio.read_info(path)["geometry_type"] != "None"
    _, table = pyogrio.read_arrow(path, columns=["id", "date"])
    assert table.column("date").to_pylist() == [DAY, None, dt.date(2024, 3, 1)]


@needs_ogrinfo
def test_ogrinfo_reads_the_csv_types_from_the_csvt(events, tmp_path):
    path = geoevents.write_events(events, tmp_path / "e.csv")
    summary = _ogrinfo("-ro", "-al", "-so", str(path)).stdout
    fields = _ogrinfo_fields(summary)
    assert {k: fields[k] for k in ("date", "count_killed", "lon", "area_km2", "id", "wkt")} == {
        "date": "Date", "count_killed": "Integer", "lon": "Real", "area_km2": "Real", "id": "String", "wkt": "String"}
    assert "Geometry Column = " in summary  # the wkt column, typed WKT, is also the geometry


def test_a_csv_export_with_no_events_has_a_matching_csvt(tmp_path):
    path = geoevents.write_events([], tmp_path / "e.csv")
    assert path.read_text().splitlines() == ["id,wkt"]
    assert (tmp_path / "e.csvt").read_text() == '"String","WKT"\n'


def test_a_failed_csv_export_leaves_neither_file(seed, tmp_path):
    (tmp_path / "e.csvt").mkdir()  # the sidecar cannot be written: the CSV must not be either
    with pytest.raises(geoevents.GeoEventsError, match=r"e\.csvt"):
        geoevents.write_events([seed], tmp_path / "e.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csvt"] and not any((tmp_path / "e.csvt").iterdir())
    (tmp_path / "e.csvt").rmdir()
    (tmp_path / "e.csv").write_text("old csv")
    (tmp_path / "e.csvt").write_text("old csvt")
    with pytest.raises(geoevents.GeoEventsError):  # an unlocated event: nothing is written, the old files stay
        geoevents.write_events([seed, geoevents.Event("x", "t")], tmp_path / "e.csv")
    assert (tmp_path / "e.csv").read_text() == "old csv" and (tmp_path / "e.csvt").read_text() == "old csvt"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "e.csvt"]


def test_the_csv_and_its_csvt_join_an_open_transaction(seed, tmp_path):
    with pytest.raises(RuntimeError), geoevents.io.transaction():
        geoevents.write_events([seed], tmp_path / "e.csv")
        assert list(tmp_path.iterdir()) and not (tmp_path / "e.csv").exists()  # renamed only when it ends
        raise RuntimeError("a later file of the same command fails")
    assert list(tmp_path.iterdir()) == []  # neither file, no temporary file
    with geoevents.io.transaction():
        geoevents.write_events([seed], tmp_path / "e.csv")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "e.csvt"]


def test_csv_on_standard_output_writes_no_csvt(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "-o", "-", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("id,title,date,")
    assert list(tmp_path.iterdir()) == []
    assert main(["export", "-o", "e.csv"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["e.csv", "e.csvt"]


# --- GDAL reads every file without a warning ---------------------------------------------------------------------
@needs_ogrinfo
@pytest.mark.parametrize("name", ["e.gpkg", "e.fgb", "e.kml", "e.csv", "e.geojson"])
def test_ogrinfo_reads_every_gdal_format_without_warnings(events, tmp_path, name):
    path = geoevents.write_events(events, tmp_path / name)
    result = _ogrinfo("-ro", "-al", str(path))  # every feature, so that a bad value would warn too
    assert result.returncode == 0, result.stderr
    assert _gdal_complaints(result) == []
    assert result.stdout.count("OGRFeature(") == len(events) * (2 if name == "e.gpkg" else 1)


def test_the_warning_check_can_fail():
    bad = subprocess.CompletedProcess([], 0, stdout="", stderr="Warning 1: Invalid value for field date\n")
    assert _gdal_complaints(bad) == ["Warning 1: Invalid value for field date"]


@pytest.mark.parametrize("suffix", ["gpkg", "fgb", "kml", "geojson", "csv", "parquet"])
def test_no_events_make_an_empty_file_not_an_error(tmp_path, suffix):
    """An empty FlatGeobuf stores no feature count: the check after writing counts instead of taking "unknown"
    for a short write."""
    from geoevents.io import count_features

    path = geoevents.write_events([], tmp_path / f"none.{suffix}")
    assert path.exists()
    if suffix in ("gpkg", "fgb", "kml"):
        assert count_features(path) == 0
