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

Types, for QGIS (its temporal controller needs a date field) and GDAL:

- ``date`` is a date wherever the format has one: OGR ``Date`` in GeoPackage, Arrow ``date32`` in GeoParquet;
  FlatGeobuf has no date type (its columns have ``DateTime`` only), so there it is ``DateTime`` at midnight, no time
  zone; GeoJSON, KML's ``ExtendedData`` and CSV hold the text YYYY-MM-DD (RFC 7946 has no dates; GDAL reads the
  GeoJSON's as ``Date``). An undated event has null (an empty cell in CSV), never "" or "NaT". The only other dates,
  the sources' ``published``, are inside the ``sources`` JSON text.
- KML: each dated placemark has ``<TimeStamp><when>YYYY-MM-DD</when></TimeStamp>`` (Google Earth's time slider;
  GDAL's LIBKML reader gives it as the ``timestamp`` field, a DateTime). KML has an id of its own, the placemark's
  ``id`` attribute, which GDAL 3.10 and later read as the field ``id``: a column ``id`` beside it came back as
  ``id2``. So the event id is the placemark's id (``<Placemark id="EVENT-ID">``: ``id`` in GDAL 3.10+, and a link
  ``file.kml#EVENT-ID`` flies to it in Google Earth), and is also written as ``event_id`` in ``ExtendedData``, for the
  readers that ignore placemark ids (GDAL before 3.10: Debian 12's 3.6, Ubuntu 24.04's 3.8). No column is called
  ``id`` in ``ExtendedData``, so no reader finds an ``id2``. Event ids are written as they are, even where they are
  not valid XML ids (a number, a space): GDAL and Google Earth read them; strict KML validators would not.
- CSV: a GDAL ``.csvt`` sidecar beside the file (``events.csvt`` for ``events.csv``) gives each column its OGR type
  (:data:`CSVT_TYPES`; ``wkt`` is ``WKT``, so GDAL and QGIS read the region as the geometry); a failed write leaves
  neither new file, and in a :func:`~geoevents.io.transaction` both are renamed together.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import html
import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import shapely

from geoevents import settings
from geoevents._files import atomic_output, atomic_write
from geoevents.errors import OutputError
from geoevents.io.cells import neutralise
from geoevents.io.formats import format_for, format_named
from geoevents.io.geojson import feature_collection_text, feature_rows, feature_texts, rfc7946_geometries
from geoevents.model import COUNT_KINDS, BorderAnswer, Event, counts_text

__all__ = ["CSVT_TYPES", "write_events"]


def write_events(events: list[Event], path: str | Path, answers: list[BorderAnswer] | None = None, *,
                 fmt: str | None = None, geometry: str = "region", spreadsheet_safe: bool = True) -> Path:
    """Write located events to ``path`` in the format its extension names (or ``fmt``).

    In CSV, text cells that a spreadsheet would run as a formula get a leading apostrophe
    (:mod:`geoevents.io.cells`; reading the file back takes it off); ``spreadsheet_safe=False`` writes them as they
    are.

    The types each format gives the columns, and what KML and CSV add for GDAL (placemark ids and time stamps, the
    ``.csvt`` sidecar), are in the module's docstring.
    """
    kind = format_for(path, fmt, purpose="write").name
    if kind == "csv":
        return _write_csv(events, answers, geometry, Path(path), safe=spreadsheet_safe)
    if kind in ("geojson", "geojsonseq", "geojsonl"):
        if kind == "geojson":
            return atomic_write(path, feature_collection_text(events, answers, geometry=geometry))
        texts = feature_texts(events, answers, geometry=geometry)
        # RFC 8142: a record separator before each text; or newline-delimited, as GDAL, kepler.gl and tippecanoe
        # read it
        separator = "\x1e" if kind == "geojsonseq" else ""
        return atomic_write(path, "".join(f"{separator}{text}\n" for text in texts))
    return _write_gdal(events, Path(path), answers, kind)


def _flat(props: dict[str, Any]) -> dict[str, Any]:
    """Lists and mappings as compact JSON text, so every column is a scalar."""
    return {k: json.dumps(v, ensure_ascii=False, separators=(",", ":")) if isinstance(v, (list, dict)) else v
            for k, v in props.items()}


def _write_csv(events: list[Event], answers: list[BorderAnswer] | None, geometry: str, path: Path, *,
               safe: bool) -> Path:
    """The CSV and its ``.csvt`` sidecar, the sidecar written inside the CSV's atomic write: if either fails,
    neither new file is left. In a :func:`~geoevents.io.transaction` (every command runs in one) both are renamed
    when it ends; outside one, the sidecar is renamed just before the CSV."""
    text, columns = _csv(*feature_rows(events, answers, geometry=geometry)[1:], safe=safe)
    payload = text.encode("utf-8")
    with atomic_output(path, what="CSV", create=True, verify=lambda tmp: _check_size(tmp, path, len(payload))) \
            as tmp:
        tmp.write_bytes(payload)
        atomic_write(_csvt_path(path), _csvt(columns))
    return path


def _check_size(tmp: Path, path: Path, size: int) -> None:
    if tmp.stat().st_size != size:
        raise OutputError(f"{path}: cannot write: {tmp.stat().st_size} of {size} bytes written")


CSVT_TYPES: dict[str, str] = {
    "date": "Date",
    **{f"count_{kind}": "Integer" for kind in COUNT_KINDS},
    **dict.fromkeys(("lon", "lat", "area_km2", "radius_km", "border_km", "border_min_km", "border_max_km",
                     "border_fraction_within"), "Real"),
    **dict.fromkeys(("acled_geo_precision", "ucdp_where_prec", "gdelt_geo_type"), "Integer"),
    "wkt": "WKT",
}
"""The OGR types of the CSV export's columns that are not text (``String``), as its ``.csvt`` sidecar gives them
to GDAL; a column not named here is ``Integer`` or ``Real`` if all its values are, else ``String``."""


def _csvt_path(path: str | Path) -> Path:
    """The ``.csvt`` sidecar GDAL looks for beside the CSV file ``path`` (``.CSVT`` beside a ``.CSV``).

    Examples
    --------
    >>> _csvt_path("out/events.csv").as_posix(), _csvt_path("E.CSV").name, _csvt_path("e.out").name
    ('out/events.csvt', 'E.CSVT', 'e.csvt')
    """
    path = Path(path)
    return path.with_suffix(".CSVT" if path.suffix == ".CSV" else ".csvt")


def _csvt(columns: dict[str, list[Any]]) -> str:
    """The one line of a ``.csvt`` sidecar: each column's quoted OGR type, in order.

    Examples
    --------
    >>> print(_csvt({"id": ["a"], "date": [None], "n": [1, None], "x": [1, 2.5], "wkt": ["POINT (1 2)"]}), end="")
    "String","Date","Integer","Real","WKT"
    """
    return ",".join(f'"{CSVT_TYPES.get(name) or _ogr_type(values)}"' for name, values in columns.items()) + "\n"


def _ogr_type(values: list[Any]) -> str:
    present = [v for v in values if v is not None and v != ""]
    if present and all(isinstance(v, int) and not isinstance(v, bool) and abs(v) < 2**31 for v in present):
        return "Integer"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "Real"
    return "String"


def _csv(properties: list[dict[str, Any]], geoms: Any, *, safe: bool = True) -> tuple[str, dict[str, list[Any]]]:
    """One row per feature (:func:`~geoevents.io.geojson.feature_rows`): the flat properties, lon/lat of the
    representative point, and the geometry as WKT (:func:`~geoevents.io.geojson.rfc7946_geometries`, as the
    GeoJSON writer has it); with ``safe``, no text cell starts a formula. Also each column's values (before
    neutralising), for its type."""
    out = io.StringIO()
    rows = []
    values: dict[str, list[Any]] = {}
    cell = neutralise if safe else (lambda v: v)
    shapes = rfc7946_geometries(geoms)
    wkt: dict[int, str] = {}  # a region several events share, written once
    for props, geom in zip(properties, shapes, strict=True):
        if id(geom) not in wkt:
            wkt[id(geom)] = shapely.to_wkt(geom, rounding_precision=settings.GEOJSON_DECIMALS, trim=True)
        row = {**_flat(props), "wkt": wkt[id(geom)]}
        for k, v in row.items():
            values.setdefault(k, []).append(v)
        rows.append({k: cell(v) for k, v in row.items()})
    # Python's csv quotes a field holding a carriage return only when "\r" is part of the line terminator, and an
    # unquoted one breaks the row for every reader: such a file ends its lines in "\r\n" (RFC 4180), others "\n"
    bare_cr = any(isinstance(v, str) and "\r" in v for row in rows for v in row.values())
    fieldnames = list(rows[0]) if rows else ["id", "wkt"]
    writer = csv.DictWriter(out, fieldnames=fieldnames, lineterminator="\r\n" if bare_cr else "\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue(), {name: values.get(name, []) for name in fieldnames}


def _frame(events: list[Event], answers: list[BorderAnswer] | None, role: str, *, crs: str = settings.WGS84,
           kml: bool = False):
    """A GeoDataFrame of the flat properties and the ``role`` geometry (region or point) of each event, ``date`` as
    Arrow dates (null where undated); with ``kml``, ``date`` stays text, the id is ``event_id`` (see the module's
    docstring), and the ``Name`` and ``Description`` (balloon HTML) that Google Earth shows are added."""
    import geopandas as gpd  # heavy: only for the GDAL and Parquet formats
    import pandas as pd
    import pyarrow as pa

    _, properties, geoms = feature_rows(events, answers, geometry=role)
    records = [_flat(props) for props in properties]
    if kml:
        for record, props in zip(records, properties, strict=True):
            record["Name"], record["Description"] = record["title"], _kml_description(props)
    geometry = rfc7946_geometries(geoms)  # as the GeoJSON writer has them
    if not records:
        return gpd.GeoDataFrame({"id": []}, geometry=gpd.GeoSeries([], crs=crs), crs=crs)
    frame = gpd.GeoDataFrame(records, geometry=geometry, crs=crs)
    for kind in COUNT_KINDS:  # whole numbers with nulls, never text, even where no event states one (KML's
        # writer has no 64-bit integers: it would declare them strings)
        frame[f"count_{kind}"] = frame[f"count_{kind}"].astype("Int32" if kml else "Int64")
    for code in ("acled_geo_precision", "ucdp_where_prec", "gdelt_geo_type"):  # small whole numbers, or null
        frame[code] = frame[code].astype("Int32")
    if kml:
        return frame.rename(columns={"id": "event_id"})
    # dates typed even where no event is dated: GDAL writes Arrow dates as OGR Date, pyarrow as date32
    frame["date"] = pd.array([dt.date.fromisoformat(r["date"]) if r["date"] else None for r in records],
                             dtype=pd.ArrowDtype(pa.date32()))
    return frame


def _write_gdal(events: list[Event], path: Path, answers: list[BorderAnswer] | None, kind: str) -> Path:
    if kind == "parquet":
        return _write_parquet(events, path, answers)
    layers = {"events_region": "region", "events_point": "point"} if kind == "gpkg" else {"events": "region"}
    expected = {layer: len(events) for layer in layers}
    with atomic_output(path, what=kind, verify=lambda tmp: _check_layers(tmp, path, expected)) as tmp, \
            _gpkg_last_change(events):
        for layer, role in layers.items():
            frame = _frame(events, answers, role, kml=kind == "kml")
            # every layer is named: else GDAL names it after the temporary file, and the output varies
            options: dict = {}
            if kind == "gpkg":  # GeoPackage 1.2: GDAL 3.6 (Debian 12, Ubuntu LTS) warns on every open of 1.4
                options = {"mode": "a"} if layer != "events_region" else {"dataset_options": {"VERSION": "1.2"}}
            # through Arrow, the dates stay dates (pyogrio's other path has DateTime only; KML has no date fields)
            frame.to_file(tmp, layer=layer, driver=format_named(kind).gdal_driver, engine="pyogrio",
                          use_arrow=True, **options)
        if kind == "kml":
            _kml_ids_and_times(tmp)
    return path


def _kml_ids_and_times(path: Path) -> None:
    """Give each placemark GDAL's KML driver wrote its event's id (``<Placemark id="...">``, from ``event_id``)
    and, if dated, ``<TimeStamp><when>`` (after its description, where KML 2.2 has it); see the module's
    docstring. The driver numbers placemarks ("events.1") and writes no time stamps; LIBKML would write both, but
    not the outline-only style, and the placemark id only from GDAL 3.10 on."""
    import xml.etree.ElementTree as ET

    ET.register_namespace("", _KML)
    tree = ET.parse(path)  # GDAL's own output, just written: no DTD, no entities
    for placemark in tree.getroot().iter(_kml("Placemark")):
        data = {d.get("name"): d.text or "" for d in placemark.iter(_kml("SimpleData"))}
        if data.get("event_id"):
            placemark.set("id", data["event_id"])
        else:
            placemark.attrib.pop("id", None)
        if data.get("date"):
            children = list(placemark)
            anchors = [i for i, c in enumerate(children) if c.tag in (_kml("name"), _kml("description"))]
            stamp = ET.Element(_kml("TimeStamp"))
            ET.SubElement(stamp, _kml("when")).text = data["date"]
            if anchors:  # after them, indented as they are
                stamp.tail = children[anchors[-1]].tail
            else:
                stamp.tail = placemark.text
            placemark.insert(anchors[-1] + 1 if anchors else 0, stamp)
    tree.write(path, encoding="utf-8", xml_declaration=True)


_KML = "http://www.opengis.net/kml/2.2"


def _kml(tag: str) -> str:
    return f"{{{_KML}}}{tag}"


def _check_layers(tmp: Path, path: Path, expected: dict[str, int]) -> None:
    """Re-open what GDAL wrote and count each layer's features: some of its writers (KML) do not report failed
    writes, and a full disk would otherwise leave a truncated file that replaces a good one."""
    import pyogrio

    try:
        # counted, where the format does not store the count (an empty FlatGeobuf has none)
        found = {layer: int(pyogrio.read_info(tmp, layer=layer, force_feature_count=True)["features"])
                 for layer in expected}
    except (pyogrio.errors.DataSourceError, pyogrio.errors.DataLayerError, OSError, ValueError) as exc:
        raise OutputError(f"{path}: the written file cannot be read back ({exc}); the disk may be full") from None
    if found != expected:
        raise OutputError(f"{path}: the written file holds {found} features, not {expected}; the disk may be full")


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
    """The balloon text of a KML placemark: a suspect row's flags first, then date, reported location, summary,
    sources and precision codes, each escaped as HTML (Google Earth renders descriptions as HTML, and the text
    comes from reports)."""
    sources = ", ".join(s.get("url") or s.get("name") or "" for s in props.get("sources") or [])
    codes = (f"ACLED {props['acled_geo_precision']}, UCDP {props['ucdp_where_prec']}, GDELT {props['gdelt_geo_type']}"
             if props.get("acled_geo_precision") is not None else "")
    lines = [("Check", props.get("flags")),
             ("Date", f"{props.get('date') or 'unknown'} ({props.get('date_precision')})"),
             ("Reported location", props.get("location_text")), ("Summary", props.get("summary")),
             ("Counts", counts_text(props.get("counts") or {})),
             ("Sources", sources), ("Area", f"{props.get('area_km2')} km², radius {props.get('radius_km')} km"),
             ("Precision", codes)]
    return "<br/>".join(f"<b>{label}:</b> {html.escape(str(value))}" for label, value in lines if value)


def _write_parquet(events: list[Event], path: Path, answers: list[BorderAnswer] | None) -> Path:
    """GeoParquet 1.0: the region layer, geometry as WKB in the ``geometry`` column, CRS OGC:CRS84 (lon/lat).

    The representative point is in the ``lon``/``lat`` columns, as in the other formats.
    """
    frame = _frame(events, answers, "region", crs="OGC:CRS84")
    with atomic_output(path, what="GeoParquet", verify=lambda tmp: _check_parquet(tmp, path, len(frame))) as tmp:
        frame.to_parquet(tmp, index=False, compression="zstd", geometry_encoding="WKB", schema_version="1.0.0")
    return path


def _check_parquet(tmp: Path, path: Path, rows: int) -> None:
    """Read the written file's footer back: a file cut short has none, or fewer rows."""
    import pyarrow.parquet as pq

    try:
        found = pq.ParquetFile(tmp).metadata.num_rows
    except (OSError, ValueError) as exc:
        raise OutputError(f"{path}: the written file cannot be read back ({exc}); the disk may be full") from None
    if found != rows:
        raise OutputError(f"{path}: the written file holds {found} rows, not {rows}; the disk may be full")
