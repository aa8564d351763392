"""Exports in every format: GDAL reads each with the right geometry types and counts; text formats are exact."""

from __future__ import annotations

import csv
import io
import json

import pyogrio
import pytest
import shapely

import geoevents
from geoevents.cli import main

GDAL_TYPES = {"Polygon", "MultiPolygon"}


@pytest.mark.parametrize("name, layers", [
    ("e.geojson", {None: ({"Polygon", "MultiPolygon"}, 1)}),
    ("e.geojsons", {None: ({"Polygon", "MultiPolygon"}, 1)}),
    ("e.geojsonl", {None: ({"Polygon", "MultiPolygon"}, 1)}),
    ("e.gpkg", {"events_region": ({"Polygon", "MultiPolygon"}, 1), "events_point": ({"Point"}, 1)}),
    ("e.fgb", {None: ({"Polygon", "MultiPolygon"}, 1)}),
    ("e.kml", {None: ({"Polygon", "MultiPolygon"}, 1)}),
])
def test_gdal_reads_every_format(seed, tmp_path, name, layers):
    path = geoevents.write_events([seed], tmp_path / name)
    found = {layer for layer, *_ in pyogrio.list_layers(path)}
    for layer, (types, count) in layers.items():
        if layer is not None:
            assert layer in found
        info = pyogrio.read_info(path, layer=layer)
        assert info["features"] == count
        frame = pyogrio.read_dataframe(path, layer=layer)
        assert set(frame.geometry.geom_type) <= types and len(frame) == count
        if name != "e.kml":  # KML declares no layer geometry type
            assert info["geometry_type"].replace(" Z", "") in types
        else:
            assert frame["Name"].iloc[0] == seed.title and layer in (None, "events")
        assert "area_km2" in list(info["fields"])
    assert [p.name for p in tmp_path.iterdir()] == [name]


def test_kml_balloons_show_report_text_as_text(seed, tmp_path):
    import dataclasses
    import xml.etree.ElementTree as ET

    payload = '<script>alert(1)</script><img src=x onerror="alert(2)">'
    event = dataclasses.replace(seed, title=f"T {payload}", location_text=f"L {payload}", summary="a & b")
    path = geoevents.write_events([event], tmp_path / "e.kml")
    ns = {"k": "http://www.opengis.net/kml/2.2"}
    placemark = ET.parse(path).getroot().find(".//k:Placemark", ns)
    description = placemark.find("k:description", ns).text  # what Google Earth renders as HTML
    assert "<script>" not in description and "<img" not in description
    assert "L &lt;script&gt;alert(1)&lt;/script&gt;" in description and "a &amp; b" in description
    assert "<b>Date:</b> 2024-10-15 (day)" in description and "ACLED 2, UCDP 2, GDELT 4" in description
    assert placemark.find("k:name", ns).text == f"T {payload}"  # a name is plain text in KML
    (back,) = geoevents.read_any(path)
    assert (back.title, back.location_text) == (event.title, event.location_text)


def test_geojson_passes_a_validator(seed, tmp_path):
    import geojson_validator

    path = geoevents.write_events([seed], tmp_path / "e.geojson", geometry="both")
    fc = json.loads(path.read_text())
    assert geojson_validator.validate_structure(fc) == {}
    result = geojson_validator.validate_geometries(fc)
    assert result["invalid"] == {} and result["problematic"] == {}


def test_geojson_sequences(seed, tmp_path):
    rfc8142 = geoevents.write_events([seed], tmp_path / "e.geojsons", geometry="both").read_text()
    assert rfc8142.count("\x1e") == 2 and rfc8142.startswith("\x1e{")
    lines = geoevents.write_events([seed], tmp_path / "e.geojsonl", geometry="both").read_text().splitlines()
    assert [json.loads(line)["properties"]["role"] for line in lines] == ["region", "point"]


def test_csv_round_trips_geometry_and_properties(seed, tmp_path):
    text = geoevents.write_events([seed], tmp_path / "e.csv").read_text()
    (row,) = csv.DictReader(io.StringIO(text))
    assert row["id"] == seed.id and float(row["area_km2"]) == seed.location.area_km2
    assert shapely.hausdorff_distance(shapely.from_wkt(row["wkt"]), seed.location.geometry) < 1e-6
    assert json.loads(row["sources"])[0]["name"] == "Ukrainska Pravda"


def test_geoparquet_metadata_and_columns(seed, tmp_path):
    """GeoParquet 1.0 metadata: WKB in the primary column, CRS84, the geometry types; flat columns as elsewhere.

    (pyogrio's wheels have no Parquet driver, so this reads the file with pyarrow, as GDAL's driver would.)
    """
    import pyarrow.parquet as pq

    path = geoevents.write_events([seed], tmp_path / "e.parquet")
    table = pq.read_table(path)
    geo = json.loads(table.schema.metadata[b"geo"])
    column = geo["columns"][geo["primary_column"]]
    assert geo["version"] == "1.0.0" and geo["primary_column"] == "geometry"
    assert column["encoding"] == "WKB" and column["crs"]["id"] == {"authority": "OGC", "code": "CRS84"}
    assert set(column["geometry_types"]) <= {"Polygon", "MultiPolygon"}
    assert table.num_rows == 1
    row = table.to_pylist()[0]
    assert row["id"] == seed.id and row["area_km2"] == seed.location.area_km2
    assert json.loads(row["sources"])[0]["name"] == "Ukrainska Pravda"  # lists as JSON text, as in GeoPackage
    region = shapely.from_wkb(row["geometry"])
    assert shapely.hausdorff_distance(region, seed.location.geometry) < 1e-6
    assert [p.name for p in tmp_path.iterdir()] == ["e.parquet"]


def test_failed_parquet_export_keeps_the_old_file(seed, tmp_path):
    good = tmp_path / "e.parquet"
    good.write_bytes(b"old")
    with pytest.raises(geoevents.GeoEventsError):
        geoevents.write_events([geoevents.Event("x", "t")], good)
    assert good.read_bytes() == b"old" and [p.name for p in tmp_path.iterdir()] == ["e.parquet"]


@pytest.mark.parametrize("name", ["e.geojson", "e.geojsons", "e.csv", "e.parquet", "e.kml", "e.fgb", "e.gpkg"])
def test_every_format_is_byte_identical(seed, tmp_path, name):
    a = geoevents.write_events([seed], tmp_path / f"a-{name}").read_bytes()
    b = geoevents.write_events([seed], tmp_path / f"b-{name}").read_bytes()
    assert a == b


def test_failed_gdal_export_leaves_no_file_and_keeps_the_old_one(seed, tmp_path):
    with pytest.raises(geoevents.GeoEventsError, match="does not exist"):
        geoevents.write_events([seed], tmp_path / "missing" / "e.gpkg")
    good = tmp_path / "e.gpkg"
    good.write_bytes(b"old")
    unlocated = geoevents.Event("x", "t")
    with pytest.raises(geoevents.GeoEventsError):
        geoevents.write_events([unlocated], good)
    assert good.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["e.gpkg"]


def test_cli_export_formats(tmp_path, capsys):
    assert main(["export", "-o", str(tmp_path / "e.gpkg")]) == 0
    assert "gpkg:" in capsys.readouterr().out
    assert main(["export", "-o", str(tmp_path / "e.xyz")]) == 1
    assert "cannot tell the format" in capsys.readouterr().err
    assert main(["export", "-o", str(tmp_path / "e.out"), "--format", "csv"]) == 0
    assert (tmp_path / "e.out").read_text().startswith("id,")
