"""Export to the formats GIS users open: GeoJSON, newline-delimited GeoJSON, GeoPackage, FlatGeobuf, GeoParquet,
KML, CSV.

The format follows the file's extension (or ``fmt``). Every file is written to a temporary name beside the target
and renamed over it, so a failed export leaves no partial file and never damages an existing one. GeoJSON,
GeoJSON sequences and CSV are built here from :func:`geoevents.io.geojson.to_feature_collection` and are
byte-identical for the same input, and so are the others (GeoPackage's ``last_change`` is the newest event's
date, not the time of writing); GeoPackage, FlatGeobuf and KML are written by GDAL (through geopandas/pyogrio),
GeoParquet by geopandas/pyarrow, each imported only when its format is asked for. Every format carries the same
properties; lists (sources, constraints, trace) become compact JSON text in the formats that have only scalar
columns (all but GeoJSON).
"""

from __future__ import annotations

import contextlib
import csv
import html
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import shapely

from geoevents import settings
from geoevents._files import atomic_output, atomic_write
from geoevents.io.formats import format_for, format_named
from geoevents.io.geojson import dumps_geojson, to_feature_collection
from geoevents.model import BorderAnswer, Event

__all__ = ["write_events"]


def write_events(events: list[Event], path: str | Path, answers: list[BorderAnswer] | None = None, *,
                 fmt: str | None = None, geometry: str = "region") -> Path:
    """Write located events to ``path`` in the format its extension names (or ``fmt``)."""
    kind = format_for(path, fmt, purpose="write").name
    if kind in ("geojson", "geojsonseq", "geojsonl", "csv"):
        collection = to_feature_collection(events, answers, geometry=geometry)
        return atomic_write(path, _TEXT_WRITERS[kind](collection))
    return _write_gdal(events, Path(path), answers, kind)


def _sequence(collection: dict[str, Any], separator: str) -> str:
    return "".join(separator + dumps_geojson(f) for f in collection["features"])


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """Lists and mappings as compact JSON text, so every column is a scalar."""
    return {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, (list, dict)) else v
            for k, v in props.items()}


def _csv(collection: dict[str, Any]) -> str:
    """One row per feature: the flat properties, lon/lat of the representative point, and the geometry as WKT."""
    out = io.StringIO()
    rows = []
    for feature in collection["features"]:
        geom = shapely.from_geojson(json.dumps(feature["geometry"]))
        rows.append({**_flat(feature["properties"]),
                     "wkt": shapely.to_wkt(geom, rounding_precision=settings.GEOJSON_DECIMALS, trim=True)})
    writer = csv.DictWriter(out, fieldnames=list(rows[0]) if rows else ["id", "wkt"], lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


_TEXT_WRITERS = {
    "geojson": dumps_geojson,
    "geojsonseq": lambda fc: _sequence(fc, "\x1e"),  # RFC 8142: record separator before each text
    "geojsonl": lambda fc: _sequence(fc, ""),  # newline-delimited, as GDAL, kepler.gl and tippecanoe read it
    "csv": _csv,
}


def _frame(events: list[Event], answers: list[BorderAnswer] | None, role: str, *, crs: str = settings.WGS84,
           kml: bool = False):
    """A GeoDataFrame of the flat properties and the ``role`` geometry (region or point) of each event; with
    ``kml``, also the ``Name`` and ``Description`` (balloon HTML) that Google Earth shows."""
    import geopandas as gpd  # heavy: only for the GDAL and Parquet formats

    collection = to_feature_collection(events, answers, geometry=role)
    records = [_flat(f["properties"]) for f in collection["features"]]
    if kml:
        for record, feature in zip(records, collection["features"], strict=True):
            record["Name"], record["Description"] = record["title"], _kml_description(feature["properties"])
    geometry = [shapely.from_geojson(json.dumps(f["geometry"])) for f in collection["features"]]
    if not records:
        return gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    return gpd.GeoDataFrame(records, geometry=geometry, crs=crs)


def _write_gdal(events: list[Event], path: Path, answers: list[BorderAnswer] | None, kind: str) -> Path:
    if kind == "parquet":
        return _write_parquet(events, path, answers)
    layers = {"events_region": "region", "events_point": "point"} if kind == "gpkg" else {"events": "region"}
    with atomic_output(path, what=kind) as tmp, _gpkg_last_change(events):
        for layer, role in layers.items():
            frame = _frame(events, answers, role, kml=kind == "kml")
            # every layer is named: else GDAL names it after the temporary file, and the output varies
            frame.to_file(tmp, layer=layer, driver=format_named(kind).gdal_driver, engine="pyogrio",
                          **({"mode": "a"} if kind == "gpkg" and layer != "events_region" else {}))
    return path


@contextlib.contextmanager
def _gpkg_last_change(events: list[Event]) -> Iterator[None]:
    """GeoPackage records when each layer last changed; GDAL writes the current time, so the same events would
    give different files. The date of the newest event (midnight UTC; 1970-01-01 if none is dated) is written
    instead: the file then follows from its content alone."""
    import pyogrio

    dates = [e.date for e in events if e.date is not None]
    stamp = f"{max(dates).isoformat() if dates else '1970-01-01'}T00:00:00.000Z"
    before = pyogrio.get_gdal_config_option("OGR_CURRENT_DATE")
    pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": stamp})
    try:
        yield
    finally:
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": before})


def _kml_description(props: dict[str, Any]) -> str:
    """The balloon text of a KML placemark: date, reported location, summary, sources and precision codes, each
    escaped as HTML (Google Earth renders descriptions as HTML, and the text comes from reports)."""
    sources = ", ".join(s.get("url") or s.get("name") or "" for s in props.get("sources") or [])
    codes = (f"ACLED {props['acled_geo_precision']}, UCDP {props['ucdp_where_prec']}, GDELT {props['gdelt_geo_type']}"
             if props.get("acled_geo_precision") is not None else "")
    lines = [("Date", f"{props.get('date') or 'unknown'} ({props.get('date_precision')})"),
             ("Reported location", props.get("location_text")), ("Summary", props.get("summary")),
             ("Sources", sources), ("Area", f"{props.get('area_km2')} km², radius {props.get('radius_km')} km"),
             ("Precision", codes)]
    return "<br/>".join(f"<b>{label}:</b> {html.escape(str(value))}" for label, value in lines if value)


def _write_parquet(events: list[Event], path: Path, answers: list[BorderAnswer] | None) -> Path:
    """GeoParquet 1.0: the region layer, geometry as WKB in the ``geometry`` column, CRS OGC:CRS84 (lon/lat).

    The representative point is in the ``lon``/``lat`` columns, as in the other formats.
    """
    frame = _frame(events, answers, "region", crs="OGC:CRS84")
    with atomic_output(path, what="GeoParquet") as tmp:
        frame.to_parquet(tmp, index=False, compression="zstd", geometry_encoding="WKB", schema_version="1.0.0")
    return path
