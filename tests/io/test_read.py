"""Export, then read back: the same events, for every format that keeps attributes."""

from __future__ import annotations

import pytest
import shapely

import geoevents
from geoevents.cli import main


def _same(a: geoevents.Event, b: geoevents.Event) -> None:
    assert (b.id, b.title, b.date, b.date_precision, b.summary, b.location_text) == \
        (a.id, a.title, a.date, a.date_precision, a.summary, a.location_text)
    assert b.sources == a.sources
    assert b.constraints == a.constraints
    assert b.location.trace == a.location.trace
    assert b.location.area_km2 == a.location.area_km2 and b.location.radius_km == a.location.radius_km
    assert shapely.hausdorff_distance(b.location.geometry, a.location.geometry) < 1e-6
    assert shapely.distance(b.location.point, a.location.point) < 1e-6


@pytest.mark.parametrize("name, geometry", [
    ("e.geojson", "region"), ("e.geojson", "both"), ("e.geojsons", "region"), ("e.geojsons", "both"),
    ("e.geojsonl", "both"), ("e.gpkg", "region"), ("e.fgb", "region"), ("e.csv", "region"), ("e.csv", "both"),
    ("e.parquet", "region"), ("e.kml", "region"),
])
def test_round_trip(seed, tmp_path, name, geometry):
    path = geoevents.write_events([seed], tmp_path / name, geometry=geometry)
    (back,) = geoevents.read_any(path)
    _same(seed, back)


def test_cli_reads_its_own_exports(tmp_path, capsys):
    out = tmp_path / "seed.gpkg"
    assert main(["export", "-o", str(out)]) == 0
    capsys.readouterr()
    assert main(["near-border", str(out), "--km", "7"]) == 0
    assert "possible" in capsys.readouterr().out
    assert main(["near-border", str(out), "--from", "geojson", "--km", "7"]) == 1
    err = capsys.readouterr().err
    assert "seed.gpkg" in err and ("not UTF-8" in err or "malformed" in err)


@pytest.mark.parametrize("text, error", [
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {}, '
     '"geometry": {"type": "Point", "coordinates": [1, 2]}}]}', "properties.id: missing required field"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "a"}, '
     '"geometry": {"type": "Polygon", "coordinates": []}}]}', "feature 'a': empty geometry"),
    ('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "a", "date": "soon"}, '
     '"geometry": {"type": "Point", "coordinates": [1, 2]}}]}', "properties.date: expected a date as YYYY-MM-DD"),
    ('{"type": "FeatureCollection", "features": 5}', "expected a list of features"),
])
def test_bad_geojson_inputs(tmp_path, text, error):
    path = tmp_path / "bad.geojson"
    path.write_text(text)
    with pytest.raises(geoevents.EventFileError, match="bad.geojson") as info:
        geoevents.read_any(path)
    assert error in str(info.value)
