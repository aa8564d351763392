"""Every reader, fuzzed: arbitrary bytes, damaged copies of good files and arbitrary JSON structures go in, and only
geoevents errors come out (the CLI turns those into one line and exit 1), never a ValueError, KeyError, TypeError,
csv.Error, GEOSException or pyogrio error.

Readers: :func:`geoevents.io.read_any` for every input format, :func:`geoevents.io.read_table_frame` for point
tables, event documents (YAML/JSON), ``--boundaries`` files, ``--gazetteer`` files, and ingest's JSONL reports.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import geoevents
from geoevents.errors import GeoEventsError
from geoevents.ingestion.reports import read_reports
from geoevents.io import read_any, read_table_frame, write_events
from geoevents.places.boundaries import load_boundaries
from geoevents.places.user_gazetteer import read_user_gazetteer

SCALE = int(os.environ.get("GEOEVENTS_FUZZ_SCALE", "1"))
"""Multiplies every example count: ``GEOEVENTS_FUZZ_SCALE=20`` for a long hunt (the suite runs at 1)."""
FUZZ = settings(max_examples=300 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                              HealthCheck.function_scoped_fixture])
SUFFIXES = (".geojson", ".geojsons", ".json", ".yaml", ".gpkg", ".fgb", ".parquet", ".kml", ".csv")

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10)
    | st.sampled_from(["RU-KRS", "RU-UA", "2024-10-15", "2024-13-45", "Point", "Polygon", "Feature",
                       "FeatureCollection", "javascript:alert(1)", "1e999"]),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.sampled_from(
        ("events", "id", "title", "date", "constraints", "in_regions", "near_border", "near_place", "border",
         "max_km", "min_km", "lat", "lon", "place", "sources", "url", "type", "features", "geometry",
         "coordinates", "properties", "name", "iso_3166_2", "country")) | st.text(max_size=4), children, max_size=5),
    max_leaves=16)


def _only_geoevents_errors(call) -> None:
    try:
        call()
    except GeoEventsError as exc:
        assert "\n" not in str(exc).strip(), exc  # one line
        assert "Traceback" not in str(exc)


_GOOD: dict[str, bytes] = {}


def _good_file(suffix: str, seed) -> bytes:
    """The located seed event written as ``suffix`` (the seed's own YAML for event documents), as bytes to damage."""
    if suffix not in _GOOD:
        if suffix in (".json", ".yaml"):
            _GOOD[suffix] = (Path(geoevents.__file__).parent / "examples" / "seed_event.yaml").read_bytes()
        else:
            path = Path(tempfile.mkdtemp(prefix="good")) / f"seed{suffix}"
            write_events([seed], path)
            _GOOD[suffix] = path.read_bytes()
    return _GOOD[suffix]


def _write(data: bytes, suffix: str) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="fuzz"))
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    return path


@FUZZ
@given(data=st.binary(max_size=600), suffix=st.sampled_from(SUFFIXES))
def test_arbitrary_bytes(data, suffix, boundaries):
    path = _write(data, suffix)
    _only_geoevents_errors(lambda: read_any(path, boundaries=boundaries))
    if suffix == ".csv":
        _only_geoevents_errors(lambda: read_table_frame(path, boundaries=boundaries))


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # GDAL's warnings on damaged files (the CLI prints one line)
@settings(max_examples=600 * SCALE, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                  HealthCheck.function_scoped_fixture])
@given(suffix=st.sampled_from(SUFFIXES), cut=st.floats(0, 1), flips=st.lists(
    st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=6))
def test_damaged_good_files(suffix, cut, flips, seed, boundaries):
    """A good file truncated anywhere and with a few bytes overwritten: GDAL, pyarrow and the JSON and CSV readers
    each meet the damage at another place than random bytes reach."""
    data = bytearray(_good_file(suffix, seed))
    for where, value in flips:
        data[int(where * (len(data) - 1))] = value
    data = bytes(data[:max(1, int(cut * len(data)))]) if cut < 0.98 else bytes(data)
    path = _write(data, suffix)
    _only_geoevents_errors(lambda: read_any(path, boundaries=boundaries))


@FUZZ
@given(document=json_values, suffix=st.sampled_from((".json", ".yaml", ".geojson")))
def test_arbitrary_json_documents(document, suffix, boundaries):
    text = json.dumps(document)
    if suffix == ".geojson":  # mostly a FeatureCollection around arbitrary features, so that the decoder is reached
        text = json.dumps({"type": "FeatureCollection", "features": document if isinstance(document, list)
                           else [document]})
    path = _write(text.encode(), suffix)
    _only_geoevents_errors(lambda: read_any(path, boundaries=boundaries))


@FUZZ
@given(units=st.lists(st.fixed_dictionaries({"type": st.just("Feature"), "properties": json_values,
                                             "geometry": json_values | st.just({"type": "Polygon", "coordinates": [
                                                 [[30, 50], [31, 50], [31, 51], [30, 50]]]})}), max_size=3)
       | json_values)
def test_arbitrary_boundary_files(units):
    collection = {"type": "FeatureCollection", "features": units} if isinstance(units, list) else units
    path = _write(json.dumps(collection).encode(), ".geojson")
    _only_geoevents_errors(lambda: load_boundaries(path))


@FUZZ
@given(text=st.text(alphabet=st.sampled_from("name,lat,lon,country,admin1,population\t\n\"'x1.-²٣5 "), max_size=300),
       header=st.sampled_from(["name,lat,lon,population\n", "", "geonameid\tname\n"]))
def test_arbitrary_gazetteer_files(text, header):
    path = _write((header + text).encode(), ".csv")
    _only_geoevents_errors(lambda: read_user_gazetteer(path))


@FUZZ
@given(lines=st.lists(json_values.map(json.dumps) | st.text(max_size=20), max_size=4))
def test_arbitrary_jsonl_reports(lines):
    path = _write("\n".join(lines).encode(), ".jsonl")
    _only_geoevents_errors(lambda: read_reports(str(path)))


def test_a_gazetteer_field_over_the_csv_limit_names_the_file(tmp_path):
    path = tmp_path / "places.csv"
    path.write_text("name,lat,lon\n" + "x" * 200_000 + ",51,34\n")
    with pytest.raises(GeoEventsError, match="places.csv"):
        read_user_gazetteer(path)
