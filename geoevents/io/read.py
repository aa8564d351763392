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
import datetime as dt
import json
import logging
from pathlib import Path
from typing import Any

import shapely

from geoevents.places.boundaries import Boundaries
from geoevents.errors import EventFileError
from geoevents.io.eventfile import constraint_from_dict, events_from_dict, parse_document, read_events
from geoevents.model import Event, Location, Precision, Source, TraceStep

__all__ = ["INPUT_FORMATS", "events_from_features", "read_any"]

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
    for record, geom in zip(props.to_dict("records"), frame.geometry, strict=True):
        if role is not None:
            record["role"] = role
        features.append({"type": "Feature", "properties": record,
                         "geometry": json.loads(shapely.to_geojson(geom)) if geom is not None else None})
    return features


def events_from_features(features: Any, *, name: str = "<features>") -> list[Event]:
    """Located events from GeoJSON-like features written by geoevents (a region and/or a point per event id).

    Examples
    --------
    >>> f = {"type": "Feature", "properties": {"id": "e1", "title": "t", "lon": 34.0, "lat": 51.5,
    ...      "area_km2": 0.0, "radius_km": 0.0}, "geometry": {"type": "Point", "coordinates": [34.0, 51.5]}}
    >>> events_from_features([f])[0].location.point
    <POINT (34 51.5)>
    """
    if not isinstance(features, list):
        raise EventFileError(f"{name}: expected a list of features")
    merged: dict[str, dict[str, Any]] = {}
    for i, feature in enumerate(features):
        where = f"{name}: feature {i}"
        if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
            raise EventFileError(f"{where}: expected a Feature with properties")
        props = dict(feature["properties"])
        event_id = str(props.get("id") or feature.get("id") or "").strip()  # RFC 7946 keeps it beside properties
        if not event_id:
            raise EventFileError(f"{where}: properties.id: missing required field")
        props["id"] = event_id
        where = f"{name}: feature {event_id!r}"
        try:
            geom = shapely.from_geojson(json.dumps(feature.get("geometry")))
        except (shapely.errors.GEOSException, TypeError, ValueError):
            raise EventFileError(f"{where}: geometry: not a GeoJSON geometry") from None
        _check_geometry(geom, where)
        slot = merged.setdefault(event_id, {"props": props, "where": where})
        role = props.get("role") or ("point" if geom.geom_type == "Point" else "region")
        slot[role] = geom
    return [_event(event_id, slot) for event_id, slot in merged.items()]


def _check_geometry(geom: shapely.Geometry | None, where: str) -> None:
    """Empty, out-of-range and invalid geometries are errors, named; they are never repaired silently."""
    if geom is None or geom.is_empty:
        raise EventFileError(f"{where}: empty geometry")
    x0, y0, x1, y1 = shapely.bounds(geom)
    if not (-180 <= x0 <= x1 <= 180 and -90 <= y0 <= y1 <= 90):
        raise EventFileError(f"{where}: coordinates outside longitude [-180, 180] / latitude [-90, 90]: "
                             f"({x0:g}, {y0:g}) to ({x1:g}, {y1:g})")
    if not shapely.is_valid(geom):
        raise EventFileError(f"{where}: invalid geometry: {shapely.is_valid_reason(geom)}")


def _json_field(props: dict, key: str, where: str) -> Any:
    value = props.get(key)
    if isinstance(value, str):
        try:
            return json.loads(value) if value.strip() else []
        except json.JSONDecodeError:
            raise EventFileError(f"{where}: properties.{key}: malformed JSON text") from None
    return value if value is not None else []


def _number(props: dict, key: str, where: str) -> float | None:
    value = props.get(key)
    if value in (None, ""):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise EventFileError(f"{where}: properties.{key}: expected a number, got {value!r}") from None


def _event(event_id: str, slot: dict) -> Event:
    props, where = slot["props"], slot["where"]
    region = slot.get("region")
    point = slot.get("point")
    lon, lat = _number(props, "lon", where), _number(props, "lat", where)
    if point is None and lon is not None and lat is not None:
        point = shapely.Point(lon, lat)
    if region is None:
        region = point
    if point is None:
        point = shapely.point_on_surface(region)
    try:
        date = dt.date.fromisoformat(str(props["date"])) if props.get("date") else None
    except ValueError:
        raise EventFileError(f"{where}: properties.date: expected YYYY-MM-DD, got {props['date']!r}") from None
    sources = tuple(
        Source(name=str(s.get("name", "")), url=s.get("url"),
               published=dt.date.fromisoformat(s["published"]) if s.get("published") else None,
               citing=s.get("citing"))
        for s in _json_field(props, "sources", where) if isinstance(s, dict))
    constraints = tuple(constraint_from_dict(c, name=f"{where}: properties.constraints")
                        for c in _json_field(props, "constraints", where))
    trace = tuple(TraceStep(str(t.get("step", "")), str(t.get("reason", "")), float(t.get("area_km2", 0.0)))
                  for t in _json_field(props, "trace", where) if isinstance(t, dict))
    acled, ucdp, gdelt = (_number(props, k, where)
                          for k in ("acled_geo_precision", "ucdp_where_prec", "gdelt_geo_type"))
    precision = (Precision(int(acled), int(ucdp), int(gdelt), str(props.get("precision_basis") or ""))
                 if acled is not None and ucdp is not None and gdelt is not None else None)
    location = Location(region, point, _number(props, "area_km2", where) or 0.0,
                        _number(props, "radius_km", where) or 0.0, trace, precision)
    return Event(id=event_id, title=str(props.get("title") or event_id), date=date,
                 date_precision=str(props.get("date_precision") or "day"), sources=sources,
                 location_text=str(props.get("location_text") or ""), constraints=constraints,
                 summary=str(props.get("summary") or ""), location=location,
                 event_type=str(props.get("event_type") or ""))
