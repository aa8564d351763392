"""Read events back from any file geoevents writes, and event files: one entry point for every command.

YAML/JSON event files give events still to be located. GeoJSON (plain, RFC 8142 sequences, newline-delimited),
GeoPackage, FlatGeobuf, KML, GeoParquet and CSV exports give located events: their region, representative point,
area and trace come back as written, and so do their constraints, kept in event-file form (KML through its
ExtendedData). A CSV without a ``wkt`` column is a table of points with latitude and
longitude columns (ACLED and UCDP GED exports are recognised by their headers): each good row becomes a located
event (:func:`geoevents.datasets.rows.events_from_table`; given boundary data, rows coded to a larger area get that
area); bad rows are logged with their line numbers and left out.
"""

from __future__ import annotations

import csv
import json
import logging
from pathlib import Path
from typing import Any

import shapely

from geoevents.places.boundaries import Boundaries
from geoevents.errors import EventFileError
from geoevents.io.eventfile import events_from_dict, parse_document, read_events
from geoevents.io.geojson import events_from_features
from geoevents.model import Event

__all__ = ["INPUT_FORMATS", "read_any"]

logger = logging.getLogger(__name__)

INPUT_FORMATS = {
    ".yaml": "events", ".yml": "events", ".json": "json", ".geojson": "geojson", ".geojsons": "geojsonseq",
    ".geojsonl": "geojsonseq", ".ndjson": "geojsonseq", ".gpkg": "gdal", ".fgb": "gdal", ".kml": "gdal",
    ".csv": "csv",
    ".parquet": "parquet", ".geoparquet": "parquet",
}


def read_any(path: str | Path, *, fmt: str | None = None, boundaries: Boundaries | None = None) -> list[Event]:
    """Events from ``path``, in the format its extension names (or ``fmt``: events, geojson, geojsonseq, gdal,
    parquet, csv). ``boundaries`` give rows of ACLED/UCDP tables coded to a province or country that area."""
    path = Path(path)
    kind = fmt or ("parquet" if path.is_dir() else INPUT_FORMATS.get(path.suffix.lower()))  # a folder: partitions
    if kind is None:
        raise EventFileError(f"{path}: cannot read {path.suffix or 'files without an extension'!r}; known: "
                             f"{', '.join(sorted(INPUT_FORMATS))}")
    if kind == "events":
        return read_events(path)
    if kind == "gdal":
        return _read_gdal(path)
    if kind == "parquet":
        return _read_parquet(path)
    text = _text(path)
    if kind in ("json", "geojson"):
        doc = parse_document(text, str(path))
        if isinstance(doc, dict) and doc.get("type") == "FeatureCollection":
            return events_from_features(doc.get("features"), name=str(path))
        if kind == "json":
            return events_from_dict(doc, name=str(path))
        raise EventFileError(f"{path}: expected a GeoJSON FeatureCollection")
    if kind == "geojsonseq":
        features = []
        for line_no, line in enumerate(text.splitlines(), start=1):
            line = line.strip().lstrip("\x1e").strip()
            if not line:
                continue
            try:
                features.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise EventFileError(f"{path}:{line_no}: malformed JSON: {exc.msg}") from None
        return events_from_features(features, name=str(path))
    if kind == "csv":
        rows = list(csv.DictReader(text.splitlines()))
        if rows and "wkt" not in rows[0]:
            return _read_point_table(path, text, boundaries)
        features = []
        for line_no, row in enumerate(rows, start=2):
            try:
                geometry = json.loads(shapely.to_geojson(shapely.from_wkt(row.pop("wkt"))))
            except (shapely.errors.GEOSException, TypeError):
                raise EventFileError(f"{path}:{line_no}: wkt: not a geometry") from None
            features.append({"type": "Feature", "properties": row, "geometry": geometry})
        return events_from_features(features, name=str(path))
    raise EventFileError(f"unknown input format {kind!r}")


def _read_point_table(path: Path, text: str, boundaries: Boundaries | None) -> list[Event]:
    """ACLED/UCDP-style tables of points: an event per good row; bad rows are logged (line numbers) and skipped."""
    from geoevents.datasets.rows import events_from_table
    from geoevents.datasets.points import parse_point_table

    try:
        table = parse_point_table(csv.reader(text.splitlines()), name=str(path))
    except csv.Error as exc:
        raise EventFileError(f"{path}: malformed CSV: {exc}") from None
    events, errors = events_from_table(table, boundaries)
    for message in table.errors + errors:
        logger.warning("skipped %s", message)
    if not events:
        raise EventFileError(f"{path}: no usable rows ({len(table.errors) + len(errors)} bad)")
    return events


def _text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise EventFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise EventFileError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise EventFileError(f"{path}: cannot read: {exc.strerror}") from None


def _read_gdal(path: Path) -> list[Event]:
    import pyogrio

    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    try:
        features = []
        for layer, *_ in pyogrio.list_layers(path):
            frame = pyogrio.read_dataframe(path, layer=layer)
            if path.suffix.lower() == ".kml" and "id2" in frame.columns:
                # GDAL's LIBKML reader gives the Placemark's XML id as "id" and our own id column as "id2"
                frame = frame.drop(columns=["id"]).rename(columns={"id2": "id"})
            features.extend(_frame_features(frame, role="point" if layer == "events_point" else None))
    except pyogrio.errors.DataSourceError as exc:
        raise EventFileError(f"{path}: GDAL cannot read it: {exc}") from None
    return events_from_features(features, name=str(path))


def _read_parquet(path: Path) -> list[Event]:
    """Events from a GeoParquet file (or a folder of them) that geoevents wrote."""
    import geopandas as gpd

    if not path.exists():
        raise EventFileError(f"{path}: no such file")
    try:
        frame = gpd.read_parquet(path)
    except (OSError, ValueError) as exc:  # pyarrow's errors subclass these
        raise EventFileError(f"{path}: not GeoParquet: {exc}") from None
    return events_from_features(_frame_features(frame), name=str(path))


def _frame_features(frame: Any, *, role: str | None = None) -> list[dict[str, Any]]:
    """GeoJSON-like features from a GeoDataFrame: missing values (NaN, NaT) become ``None``."""
    column = frame.geometry.name
    props = frame.drop(columns=column)
    props = props.astype(object).where(props.notna(), None)
    features = []
    for record, geom in zip(props.to_dict("records"), frame.geometry):
        if role is not None:
            record["role"] = role
        features.append({"type": "Feature", "properties": record,
                         "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None})
    return features
